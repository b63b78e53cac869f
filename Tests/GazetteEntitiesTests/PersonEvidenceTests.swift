import Testing
import GazetteAnalysis
import GazetteEntities

/// A lone capitalised word that no list knows is a person only with evidence of one: a full name, a title or
/// role, a speech verb, an office after it, an apposition with a title, a personal pronoun after it. Otherwise
/// it is more often a town, a team or a brand than a person, and is left untyped.
@Suite struct PersonEvidenceTests {
    @Test func loneUnknownWordWithoutEvidenceIsNoPerson() {
        let f = Found("Freight volumes through Varnholt rose sharply last year, while the Quendry depot stayed shut.")
        #expect(f.with("Varnholt").allSatisfy { $0.type != .person })
        let g = Found("Prices at the Tessaline outlet fell. Shares of Brevorka closed higher on the day.")
        #expect(g.with("Brevorka").allSatisfy { $0.type != .person })
    }

    @Test func aCommonNounAbbreviationMakesNoName() {
        // Headings of a manual and of an economics page: an abbreviation of a common noun (CPU, GDP, API) before
        // words no list knows names a topic, not a person; an unknown all-caps word still makes an organisation.
        let f = Found("Quarterly Reports\n\nGDP Forecasts\n\nGPU Schedulers\n\nAPI Lifetimes\n\nAnalysts at KRX Vendrell said so.")
        #expect(f.with("GDP Forecasts").isEmpty)
        #expect(f.with("GPU Schedulers").isEmpty)
        #expect(f.with("API Lifetimes").isEmpty)
        #expect(f.types(of: "KRX Vendrell") == [.org])
        // Last, the abbreviation says what a company does.
        let g = Found("Investors in Varnholt AI and Quendry LNG lost money.")
        #expect(g.types(of: "Varnholt AI") == [.org])
        #expect(g.types(of: "Quendry LNG") == [.org])
    }

    @Test func aShoutedEnglishWordAloneIsNoOrganisation() {
        // A word in capitals that the English word list knows is shouted, not an acronym; one it does not know
        // is an organisation's initials.
        let f = Found("Results on Friday (home team in CAPS): the clubs met.\nThe KRX board met.")
        #expect(f.with("CAPS").isEmpty)
        #expect(f.types(of: "KRX") == [.org])
    }

    @Test func aRankBeforeCommonWordsIsAnAdjective() {
        // "General" before words the text also writes in lowercase is no title; before a name it is.
        let f = Found("""
            General Information
            The regulation covers general information on data protection. General Data Protection Regulation rules apply.
            General Okafor said the protection of data was a matter of regulation.
            """)
        #expect(f.with("Information").isEmpty)
        #expect(f.with("Data Protection Regulation").isEmpty)
        #expect(f.types(of: "Okafor") == [.person])
    }

    @Test func militaryAndPoliceRanksAreTitlesNotNames() {
        let f = Found("Army spokesman Brigadier General Ron Kitrey said the convoy was not targeted.")
        #expect(f.mentions.filter { $0.type == .person }.map { f.surface($0) } == ["Ron Kitrey"])
        let g = Found("NATO spokesman Lieutenant-Colonel Max Marriner and Detective Sergeant Ana Pereira arrived.")
        #expect(g.mentions.filter { $0.type == .person }.map { g.surface($0) } == ["Max Marriner", "Ana Pereira"])
    }

    @Test func officeAfterTheName() {
        let f = Found("Critics of the plan said Okonkwo allies had blocked the vote for months.")
        #expect(f.types(of: "Okonkwo") == [.person])
    }

    @Test func appositionWithATitle() {
        let f = Found("The board met on Friday. Halvorsen, the chairman, declined to comment on the offer.")
        #expect(f.types(of: "Halvorsen") == [.person])
        let g = Found("Tarrant, leader of the opposition bloc, walked out of the chamber.")
        #expect(g.types(of: "Tarrant") == [.person])
    }

    @Test func pronounLaterInTheSentenceOrOpeningTheNext() {
        let f = Found("With most ballots counted, Marwick trailed by four points, although she had led early on.")
        #expect(f.types(of: "Marwick") == [.person])
        let g = Found("After the result Brannagh conceded defeat. He thanked his staff.")
        #expect(g.types(of: "Brannagh") == [.person])
    }

    @Test func surnameEndingSeenThroughAPossessive() {
        let f = Found("Lawmakers rejected Kowalczyk's proposal by a wide margin.")
        #expect(f.types(of: "Kowalczyk") == [.person])
    }

