import Foundation
import GazetteIndex
import Testing
@testable import GazetteSearch

/// A small hand-made corpus, indexed into a temporary folder.
final class HandMadeIndex {
    let path: String
    let reader: IndexReader

    init(_ documents: [(path: String, title: String?, paragraphs: [String])]) throws {
        path = NSTemporaryDirectory() + "gazette-search-tests-" + UUID().uuidString
        let writer = try IndexWriter(directory: path, rebuild: true)
        let builder = SegmentBuilder()
        for document in documents {
            var text = ""
            var blocks: [Range<Int>] = []
            for paragraph in document.paragraphs {
                if !text.isEmpty { text += "\n" }
                let start = text.utf8.count
                text += paragraph
                blocks.append(start..<text.utf8.count)
            }
            builder.add(DocumentToIndex(path: document.path, title: document.title, text: text, blocks: blocks))
        }
        try writer.flush(builder)
        try writer.commit()
        reader = try IndexReader(directory: path)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func paths(_ query: String, limit: Int = 50) throws -> [String] {
        try Searcher(index: reader).search(query, limit: limit).hits.map(\.path)
    }

    func total(_ query: String) throws -> Int {
        try Searcher(index: reader).search(query, limit: 50).total
    }
}

@Suite("Phrase semantics")
struct PhraseSemanticsTests {
    let index: HandMadeIndex

    init() throws {
        index = try HandMadeIndex([
            ("inorder.txt", nil, ["Officials discussed security guarantees for Kyiv."]),
            ("reversed.txt", nil, ["The guarantees of security were vague."]),
            ("apart.txt", nil, ["Security talks produced no guarantees."]),
            ("split.txt", nil, ["We need security", "guarantees came later."]),
            ("titled.txt", "Security", ["guarantees were offered in the body."]),
            ("thethe.txt", nil, ["He wrote the the by mistake."]),
            ("single.txt", nil, ["Only the word here."]),
            ("possessive.txt", nil, ["Ukraine’s security guarantees were debated."]),
        ])
    }

    @Test func consecutiveInOrderOnly() throws {
        #expect(try index.paths("\"security guarantees\"").sorted() == ["inorder.txt", "possessive.txt"])
    }

    @Test func neverAcrossBlocksOrFromTitleIntoBody() throws {
        let hits = try index.paths("\"security guarantees\"")
        #expect(!hits.contains("split.txt"))
        #expect(!hits.contains("titled.txt"))
        // Both words are still there as plain terms.
        #expect(try index.paths("security guarantees").contains("split.txt"))
        #expect(try index.paths("security guarantees").contains("titled.txt"))
    }

    @Test func repeatedWordNeedsTwoOccurrences() throws {
        #expect(try index.paths("\"the the\"") == ["thethe.txt"])
    }

    @Test func possessiveAndApostropheFormsMatch() throws {
        #expect(try index.paths("\"Ukraine's security\"") == ["possessive.txt"])
        #expect(try index.paths("ukraine") == ["possessive.txt"])
    }

    @Test func sloppyPhraseAllowsDistanceAndOrder() throws {
        // Lucene's distance: "guarantees of security" and "security talks produced no guarantees" are both 3 moves away.
        let loose = try index.paths("\"security guarantees\"~3").sorted()
        #expect(loose.contains("reversed.txt"))
        #expect(loose.contains("apart.txt"))
        #expect(!loose.contains("split.txt"))
        let tight = try index.paths("\"security guarantees\"~2")
        #expect(!tight.contains("reversed.txt"))
        #expect(!tight.contains("apart.txt"))
        // The exact instances rank above the sloppy ones.
        let ranked = try index.paths("\"security guarantees\"~3")
        #expect(Set(ranked.prefix(2)) == ["inorder.txt", "possessive.txt"])
    }

    @Test func titleAndBodyFieldsRestrictMatches() throws {
        #expect(try index.paths("title:security") == ["titled.txt"])
        #expect(!(try index.paths("body:security")).contains("titled.txt"))
    }
}

@Suite("Boolean semantics")
struct BooleanSemanticsTests {
    let index: HandMadeIndex

    init() throws {
        index = try HandMadeIndex([
            ("1.txt", nil, ["alpha beta gamma"]),
            ("2.txt", nil, ["alpha beta"]),
            ("3.txt", nil, ["alpha gamma"]),
            ("4.txt", nil, ["beta gamma"]),
            ("5.txt", nil, ["delta"]),
        ])
    }

    @Test func allBareWordsMustMatch() throws {
        #expect(try index.paths("alpha beta").sorted() == ["1.txt", "2.txt"])
    }

    @Test func orUnitesClauses() throws {
        #expect(try index.paths("delta OR alpha beta").sorted() == ["1.txt", "2.txt", "5.txt"])
    }

    @Test func notAndMinusExclude() throws {
        #expect(try index.paths("alpha -gamma") == ["2.txt"])
        #expect(try index.paths("alpha NOT gamma") == ["2.txt"])
        #expect(try index.paths("gamma -\"alpha beta\"").sorted() == ["3.txt", "4.txt"])
    }

    @Test func totalCountsEveryMatchNotOnlyTheShownHits() throws {
        #expect(try Searcher(index: index.reader).search("gamma", limit: 1).total == 3)
        #expect(try Searcher(index: index.reader).search("gamma", limit: 1).hits.count == 1)
    }

