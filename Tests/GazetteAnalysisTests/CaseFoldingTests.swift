import Testing
import GazetteAnalysis

@Suite struct CaseFoldingTests {
    @Test func latinDiacriticsAreKeptAndFolded() {
        let text = "ÉCOLE Café naïve Łódź ÆSIR"
        #expect(terms(text) == ["école", "café", "naïve", "łódź", "æsir"])
        // Offsets count UTF-8 bytes: "ÉCOLE" is 6 bytes.
        #expect(tokens(text)[1].start == 7)
        #expect(tokens(text)[1].end == 12)
    }

    @Test func diacriticsAreNotRemoved() {
        #expect(terms("café") != terms("cafe"))
    }

    @Test func cyrillicIsFolded() {
        #expect(terms("МОСКВА Сергей Лавров, Ёлка") == ["москва", "сергей", "лавров", "ёлка"])
    }

    @Test func greekFoldsIncludingFinalSigma() {
        #expect(terms("ΑΘΗΝΑ") == ["αθηνα"])
        #expect(terms("ΟΔΟΣ") == terms("οδος"))
        #expect(terms("οδός") == ["οδόσ"])
        #expect(terms("ΟΔΌΣ") == terms("οδός"))
    }

    @Test func fullCaseFoldingExpandsSharpS() {
        #expect(terms("STRASSE") == ["strasse"])
        #expect(terms("Straße") == ["strasse"])
        #expect(terms("STRAẞE") == ["strasse"])
    }

    @Test func compatibilityCaseVariantsFoldTogether() {
        #expect(terms("ﬁnal") == ["final"])  // ligature
        #expect(terms("µ") == terms("μ"))  // micro sign and mu
        #expect(terms("ſ") == ["s"])  // long s
        #expect(terms("ǅ ǆ Ǆ") == ["ǆ", "ǆ", "ǆ"])  // titlecase digraph
    }

    @Test func dottedCapitalIFoldsToPlainI() {
        #expect(terms("İstanbul") == ["istanbul"])
        #expect(terms("ISTANBUL") == ["istanbul"])
        // Dotless ı is a distinct letter; folding must not invent a dot for it.
        #expect(terms("ılık") == ["ılık"])
    }

    @Test func otherScriptsPassThrough() {
        #expect(terms("مرحبا بالعالم") == ["مرحبا", "بالعالم"])
        #expect(terms("שלום") == ["שלום"])
        #expect(terms("ԱՐՄԵՆԻԱ") == ["արմենիա"])
    }

    @Test func spansCoverOriginalCasing() {
        let text = "ΑΘΗΝΑ Straße"
        let result = tokens(text)
        #expect(covered(result[0], in: text) == "ΑΘΗΝΑ")
        #expect(covered(result[1], in: text) == "Straße")
    }
}
