import GazetteTestSupport
import Testing
@testable import GazetteSearch

/// Exact phrases over position lists (the first two lists merged, each further one filtering the candidates;
/// sloppy ones by a sliding window) against a brute force over every start position.
@Suite struct PhraseMatcherTests {
    static func matches(_ lists: [[UInt32]], offsets: [Int], slop: Int = 0) -> [(UInt32, UInt32, Int)] {
        var found: [(UInt32, UInt32, Int)] = []
        PhraseMatcher.forEachMatch(lists, offsets: offsets, slop: slop) { found.append(($0, $1, $2)) }
        return found
    }

    @Test func exactPhrasesAreEveryStartWhereEachWordStandsAtItsOffset() {
        var random = SeededRandom(seed: 17)
        for round in 0..<400 {
            let words = 2 + round % 3
            let span = 20 + random.below(200)
            // Dense lists (frequent words, "the") and sparse ones; a word may repeat in the phrase ("the the").
            var lists: [[UInt32]] = []
            for _ in 0..<words {
                let density = 2 + random.below(6)
                lists.append((0..<span).filter { _ in random.below(density) == 0 }.map(UInt32.init))
            }
            if round % 7 == 0 { lists[1] = lists[0] }
            let offsets = (0..<words).map { $0 + (round % 5 == 0 ? 1 : 0) }
            var expected: [(UInt32, UInt32)] = []
            let maxOffset = offsets.max()!
            for start in 0..<span {
                let all = (0..<words).allSatisfy { i in lists[i].contains(UInt32(start + offsets[i] - offsets.min()!)) }
                let shifted = start - offsets.min()!
                if all && shifted >= 0 { expected.append((UInt32(shifted), UInt32(shifted + maxOffset))) }
            }
            let found = Self.matches(lists, offsets: offsets)
            #expect(found.map { $0.0 } == expected.map { $0.0 }, "round \(round): \(lists) \(offsets)")
            #expect(found.map { $0.1 } == expected.map { $0.1 }, "round \(round)")
            #expect(found.allSatisfy { $0.2 == 0 })
        }
    }

    @Test func twoWordPhrasesFromTheIndexShape() {
        // "security guarantees": the second word one position after the first.
        let security: [UInt32] = [3, 17, 40, 41, 90]
        let guarantees: [UInt32] = [4, 18, 42, 91, 200]
        let found = Self.matches([security, guarantees], offsets: [0, 1])
        #expect(found.map { $0.0 } == [3, 17, 41, 90])
        #expect(found.map { $0.1 } == [4, 18, 42, 91])
        #expect(Self.matches([security, []], offsets: [0, 1]).isEmpty)
        // A repeated word does not pair an occurrence with itself: "the the" needs two in a row.
        let the: [UInt32] = [1, 2, 5, 9, 10, 11]
        #expect(Self.matches([the, the], offsets: [0, 1]).map { $0.0 } == [1, 9, 10])
    }

    @Test func sloppyPhrasesStillFindSwappedWords() {
        // "a b"~2 finds "b a" (two moves) and "a x b" (one).
        let a: [UInt32] = [10, 30]
        let b: [UInt32] = [9, 32]
        let found = Self.matches([a, b], offsets: [0, 1], slop: 2)
        #expect(found.map { $0.0 } == [9, 30])
        #expect(found.map { $0.2 } == [2, 1])
    }
}