    @Test func unknownTermMatchesNothing() throws {
        #expect(try index.total("alpha zeta") == 0)
        #expect(try index.paths("zeta OR delta") == ["5.txt"])
    }

    @Test func onlyNegativeClausesIsAnErrorWithAColumn() {
        let outcome = Result { () throws(SearchError) in try Searcher(index: index.reader).search("-alpha") }
        guard case .failure(let error) = outcome else { Issue.record("accepted"); return }
        #expect(error.description.hasPrefix("query column 1:"))
    }

    @Test func malformedQueryNamesTheColumn() {
        let outcome = Result { () throws(SearchError) in try Searcher(index: index.reader).search("alpha \"beta") }
        guard case .failure(let error) = outcome else { Issue.record("unclosed quote accepted"); return }
        #expect(error.description.hasPrefix("query column"))
        #expect(error.description.contains("quote"))
    }
}

@Suite("BM25 ranking")
struct RankingTests {
    @Test func rankingFollowsFrequencyRarityAndLength() throws {
        let index = try HandMadeIndex([
            ("once-long.txt", nil, ["sanctions " + String(repeating: "filler words here ", count: 30)]),
            ("once-short.txt", nil, ["sanctions announced today"]),
            ("thrice.txt", nil, ["sanctions sanctions sanctions were announced"]),
            ("none.txt", nil, ["nothing relevant"]),
        ])
        let result = try Searcher(index: index.reader).search("sanctions")
        #expect(result.hits.map(\.path) == ["thrice.txt", "once-short.txt", "once-long.txt"])
        #expect(result.hits[0].score > result.hits[1].score)
        #expect(result.hits[1].score > result.hits[2].score)
    }

    @Test func scoreMatchesTheBM25Formula() throws {
        let index = try HandMadeIndex([
            ("a.txt", nil, ["oil price cap oil"]),
            ("b.txt", nil, ["gas"]),
            ("c.txt", nil, ["gas and oil"]),
        ])
        let result = try Searcher(index: index.reader).search("oil", limit: 5)
        let n = 3.0, df = 2.0
        let idf = log(1 + (n - df + 0.5) / (df + 0.5))
        let averageLength = (4.0 + 1.0 + 3.0) / 3.0
        let expected = idf * 2 * 2.2 / (2 + 1.2 * (0.25 + 0.75 * 4 / averageLength))
        #expect(result.hits.first?.path == "a.txt")
        #expect(abs((result.hits.first?.score ?? 0) - expected) < 1e-9)
    }

    @Test func phraseScoreUsesPhraseFrequencyAndSummedIdf() throws {
        let index = try HandMadeIndex([
            ("two.txt", nil, ["price cap and price cap"]),
            ("one.txt", nil, ["price cap and cap price"]),
            ("zero.txt", nil, ["cap on the price"]),
        ])
        let result = try Searcher(index: index.reader).search("\"price cap\"")
        #expect(result.hits.map(\.path) == ["two.txt", "one.txt"])
        #expect(result.total == 2)
    }

    @Test func tiesAreBrokenByPath() throws {
        let index = try HandMadeIndex([
            ("a.txt", nil, ["same words"]),
            ("b.txt", nil, ["same words"]),
            ("c.txt", nil, ["same words"]),
        ])
        #expect(try index.paths("same") == ["a.txt", "b.txt", "c.txt"])
    }

    @Test func topKHeapKeepsTheBestOfMany() throws {
        var documents: [(path: String, title: String?, paragraphs: [String])] = []
        for i in 0..<300 {
            let count = (i * 7919) % 13 + 1
            documents.append((String(format: "%03d.txt", i), nil, [String(repeating: "word ", count: count) + String(repeating: "pad ", count: 5)]))
        }
        let index = try HandMadeIndex(documents)
        let all = try Searcher(index: index.reader).search("word", limit: 300).hits
        let top = try Searcher(index: index.reader).search("word", limit: 7).hits
        #expect(top.map(\.path) == Array(all.prefix(7)).map(\.path))
        #expect(all.count == 300)
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.score >= $1.score })
    }
}

@Suite("Snippets of search hits")
struct HitSnippetTests {
    @Test func phraseInstanceIsOneHighlightedSpan() throws {
        let index = try HandMadeIndex([
            ("doc.txt", "Headline", ["Lavrov said that security guarantees would be discussed in Abu Dhabi."]),
        ])
        let hit = try #require(try Searcher(index: index.reader).search("\"security guarantees\"").hits.first)
        let matches = hit.snippet.highlights.filter { $0.kind == "match" }
        #expect(matches.map(\.text) == ["security guarantees"])
        let scalars = Array(hit.snippet.text.unicodeScalars)
        let first = try #require(matches.first)
        #expect(String(String.UnicodeScalarView(scalars[first.start..<first.end])) == "security guarantees")
    }

    @Test func possessiveHighlightCoversTheWholeWord() throws {
        let index = try HandMadeIndex([("doc.txt", nil, ["Talks stalled over Lavrov’s demands."])])
        let hit = try #require(try Searcher(index: index.reader).search("lavrov").hits.first)
        #expect(hit.snippet.highlights.map(\.text) == ["Lavrov’s"])
    }
}
