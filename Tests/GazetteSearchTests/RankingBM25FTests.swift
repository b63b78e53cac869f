import Foundation
import GazetteIndex
import Testing
@testable import GazetteSearch

private func search(
    _ index: HandMadeIndex, _ query: String, ranking: Ranking = Ranking(), options: SearchOptions = SearchOptions(limit: 50)
) throws -> SearchResult {
    try Searcher(index: index.reader, ranking: ranking).search(query, options: options)
}

@Suite("BM25F over title and body")
struct BM25FTests {
    @Test func scoreMatchesTheBM25FFormula() throws {
        let index = try HandMadeIndex([
            ("a.txt", "oil report", ["oil price cap oil"]),
            ("b.txt", "gas", ["gas"]),
            ("c.txt", nil, ["gas and oil"]),
        ])
        let result = try search(index, "oil")
        #expect(result.hits.map(\.path) == ["a.txt", "c.txt"])
        let idf = log(1 + (3 - 2 + 0.5) / (2 + 0.5))
        let averageTitle = (2.0 + 1 + 0) / 3, averageBody = (4.0 + 1 + 3) / 3
        func saturate(_ tf: Double) -> Double { tf * 2.2 / (tf + 1.2) }
        // a.txt: once in a 2-word title (boost 2), twice in a 4-word body.
        let aTitleNorm = 0.25 + 0.75 * 2 / averageTitle
        let aBodyNorm = 0.25 + 0.75 * 4 / averageBody
        let a = idf * saturate(2 * 1 / aTitleNorm + 2 / aBodyNorm)
        // c.txt: no title; plain BM25 over its 3-word body.
        let c = idf * saturate(1 / (0.25 + 0.75 * 3 / averageBody))
        #expect(abs(result.hits[0].score - a) < 1e-9)
        #expect(abs(result.hits[1].score - c) < 1e-9)
    }

    @Test func titleBoostWeighsATitleOccurrenceAgainstABodyOne() throws {
        let index = try HandMadeIndex([
            ("b.txt", "nothing", ["sanctions here at all"]),
            ("t.txt", "sanctions", ["nothing here at all"]),
        ])
        // Same lengths everywhere: the boost alone decides.
        #expect(try search(index, "sanctions").hits.map(\.path) == ["t.txt", "b.txt"])
        let even = try search(index, "sanctions", ranking: Ranking(titleBoost: 1))
        #expect(even.hits[0].score == even.hits[1].score)
        #expect(even.hits.map(\.path) == ["b.txt", "t.txt"], "a tie goes to the path order")
        #expect(try search(index, "sanctions", ranking: Ranking(titleBoost: 0.5)).hits.map(\.path) == ["b.txt", "t.txt"])
    }

    @Test func phrasesCountTitleAndBodyInstancesApart() throws {
        let index = try HandMadeIndex([
            ("body.txt", "an ordinary day", ["the price cap was lowered"]),
            ("title.txt", "price cap lowered", ["the ordinary day was over"]),
        ])
        let result = try search(index, "\"price cap\"", options: SearchOptions(limit: 5, explain: true))
        #expect(result.hits.map(\.path) == ["title.txt", "body.txt"])
        let fields = result.hits.map { $0.explanation?.children.map(\.label) ?? [] }
        #expect(fields == [["title"], ["body"]])
    }

    @Test func fieldsOfAWordAreSplitByPosition() throws {
        let index = try HandMadeIndex([("doc.txt", "Lavrov speaks", ["Lavrov said", "and Lavrov left"])])
        let hit = try #require(try search(index, "lavrov", options: SearchOptions(explain: true)).hits.first)
        let explanation = try #require(hit.explanation)
        #expect(explanation.kind == "term")
        #expect(explanation.children.first { $0.label == "title" }?.factor("tf") == 1)
        #expect(explanation.children.first { $0.label == "body" }?.factor("tf") == 2)
        #expect(explanation.children.first { $0.label == "title" }?.factor("boost") == 2)
    }
}

