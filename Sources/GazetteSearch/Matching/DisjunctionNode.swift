import GazetteIndex

/// At least one clause matches; the score sums the clauses that do.
final class DisjunctionNode: MatchNode {
    private let children: [MatchNode]

    init(children: [MatchNode]) {
        self.children = children
    }

    override var cost: Int { children.reduce(0) { $0 + $1.cost } }

    override var corruption: IndexError? { children.lazy.compactMap(\.corruption).first }

    override func advance(to target: UInt32) -> UInt32 {
        if started, doc >= target { return doc }
        started = true
        var smallest = PostingsCursor.exhausted
        for child in children {
            let found = child.started && child.doc >= target ? child.doc : child.advance(to: target)
            smallest = min(smallest, found)
        }
        doc = smallest
        return doc
    }

    override func score() -> Double {
        var total = 0.0
        for child in children where child.doc == doc { total += child.score() }
        return total
    }

    override func maxScore() -> Double {
        var total = 0.0
        for child in children where child.doc == doc { total += child.maxScore() }
        return total
    }

    override func explain() -> ScoreExplanation {
        let matching = children.filter { $0.doc == doc }.map { $0.explain() }
        return ScoreExplanation(value: score(), label: "any of", kind: "sum", children: matching)
    }
}
