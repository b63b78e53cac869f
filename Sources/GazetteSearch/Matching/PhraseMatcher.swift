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
        if slop == 0 {
            // An exact phrase: the values present in every shifted list. The first two lists are merged into
            // the candidates, which each further list then filters (both sorted, so each is one forward walk).
            let maxOffset = offsets.max() ?? 0
            let capacity = min(lists[0].count, lists[1].count)
            withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { candidates in
                var found = lists[0].withUnsafeBufferPointer { a in
                    lists[1].withUnsafeBufferPointer { b in
                        intersectShifted(a, offsets[0], b, offsets[1], into: candidates)
                    }
                }
                var list = 2
                while list < count && found > 0 {
                    found = lists[list].withUnsafeBufferPointer { c in
                        keepShifted(UnsafeMutableBufferPointer(rebasing: candidates[0..<found]), in: c, offsets[list])
                    }
                    list &+= 1
                }
                for index in 0..<found where candidates[index] >= 0 {
                    let x = candidates[index]
                    body(UInt32(x), UInt32(x &+ maxOffset), 0)
                }
            }
            return
        }
        var cursor = [Int](repeating: 0, count: count)
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

    /// Writes to `starts` the values present in both `a` shifted back by `shiftA` and `b` by `shiftB` (both
    /// sorted), in increasing order; returns how many. `starts` holds at least the shorter list's count.
    @inline(__always)
    static func intersectShifted(
        _ a: UnsafeBufferPointer<UInt32>, _ shiftA: Int, _ b: UnsafeBufferPointer<UInt32>, _ shiftB: Int,
        into starts: UnsafeMutableBufferPointer<Int>
    ) -> Int {
        var found = 0
        var i = 0, j = 0
        while i < a.count && j < b.count {
            let x = Int(a[i]) &- shiftA, y = Int(b[j]) &- shiftB
            if x < y {
                i &+= 1
            } else if x > y {
                j &+= 1
            } else {
                starts[found] = x
                found &+= 1
                i &+= 1
                j &+= 1
            }
        }
        return found
    }

    /// Keeps, at the front of `starts`, those also present in `list` shifted back by `shift` (both sorted); returns
    /// how many.
    @inline(__always)
    static func keepShifted(_ starts: UnsafeMutableBufferPointer<Int>, in list: UnsafeBufferPointer<UInt32>, _ shift: Int) -> Int {
        var kept = 0, k = 0
        for index in 0..<starts.count {
            let x = starts[index]
            while k < list.count && Int(list[k]) &- shift < x { k &+= 1 }
            if k == list.count { break }
            if Int(list[k]) &- shift == x {
                starts[kept] = x
                kept &+= 1
            }
        }
        return kept
    }

    /// A repeated phrase word ("the the") must not use one occurrence twice.
    private static func distinctPositions(_ lists: [[UInt32]], _ cursor: [Int]) -> Bool {
        for i in 0..<lists.count {
            for j in (i + 1)..<lists.count where lists[i][cursor[i]] == lists[j][cursor[j]] { return false }
        }
        return true
    }
}
