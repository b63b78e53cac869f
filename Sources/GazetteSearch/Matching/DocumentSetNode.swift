import GazetteIndex

/// A filter: the documents of a sorted list, each scoring 0, so that it narrows a query without changing its
/// ranking (`date:`, `author:`, `source:`, `folder:`).
final class DocumentSetNode: MatchNode {
    private let documents: [UInt32]
    private var index = -1

    init(documents: [UInt32]) {
        self.documents = documents
    }

    override var cost: Int { documents.count }

    override func advance(to target: UInt32) -> UInt32 {
        if started, doc >= target { return doc }
        started = true
        var low = max(index, 0), high = documents.count
        // Gallop first: filters are often walked one document at a time.
        var step = 1
        while low + step < high, documents[low + step] < target {
            low += step
            step *= 2
        }
        high = min(high, low + step + 1)
        while low < high {
            let mid = (low + high) / 2
            if documents[mid] < target { low = mid + 1 } else { high = mid }
        }
        index = low
        doc = index < documents.count ? documents[index] : PostingsCursor.exhausted
        return doc
    }

    override func explain() -> ScoreExplanation {
        ScoreExplanation(value: 0, label: label, kind: "filter")
    }
}

extension Array where Element: Equatable {
    /// The sorted array without adjacent repeats.
    func uniquedSorted() -> [Element] {
        var result: [Element] = []
        result.reserveCapacity(count)
        for element in self where result.last != element { result.append(element) }
        return result
    }
}
