import Testing
import GazetteAnalysis

/// Positions are 32-bit. Found while fixing a crash `make fuzz` found in the index reader: a search starting
/// from a first position read off damaged norms made the analyzer's position overflow and trap; so would a
/// document of some 4 billion positions (a gigabyte of one-word paragraphs, 16 positions apart).
@Suite struct PositionLimitTests {
    @Test func tokensPastTheLastPositionAreDroppedNotTrapped() {
        let near = tokens(bytes: Array("one two three".utf8), firstPosition: UInt32.max - 2)
        #expect(near.tokens.map(\.term) == ["one", "two"])
        #expect(near.tokens.map(\.position) == [UInt32.max - 2, UInt32.max - 1])
        #expect(near.next == UInt32.max)

        let atEnd = tokens(bytes: Array("one two".utf8), firstPosition: UInt32.max)
        #expect(atEnd.tokens.isEmpty)
        #expect(atEnd.next == UInt32.max)
    }

    @Test func theGapBetweenBlocksStopsAtTheLastPositionToo() {
        let text = Array("alpha\nbeta\ngamma".utf8)
        let blocks = [0..<5, 6..<10, 11..<16]
        let result = tokens(bytes: text, blocks: blocks, firstPosition: UInt32.max - 20)
        #expect(result.tokens.map(\.term) == ["alpha", "beta"])
        #expect(result.tokens.map(\.position) == [UInt32.max - 20, UInt32.max - 3])
        #expect(result.next == UInt32.max)
    }
}