@Suite("Proximity boost")
struct ProximityTests {
    let index: HandMadeIndex
    static let filler = Array(repeating: "filler", count: 20).joined(separator: " ")

    init() throws {
        index = try HandMadeIndex([
            ("a-far.txt", nil, ["alpha \(Self.filler) beta"]),
            ("b-close.txt", nil, ["alpha beta \(Self.filler)"]),
            ("c-reversed.txt", nil, ["beta alpha \(Self.filler)"]),
        ])
    }

    @Test func wordsStandingCloseRankHigher() throws {
        #expect(try search(index, "alpha beta").hits.map(\.path) == ["b-close.txt", "c-reversed.txt", "a-far.txt"])
        // Without the boost the three documents tie, and the path decides.
        let flat = try search(index, "alpha beta", ranking: Ranking(proximityWeight: 0))
        #expect(flat.hits.map(\.path) == ["a-far.txt", "b-close.txt", "c-reversed.txt"])
        #expect(Set(flat.hits.map(\.score)).count == 1)
    }

    @Test func explainShowsThePair() throws {
        let hits = try search(index, "alpha beta", options: SearchOptions(limit: 3, explain: true)).hits
        let close = try #require(hits.first?.explanation)
        #expect(close.kind == "sum")
        let proximity = try #require(close.children.first { $0.kind == "proximity" })
        let pair = try #require(proximity.children.first)
        #expect(pair.label == "alpha beta")
        #expect(pair.factor("closest_moves") == 0)
        #expect(pair.factor("tf_body") == 1)
        #expect(pair.factor("weighted_tf") == 1)
        // The far document is beyond the window: no proximity line at all.
        let far = try #require(hits.last?.explanation)
        #expect(!far.children.contains { $0.kind == "proximity" })
    }

    @Test func onlyBareWordsTakePart() throws {
        for query in ["\"alpha beta\"~15", "alpha body:beta", "alpha (beta OR gamma)"] {
            let hits = try search(index, query, options: SearchOptions(limit: 3, explain: true)).hits
            #expect(hits.allSatisfy { !($0.explanation?.flattened.contains { $0.kind == "proximity" } ?? true) }, "\(query)")
        }
    }

    @Test func pairFrequencyUsesSloppyPhraseDistance() {
        #expect(ProximityScorer.pairFrequency([1], [2], window: 12) == 1)
        #expect(ProximityScorer.pairFrequency([2], [1], window: 12) == 1.0 / 3)
        #expect(ProximityScorer.pairFrequency([1], [4], window: 12) == 1.0 / 3)
        #expect(ProximityScorer.pairFrequency([1], [20], window: 12) == 0)
        // Each occurrence of the rarer word pairs with its nearest partner.
        #expect(ProximityScorer.pairFrequency([1, 10], [2], window: 12) == 1)
        #expect(ProximityScorer.pairFrequency([1, 10], [2, 11], window: 12) == 2)
        #expect(ProximityScorer.closestMoves([5, 50], [48]) == 3)
        // The second word rarer: its occurrences are walked, each paired with the first word's nearest, on either
        // side, in query order ("a b" 0 moves, "b a" 2).
        #expect(ProximityScorer.pairFrequency([1, 5, 9], [2], window: 12) == 1)
        #expect(ProximityScorer.pairFrequency([3, 40], [2], window: 12) == 1.0 / 3)
        #expect(ProximityScorer.pairFrequency([1, 9, 30], [7, 29], window: 12) == 1.0 / 4 + 1.0 / 3)
        #expect(ProximityScorer.pairFrequency([1, 2, 3], [100, 200], window: 12) == 0)
    }
}

