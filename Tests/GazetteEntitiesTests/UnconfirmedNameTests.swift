import GazetteAnalysis
import GazetteEntities
import Testing

/// The lone words a document gives no type, which an indexer keeps for the corpus to type at commit.
@Suite struct UnconfirmedNameTests {
    /// The mentions and the unconfirmed names' words of `text`, one block per line.
    static func recognise(_ text: String) -> (mentions: [EntityMention], names: [UnconfirmedName]) {
        var text = text
        let blocks = lineBlocks(text)
        return text.withUTF8 { utf8 in
            var analyzer = Analyzer()
            var tokens = EntityTokens()
            _ = analyzer.analyze(utf8, blocks: blocks, firstPosition: 0) { term, span in tokens.append(term: term, span: span) }
            var names: [UnconfirmedName] = []
            let mentions = EntityRecognizer().recognize(utf8, tokens: &tokens, unconfirmed: &names)
            return (mentions, names)
        }
    }

    @Test func aLoneUntypedWordInMidSentenceIsKeptApartFromTheMentions() {
        let text = "Maintenance workers voted on Monday to reject Qantas' proposed wage freeze."
        let (mentions, names) = Self.recognise(text)
        #expect(names.map(\.name) == ["Qantas"])
        let name = names.first
        #expect(name.map { String(decoding: Array(text.utf8)[$0.range], as: UTF8.self) } == "Qantas")
        #expect(name?.positions == 7...7)
        // Not a mention: the recogniser alone, as `annotate` runs it, still finds only the date.
        #expect(mentions.map(\.type) == [.date])
        #expect(Found(text).mentions == mentions)
    }

    @Test func wordsWhoseCapitalSaysNothingAreNotKept() {
        // Sentence start, a common English word, a listed given name, a word the document also writes in
        // lowercase, and words inside a typed mention.
        let (_, names) = Self.recognise("""
            Zanthorpe residents cheered the Bridge on Monday, and Michael waved.
            Workers met Vantoria staff; the vantoria plant closed.
            President Mwangi Okello visited Nairobi.
            """)
        #expect(names.isEmpty, "\(names.map(\.name))")
    }

    @Test func unconfirmedNamesNeverOverlapMentions() {
        let (mentions, names) = Self.recognise(
            "Unions said talks with Qantas and Ansett would resume in Sydney, where Qantas is based.")
        #expect(Set(names.map(\.name)) == ["Qantas", "Ansett"])
        for name in names {
            #expect(!mentions.contains { $0.range.overlaps(name.range) })
        }
    }
}
