import GazetteAnalysis

/// The proximity boost of a group of bare words (`russian oil price`, no quotes): documents where the words stand
/// close together rank higher.
///
/// For each pair of consecutive query words (a, b) it counts, like a sloppy phrase "a b"~window, how often the two
/// stand near each other: every occurrence of the word that is rarer in the document is paired with the nearest
/// occurrence of the other, at Lucene's sloppy-phrase distance (moves: 0 for "a b", 1 for "a x b" or for "b a",
/// …), and counts 1 / (1 + moves) when moves ≤ window. Pairs in the title count `titleBoost` times (as in BM25F);
/// the pair frequency is saturated as BM25 saturates a term frequency and weighted by the pair's mean idf and by
/// `Ranking.proximityWeight`:
///
///     pf        = titleBoost · pf_title + pf_body
///     proximity = weight · Σ_pairs  (idf_a + idf_b) / 2 · pf · (k1 + 1) / (pf + k1)
///
/// It is not length-normalised: on the known-item evaluation (bench/knownitem) normalising it by the field's
/// length made title queries worse.
/// Positions never come closer than `Analyzer.blockPositionGap` across a block or from title to body, so a window
/// below it (`Ranking` clamps it) keeps a pair
/// inside one paragraph (or inside the title). Positions are read only when `score()` is asked for, i.e. only for
/// documents that the bounds before it could not rule out (`maxScore()`, when the walk asks for it, with pf ≤
/// max(titleBoost, 1) · min(tf_a, tf_b); then `maxScoreKnowingFields()`). With two words, the more frequent one's
/// positions are streamed through the pair walk, never stored (`PhraseNode.closeness`).
final class ProximityScorer {
    private struct Pair {
        var first: Int
        var second: Int
        var idf: Double
    }

    private let words: [PhraseNode]
    /// `words` and the pairs, in buffers of their own: read for every document scored, where a Swift array
    /// property of a class costs a retain and a release per read.
    private let wordRefs: UnsafeMutableBufferPointer<Unmanaged<PhraseNode>>
    private let pairs: UnsafeMutableBufferPointer<Pair>
    /// For `--explain`, one per pair.
    private let labels: [String]
    private let ranking: Ranking
    private let scorer: DocumentScorer

    /// `words` in query order, each a single term matched anywhere, with their terms; nil when no pair of
    /// different words is left.
    init?(words: [PhraseNode], terms: [String], scorer: DocumentScorer) {
        let ranking = scorer.ranking
        guard ranking.proximityWeight > 0, words.count >= 2, words.count == terms.count else { return nil }
        var pairs: [Pair] = []
        var labels: [String] = []
        for i in 1..<words.count where terms[i - 1] != terms[i] {
            pairs.append(Pair(first: i - 1, second: i, idf: (words[i - 1].idf + words[i].idf) / 2))
            labels.append(words[i - 1].label + " " + words[i].label)
        }
        guard !pairs.isEmpty else { return nil }
        self.words = words
        wordRefs = .allocate(capacity: words.count)
        _ = wordRefs.initialize(from: words.map { Unmanaged.passUnretained($0) })
        self.pairs = .allocate(capacity: pairs.count)
        _ = self.pairs.initialize(from: pairs)
        self.labels = labels
        self.ranking = ranking
        self.scorer = scorer
    }

    deinit {
        wordRefs.deallocate()
        pairs.deallocate()
    }

    private var doc: UInt32 { wordRefs[0]._withUnsafeGuaranteedRef { $0.doc } }

    /// Close pairs in the title count `titleBoost` times, as title occurrences of a term do in BM25F; pair
    /// frequencies are not length-normalised (a long document is not closer for being long).
    private func weighted(_ frequencies: FieldFrequencies) -> Double {
        ranking.titleBoost * frequencies.title + frequencies.body
    }

