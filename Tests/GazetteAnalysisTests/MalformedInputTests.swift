import Testing
import GazetteAnalysis

@Suite struct MalformedInputTests {
    @Test func invalidBytesSeparateTokens() {
        let bytes: [UInt8] = Array("abc".utf8) + [0xFF] + Array("def".utf8) + [0x80, 0x80] + Array("gh".utf8)
        let (result, _) = tokens(bytes: bytes)
        #expect(result == [
            Token(term: "abc", position: 0, start: 0, end: 3),
            Token(term: "def", position: 1, start: 4, end: 7),
            Token(term: "gh", position: 2, start: 9, end: 11),
        ])
    }

    @Test func truncatedSequencesAndOverlongsAreSeparators() {
        // Truncated 3-byte "é"-like lead, overlong "/", encoded surrogate, above U+10FFFF, truncated at end.
        let bytes: [UInt8] = [0x61, 0xE2, 0x82, 0x62, 0xC0, 0xAF, 0x63, 0xED, 0xA0, 0x80, 0x64,
                              0xF4, 0x90, 0x80, 0x80, 0x65, 0xC3]
        let (result, _) = tokens(bytes: bytes)
        #expect(result.map(\.term) == ["a", "b", "c", "d", "e"])
        #expect(result.map(\.start) == [0, 3, 6, 10, 15])
    }

    @Test func blockBoundaryInsideAScalarDoesNotCrash() {
        let bytes = Array("aé b".utf8)  // "é" is bytes 1..<3
        let (result, _) = tokens(bytes: bytes, blocks: [0..<2, 2..<5])
        #expect(result.map(\.term) == ["a", "b"])
    }

    @Test func randomBytesNeverCrashAndSpansStayInBounds() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let (result, _) = tokens(bytes: bytes)
            for token in result {
                #expect(token.start >= 0 && token.start < token.end && token.end <= bytes.count)
            }
        }
    }
}
