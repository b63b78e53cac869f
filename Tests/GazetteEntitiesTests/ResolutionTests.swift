import Testing
import GazetteAnalysis
import GazetteEntities

@Suite struct ResolutionTests {
    @Test func abbreviationsOfTheUnitedStates() {
        let f = Found("The U.S. and the USA are America, and the United States is the US. U.S. officials agreed.")
        let canonicals = Set(f.mentions.filter { $0.type == .place }.map(\.canonical))
        #expect(canonicals == ["United States"])
        #expect(f.with("U.S.").count == 2)   // the final period is part of the abbreviation
        #expect(f.with("USA").count == 1)
        #expect(f.with("America").count == 1)
        #expect(f.with("the United States").count == 1)
    }

    @Test func britainAndTheEU() {
        let f = Found("Britain left the European Union in 2020. The UK and the EU still trade, and the United Kingdom pays.")
        #expect(f.canonicals(of: "Britain") == ["United Kingdom"])
        #expect(f.canonicals(of: "UK") == ["United Kingdom"])
        #expect(f.canonicals(of: "the United Kingdom") == ["United Kingdom"])
        #expect(f.canonicals(of: "EU") == ["European Union"])
        #expect(f.types(of: "the European Union") == [.org])
    }

    @Test func acronymInParenthesesBecomesAnAlias() {
        let f = Found("The Zambezi River Authority (ZRA) said on Monday that water levels were low. ZRA engineers warned of cuts.")
        #expect(f.types(of: "The Zambezi River Authority") == [.org])
        #expect(f.canonicals(of: "ZRA") == ["Zambezi River Authority"])
    }

    @Test func surnameAndTitles() {
        let f = Found("""
            Kenyan President William Ruto met Mr Odinga in Nairobi. Ruto said the talks were useful, and Odinga’s \
            allies agreed. Later, spokeswoman Adaeze Okafor said Okafor would brief reporters.
            """)
        #expect(f.types(of: "William Ruto") == [.person])
        #expect(f.canonicals(of: "Ruto") == ["William Ruto"])
        #expect(f.types(of: "Odinga") == [.person])
        #expect(f.with("Odinga").count == 2)
        #expect(f.types(of: "Adaeze Okafor") == [.person])
        #expect(f.canonicals(of: "Okafor") == ["Adaeze Okafor"])
        #expect(f.types(of: "Kenyan") == [.norp])
        #expect(f.with("President").isEmpty && f.with("Mr").isEmpty)
    }

    @Test func wordsBeforeAListedNameBelongToTheOrganisationItExtendsTo() {
        let f = Found("""
            National Australia Bank raised its rates, and the National Australia Bank chief agreed. Shares in \
            First Abu Dhabi Bank rose.
            """)
        #expect(f.types(of: "National Australia Bank") == [.org])
        #expect(f.canonicals(of: "the National Australia Bank") == ["National Australia Bank"])
        #expect(f.types(of: "First Abu Dhabi Bank") == [.org])
        #expect(f.with("National").isEmpty && f.with("Australia Bank").isEmpty)
    }

    @Test func aGivenNameBeforeAListedOrganisationIsAPerson() {
        let f = Found("Former mayor Michael Bloomberg said on Tuesday that he would fund it. Bloomberg News reported it.")
        #expect(f.types(of: "Michael Bloomberg") == [.person])
        #expect(f.with("Michael").isEmpty)
    }

    @Test func loneLettersAndBareMonthAbbreviationsNameNoOne() {
        let f = Found("""
            The plan had two parts, A and B. Part B failed, P said. In Sept the board met again, and in Oct it \
            voted. Vitamin C helps, and Plan B works, said Dr Anna Petrova. Later Malcolm X spoke in Harlem.
            """)
        for name in ["B", "P", "C", "Sept", "Oct", "Part B", "Plan B", "Vitamin C"] {
            #expect(f.with(name).isEmpty, "\(name)")
        }
        #expect(f.types(of: "Anna Petrova") == [.person])
        #expect(f.types(of: "Malcolm X") == [.person])   // a given name first: the letter is a name
    }

