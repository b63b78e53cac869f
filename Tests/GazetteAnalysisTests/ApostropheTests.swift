import Testing
import GazetteAnalysis

@Suite struct ApostropheTests {
    @Test func apostropheFormsAreEqual() {
        #expect(terms("don’t") == ["don't"])
        #expect(terms("don't") == ["don't"])
        #expect(terms("donʼt") == ["don't"])
        #expect(terms("DON’T") == ["don't"])
    }

    @Test func namesKeepTheirApostrophe() {
        #expect(terms("O’Reilly d'Estaing rock'n'roll") == ["o'reilly", "d'estaing", "rock'n'roll"])
    }

    @Test func possessiveIsRemovedButSpanCoversIt() {
        let text = "Sergei Lavrov’s remarks"
        let result = tokens(text)
        #expect(result.map(\.term) == ["sergei", "lavrov", "remarks"])
        #expect(covered(result[1], in: text) == "Lavrov’s")
        #expect(result[2].position == 2)
    }

    @Test func possessiveInAnyApostropheOrCase() {
        #expect(terms("Ukraine's") == ["ukraine"])
        #expect(terms("Lavrov'S") == ["lavrov"])
        #expect(terms("Kyivʼs") == ["kyiv"])
    }

    @Test func trailingPluralApostropheIsDropped() {
        let text = "the officials' statement"
        let result = tokens(text)
        #expect(result.map(\.term) == ["the", "officials", "statement"])
        #expect(covered(result[1], in: text) == "officials")
    }

    @Test func leadingAndQuotingApostrophesAreNotPartOfTokens() {
        #expect(terms("'tis ’quoted’ 'word' '90s") == ["tis", "quoted", "word", "90s"])
    }

    @Test func doubledApostropheSplits() {
        #expect(terms("a''b") == ["a", "b"])
        #expect(terms("a'’b") == ["a", "b"])
    }

    @Test func apostropheBeforePunctuationIsDropped() {
        let text = "rock'-n"
        let result = tokens(text)
        #expect(result.map(\.term) == ["rock", "n"])
        #expect(covered(result[0], in: text) == "rock")
    }

    @Test func apostropheDoesNotJoinOntoIdeographs() {
        #expect(terms("中'文") == ["中", "文"])
    }
}
