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

    init(required: [MatchNode], excluded: [MatchNode], proximity: ProximityScorer? = nil) {
        self.clauses = required
        self.required = required.sorted { $0.cost < $1.cost }
        self.excluded = excluded
        self.proximity = proximity
    }

    override var cost: Int { required.first?.cost ?? 0 }

    override var corruption: IndexError? {
        (required + excluded).lazy.compactMap(\.corruption).first
    }

    override func advance(to target: UInt32) -> UInt32 {
        if started, doc >= target { return doc }
        started = true
        var candidate = required[0].advance(to: target)
        while candidate != PostingsCursor.exhausted {
            var agreed = true
            for node in required.dropFirst() {
                let found = node.advance(to: candidate)
                if found != candidate {
                    candidate = required[0].advance(to: found)
                    agreed = false
                    break
                }
            }
            guard agreed else { continue }
            if excluded.contains(where: { $0.advance(to: candidate) == candidate }) {
                candidate = required[0].advance(to: candidate + 1)
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
        for node in clauses { total += node.score() }
        if let proximity { total += proximity.score() }
        return total
    }

    override func maxScore() -> Double {
        var total = 0.0
        for node in clauses { total += node.maxScore() }
        if let proximity { total += proximity.maxScore() }
        return total
    }

    override func explain() -> ScoreExplanation {
        var children = clauses.map { $0.explain() }
        if let proximity, let explained = proximity.explain() { children.append(explained) }
        return ScoreExplanation(value: score(), label: "all of", kind: "sum", children: children)
    }
}
