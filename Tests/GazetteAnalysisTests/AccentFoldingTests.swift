import Testing
@testable import GazetteAnalysis

/// Accent folding and the exact forms kept beside it. Terms are compared as bytes: Swift's `String` equality is
/// canonical equivalence, under which composed and decomposed "é" are equal although the index holds them apart.
@Suite struct AccentFoldingTests {
    private func bytes(_ strings: [String]) -> [[UInt8]] { strings.map { Array($0.utf8) } }

    /// Each token's folded term and exact form (nil when folding left it as it was).
    private func exactForms(_ text: String) -> [(term: [UInt8], exact: [UInt8]?)] {
        var analyzer = Analyzer()
        return analyzer.termsWithExactForms(of: text).map { (Array($0.term.utf8), $0.exact.map { Array($0.utf8) }) }
    }

    @Test func theLettersOfTheIssueFold() {
        #expect(terms("José café Zürich Straße Æble Øresund Łukasz Đorđe Þór") ==
            ["jose", "cafe", "zurich", "strasse", "aeble", "oresund", "lukasz", "dorde", "thor"])
        #expect(terms("Tiếng Việt Nguyễn") == ["tieng", "viet", "nguyen"])
        #expect(terms("Ἀθῆναι ΐ") == ["αθηναι", "ι"])
    }

    @Test func cyrillicKeepsItsLettersAsFts5Does() {
        // й and и, ё and е are different letters of the alphabet, not accented pairs.
        #expect(bytes(terms("Йошкар Ёлка")) == bytes(["йошкар", "ёлка"]))
    }

    @Test func composedAndDecomposedTextFoldAlike() {
        #expect(bytes(terms("cafe\u{301} re\u{301}sume\u{301}")) == bytes(terms("café résumé")))
        // Composed before folding: a decomposed й is still й, not и; Arabic, Hangul jamo and kana compose too.
        #expect(bytes(terms("мои\u{306} Йошкар")) == bytes(terms("мой Йошкар")))
        #expect(bytes(terms("\u{627}\u{655}\u{639}\u{627}\u{62F}\u{629}")) == bytes(terms("إعادة")))
        #expect(bytes(terms("\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}")) == bytes(terms("한국")))
        #expect(bytes(terms("か\u{3099}")) == bytes(terms("が")))
        // Two marks on one letter (Vietnamese): both compose, in canonical order.
        #expect(bytes(terms("E\u{323}\u{302}")) == bytes(["e"]))
        // A mark with nothing to compose with is still removed when it is a diacritic.
        #expect(bytes(terms("q\u{301}uiz")) == bytes(["quiz"]))
    }

    @Test func anExactFormOfDecomposedTextIsComposed() {
        let forms = exactForms("Cafe\u{301} E\u{323}\u{302}")
        #expect(forms.map(\.term) == bytes(["cafe", "e"]))
        #expect(forms.map(\.exact) == [Array("café".utf8), Array("ệ".utf8)])
        var kept = Analyzer(accents: .kept)
        #expect(kept.terms(of: "Cafe\u{301}").map { Array($0.term.utf8) } == [Array("café".utf8)])
    }

    @Test func exactFormsAreReportedOnlyWhereFoldingChangedTheWord() {
        let forms = exactForms("José went to the Café; CAFE, Straße and José's")
        #expect(forms.map(\.term) == bytes(["jose", "went", "to", "the", "cafe", "cafe", "strasse", "and", "jose"]))
        // Case folding already writes ß as ss (Unicode full folding), so "Straße" has no other exact form.
        #expect(forms.map(\.exact) == [Array("josé".utf8), nil, nil, nil, Array("café".utf8), nil, nil, nil, Array("josé".utf8)])
    }

    @Test func exactFormsFollowLongWordsAcrossScratchGrowth() {
        let long = String(repeating: "a", count: 300) + "é" + String(repeating: "b", count: 300)
        let forms = exactForms(long + " x")
        #expect(forms.count == 2)
        #expect(forms[0].term == Array((String(repeating: "a", count: 300) + "e" + String(repeating: "b", count: 300)).utf8))
        #expect(forms[0].exact == Array(long.utf8))
        #expect(forms[1].exact == nil)
    }

    @Test func anAnalyzerThatKeepsAccentsReportsNoExactForms() {
        var analyzer = Analyzer(accents: .kept)
        let forms = analyzer.termsWithExactForms(of: "José café")
        #expect(forms.map { Array($0.term.utf8) } == bytes(["josé", "café"]))
        #expect(forms.allSatisfy { $0.exact == nil })
    }

    @Test func theVariantMatcherFindsEveryFormThatFoldsToTheTerm() {
        var matcher = AccentVariantMatcher(folded: Array("resume".utf8))
        func check(_ form: String) -> AccentVariantMatcher.Verdict {
            Array(form.utf8).withUnsafeBytes { matcher.check($0) }
        }
        #expect(check("résumé") == .match)
        #expect(check("resumé") == .match)
        #expect(check("re\u{301}sume\u{301}") == .match)
        #expect(check("rés") == .next)
        // "ré" already folds to "re"; "x" does not continue "resume": every form starting "réx" is skipped.
        #expect(check("réxumé") == .skip(prefixLength: 4))
        #expect(check("résumés") == .skip(prefixLength: 9))
        #expect(check("à") == .skip(prefixLength: 2))
    }
}