@Suite("Asking for bounds only while they rule documents out")
struct BoundGateTests {
    /// Records `count` tests, `ruledOut` of them ruling their document out; returns how many the gate let through.
    private func feed(_ gate: inout BoundGate, count: Int, ruledOut: Int) -> Int {
        var asked = 0
        for i in 0..<count where gate.shouldAsk() {
            asked += 1
            _ = gate.record(ruledOut: i < ruledOut)
        }
        return asked
    }

    @Test func aRoundOfUselessBoundsPausesThem() {
        var gate = BoundGate()
        let watched = feed(&gate, count: BoundGate.window, ruledOut: BoundGate.window / BoundGate.minimumShare - 1)
        // The next `pause` documents are not asked, then the gate watches a new round.
        let paused = feed(&gate, count: BoundGate.pause, ruledOut: 0)
        let resumed = feed(&gate, count: 10, ruledOut: 0)
        #expect(watched == BoundGate.window && paused == 0 && resumed == 10)
    }

    @Test func boundsThatRuleDocumentsOutAreAlwaysAsked() {
        var gate = BoundGate()
        let share = BoundGate.window / BoundGate.minimumShare
        for _ in 0..<8 {
            let asked = feed(&gate, count: BoundGate.window, ruledOut: share)
            #expect(asked == BoundGate.window)
        }
    }

    @Test func theGateAnswersWhatTheBoundSaid() {
        var gate = BoundGate()
        let ruledOut = gate.record(ruledOut: true)
        let letIn = gate.record(ruledOut: false)
        #expect(ruledOut && !letIn)
    }
}

@Suite("Top k with bounds")
struct TopKBoundTests {
    /// A term query rules documents out by their weighted frequency against `weightedLimit` instead of saturating
    /// each bound: below the limit the bound must be ruled out by `Searcher`'s own test, and just above it not,
    /// so that the limit neither drops a document the test keeps nor keeps many it would drop.
    @Test func weightedLimitRulesOutWhatTheScoreBoundRulesOut() {
        let ranking = Ranking()
        func ruledOut(_ weighted: Double, idf: Double, weakest: Double) -> Bool {
            idf * ranking.saturation(weighted) * (1 + 1e-9) + 1e-12 < weakest
        }
        var finite = 0
        for idf in [0.003, 0.41, 1.7, 9.2] {
            for weakest in [0.0, 1e-13, 0.002, 0.3, 1.1, 4.5, 12.0, 40.0] {
                let limit = ranking.weightedLimit(beating: weakest, idf: idf)
                if limit == .infinity {
                    #expect(ruledOut(1e12, idf: idf, weakest: weakest), "idf \(idf), weakest \(weakest)")
                    continue
                }
                guard limit > 0 else {
                    #expect(!ruledOut(0, idf: idf, weakest: weakest), "idf \(idf), weakest \(weakest)")
                    continue
                }
                finite += 1
                for w in [limit.nextDown, limit * 0.999_999, limit * 0.5, limit * 1e-3] where w < limit {
                    #expect(ruledOut(w, idf: idf, weakest: weakest), "idf \(idf), weakest \(weakest), w \(w)")
                }
                #expect(!ruledOut(limit * (1 + 1e-6), idf: idf, weakest: weakest), "idf \(idf), weakest \(weakest)")
            }
        }
        #expect(finite >= 10)
    }

    /// Scoring only documents whose bound can beat the heap must not change the result.
    @Test func prunedTopKEqualsTheFullRanking() throws {
        let words = ["alpha", "beta", "gamma", "delta", "omega"]
        var documents: [(path: String, title: String?, paragraphs: [String])] = []
        for i in 0..<400 {
            var paragraph: [String] = []
            for j in 0..<(i % 17 + 3) { paragraph.append(words[(i * 31 + j * j * 7) % words.count]) }
            let title = i % 3 == 0 ? nil : words[(i * 13) % words.count] + " " + words[i % words.count]
            documents.append((String(format: "%03d.txt", i), title, [paragraph.joined(separator: " "), "pad pad"]))
        }
        let index = try HandMadeIndex(documents)
        let searcher = Searcher(index: index.reader)
        for query in ["alpha", "alpha beta", "gamma OR omega", "\"alpha beta\"~2 delta", "beta -gamma", "title:alpha beta"] {
            let all = try searcher.search(query, options: SearchOptions(limit: 1000, snippets: 0, readsDocuments: false)).hits
            for k in [1, 5, 20] {
                let top = try searcher.search(query, options: SearchOptions(limit: k, snippets: 0, readsDocuments: false)).hits
                #expect(top.map(\.path) == all.prefix(k).map(\.path), "\(query) top \(k)")
                #expect(top.map(\.score) == all.prefix(k).map(\.score), "\(query) top \(k)")
            }
        }
    }

