import Testing
@testable import GazetteSearch

/// `gazette entities` cuts the ranking at the k-th entity by (documents, mentions) without sorting them all.
@Suite struct EntityGroupsRankingTests {
    @Test func theKthLargestIsTheOneASortGives() {
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        for size in [1, 2, 3, 10, 100, 1000] {
            // Few distinct values, so that ties are many.
            let counts = (0..<size).map { _ in (next(8), next(5)) }
            let sorted = counts.sorted { $0 > $1 }
            for k in Set([1, 2, size / 2, size - 1, size]) where k >= 1 && k <= size {
                #expect(EntityGroups.kthLargest(counts, k) == sorted[k - 1], "size \(size), k \(k)")
            }
        }
    }
}
