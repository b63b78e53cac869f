import GazetteAnalysis

/// Operations on one document's sorted position lists.
enum PositionLists {
    /// Removes from `positions` every value in `excluded` (both sorted, increasing).
    static func subtract(_ excluded: [UInt32], from positions: inout [UInt32]) {
        var kept = 0, k = 0
        for position in positions {
            while k < excluded.count, excluded[k] < position { k += 1 }
            if k < excluded.count, excluded[k] == position { continue }
            positions[kept] = position
            kept += 1
        }
        positions.removeLast(positions.count - kept)
    }
}

/// Finds phrase instances in one document's position lists.
///
/// Each term's positions are shifted back by the term's offset in the phrase (Tantivy's trick): an exact
/// phrase is then a value present in every shifted list, and a sloppy one a window of shifted values whose
/// spread is at most `slop` (Lucene's sloppy-phrase distance, which also lets terms swap places).
enum PhraseMatcher {
    /// The largest slop honoured: a looser phrase could reach across the position gap between two paragraphs.
    static let maximumSlop = Int(Analyzer.blockPositionGap) - 1

    /// Calls `body(startPosition, endPosition, distance)` for each instance, in increasing start order.
    static func forEachMatch(
        _ lists: [[UInt32]], offsets: [Int], slop requestedSlop: Int,
        _ body: (_ start: UInt32, _ end: UInt32, _ distance: Int) -> Void
    ) {
        let slop = min(requestedSlop, maximumSlop)
        let count = lists.count
        guard count > 0, lists.allSatisfy({ !$0.isEmpty }) else { return }
        if count == 1 {
            for position in lists[0] { body(position, position, 0) }
            return
        }
        var cursor = [Int](repeating: 0, count: count)
        if slop == 0 {
            // Intersection of the shifted lists: a leapfrog over values.
            while true {
                var target = Int.min
                for i in 0..<count {
                    guard cursor[i] < lists[i].count else { return }
                    target = max(target, Int(lists[i][cursor[i]]) - offsets[i])
                }
                var agreed = true
                for i in 0..<count {
                    while cursor[i] < lists[i].count, Int(lists[i][cursor[i]]) - offsets[i] < target {
                        cursor[i] += 1
                    }
                    guard cursor[i] < lists[i].count else { return }
                    if Int(lists[i][cursor[i]]) - offsets[i] != target { agreed = false }
                }
                if agreed {
                    if target >= 0 {
                        let end = target + (offsets.max() ?? 0)
                        body(UInt32(target), UInt32(end), 0)
                    }
                    for i in 0..<count { cursor[i] += 1 }
                }
            }
        }
        // Sloppy: slide the minimum forward; report every window whose spread fits.
        var lastReportedStart = -1
        while true {
            var low = Int.max, high = Int.min, lowList = 0
            var lowActual = Int.max, highActual = Int.min
            for i in 0..<count {
                guard cursor[i] < lists[i].count else { return }
                let actual = Int(lists[i][cursor[i]])
                let shifted = actual - offsets[i]
                if shifted < low { low = shifted; lowList = i }
                high = max(high, shifted)
                lowActual = min(lowActual, actual)
                highActual = max(highActual, actual)
            }
            let distance = high - low
            if distance <= slop, lowActual > lastReportedStart, distinctPositions(lists, cursor) {
                body(UInt32(lowActual), UInt32(highActual), distance)
                lastReportedStart = highActual
            }
            cursor[lowList] += 1
        }
    }

    /// A repeated phrase word ("the the") must not use one occurrence twice.
    private static func distinctPositions(_ lists: [[UInt32]], _ cursor: [Int]) -> Bool {
        for i in 0..<lists.count {
            for j in (i + 1)..<lists.count where lists[i][cursor[i]] == lists[j][cursor[j]] { return false }
        }
        return true
    }
}
