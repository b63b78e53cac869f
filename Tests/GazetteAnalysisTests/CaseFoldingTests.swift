import Testing
import GazetteAnalysis

@Suite struct CaseFoldingTests {
    @Test func latinAccentsAreRemovedAndCaseFolded() {
        let text = "ÉCOLE Café naïve Łódź ÆSIR"
        #expect(terms(text) == ["ecole", "cafe", "naive", "lodz", "aesir"])
        // Offsets count UTF-8 bytes of the original: "ÉCOLE" is 6 bytes.
        #expect(tokens(text)[1].start == 7)
        #expect(tokens(text)[1].end == 12)
    }

    @Test func anAnalyzerThatKeepsAccentsOnlyFoldsCase() {
        var analyzer = Analyzer(accents: .kept)
        #expect(analyzer.terms(of: "ÉCOLE Café Łódź").map { Array($0.term.utf8) }
            == ["école", "café", "łódź"].map { Array($0.utf8) })
    }

    /// A copy of an analyzer starts from its memo of scalars; once either learns a new scalar they fold apart,
    /// each memo entry pointing into its own analyzer's folded bytes (the same offset means other bytes in each).
    @Test func copiesOfAnAnalyzerFoldEachByItsOwnMemo() {
        var first = Analyzer()
        #expect(first.terms(of: "café").map(\.term) == ["cafe"])
        var second = first
        #expect(second.terms(of: "über").map(\.term) == ["uber"])
        #expect(first.terms(of: "straße").map(\.term) == ["strasse"])
        #expect(first.terms(of: "über").map(\.term) == ["uber"])
        #expect(second.terms(of: "straße").map(\.term) == ["strasse"])
        #expect(second.terms(of: "Café über Straße").map(\.term) == ["cafe", "uber", "strasse"])
    }

    @Test func cyrillicIsFolded() {
        #expect(terms("МОСКВА Сергей Лавров, Ёлка") == ["москва", "сергей", "лавров", "ёлка"])
    }

    @Test func greekFoldsIncludingFinalSigma() {
        #expect(terms("ΑΘΗΝΑ") == ["αθηνα"])
        #expect(terms("ΟΔΟΣ") == terms("οδος"))
        // Tonos goes with the other accents: Greek readers type words without it as often as with it.
        #expect(terms("οδός") == ["οδοσ"])
        #expect(terms("Αθήνα") == terms("ΑΘΗΝΑ"))
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
        // Dotless ı is a distinct letter, not an accented i: neither case nor accent folding gives it a dot.
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