    /// A language or a religion after "into", "to" or "in" reads like a place, and a lone one like a name: both
    /// are NORP, from the ISO 639 names (data/gazetteers/languages.txt) and the religions of norp.txt.
    @Test func languagesAndReligionsAreNeitherPlacesNorPeople() {
        let f = Found("The charter was translated into Latin and Swahili, and later into Sanskrit.")
        #expect(f.types(of: "Latin") == [.norp])
        #expect(f.types(of: "Swahili") == [.norp])
        #expect(f.types(of: "Sanskrit") == [.norp])
        let g = Found("He converted to Christianity in 1820. Islam and Buddhism spread along the trade routes.")
        #expect(g.types(of: "Christianity") == [.norp])
        #expect(g.types(of: "Islam") == [.norp])
        #expect(g.types(of: "Buddhism") == [.norp])
        // A language that is as often a surname is not listed.
        let h = Found("The manifesto was written by André Breton in 1924.")
        #expect(h.types(of: "André Breton") == [.person])
        // Fastened to a name particle, a listed group name is part of the name it ends.
        let i = Found("Saif al-Islam Gaddafi spoke in Tripoli on Sunday.")
        #expect(i.types(of: "Saif al-Islam Gaddafi") == [.person])
    }

    /// A run of unlisted capitalised words that no given name opens was a person by default; when its last word
    /// is a common English word the same text also writes in lowercase, it names a thing ("the kernel"), not a
    /// surname, and is an organisation-like name instead. A surname that is also a word stays a person when the
    /// text never uses it as a word.
    @Test func aRunEndingInAWordTheTextUsesInLowercaseIsNoPerson() {
        let f = Found("Pirelli Cables said on Monday that it would sell the cables unit. Talks went on.")
        #expect(f.types(of: "Pirelli Cables") == [.org])
        let g = Found("Interrupts reach Zorvex Kernel first. Every kernel thread runs at boot.")
        #expect(g.types(of: "Zorvex Kernel") == [.org])
        let h = Found("Thomondo Woods shot a 65 on Sunday to win by three strokes.")
        #expect(h.types(of: "Thomondo Woods") == [.person])
    }

    @Test func formerCountries() {
        let f = Found("Czechoslovakia split peacefully, unlike Yugoslavia a few years earlier.")
        #expect(f.types(of: "Czechoslovakia") == [.place])
        #expect(f.types(of: "Yugoslavia") == [.place])
    }

    @Test func facilitiesAndCompaniesByTheirHeadWord() {
        let f = Found("Inmates at Kessling Prison staged a protest, and Marovia Cement said output fell.")
        #expect(f.types(of: "Kessling Prison") == [.place])
        #expect(f.types(of: "Marovia Cement") == [.org])
    }

    @Test func givenNameBeforeAListedPlaceIsAPerson() {
        let f = Found("The crowd rose when Michael Jordan walked onto the court in Chicago.")
        #expect(f.types(of: "Michael Jordan") == [.person])
        #expect(f.types(of: "Chicago") == [.place])
    }

    @Test func loneWordTakesTheTypeOfTheNameItOpens() {
        let f = Found("Vantoria Holdings reported a loss for the year. Shares of Vantoria fell by a tenth.")
        #expect(f.types(of: "Vantoria Holdings") == [.org])
        #expect(f.types(of: "Vantoria") == [.org])
    }

    @Test func eventsAreNoPeople() {
        let f = Found("Larsen won the Harbourside Open last week and will defend the Kestrel Cup in June.")
        #expect(f.with("Harbourside Open").isEmpty)
        #expect(f.with("Kestrel Cup").isEmpty)
        #expect(f.types(of: "Larsen").allSatisfy { $0 != .org && $0 != .place })
    }

    @Test func anUnlistedRunInAPlaceContextIsAPlace() {
        let f = Found("Fighting went on in Tarak Veldo overnight. Aid reached the Surra Mondel region by truck.")
        #expect(f.types(of: "Tarak Veldo") == [.place])
        #expect(f.types(of: "Surra Mondel") == [.place])
        // A run that a listed given name opens stays a person, and so does a possessive one.
        let g = Found("The change was in Peter Veldo's interest, officials said, and in Tarak Mondel's too.")
        #expect(g.types(of: "Peter Veldo") == [.person])
        #expect(g.types(of: "Tarak Mondel") == [.person])
        let k = Found("Residents of the town of Veldo Rask fled. Campers left Lake Mondera and Mount Tarrak.")
        #expect(k.types(of: "Veldo Rask") == [.place])
        #expect(k.types(of: "Lake Mondera") == [.place])
        #expect(k.types(of: "Mount Tarrak") == [.place])
        // With no such context, an unlisted run is still read as a name of a person.
        let h = Found("Officials said Tarak Veldo had resigned on Monday.")
        #expect(h.types(of: "Tarak Veldo") == [.person])
    }

