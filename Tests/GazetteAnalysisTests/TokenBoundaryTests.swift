import Testing
import GazetteAnalysis

@Suite struct TokenBoundaryTests {
    @Test func asciiWordsAreLowercasedWithByteOffsets() {
        #expect(tokens("The quick  Brown fox.") == [
            Token(term: "the", position: 0, start: 0, end: 3),
            Token(term: "quick", position: 1, start: 4, end: 9),
            Token(term: "brown", position: 2, start: 11, end: 16),
            Token(term: "fox", position: 3, start: 17, end: 20),
        ])
    }

    @Test func emptyAndSeparatorOnlyTextHaveNoTokens() {
        #expect(tokens("").isEmpty)
        #expect(tokens(" \t\n.,;:!?()[]{}«»—–-…").isEmpty)
    }

    @Test func periodsInAbbreviationsSplit() {
        #expect(terms("the U.S. said") == ["the", "u", "s", "said"])
    }

    @Test func dashesAndHyphensSplit() {
        #expect(terms("US–Ukraine post-war e—mail") == ["us", "ukraine", "post", "war", "e", "mail"])
    }

    @Test func slashesAndUnderscoresSplit() {
        #expect(terms("and/or snake_case") == ["and", "or", "snake", "case"])
    }

    @Test func digitsAreTokensAndSeparatorsSplitThem() {
        #expect(terms("2,500 troops in 2024 at 3.14 km") == ["2", "500", "troops", "in", "2024", "at", "3", "14", "km"])
        #expect(terms("G7 and 4x4") == ["g7", "and", "4x4"])
    }

    @Test func nonDecimalNumbersAreWordCharacters() {
        // Nl and No, like unicode61.
        #expect(terms("Ⅻ ½ ²") == ["ⅻ", "½", "²"])
        #expect(terms("٢٠٢٤") == ["٢٠٢٤"])  // Arabic-Indic digits (Nd)
    }

    @Test func emojiAndSymbolsSeparate() {
        let text = "peace🕊️talks 👍🏽 ok ❤️ $100 © 1️⃣ a+b=c"
        #expect(terms(text) == ["peace", "talks", "ok", "100", "1", "a", "b", "c"])
        let talks = tokens(text)[1]
        #expect(covered(talks, in: text) == "talks")
    }

    @Test func controlCharactersAndUnicodeSpacesSeparate() {
        #expect(terms("a\u{0}b\u{7}c\u{A0}d\u{2003}e\u{200B}f") == ["a", "b", "c", "d", "e", "f"])
    }
}
