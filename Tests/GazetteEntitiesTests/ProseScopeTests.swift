import Testing
import GazetteAnalysis
import GazetteEntities

/// What the recogniser leaves alone: text in other languages and mail or news headers (no entities at all),
/// and dates without a year (highlighted, but naming no entity).
@Suite struct ProseScopeTests {
    /// Paragraph blocks, as the plain-text extractor makes them: lines up to a blank line.
    static func paragraphs(_ text: String) -> [Range<Int>] {
        var blocks: [Range<Int>] = []
        let bytes = Array(text.utf8)
        var start = 0, i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                if i > start { blocks.append(start..<i) }
                while i < bytes.count && bytes[i] == 0x0A { i += 1 }
                start = i
                continue
            }
            i += 1
        }
        if bytes.count > start { blocks.append(start..<bytes.count) }
        return blocks
    }

    @Test func frenchPagesGetNoEntitiesNotEvenTheirNavigationLinks() {
        let text = """
            Précédent

            Initialisation du système

            Le Président Emmanuel Macron a reçu mardi à l'Élysée le chancelier Friedrich Merz pour discuter de la \
            défense européenne. Les deux dirigeants sont convenus que l'Union européenne doit renforcer son soutien \
            à l'Ukraine, mais ils ne sont pas d'accord sur le financement.
            """
        let found = Found(text, blocks: Self.paragraphs(text))
        #expect(found.mentions.isEmpty, "\(found.mentions.map(found.surface))")
    }

    @Test func englishParagraphsKeepTheirEntitiesBesideGermanAndRussianOnes() {
        let text = """
            German Chancellor Friedrich Merz met French President Emmanuel Macron in Paris on Tuesday, the Elysee said.

            Der Bundeskanzler und der Präsident sprachen über die Verteidigung, die Ukraine und die Finanzierung der \
            Europäischen Union. Es ist nicht klar, wann eine Einigung erreicht wird.

            Москва и Киев обменялись пленными, сообщил Владимир Путин в понедельник.
            """
        let found = Found(text, blocks: Self.paragraphs(text))
        #expect(found.types(of: "Friedrich Merz") == [.person])
        #expect(found.types(of: "Emmanuel Macron") == [.person])
        #expect(found.types(of: "Paris") == [.place])
        let german = text.utf8.count - text.drop(while: { $0 != "D" }).utf8.count
        #expect(found.mentions.allSatisfy { $0.range.lowerBound < german },
                "\(found.mentions.filter { $0.range.lowerBound >= german }.map(found.surface))")
    }

    /// Blocks in another language are not described for the recogniser, but their lowercase words still count
    /// as sightings: "zum" in the German prose says that a "Zum Anfang" link (a block too short to tell its
    /// language, in a document whose languages balance) names no one.
    @Test func lowercaseWordsOfOtherLanguagesStillCountAgainstNames() {
        let text = """
            Zum Anfang

            This guide explains how the packages are built, and it shows where the files of the system are kept \
            on the disk and in the archive, so that an administrator can find them when they are needed.

            The second part of the guide is about the network: it explains how the services are started and \
            how they are stopped, and what is logged when one of them fails at the start of the day.

            Der Paketverwalter kehrt zum Anfang der Liste zurück, wenn die Pakete nicht gefunden werden, und \
            zeigt die Dateien des Systems, die zum Paket gehören.

            Die Dienste werden beim Start des Systems gestartet, und zum Schluss wird das Protokoll der Dienste \
            geschrieben, wenn die Verbindung zum Netz besteht.
            """
        let found = Found(text, blocks: Self.paragraphs(text))
        #expect(found.with("Zum Anfang").isEmpty, "\(found.mentions.map(found.surface))")
        #expect(found.with("Anfang").isEmpty, "\(found.mentions.map(found.surface))")
    }

    @Test func anEnglishHeadlineWithoutFunctionWordsTakesTheDocumentsLanguage() {
        let text = """
            Moldova’s pro-European party keeps majority despite “massive” Russian interference

            CHISINAU — Moldova’s ruling party won an outright majority in the election, according to results \
            published on Monday, in a vote that President Maia Sandu had described as a choice.
            """
        let found = Found(text, blocks: Self.paragraphs(text))
        #expect(found.with("Moldova").count == 2)  // the possessive is outside the span
        #expect(found.types(of: "Russian") == [.norp])
    }

    static let usenetPost = """
        Xref: cantaloupe.srv.cs.cmu.edu comp.graphics:37261 alt.graphics:519
        Path: cantaloupe.srv.cs.cmu.edu!das-news.harvard.edu!noc.near.net!howland.reston.ans.net
        From: jgreen@Bill.Dept.Example.EDU (John Green)
        Newsgroups: comp.graphics,alt.graphics
        Subject: Re: Ray tracing on Sun workstations
        Date: Fri, 16 Apr 1993 14:12:01 GMT
        Organization: Example University, Pittsburgh PA
        NNTP-Posting-Host: bill.dept.example.edu
        Lines: 12

        Tom Baker wrote that the new renderer runs faster than anything Microsoft sells. I asked Dr. Alice \
        Wong at Carnegie Mellon University, and she agreed.
        """

    @Test func newsHeadersAreNotProseWhetherOneBlockOrALinePerBlock() {
        for blocks in [Self.paragraphs(Self.usenetPost), lineBlocks(Self.usenetPost)] {
            let found = Found(Self.usenetPost, blocks: blocks)
            let bodyStart = Array(Self.usenetPost.utf8).count - Array(Self.usenetPost.split(separator: "\n\n")[1].utf8).count
            #expect(found.mentions.allSatisfy { $0.range.lowerBound >= bodyStart },
                    "\(found.mentions.filter { $0.range.lowerBound < bodyStart }.map(found.surface))")
            #expect(found.types(of: "Tom Baker") == [.person])
            #expect(found.types(of: "Carnegie Mellon University") == [.org])
        }
    }

    @Test func aHeadlineLineInCapitalsInsideABlockGetsOnlyListedNames() {
        // A plain-text article with no blank line after its headline: one block, the headline its first line.
        let text = """
            SOCCER - ROMANIA BEAT ZELTRA IN UNDER-21 MATCH.
            BUCHAREST 1996-08-30
            Romania beat the ZELTRA youth side 2-1 on Friday.
            """
        let found = Found(text, blocks: [0..<text.utf8.count])
        #expect(found.with("BEAT").isEmpty)
        #expect(found.with("MATCH").isEmpty)
        #expect(found.types(of: "ROMANIA") == [.place])
        // The unlisted acronym is an organisation on an ordinary line, but not in the headline.
        let zeltra = found.mentions.filter { found.surface($0) == "ZELTRA" }
        #expect(zeltra.count == 1)
        #expect(zeltra.allSatisfy { $0.type == .org && $0.range.lowerBound > 60 })
        // A line of two capitalised words is no headline: a dateline keeps its place.
        #expect(found.types(of: "BUCHAREST") == [.place])
    }

    @Test func aListOfNamesOneALineIsNoHeadline() {
        // A results table kept as one block (short lines, no blank line): mostly capitalised words, but title
        // case says "headline" only for a block of one line.
        let text = """
            Men's 200 metres
            1. Frankie Fredericks (Namibia) 19.97 seconds
            2. Michael Johnson (U.S.) 20.02
            3. Ato Boldon (Trinidad) 20.37
            """
        let found = Found(text, blocks: [0..<text.utf8.count])
        #expect(found.types(of: "Michael Johnson") == [.person])
        #expect(found.types(of: "Frankie Fredericks") == [.person])
        // The same words on one line are a headline, with gazetteer look-ups only.
        let line = "Michael Johnson Beats Frankie Fredericks In Namibia Meeting"
        let headline = Found(line, blocks: [0..<line.utf8.count])
        #expect(headline.types(of: "Michael Johnson").isEmpty)
        #expect(headline.types(of: "Namibia") == [.place])
    }

    @Test func aProseParagraphThatStartsWithALabelIsStillProse() {
        let text = "Note: President Joe Biden met Chancellor Olaf Scholz in Berlin on 3 March 2023."
        let found = Found(text)
        #expect(found.types(of: "Joe Biden") == [.person])
        #expect(found.types(of: "Berlin") == [.place])
    }

    @Test func datesWithoutAYearAreHighlightedButNameNoEntity() {
        let found = Found("""
            On Monday, and again last week, officials met; on 3 March 2024 and in March 2024 they signed, and in \
            2019 they had met on March 3 and yesterday.
            """)
        for relative in ["Monday", "last week", "March 3", "yesterday"] {
            #expect(found.types(of: relative) == [.date], "\(relative)")
            #expect(found.with(relative).allSatisfy { !$0.namesEntity && $0.canonical.isEmpty }, "\(relative)")
        }
        for absolute in ["3 March 2024", "March 2024", "2019"] {
            #expect(found.types(of: absolute) == [.date], "\(absolute)")
            #expect(found.canonicals(of: absolute) == [absolute], "\(absolute)")
        }
    }
}