    @Test func aTitleOfABodyCuesNoPersonInTheBody() {
        let f = Found("The President of the Marvelo Cultural Society of Kenya, Odera Kertel, welcomed the ruling.")
        #expect(f.mentions.allSatisfy { $0.type != .person || !f.surface($0).contains("Society") },
                "\(f.mentions.map { (f.surface($0), $0.type) })")
        let g = Found("President Odera Kertel of Kenya welcomed the ruling.")
        #expect(g.types(of: "Odera Kertel") == [.person])
    }

    @Test func anUnlistedDatelineIsThePlaceTheStoryWasFiledFrom() {
        let text = """
            Talks resume in the north.
            VELMAROK 1996-08-30
            Negotiators met again on Friday.
            KESTRAVYURT, Russia 1996-08-31
            ZELTRA (Reuters) - The ZELTRA board met on Friday.
            """
        let f = Found(text, blocks: [0..<text.utf8.count])
        #expect(f.types(of: "VELMAROK") == [.place])
        #expect(f.types(of: "KESTRAVYURT") == [.place])
        #expect(f.types(of: "ZELTRA") == [.place, .org], "\(f.mentions.map { (f.surface($0), $0.type) })")
        // In the middle of a line, capitals before a year are an acronym as before.
        let g = Found("Shares of ZELTRA 2024 notes fell.")
        #expect(g.types(of: "ZELTRA") != [.place])
    }

    @Test func anAgreementNamedAfterAPlaceIsNoMentionOfThePlace() {
        let f = Found("Both signed the Paris Agreement and the Kyoto Protocol, then met again in Paris.")
        #expect(f.mentions.filter { f.surface($0) == "Paris" }.count == 1)
        #expect(f.with("Kyoto").isEmpty)
        #expect(f.types(of: "Paris") == [.place])
    }

    @Test func theDistrictOfColumbiaIsAPlaceNotAnAcronym() {
        let f = Found("Officials in Washington, D.C. said DC police helped.")
        #expect(f.types(of: "D.C.") == [.place])
        #expect(f.types(of: "DC") == [.place])
        #expect(f.canonicals(of: "DC") == ["District of Columbia"])
    }

    @Test func lawsAndPlansNamedAfterPeopleAreNoPeople() {
        let f = Found("Congress passed the Kessler Plan and repealed the Varn-Hollis Act before the Odell Doctrine.")
        #expect(f.with("Kessler Plan").isEmpty)
        #expect(f.with("Varn-Hollis Act").isEmpty)
        #expect(f.with("Odell Doctrine").isEmpty)
        let g = Found("Flights to San Verano and Santa Molina were cut.")
        #expect(g.types(of: "San Verano") == [.place])
        #expect(g.types(of: "Santa Molina") == [.place])
    }

    @Test func aGovernmentIsAnOrganisationAndItsBareMentionJoinsIt() {
        let f = Found("The Federal Government rejected the plan. Officials said the Government would appeal. The Okafor Government fell.")
        #expect(f.types(of: "The Federal Government") == [.org])
        #expect(f.canonicals(of: "Government") == ["Federal Government"])
        #expect(f.types(of: "The Okafor Government") == [.org])
    }

    @Test func aCapitalisedCommonWordAfterTheIsNoOrganisation() {
        // Older or formal prose capitalises common nouns: "the Nation", "the Republic".
        let f = Found("The strength of the Nation lies in its people, and the Republic will endure. Shares of the Valtrex fell.")
        #expect(f.with("Nation").isEmpty)
        #expect(f.with("Republic").isEmpty)
        // An unlisted word that is no English word is still an organisation after "the".
        #expect(f.types(of: "Valtrex") == [.org])
    }

    @Test func anAmpersandJoinsAFirm() {
        let f = Found("The supplier Brandt & Kessel cut its forecast, and analysts at Morrow & Finch agreed.")
        #expect(f.types(of: "Brandt & Kessel") == [.org])
        #expect(f.types(of: "Morrow & Finch") == [.org])
    }
}
