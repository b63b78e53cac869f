import Foundation
import GazetteIndex
import Testing
@testable import GazetteSearch

@Suite("Search options: paging, snippets, explain")
struct SearchOptionsTests {
    let index: HandMadeIndex

    init() throws {
        var documents: [(path: String, title: String?, paragraphs: [String])] = []
        for i in 0..<12 {
            documents.append((String(format: "doc%02d.txt", i), "Report \(i)",
                              [String(repeating: "sanctions ", count: i % 5 + 1) + "were discussed at length today"]))
        }
        let filler = Array(repeating: "words that say nothing in particular", count: 12).joined(separator: " ")
        documents.append(("long.txt", "Three mentions", [
            "First the oil embargo was announced. " + filler,
            filler + " Then the oil embargo was extended. " + filler,
            filler + " Finally the oil embargo was lifted.",
        ]))
        index = try HandMadeIndex(documents)
    }

    @Test func offsetPagesThroughTheRanking() throws {
        let searcher = Searcher(index: index.reader)
        let all = try searcher.search("sanctions", options: SearchOptions(limit: 100)).hits
        #expect(all.count == 12)
        let page = try searcher.search("sanctions", options: SearchOptions(limit: 3, offset: 4))
        #expect(page.hits.map(\.path) == all[4..<7].map(\.path))
        #expect(page.hits.map(\.rank) == [5, 6, 7])
        #expect(page.total == 12)
        #expect(page.offset == 4)
        let beyond = try searcher.search("sanctions", options: SearchOptions(limit: 3, offset: 20))
        #expect(beyond.hits.isEmpty)
        #expect(beyond.total == 12)
    }

    @Test func limitZeroOnlyCounts() throws {
        let result = try Searcher(index: index.reader).search("sanctions", options: SearchOptions(limit: 0))
        #expect(result.total == 12)
        #expect(result.hits.isEmpty)
    }

    @Test func severalSnippetsDoNotOverlapAndKeepTheBestFirst() throws {
        let searcher = Searcher(index: index.reader)
        let options = SearchOptions(limit: 1, snippetWidth: 80, snippets: 3)
        let hit = try #require(try searcher.search("\"oil embargo\"", options: options).hits.first)
        #expect(hit.path == "long.txt")
        #expect(hit.snippets.count == 3)
        let texts = hit.snippets.map(\.text)
        #expect(texts[0].contains("announced"))
        #expect(texts[1].contains("extended"))
        #expect(texts[2].contains("lifted"))
        #expect(hit.snippets.allSatisfy { $0.highlights.contains { $0.kind == "match" && $0.text == "oil embargo" } })
        #expect(texts.contains(hit.snippet.text))
        let single = try #require(try searcher.search("\"oil embargo\"", options: SearchOptions(limit: 1, snippetWidth: 80)).hits.first)
        #expect(single.snippets == [single.snippet])
        #expect(single.snippet == hit.snippet, "the best snippet is the same whether or not more are asked for")
    }

    @Test func noSnippetsOrNoDocumentsStillGivesPathsAndScores() throws {
        let searcher = Searcher(index: index.reader)
        let withSnippets = try searcher.search("sanctions", options: SearchOptions(limit: 5))
        let bare = try searcher.search("sanctions", options: SearchOptions(limit: 5, snippets: 0, readsDocuments: false))
        #expect(bare.hits.map(\.path) == withSnippets.hits.map(\.path))
        #expect(bare.hits.map(\.score) == withSnippets.hits.map(\.score))
        #expect(bare.hits.allSatisfy { $0.snippets.isEmpty && $0.title == nil })
        let titled = try searcher.search("sanctions", options: SearchOptions(limit: 5, snippets: 0))
        #expect(titled.hits.map(\.title) == withSnippets.hits.map(\.title))
        #expect(titled.hits.allSatisfy { $0.snippets.isEmpty && $0.snippet.text.isEmpty })
    }