    /// A term query walks each segment on its own path (`PhraseNode.collectTerm`): with several segments and
    /// deleted documents, its top k and total must still be those of the full ranking.
    @Test func termTopKOverSegmentsWithDeletionsEqualsTheFullRanking() throws {
        let words = ["alpha", "beta", "gamma", "delta"]
        let path = NSTemporaryDirectory() + "gazette-topk-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {  // the first writer's lock is released before the second opens
            let writer = try IndexWriter(directory: path, rebuild: true)
            for segment in 0..<3 {
                let builder = SegmentBuilder()
                for i in 0..<150 {
                    let n = segment * 150 + i
                    var body: [String] = []
                    for j in 0..<(n % 13 + 2) { body.append(words[(n * 7 + j * j * 5) % words.count]) }
                    let title = n % 4 == 0 ? nil : words[(n * 11) % words.count] + " news"
                    let text = body.joined(separator: " ")
                    builder.add(DocumentToIndex(
                        path: String(format: "%04d.txt", n), title: title, text: text, blocks: [0..<text.utf8.count]))
                }
                try writer.flush(builder)
            }
            try writer.commit()
        }
        let deleting = try IndexWriter(directory: path, rebuild: false)
        for n in stride(from: 0, to: 450, by: 7) { #expect(deleting.delete(path: String(format: "%04d.txt", n))) }
        try deleting.commit()
        let searcher = Searcher(index: try IndexReader(directory: path))
        for query in ["alpha", "gamma", "news"] {
            let all = try searcher.search(query, options: SearchOptions(limit: 1000, snippets: 0, readsDocuments: false))
            #expect(all.total > 100, "\(query)")
            #expect(!all.hits.contains { Int($0.path.prefix(4))! % 7 == 0 }, "\(query): a deleted document")
            for k in [1, 3, 10, 40] {
                let top = try searcher.search(query, options: SearchOptions(limit: k, snippets: 0, readsDocuments: false))
                #expect(top.total == all.total, "\(query) top \(k)")
                #expect(top.hits.map(\.path) == all.hits.prefix(k).map(\.path), "\(query) top \(k)")
                #expect(top.hits.map(\.score) == all.hits.prefix(k).map(\.score), "\(query) top \(k)")
            }
        }
    }

