import GazetteAnalysis
import GazetteEntities
import Testing

/// The lone words a document gives no type, which an indexer keeps for the corpus to type at commit.
@Suite struct UnconfirmedNameTests {
    /// The mentions and the unconfirmed names' words of `text`, one block per line.
    static func recognise(
        _ text: String, withholdingDefaultPeople: Bool = false
    ) -> (mentions: [EntityMention], names: [UnconfirmedName]) {
        var text = text
        let blocks = lineBlocks(text)
        return text.withUTF8 { utf8 in
            var analyzer = Analyzer()
            var tokens = EntityTokens()
            _ = analyzer.analyze(utf8, blocks: blocks, firstPosition: 0) { term, span in tokens.append(term: term, span: span) }
            var names: [UnconfirmedName] = []
            let mentions = EntityRecognizer().recognize(
                utf8, tokens: &tokens, unconfirmed: &names, withholdingDefaultPeople: withholdingDefaultPeople)
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

    @Test func aPersonNamedOnlyByDefaultIsLeftToTheCorpus() {
        // A manual's navigation heading: two unlisted capitalised words, no given name, no cue.
        let heading = """
            Kernel Testing Guide
            Kernel Hacking Guides
            Kernel Livepatching
            Rust
            This page is part of the Linux Kernel documentation. The kernel can be patched while it runs.

            """
        let indexed = Self.recognise(heading, withholdingDefaultPeople: true)
        #expect(!indexed.mentions.contains { $0.type == .person })
        #expect(indexed.names.map(\.name) == ["Kernel Livepatching"])
        #expect(indexed.names.first.map { String(decoding: Array(heading.utf8)[$0.range], as: UTF8.self) } == "Kernel Livepatching")
        #expect(indexed.names.first.map { $0.positions.count } == 2)
        // A reader of the one file sees the recogniser's guess, as an index of that file alone would show it.
        let annotated = Self.recognise(heading)
        #expect(annotated.mentions.filter { $0.type == .person }.map(\.canonical) == ["Kernel Livepatching"])
        #expect(annotated.names.isEmpty)
    }

    @Test func aPersonTheDocumentConfirmsStaysAMention() {
        // Each document names the same unlisted person by default once, then gives one piece of evidence: the
        // surname alone in mid-sentence, a possessive, or a title before the name.
        for text in [
            "Zorvan Kettleby arrived on Tuesday.\nThe talks ended when Kettleby left.\n",
            "Zorvan Kettleby's plan was rejected.\n",
            "Zorvan Kettleby arrived.\nLater, Mr Zorvan Kettleby spoke.\n",
        ] {
            let (mentions, names) = Self.recognise(text, withholdingDefaultPeople: true)
            #expect(mentions.filter { $0.type == .person }.allSatisfy { $0.canonical == "Zorvan Kettleby" })
            #expect(mentions.filter { $0.type == .person }.count >= 1, "\(text)")
            #expect(!names.contains { $0.name == "Zorvan Kettleby" }, "\(text)")
        }
        // The surname at the start of a line says nothing (a heading's last word is often a line of its own),
        // and is withheld with the name it stands for.
        let (mentions, names) = Self.recognise("Zorvan Kettleby\nKettleby\n", withholdingDefaultPeople: true)
        #expect(!mentions.contains { $0.type == .person })
        #expect(names.map(\.name) == ["Zorvan Kettleby", "Zorvan Kettleby"])
    }
}
