import Testing
import GazetteAnalysis

@Suite struct BlockPositionTests {
    @Test func phraseAcrossBlocksIsSeparatedByTheGap() {
        let text = "Peace talks\n\nresumed today"
        let blocks = [byteRange(of: "Peace talks", in: text), byteRange(of: "resumed today", in: text)]
        let (result, next) = tokens(bytes: Array(text.utf8), blocks: blocks)
        #expect(result.map(\.term) == ["peace", "talks", "resumed", "today"])
        #expect(result.map(\.position) == [0, 1, 1 + 1 + Analyzer.blockPositionGap, 2 + 1 + Analyzer.blockPositionGap])
        #expect(result[2].position - result[1].position == 1 + Analyzer.blockPositionGap)
        #expect(next == 3 + 1 + Analyzer.blockPositionGap)
    }

    @Test func tokensDoNotSpanAdjacentBlocks() {
        let text = "headline"
        let (result, _) = tokens(bytes: Array(text.utf8), blocks: [0..<4, 4..<8])
        #expect(result.map(\.term) == ["head", "line"])
        #expect(result.map(\.position) == [0, 1 + Analyzer.blockPositionGap])
    }

    @Test func emptyBlocksAddNoGap() {
        let text = "a ... b"
        let blocks = [0..<0, 0..<1, 1..<2, 2..<5, 6..<7]
        let (result, next) = tokens(bytes: Array(text.utf8), blocks: blocks, firstPosition: 10)
        #expect(result.map(\.term) == ["a", "b"])
        #expect(result.map(\.position) == [10, 11 + Analyzer.blockPositionGap])
        #expect(next == 12 + Analyzer.blockPositionGap)
    }

    @Test func leadingEmptyBlocksDoNotShiftTheFirstToken() {
        let (result, _) = tokens(bytes: Array("  x y".utf8), blocks: [0..<0, 0..<2, 2..<3, 4..<5], firstPosition: 7)
        #expect(result.map(\.position) == [7, 8 + Analyzer.blockPositionGap])
    }

    @Test func firstPositionIsHonouredAndNextPositionReturned() {
        let (result, next) = tokens(bytes: Array("one two three".utf8), firstPosition: 500)
        #expect(result.map(\.position) == [500, 501, 502])
        #expect(next == 503)
    }

    @Test func noTokensReturnsFirstPosition() {
        #expect(tokens(bytes: Array("  ---  ".utf8), firstPosition: 42).next == 42)
        #expect(tokens(bytes: [], firstPosition: 42).next == 42)
        #expect(tokens(bytes: Array("abc".utf8), blocks: [], firstPosition: 42).next == 42)
    }

    @Test func spansAreOffsetsIntoTheWholeText() {
        let text = "Title\nBody text"
        let (result, _) = tokens(bytes: Array(text.utf8), blocks: [0..<5, 6..<15])
        #expect(result.map { covered($0, in: text) } == ["Title", "Body", "text"])
        #expect(result[1].start == 6)
    }

    @Test func outOfRangeBlocksAreClamped() {
        let (result, _) = tokens(bytes: Array("abc def".utf8), blocks: [4..<100, 200..<300])
        #expect(result.map(\.term) == ["def"])
    }
}