    /// Bare words are scored in two steps once the heap is full: their BM25F first, then the proximity only if a
    /// bound from their title/body split lets the document in. Pairs close in the title, close in the body, far
    /// apart, and words only one of which is in the title: the top k must be the full ranking's first k.
    @Test func conjunctionTopKWithProximityEqualsTheFullRanking() throws {
        let words = ["alpha", "beta", "gamma", "delta"]
        let filler = ["one", "two", "three", "four", "five", "six"]
        let path = NSTemporaryDirectory() + "gazette-and-topk-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let writer = try IndexWriter(directory: path, rebuild: true)
            for segment in 0..<2 {
                let builder = SegmentBuilder()
                for i in 0..<300 {
                    let n = segment * 300 + i
                    var body: [String] = []
                    for j in 0..<(n % 17 + 3) {
                        // Runs of filler of varying length between the words: some pairs adjacent, some far apart.
                        if (n + j) % 5 < 2 || (n * j) % 7 == 3 {
                            body.append(words[(n * 7 + j * j * 5) % words.count])
                        } else {
                            body.append(filler[(n + j * 3) % filler.count])
                        }
                    }
                    let title: String? = switch n % 5 {
                    case 0: nil
                    case 1: words[n % 4] + " " + words[(n + 1) % 4] + " news"
                    case 2: words[n % 4] + " news"
                    default: filler[n % filler.count] + " news"
                    }
                    let text = body.joined(separator: " ")
                    builder.add(DocumentToIndex(
                        path: String(format: "%04d.txt", n), title: title, text: text, blocks: [0..<text.utf8.count]))
                }
                try writer.flush(builder)
            }
            try writer.commit()
        }
        let searcher = Searcher(index: try IndexReader(directory: path))
        for query in ["alpha beta", "gamma delta", "beta alpha gamma", "news delta", "alpha one"] {
            let all = try searcher.search(query, options: SearchOptions(limit: 1000, snippets: 0, readsDocuments: false))
            #expect(all.total > 40, "\(query)")
            for k in [1, 3, 10, 25] {
                let top = try searcher.search(query, options: SearchOptions(limit: k, snippets: 0, readsDocuments: false))
                #expect(top.total == all.total, "\(query) top \(k)")
                #expect(top.hits.map(\.path) == all.hits.prefix(k).map(\.path), "\(query) top \(k)")
                #expect(top.hits.map(\.score) == all.hits.prefix(k).map(\.score), "\(query) top \(k)")
            }
        }
    }

    /// Matches that score alike — both words on every page, as in a manual's navigation — make the walk stop
    /// asking for bounds that rule nothing out (`BoundGate`) and ask again later: the top k must still be the
    /// full ranking's first k, ties included.
    @Test func topKOfMatchesThatScoreAlikeEqualsTheFullRanking() throws {
        let filler = ["one", "two", "three", "four", "five", "six", "seven"]
        let path = NSTemporaryDirectory() + "gazette-alike-topk-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let writer = try IndexWriter(directory: path, rebuild: true)
            for segment in 0..<2 {
                let builder = SegmentBuilder()
                for i in 0..<2_500 {
                    let n = segment * 2_500 + i
                    // "kernel technologies" once near the end of every page, the words also apart a few times.
                    var body: [String] = []
                    for j in 0..<(40 + n % 7) { body.append(filler[(n + j) % filler.count]) }
                    for j in 0..<(n % 3) { body.insert("kernel", at: 5 + 9 * j) }
                    if n % 11 == 0 { body.insert("technologies", at: 2) }
                    body += ["linux", "kernel", "technologies", "index"]
                    let text = body.joined(separator: " ")
                    builder.add(DocumentToIndex(
                        path: String(format: "%05d.txt", n), title: n % 4 == 0 ? "kernel notes" : "notes",
                        text: text, blocks: [0..<text.utf8.count]))
                }
                try writer.flush(builder)
            }
            try writer.commit()
        }
        let searcher = Searcher(index: try IndexReader(directory: path))
        for query in ["kernel technologies", "technologies kernel", "linux kernel index"] {
            let all = try searcher.search(query, options: SearchOptions(limit: 10_000, snippets: 0, readsDocuments: false))
            #expect(all.total == 5_000, "\(query)")
            for k in [1, 10, 100] {
                for threads in [1, 2] {
                    var options = SearchOptions(limit: k, snippets: 0, readsDocuments: false)
                    options.threads = threads
                    let top = try searcher.search(query, options: options)
                    #expect(top.total == all.total, "\(query) top \(k)")
                    #expect(top.hits.map(\.path) == all.hits.prefix(k).map(\.path), "\(query) top \(k), \(threads) threads")
                    #expect(top.hits.map(\.score) == all.hits.prefix(k).map(\.score), "\(query) top \(k)")
                }
            }
        }
    }
}