    func score() -> Double {
        var total = 0.0
        let bodyStart = scorer.bodyStart(doc)
        let window = ranking.proximityWindow
        if pairs.count == 1 {
            // Two words: the more frequent one's positions are streamed through the pair walk, not stored
            // (`PhraseNode.closeness`); no other pair will want them.
            let pair = pairs[0]
            let frequencies = wordRefs[pair.first]._withUnsafeGuaranteedRef { first in
                wordRefs[pair.second]._withUnsafeGuaranteedRef { second in
                    first.totalFrequency <= second.totalFrequency
                        ? first.withCurrentPositions {
                            second.closeness(to: $0, othersComeFirst: true, window: window, bodyStart: bodyStart)
                        }
                        : second.withCurrentPositions {
                            first.closeness(to: $0, othersComeFirst: false, window: window, bodyStart: bodyStart)
                        }
                }
            }
            return ranking.proximityWeight * (pair.idf * ranking.saturation(weighted(frequencies)))
        }
        for pair in pairs {
            let frequencies = wordRefs[pair.first]._withUnsafeGuaranteedRef { first in
                wordRefs[pair.second]._withUnsafeGuaranteedRef { second in
                    first.withCurrentPositions { a in
                        second.withCurrentPositions { b in
                            Self.pairFrequencies(a, b, window: window, bodyStart: bodyStart)
                        }
                    }
                }
            }
            total += pair.idf * ranking.saturation(weighted(frequencies))
        }
        return ranking.proximityWeight * total
    }

    func maxScore() -> Double {
        var total = 0.0
        let boost = max(ranking.titleBoost, 1)
        for pair in pairs {
            let bound = min(
                wordRefs[pair.first]._withUnsafeGuaranteedRef { $0.totalFrequency },
                wordRefs[pair.second]._withUnsafeGuaranteedRef { $0.totalFrequency })
            total += pair.idf * ranking.saturation(boost * bound)
        }
        return ranking.proximityWeight * total
    }

    /// A bound at least `score()` once the words' title/body split is known (`PhraseNode.fieldFrequencies`, which
    /// the words' own scores read anyway): a close pair counts at most once per occurrence of the word that
    /// `pairFrequencies` walks (the one with fewer occurrences), in the field of that occurrence, and only in a
    /// field where the other word occurs too (a pair inside the window never spans title and body).
    func maxScoreKnowingFields() -> Double {
        var total = 0.0
        for pair in pairs {
            let a = wordRefs[pair.first]._withUnsafeGuaranteedRef { $0.fieldFrequencies() }
            let b = wordRefs[pair.second]._withUnsafeGuaranteedRef { $0.fieldFrequencies() }
            let aIsShorter = a.title + a.body <= b.title + b.body
            let short = aIsShorter ? a : b, long = aIsShorter ? b : a
            let bound = FieldFrequencies(
                title: long.title > 0 ? short.title : 0, body: long.body > 0 ? short.body : 0)
            total += pair.idf * ranking.saturation(weighted(bound))
        }
        return ranking.proximityWeight * total
    }

