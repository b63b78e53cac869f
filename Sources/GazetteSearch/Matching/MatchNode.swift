import GazetteIndex

/// Document-at-a-time matching: every node walks its documents in increasing order and can jump forward
/// (`advance`), so a conjunction is driven by its rarest clause and never decodes what it cannot match.
/// `doc` is `PostingsCursor.exhausted` when a node has no more documents.
///
/// Scoring is in two steps so that positions are read only for documents that can still make the top k:
/// `maxScore()` bounds the current document's score from what the postings already tell (frequencies, lengths),
/// and `score()` is exact, reading positions when it must (the title/body split of a bare word, proximity).
class MatchNode {
    final var doc: UInt32 = 0
    final var started = false
    /// The clause in query syntax, for `--explain`.
    final var label = ""

    /// An upper bound on the documents this node can match, to order conjunctions cheapest first.
    var cost: Int { 0 }

    /// The next document: one past the current, or the first on the first call.
    func next() -> UInt32 {
        let target = started && doc != PostingsCursor.exhausted ? doc + 1 : (started ? doc : 0)
        return advance(to: target)
    }

    func advance(to target: UInt32) -> UInt32 { fatalError("abstract") }
    /// Score of the current document.
    func score() -> Double { 0 }
    /// At least `score()` of the current document, without reading positions.
    func maxScore() -> Double { score() }
    /// `score()`, or nil when a bound found on the way (after the cheaper parts of the score, before the
    /// costly ones) rules out that it beats `weakest` by the margin `Searcher` allows for rounding.
    func score(beating weakest: Double) -> Double? { score() }
    /// `score()` broken down by clause, field and factor.
    func explain() -> ScoreExplanation {
        ScoreExplanation(value: score(), label: label, kind: "entity")
    }
    /// The first undecodable postings or positions block met during the walk, if any.
    var corruption: IndexError? { nil }
}

final class EmptyNode: MatchNode {
    override func next() -> UInt32 {
        started = true
        doc = PostingsCursor.exhausted
        return doc
    }
    override func advance(to target: UInt32) -> UInt32 { next() }
}
