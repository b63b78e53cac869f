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
                let threadsSeen = Mutex<Set<UInt>>([])
                let outputs = ParallelWork.map(count: count, threads: threads) { index -> String in
                    calls.add(1, ordering: .relaxed)
                    let me = UInt(pthread_self())
                    threadsSeen.withLock { _ = $0.insert(me) }
                    // Uneven work, so that threads take turns unevenly.
                    var sum = 0
                    for k in 0..<(index % 7) * 1000 { sum &+= k }
                    return "\(index):\(sum >= 0)"
                }
                #expect(outputs == (0..<count).map { "\($0):true" }, "threads \(threads) count \(count)")
                #expect(calls.load(ordering: .relaxed) == count)
                #expect(threadsSeen.withLock { $0.count } <= max(1, min(threads, count)))
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