    func explain() -> ScoreExplanation? {
        var children: [ScoreExplanation] = []
        var total = 0.0
        let bodyStart = scorer.bodyStart(doc)
        for (pair, label) in zip(pairs, labels) {
            let a = words[pair.first].currentPositions(), b = words[pair.second].currentPositions()
            let frequencies = a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    Self.pairFrequencies(a, b, window: ranking.proximityWindow, bodyStart: bodyStart)
                }
            }
            let weightedFrequency = weighted(frequencies)
            guard weightedFrequency > 0 else { continue }
            let value = ranking.proximityWeight * pair.idf * ranking.saturation(weightedFrequency)
            total += value
            children.append(ScoreExplanation(
                value: value, label: label, kind: "pair",
                factors: [
                    .init(name: "tf_title", value: frequencies.title), .init(name: "tf_body", value: frequencies.body),
                    .init(name: "weighted_tf", value: weightedFrequency),
                    .init(name: "closest_moves", value: Double(Self.closestMoves(a, b) ?? 0)),
                    .init(name: "idf", value: pair.idf), .init(name: "k1", value: ranking.bm25.k1),
                    .init(name: "weight", value: ranking.proximityWeight),
                    .init(name: "window", value: Double(ranking.proximityWindow)),
                ]))
        }
        guard !children.isEmpty else { return nil }
        return ScoreExplanation(value: total, label: "proximity", kind: "proximity", children: children)
    }

    /// Lucene's sloppy distance of "a b" for `a` at `p` and `b` at `q`: 0 when adjacent in order, one more per
    /// position between them, and reversed order costs 2 more than the gap.
    @inline(__always)
    static func moves(_ p: UInt32, _ q: UInt32) -> Int {
        q > p ? Int(q - p) - 1 : Int(p - q) + 1
    }

    /// Σ over the occurrences of the word with fewer occurrences of 1 / (1 + moves to the nearest occurrence of the
    /// other word), counting only moves ≤ window. Both lists sorted ascending.
    static func pairFrequency(_ a: [UInt32], _ b: [UInt32], window: Int) -> Double {
        let split = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in pairFrequencies(a, b, window: window, bodyStart: 0) }
        }
        return split.title + split.body
    }

    /// `pairFrequency` split by field: pairs before `bodyStart` are in the title (a pair within the window never
    /// spans the gap between title and body).
    static func pairFrequencies(
        _ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, window: Int, bodyStart: UInt32
    ) -> FieldFrequencies {
        guard !a.isEmpty, !b.isEmpty else { return FieldFrequencies(title: 0, body: 0) }
        return a.count <= b.count
            ? nearestPairs(short: a, long: b, shortComesFirst: true, window: window, bodyStart: bodyStart)
            : nearestPairs(short: b, long: a, shortComesFirst: false, window: window, bodyStart: bodyStart)
    }

    /// 1 / (1 + moves) for every window `Ranking` allows, computed as the sum's terms always were, so that a close
    /// pair costs a load rather than a division.
    static let closeness: [Double] = (0..<Int(Analyzer.blockPositionGap)).map { 1 / Double(1 + $0) }

    /// `pairFrequencies` with the word walked known: `short` holds the positions of the query's first word of the
    /// pair when `shortComesFirst`. Inlined twice, so that the moves to each side are one subtraction.
    @inline(__always)
    private static func nearestPairs(
        short: UnsafeBufferPointer<UInt32>, long: UnsafeBufferPointer<UInt32>, shortComesFirst: Bool, window: Int,
        bodyStart: UInt32
    ) -> FieldFrequencies {
        var title = 0.0, body = 0.0
        closeness.withUnsafeBufferPointer { closeness in
            var j = 0
            for s in short {
                while j < long.count, long[j] < s { j &+= 1 }
                // The nearest occurrence on each side; positions of two different words never coincide. Lucene's
                // sloppy distance of the pair in query order: 0 when adjacent in order, reversed costs 2 more.
                var best = Int.max
                if j > 0 {
                    let gap = Int(s &- long[j &- 1])
                    best = shortComesFirst ? gap &+ 1 : gap &- 1
                }
                if j < long.count, long[j] != s {
                    let gap = Int(long[j] &- s)
                    best = min(best, shortComesFirst ? gap &- 1 : gap &+ 1)
                }
                if best <= window {
                    if s < bodyStart { title += closeness[best] } else { body += closeness[best] }
                }
            }
        }
        return FieldFrequencies(title: title, body: body)
    }

    static func closestMoves(_ a: [UInt32], _ b: [UInt32]) -> Int? {
        var best: Int?
        var j = 0
        for p in a {
            while j < b.count, b[j] < p { j += 1 }
            if j > 0 { best = min(best ?? .max, moves(p, b[j - 1])) }
            if j < b.count, b[j] != p { best = min(best ?? .max, moves(p, b[j])) }
        }
        return best
    }
}
