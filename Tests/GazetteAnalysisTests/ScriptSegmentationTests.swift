import Testing
import GazetteAnalysis

@Suite struct ScriptSegmentationTests {
    @Test func hanCharactersAreOneTokenEach() {
        let text = "习近平 说"
        #expect(tokens(text) == [
            Token(term: "习", position: 0, start: 0, end: 3),
            Token(term: "近", position: 1, start: 3, end: 6),
            Token(term: "平", position: 2, start: 6, end: 9),
            Token(term: "说", position: 3, start: 10, end: 13),
        ])
    }

    @Test func kanaAreOneTokenEach() {
        #expect(terms("ひらがなカタカナ") == ["ひ", "ら", "が", "な", "カ", "タ", "カ", "ナ"])
    }

    @Test func ideographsSplitFromAdjacentLatin() {
        let text = "NATO北约summit"
        let result = tokens(text)
        #expect(result.map(\.term) == ["nato", "北", "约", "summit"])
        #expect(result[3].start == 10)
    }

    @Test func astralPlaneIdeographsAreTokens() {
        // U+20BB7 is in CJK extension B, four bytes in UTF-8.
        let text = "𠮷野"
        #expect(tokens(text) == [
            Token(term: "𠮷", position: 0, start: 0, end: 4),
            Token(term: "野", position: 1, start: 4, end: 7),
        ])
    }

    @Test func hangulSyllablesRunTogetherAsWords() {
        #expect(terms("대한민국 서울") == ["대한민국", "서울"])
    }

    @Test func thaiWithoutSpacesStaysARun() {
        #expect(terms("ภาษาไทย ok") == ["ภาษาไทย", "ok"])
    }

    @Test func combiningMarksStayInTheTokenAndDiacriticsFoldAway() {
        // Bytes, not `String`s: Swift compares strings by canonical equivalence, which hides these differences.
        let decomposed = "Cafe\u{301} ok"
        let result = tokens(decomposed)
        #expect(result.map { Array($0.term.utf8) } == [Array("cafe".utf8), Array("ok".utf8)])
        #expect(result[0].end == 6)
        // Devanagari vowel signs and virama are letters' parts, not accents: they stay.
        #expect(terms("नमस्ते दुनिया").map { Array($0.utf8) } == ["नमस्ते", "दुनिया"].map { Array($0.utf8) })
        #expect(terms("ALLÉ\u{0323}") == ["alle"])
    }

    @Test func combiningMarkAfterKanaStaysWithIt() {
        // Hiragana か + combining voiced sound mark is one character, so one token.
        #expect(terms("か\u{3099}き") == ["か\u{3099}", "き"])
    }

    @Test func combiningMarkWithoutBaseIsASeparator() {
        #expect(terms("\u{301}abc -\u{301}def") == ["abc", "def"])
    }
}