    @Test func organisationsFromHeadWords() {
        let f = Found("""
            Officials at the Bank of Ghana and the Ministry of Foreign Affairs met executives of Acme Holdings Inc. \
            and the Accra Chamber of Commerce on Friday.
            """)
        #expect(f.types(of: "the Bank of Ghana") == [.org])
        #expect(f.types(of: "the Ministry of Foreign Affairs") == [.org])
        #expect(f.types(of: "Acme Holdings Inc.") == [.org])
        #expect(f.types(of: "the Accra Chamber of Commerce") == [.org])
        #expect(f.types(of: "Friday") == [.date])
    }

    @Test func datesMoneyAndPercentages() {
        let f = Found("""
            On 3 March 2024 the fund lost $1.2 billion, or 12 percent, after a 3.5% fall; by March 3 it had €50bn \
            left and 60 dollars per share. Last week, two years ago and earlier this month prices rose.
            """)
        #expect(f.types(of: "3 March 2024") == [.date])
        #expect(f.types(of: "March 3") == [.date])
        #expect(f.types(of: "$1.2 billion") == [.money])
        #expect(f.types(of: "€50bn") == [.money])
        #expect(f.types(of: "60 dollars") == [.money])
        #expect(f.types(of: "12 percent") == [.percent])
        #expect(f.types(of: "3.5%") == [.percent])
        #expect(f.types(of: "two years ago") == [.date])
        #expect(f.types(of: "earlier this month") == [.date])
        #expect(f.types(of: "Last week") == [.date])
    }

    @Test func surnameJoinsItsFullNameWithTheParticle() {
        let f = Found("""
            Osama bin Laden was last seen in the mountains. Officials said bin Laden had fled, and bin Laden’s \
            aides were captured. Vincent van Gogh painted it; critics later called van Gogh a genius.
            """)
        #expect(f.with("bin Laden").count == 2)
        #expect(f.canonicals(of: "bin Laden") == ["Osama bin Laden"])
        #expect(f.types(of: "bin Laden") == [.person])
        #expect(f.with("Laden").isEmpty)
        #expect(f.canonicals(of: "van Gogh") == ["Vincent van Gogh"])
    }

    @Test func contractionsAreNeverNames() {
        let f = Found("""
            “I’m not leaving,” she said. "We're staying and I've told them. Don't worry, you'll see, they'd agree." \
            Mr O'Brien said O'Brien's plan stands.
            """)
        for word in ["I’m", "We're", "I've", "Don't"] { #expect(f.with(word).isEmpty, "\(word)") }
        #expect(f.types(of: "O'Brien") == [.person])
    }

    @Test func holidaysAreDatesAndTimeZonesNoOrganisations() {
        let f = Found("""
            Fires burned on Christmas Day and again on Christmas Eve. Asylum seekers on Christmas Island waited \
            until Easter. At about 4:00pm AEDT the wind changed.
            """)
        #expect(f.types(of: "Christmas Day") == [.date])
        #expect(f.types(of: "Christmas Eve") == [.date])
        #expect(f.types(of: "Easter") == [.date])
        #expect(f.types(of: "Christmas Island") == [.place])
        #expect(f.with("AEDT").isEmpty)
    }

    @Test func nameMatcher() {
        #expect(EntityNameMatcher.matches(query: "Lavrov", canonical: "Sergei Lavrov", aliases: []))
        #expect(EntityNameMatcher.matches(query: "lavrov’s", canonical: "Sergei Lavrov", aliases: []))
        #expect(EntityNameMatcher.matches(query: "SERGEI LAVROV", canonical: "Sergei Lavrov", aliases: []))
        #expect(EntityNameMatcher.matches(query: "U.S.", canonical: "United States", aliases: ["US", "U.S."]))
        #expect(EntityNameMatcher.matches(query: "us", canonical: "United States", aliases: ["US"]))
        #expect(EntityNameMatcher.matches(query: "Nicusor Dan", canonical: "Nicușor Dan", aliases: []))
        #expect(EntityNameMatcher.matches(query: "financial times", canonical: "Financial Times", aliases: ["the Financial Times"]))
        #expect(!EntityNameMatcher.matches(query: "Lav", canonical: "Sergei Lavrov", aliases: []))
        #expect(!EntityNameMatcher.matchesExactly(query: "Lavrov", canonical: "Sergei Lavrov", aliases: []))
        #expect(EntityKey(canonical: "Nicușor Dan", type: .person) == EntityKey(canonical: "nicusor dan", type: .person))
        #expect(EntityKey(canonical: "Dan", type: .person) != EntityKey(canonical: "Dan", type: .org))
    }
}