    @Test func explanationAddsUpToTheScore() throws {
        let searcher = Searcher(index: index.reader)
        for query in ["sanctions", "sanctions discussed", "\"oil embargo\" OR sanctions", "title:report sanctions"] {
            let hits = try searcher.search(query, options: SearchOptions(limit: 5, explain: true)).hits
            #expect(!hits.isEmpty)
            for hit in hits {
                let explanation = try #require(hit.explanation)
                #expect(abs(explanation.value - hit.score) < 1e-9, "\(query)")
                for node in explanation.flattened where node.kind == "sum" || node.kind == "proximity" {
                    let sum = node.children.reduce(0) { $0 + $1.value }
                    #expect(abs(sum - node.value) < 1e-9, "\(query): \(node.label)")
                }
                for node in explanation.flattened where node.kind == "term" || node.kind == "phrase" {
                    let weighted = node.children.reduce(0) { $0 + $1.value }
                    #expect(abs(weighted - (node.factor("weighted_tf") ?? -1)) < 1e-9)
                }
            }
        }
    }
}

@Suite("Several indexes searched as one")
struct MultiIndexTests {
    static let documents: [(path: String, title: String?, paragraphs: [String])] = [
        ("a/1.txt", "Oil sanctions", ["The oil price cap was lowered again."]),
        ("a/2.txt", nil, ["Gas transit through Ukraine ended."]),
        ("a/3.txt", "Talks", ["Oil and gas talks in Abu Dhabi.", "No oil deal."]),
        ("b/1.txt", "Oil embargo", ["An embargo on oil and oil products."]),
        ("b/2.txt", nil, ["Sanctions on shadow fleet tankers carrying oil."]),
        ("b/3.txt", "Elections", ["Voters went to the polls."]),
    ]

    @Test func mergedRankingEqualsOneCombinedIndex() throws {
        let first = try HandMadeIndex(Array(Self.documents.prefix(3)))
        let second = try HandMadeIndex(Array(Self.documents.suffix(3)))
        let combined = try HandMadeIndex(Self.documents)
        let merged = Searcher(indexes: [first.reader, second.reader])
        let single = Searcher(index: combined.reader)
        #expect(merged.documentCount == 6)
        for query in ["oil", "oil sanctions", "\"oil products\" OR gas", "title:oil", "oil -gas", "sanct*"] {
            let a = try merged.search(query, options: SearchOptions(limit: 10))
            let b = try single.search(query, options: SearchOptions(limit: 10))
            #expect(a.total == b.total, "\(query)")
            #expect(a.hits.map(\.path) == b.hits.map(\.path), "\(query)")
            for (x, y) in zip(a.hits, b.hits) { #expect(abs(x.score - y.score) < 1e-9, "\(query)") }
            #expect(a.hits.allSatisfy { $0.index == ($0.path.hasPrefix("a/") ? first.path : second.path) })
            #expect(b.hits.allSatisfy { $0.index == nil })
        }
    }
}

@Suite("Prefix expansion cap")
struct PrefixCapTests {
    @Test func capIsReportedAsANotice() throws {
        var documents: [(path: String, title: String?, paragraphs: [String])] = []
        let count = SearchPlanner.prefixExpansionLimit + 40
        for i in 0..<count {
            documents.append((String(format: "%04d.txt", i), nil, [String(format: "zq%04d common", i)]))
        }
        let index = try HandMadeIndex(documents)
        let searcher = Searcher(index: index.reader)
        let result = try searcher.search("zq*", options: SearchOptions(limit: 1000, snippets: 0, readsDocuments: false))
        #expect(result.total == SearchPlanner.prefixExpansionLimit)
        #expect(result.notices.count == 1)
        #expect(result.notices.first?.contains(
            "'zq*' matches \(count) terms; the \(SearchPlanner.prefixExpansionLimit) most frequent were searched") == true)
        // All equally frequent: the first terms in alphabetical order are the ones searched.
        #expect(result.hits.map(\.path).sorted().last == String(format: "%04d.txt", SearchPlanner.prefixExpansionLimit - 1))
        // Under the cap: no notice.
        let narrow = try searcher.search("zq00*", options: SearchOptions(limit: 10))
        #expect(narrow.notices.isEmpty)
    }
}
