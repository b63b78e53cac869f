import Testing
import GazetteAnalysis

@Suite struct LongTokenTests {
    @Test func tokensLongerThanTheScratchAreWhole() {
        let ascii = String(repeating: "Ab", count: 5_000)
        let cyrillic = String(repeating: "Дж", count: 3_000)
        let mixed = String(repeating: "aΣ", count: 2_000) + "'s"
        let text = "x \(ascii) \(cyrillic) \(mixed) y"
        #expect(terms(text) == ["x", ascii.lowercased(), cyrillic.lowercased(), String(repeating: "aσ", count: 2_000), "y"])
        #expect(covered(tokens(text)[3], in: text) == mixed)
    }
}
