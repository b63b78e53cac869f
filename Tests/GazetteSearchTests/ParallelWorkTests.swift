import Foundation
import Synchronization
import Testing
@testable import GazetteSearch

/// `ParallelWork.map`: every index computed exactly once, whatever the threads, and the outputs in index order.
@Suite struct ParallelWorkTests {
    @Test func everyIndexOnceAndInOrder() {
        for threads in [1, 2, 3, 8, 64] {
            for count in [0, 1, 2, 7, 1000] {
                let calls = Atomic<Int>(0)
                // Each output names the thread that made it, so that the threads are counted after the join,
                // with no state shared while they run.
                let outputs = ParallelWork.map(count: count, threads: threads) { index -> (String, UInt) in
                    calls.add(1, ordering: .relaxed)
                    // Uneven work, so that threads take turns unevenly.
                    var sum = 0
                    for k in 0..<(index % 7) * 1000 { sum &+= k }
                    return ("\(index):\(sum >= 0)", UInt(pthread_self()))
                }
                #expect(outputs.map(\.0) == (0..<count).map { "\($0):true" }, "threads \(threads) count \(count)")
                #expect(calls.load(ordering: .relaxed) == count)
                #expect(Set(outputs.map(\.1)).count <= max(1, min(threads, count)))
            }
        }
    }

    /// Each thread makes its state once and keeps it for every index it takes.
    @Test func eachThreadMakesItsStateOnce() {
        for threads in [1, 2, 4] {
            let made = Atomic<Int>(0)
            let outputs = ParallelWork.map(count: 500, threads: threads, state: { () -> [Int] in
                made.add(1, ordering: .relaxed)
                return []
            }) { seen, index -> Int in
                seen.append(index)
                // Indices a thread took come in increasing order, and all went through the one state.
                return seen.count == 1 || seen[seen.count - 2] < index ? index : -1
            }
            #expect(outputs == Array(0..<500))
            #expect(made.load(ordering: .relaxed) >= 1 && made.load(ordering: .relaxed) <= threads)
        }
    }
}
