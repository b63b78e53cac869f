import Testing
import GazetteAnalysis

/// The Snowball stemmers come from Debian's libstemmer: these check the wrapper, not the algorithms.
@Suite struct StemmerTests {
    @Test func englishWordFormsShareAStem() throws {
        let english = try #require(Stemmer(language: "english"))
        #expect(english.stem("strikes") == "strike")
        #expect(english.stem("striking") == "strike")
        #expect(english.stem("strike") == "strike")
        #expect(english.stem("negotiations") == english.stem("negotiating"))
    }

    @Test func otherLanguagesStemFoldedWords() throws {
        let russian = try #require(Stemmer(language: "russian"))
        #expect(russian.stem("переговоры") == russian.stem("переговоров"))
        let french = try #require(Stemmer(language: "french"))
        #expect(french.stem("negociations") == french.stem("negociation"))
    }

    @Test func theLanguagesAreLibstemmersAndUnknownOnesAreRefused() {
        #expect(Stemmer.languages.contains("english"))
        #expect(Stemmer.languages.contains("russian"))
        #expect(Stemmer.languages == Stemmer.languages.sorted())
        #expect(Stemmer(language: "klingon") == nil)
        #expect(Stemmer(language: "") == nil)
    }

    @Test func anEmptyWordStaysEmpty() throws {
        let english = try #require(Stemmer(language: "english"))
        #expect(english.stem("") == "")
    }
}
