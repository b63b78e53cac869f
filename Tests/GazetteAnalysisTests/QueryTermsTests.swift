import Testing
import GazetteAnalysis

@Suite struct QueryTermsTests {
    @Test func termsOfStringMatchesByteAnalysis() {
        let text = "Lavrov’s Αθήνα talks — 北约 don't 2,500 café\u{301} İstanbul 👍 officials'"
        var analyzer = Analyzer()
        let fromString = analyzer.terms(of: text)
        let fromBytes = tokens(text)
        #expect(fromString.map(\.term) == fromBytes.map(\.term))
        #expect(fromString.map(\.span) == fromBytes.map { TokenSpan(position: $0.position, start: $0.start, end: $0.end) })
    }

    @Test func analyzerIsReusableAcrossCalls() {
        var analyzer = Analyzer()
        let first = analyzer.terms(of: "ΟΔΟΣ Straße").map(\.term)
        let second = analyzer.terms(of: "ΟΔΟΣ Straße").map(\.term)
        #expect(first == ["οδοσ", "strasse"])
        #expect(second == first)
        #expect(analyzer.terms(of: "").isEmpty)
    }
}
