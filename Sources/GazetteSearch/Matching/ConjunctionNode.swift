import GazetteIndex

/// Every required clause matches and no excluded clause does; the score sums the required clauses and, for bare
/// words, how close together they stand.
final class ConjunctionNode: MatchNode {
    /// In query order, for `--explain`.
    private let clauses: [MatchNode]
    /// Cheapest first, to lead the intersection.
    private let required: [MatchNode]
    private let excluded: [MatchNode]
    private let proximity: ProximityScorer?
    /// The same nodes and the proximity, called without retaining them per call (`clauses` and the others keep
    /// them alive): a conjunction calls its clauses for every document it visits, and counting references was a
    /// sixth of the time of a two-word query matching thousands of documents.
    private let clauseRefs: [Unmanaged<MatchNode>]
    private let requiredRefs: [Unmanaged<MatchNode>]
    private let excludedRefs: [Unmanaged<MatchNode>]
    private let proximityRef: Unmanaged<ProximityScorer>?

    init(required: [MatchNode], excluded: [MatchNode], proximity: ProximityScorer? = nil) {
        self.clauses = required
        self.required = required.sorted { $0.cost < $1.cost }
        self.excluded = excluded
        self.proximity = proximity
        clauseRefs = clauses.map { Unmanaged.passUnretained($0) }
        requiredRefs = self.required.map { Unmanaged.passUnretained($0) }
        excludedRefs = excluded.map { Unmanaged.passUnretained($0) }
        proximityRef = proximity.map { Unmanaged.passUnretained($0) }
    }

    override var cost: Int { required.first?.cost ?? 0 }

    override var corruption: IndexError? {
        (required + excluded).lazy.compactMap(\.corruption).first
    }

    override func advance(to target: UInt32) -> UInt32 {
        if started, doc >= target { return doc }
        started = true
        let lead = requiredRefs[0]
        var candidate = lead._withUnsafeGuaranteedRef { $0.advance(to: target) }
        while candidate != PostingsCursor.exhausted {
            var agreed = true
            var index = 1
            while index < requiredRefs.count {
                let found = requiredRefs[index]._withUnsafeGuaranteedRef { $0.advance(to: candidate) }
                if found != candidate {
                    candidate = lead._withUnsafeGuaranteedRef { $0.advance(to: found) }
                    agreed = false
                    break
                }
                index += 1
            }
            guard agreed else { continue }
            var isExcluded = false
            for node in excludedRefs where node._withUnsafeGuaranteedRef({ $0.advance(to: candidate) }) == candidate {
                isExcluded = true
                break
            }
            if isExcluded {
                candidate = lead._withUnsafeGuaranteedRef { $0.advance(to: candidate + 1) }
                continue
            }
            doc = candidate
            return doc
        }
        doc = PostingsCursor.exhausted
        return doc
    }

    override func score() -> Double {
        var total = 0.0
        for node in clauseRefs { total += node._withUnsafeGuaranteedRef { $0.score() } }
        if let proximityRef { total += proximityRef._withUnsafeGuaranteedRef { $0.score() } }
        return total
    }

    /// The clauses' scores first (a bare word's needs at most its title positions), then, only if the proximity
    /// bound that their title/body split gives still lets the document beat `weakest`, the proximity, which
    /// reads every position of every word. The same sum in the same order as `score()`.
    override func score(beating weakest: Double) -> Double? {
        var total = 0.0
        for node in clauseRefs { total += node._withUnsafeGuaranteedRef { $0.score() } }
        guard let proximityRef else { return total }
        return proximityRef._withUnsafeGuaranteedRef { proximity in
            if (total + proximity.maxScoreKnowingFields()) * (1 + 1e-9) + 1e-12 < weakest { return nil }
            return total + proximity.score()
        }
    }

    override func maxScore() -> Double {
        var total = 0.0
        for node in clauseRefs { total += node._withUnsafeGuaranteedRef { $0.maxScore() } }
        if let proximityRef { total += proximityRef._withUnsafeGuaranteedRef { $0.maxScore() } }
        return total
    }

    override func explain() -> ScoreExplanation {
        var children = clauses.map { $0.explain() }
        if let proximity, let explained = proximity.explain() { children.append(explained) }
        return ScoreExplanation(value: score(), label: "all of", kind: "sum", children: children)
    }
}
