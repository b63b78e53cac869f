import Testing
@testable import GazetteSearch

/// The sentence shown around a mention collapses white space as Unicode defines it.
@Suite struct EntityDirectoryContextTests {
    @Test func whitespaceIsUnicodesWhiteSpaceForEveryASCIIScalar() {
        for value in 0..<0x80 {
            let scalar = Unicode.Scalar(UInt8(value))
            #expect(EntityDirectory.isWhitespace(scalar) == scalar.properties.isWhitespace, "U+\(value)")
        }
        let others = ["\u{85}", "\u{A0}", "\u{2028}", "\u{3000}", "é", "\u{200B}"]
        for scalar in others.compactMap(\.unicodeScalars.first) {
            #expect(EntityDirectory.isWhitespace(scalar) == scalar.properties.isWhitespace, "\(scalar.value)")
        }
    }

    @Test func aSentenceIsCollapsedAroundItsMention() {
        let text = Array("First one.  Then\tLavrov\u{A0}\u{A0}said\n\nno.".utf8)
        var lines = EntityDirectory.LineCounter()
        let start = text.firstIndex(of: UInt8(ascii: "L"))!
        let mention = EntityDirectory.context(of: start..<(start + 6), in: text, lines: &lines)
        #expect(mention.sentence == "Then Lavrov said")
        #expect(mention.text == "Lavrov")
        #expect(mention.line == 1)
        let scalars = Array(mention.sentence.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[mention.sentenceStart..<mention.sentenceEnd])) == "Lavrov")
    }
}
