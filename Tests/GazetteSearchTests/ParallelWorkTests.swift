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
}
