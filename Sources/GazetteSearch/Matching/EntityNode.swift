import GazetteIndex

/// Documents mentioning an entity (any of several, when a name matched several), from the segment's entity
/// postings, which are small enough to hold as a sorted list.
final class EntityNode: MatchNode {
    private let documents: [UInt32]
    private let mentions: [Double]
    private let idf: Double
    private let scorer: DocumentScorer
    private var index = -1

    init(documents: [UInt32], mentions: [Double], idf: Double, scorer: DocumentScorer) {
        self.documents = documents
        self.mentions = mentions
        self.idf = idf
        self.scorer = scorer
    }

    override var cost: Int { documents.count }

    override func advance(to target: UInt32) -> UInt32 {
        if started, doc >= target { return doc }
        started = true
        index = documents.firstIndex(atLeast: target, from: max(index, 0))
        doc = index < documents.count ? documents[index] : PostingsCursor.exhausted
        return doc
    }

    override func score() -> Double {
        scorer.score(frequency: mentions[index], idf: idf, document: doc)
    }
}
