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
        index = documents.firstIndex(atLeast: target, from: max(index, 0))
        doc = index < documents.count ? documents[index] : PostingsCursor.exhausted
        return doc
    }

    override func explain() -> ScoreExplanation {
        ScoreExplanation(value: 0, label: label, kind: "filter")
    }
}

extension Array where Element == UInt32 {
    /// The first index at or after `start` whose document is at least `target` (`count` when none): galloping,
    /// then a binary search, so walking a list one target at a time costs little.
    func firstIndex(atLeast target: UInt32, from start: Int) -> Int {
        var low = start, high = count
        var step = 1
        while low + step < high, self[low + step] < target {
            low += step
            step *= 2
        }
        high = Swift.min(high, low + step + 1)
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low
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
