import GazetteIndex
import GazetteTestSupport
import Testing
@testable import GazetteSearch

/// Corpus-wide resolution on made-up tallies: the rules one at a time, then the user's corrections on top.
@Suite struct CorpusEntityResolverTests {
    static func tallies(_ entries: [(String, String, Int)]) -> [EntityIdentity: CorpusEntityResolver.Tally] {
        var result: [EntityIdentity: CorpusEntityResolver.Tally] = [:]
        for (type, canonical, documents) in entries {
            result[EntityIdentity(type: type, canonical: canonical)] = .init(documents: documents, mentions: documents, aliases: [canonical])
        }
        return result
    }

    static func target(_ resolution: EntityResolution, _ type: String, _ canonical: String) -> EntityIdentity? {
        resolution.resolve(EntityIdentity(type: type, canonical: canonical))
    }

    @Test func aLoneNameGuessedPersonTakesTheTypeACueGaveItElsewhere() {
        // Qantas: PERSON (no evidence) in 9 documents, ORG in 1.
        let r = CorpusEntityResolver.resolve(Self.tallies([("PERSON", "Qantas", 9), ("ORG", "Qantas", 1)]), corrections: [])
        #expect(Self.target(r, "PERSON", "Qantas") == EntityIdentity(type: "ORG", canonical: "Qantas"))
        #expect(Self.target(r, "ORG", "Qantas") == EntityIdentity(type: "ORG", canonical: "Qantas"))
        #expect(r.redirects[EntityIdentity(type: "PERSON", canonical: "Qantas")]?.reason == .typeEvidence)
    }

    @Test func aMultiWordNameTakesItsTypeOnlyFromAClearMajority() {
        let clear = CorpusEntityResolver.resolve(
            Self.tallies([("ORG", "Adventure World", 6), ("PERSON", "Adventure World", 2)]), corrections: [])
        #expect(Self.target(clear, "PERSON", "Adventure World")?.type == "ORG")
        let close = CorpusEntityResolver.resolve(
            Self.tallies([("ORG", "Adventure World", 3), ("PLACE", "Adventure World", 2)]), corrections: [])
        #expect(close.redirects.isEmpty)
        let closeWithAPerson = CorpusEntityResolver.resolve(
            Self.tallies([("ORG", "Grace Kelly", 3), ("PERSON", "Grace Kelly", 2)]), corrections: [])
        #expect(closeWithAPerson.redirects.isEmpty)
    }

    @Test func anUnlistedRunGuessedPersonTakesACuedTypeFromAThirdOfItsDocuments() {
        // Tora Bora: PERSON (the default for unlisted runs) in 9 documents, PLACE ("in Tora Bora") in 8.
        let r = CorpusEntityResolver.resolve(Self.tallies([("PERSON", "Tora Bora", 9), ("PLACE", "Tora Bora", 8)]), corrections: [])
        #expect(Self.target(r, "PERSON", "Tora Bora") == EntityIdentity(type: "PLACE", canonical: "Tora Bora"))
        // Under a third, the clear majority rule of every multi-word name decides.
        let few = CorpusEntityResolver.resolve(Self.tallies([("PERSON", "Tora Bora", 10), ("PLACE", "Tora Bora", 4)]), corrections: [])
        #expect(Self.target(few, "PLACE", "Tora Bora") == EntityIdentity(type: "PERSON", canonical: "Tora Bora"))
        // A listed given name makes PERSON a reading of its own: only a clear majority moves it.
        let named = CorpusEntityResolver.resolve(Self.tallies([("PERSON", "Michael Bora", 9), ("PLACE", "Michael Bora", 8)]), corrections: [])
        #expect(named.redirects.isEmpty)
    }

    @Test func aLoneSurnameJoinsTheOnePersonNamedInFull() {
        let r = CorpusEntityResolver.resolve(
            Self.tallies([("PERSON", "John Howard", 30), ("PERSON", "Howard", 5), ("PERSON", "Yasser Arafat", 20), ("PERSON", "Arafat", 4)]),
            corrections: [])
        #expect(Self.target(r, "PERSON", "Howard") == EntityIdentity(type: "PERSON", canonical: "John Howard"))
        #expect(Self.target(r, "PERSON", "Arafat") == EntityIdentity(type: "PERSON", canonical: "Yasser Arafat"))
        #expect(r.redirects[EntityIdentity(type: "PERSON", canonical: "Howard")]?.reason == .surnameJoin)
    }

    @Test func aSurnameOfTwoPeopleStaysApartUnlessOneDominates() {
        let ambiguous = CorpusEntityResolver.resolve(
            Self.tallies([("PERSON", "John Howard", 6), ("PERSON", "Ryan Howard", 4), ("PERSON", "Howard", 3)]), corrections: [])
        #expect(Self.target(ambiguous, "PERSON", "Howard") == EntityIdentity(type: "PERSON", canonical: "Howard"))
        let dominant = CorpusEntityResolver.resolve(
            Self.tallies([("PERSON", "John Howard", 30), ("PERSON", "Ryan Howard", 2), ("PERSON", "Howard", 3)]), corrections: [])
        #expect(Self.target(dominant, "PERSON", "Howard")?.canonical == "John Howard")
    }

    /// The byte fast paths of splitting a name into words and finding a space give what the Character ones give.
    @Test func wordsOfANameAreTheWordsItsCharactersSplitInto() {
        var names = [
            "John Howard", " Leading", "Trailing ", "two  spaces", "", " ", "Zürich Bank", "e\u{301} combining",
            "a \u{301}b", "CR\r\nLF", "tab\tname", "Mistral AI", "George W Bush",
        ]
        var state: UInt64 = 12
        let alphabet: [Character] = ["a", "B", " ", "\r", "\n", "é", "\u{301}", "-"]
        for _ in 0..<500 {
            var name = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<Int(state >> 60) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                name.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            names.append(name)
        }
        for name in names {
            #expect(CorpusEntityResolver.words(of: name) == name.split(separator: " "), "\(name.debugDescription)")
            #expect(CorpusEntityResolver.containsSpace(name) == name.contains(" "), "\(name.debugDescription)")
        }
    }

    @Test func onlyNamesThatLookLikeAPersonsAreFullNamesForASurname() {
        // Lindsay and Brett come from the census given names (given-names-census.txt): "Fox" and "Lee" are
        // English words, so without a listed given name these would be no full names.
        for name in ["John Howard", "George W Bush", "Yasser Arafat", "Lance Klusener", "Lindsay Fox", "Brett Lee"] {
            #expect(CorpusEntityResolver.looksLikeFullName(name.split(separator: " ")), "\(name)")
        }
        for name in ["Hopman Cup", "Air Force B", "Davis Cup"] {
            #expect(!CorpusEntityResolver.looksLikeFullName(name.split(separator: " ")), "\(name)")
        }
        let r = CorpusEntityResolver.resolve(Self.tallies([("PERSON", "Hopman Cup", 3), ("PERSON", "Cup", 2)]), corrections: [])
        #expect(Self.target(r, "PERSON", "Cup") == EntityIdentity(type: "PERSON", canonical: "Cup"))
    }

    @Test func anUntypedWordTakesTheOneEntityTheCorpusMakesOfItsName() {
        // Qantas: untyped in 7 documents, PERSON (no evidence) in 2, ORG in 1: all of it the ORG.
        let r = CorpusEntityResolver.resolve(
            Self.tallies([("NAME", "Qantas", 7), ("PERSON", "Qantas", 2), ("ORG", "Qantas", 1)]), corrections: [])
        #expect(Self.target(r, "NAME", "Qantas") == EntityIdentity(type: "ORG", canonical: "Qantas"))
        #expect(Self.target(r, "PERSON", "Qantas") == EntityIdentity(type: "ORG", canonical: "Qantas"))
        // Typed one way only: that type, whatever the counts.
        let once = CorpusEntityResolver.resolve(Self.tallies([("NAME", "Ansett", 9), ("ORG", "Ansett", 1)]), corrections: [])
        #expect(Self.target(once, "NAME", "Ansett") == EntityIdentity(type: "ORG", canonical: "Ansett"))
        // A lone surname of the one person named in full joins that person, as a typed one does.
        let surname = CorpusEntityResolver.resolve(
            Self.tallies([("NAME", "Dixon", 3), ("PERSON", "Geoff Dixon", 2), ("NAME", "Vialli", 1), ("PERSON", "Gianluca Vialli", 1)]),
            corrections: [])
        #expect(Self.target(surname, "NAME", "Dixon") == EntityIdentity(type: "PERSON", canonical: "Geoff Dixon"))
        #expect(Self.target(surname, "NAME", "Vialli") == EntityIdentity(type: "PERSON", canonical: "Gianluca Vialli"))
        #expect(surname.redirects[EntityIdentity(type: "NAME", canonical: "Dixon")]?.reason == .surnameJoin)
    }

    @Test func anUntypedWordStaysHiddenWithoutOneReading() {
        // No typed evidence; two types that stay apart; two people of that surname.
        let r = CorpusEntityResolver.resolve(Self.tallies([
            ("NAME", "Zanthorpe", 12),
            ("NAME", "Illawarra", 4), ("ORG", "Illawarra", 3), ("PLACE", "Illawarra", 2),
            ("NAME", "Kelly", 5), ("PERSON", "Grace Kelly", 3), ("PERSON", "Ned Kelly", 3),
            // Typed nowhere, the surname of a "person" whose name opens with an English word or a code.
            ("NAME", "Hartlepool", 2), ("PERSON", "West Hartlepool", 1), ("NAME", "Mobil", 1), ("PERSON", "W224 Mobil", 1),
        ]), corrections: [])
        #expect(Self.target(r, "NAME", "Hartlepool") == nil)
        #expect(Self.target(r, "NAME", "Mobil") == nil)
        #expect(Self.target(r, "NAME", "Zanthorpe") == nil)
        #expect(Self.target(r, "NAME", "Illawarra") == nil)
        #expect(Self.target(r, "NAME", "Kelly") == nil)
        #expect(Self.target(r, "ORG", "Illawarra") == EntityIdentity(type: "ORG", canonical: "Illawarra"))
        #expect(r.redirects[EntityIdentity(type: "NAME", canonical: "Zanthorpe")] == nil)
        // No correction names a hidden word: an ignore or a merge into it changes nothing.
        let corrected = CorpusEntityResolver.resolve(
            Self.tallies([("NAME", "Zanthorpe", 12), ("PERSON", "Zanthorpe Smith", 1)]),
            corrections: [EntityCorrection(kind: .merge, name: "Zanthorpe Smith", value: "Zanthorpe")])
        #expect(Self.target(corrected, "PERSON", "Zanthorpe Smith") == EntityIdentity(type: "PERSON", canonical: "Zanthorpe Smith"))
    }

    @Test func aPersonNamedOnlyByDefaultIsAPersonUnlessRepeatedUnconfirmed() {
        let r = CorpusEntityResolver.resolve(Self.tallies([
            // Named by default in a couple of documents, typed nowhere: a PERSON, and its surname joins it.
            ("NAME", "Wasim Akram", 2), ("NAME", "Akram", 1),
            // A heading on every page of a manual, confirmed as a person in one page of 2,886.
            ("NAME", "Kernel Livepatching", 2_885), ("PERSON", "Kernel Livepatching", 1),
            // By default in three or more documents and confirmed nowhere.
            ("NAME", "Keypad Panel", 3),
            // By default in more documents than confirmed, but not twice as many: a PERSON.
            ("NAME", "Orhan Pamuk", 5), ("PERSON", "Orhan Pamuk", 3),
            // Another type elsewhere: that type.
            ("NAME", "Tora Bora", 9), ("PLACE", "Tora Bora", 1),
        ]), corrections: [])
        let akram = EntityIdentity(type: "PERSON", canonical: "Wasim Akram")
        #expect(Self.target(r, "NAME", "Wasim Akram") == akram)
        // Stored without a redirect, which only the hidden and the otherwise typed need.
        #expect(r.redirects[EntityIdentity(type: "NAME", canonical: "Wasim Akram")] == nil)
        #expect(r.redirects[EntityIdentity(type: "NAME", canonical: "Keypad Panel")] == .init(target: nil, reason: .ignored))
        #expect(r.redirects[EntityIdentity(type: "NAME", canonical: "Orhan Pamuk")] == nil)
        #expect(Self.target(r, "NAME", "Akram") == akram)
        #expect(Self.target(r, "NAME", "Kernel Livepatching") == nil)
        #expect(Self.target(r, "PERSON", "Kernel Livepatching") == EntityIdentity(type: "PERSON", canonical: "Kernel Livepatching"))
        #expect(Self.target(r, "NAME", "Keypad Panel") == nil)
        #expect(Self.target(r, "NAME", "Orhan Pamuk") == EntityIdentity(type: "PERSON", canonical: "Orhan Pamuk"))
        #expect(Self.target(r, "NAME", "Tora Bora") == EntityIdentity(type: "PLACE", canonical: "Tora Bora"))
    }

    @Test func datesAndAmountsAreLeftAlone() {
        let r = CorpusEntityResolver.resolve(Self.tallies([("DATE", "2022", 5), ("PERSON", "2022", 1)]), corrections: [])
        #expect(Self.target(r, "DATE", "2022") == EntityIdentity(type: "DATE", canonical: "2022"))
    }

    @Test func correctionsApplyInOrderOnTopOfTheCorpusRules() {
        let tallies = Self.tallies([
            ("PERSON", "Bush", 4), ("PERSON", "George W Bush", 10), ("PERSON", "George Bush", 9), ("PERSON", "Tora Bora", 15),
            ("PERSON", "Test", 37), ("PERSON", "Qantas", 9),
        ])
        let corrections = [
            EntityCorrection(kind: .merge, name: "Bush", value: "George W Bush"),
            EntityCorrection(kind: .retype, name: "Tora Bora", value: "PLACE"),
            EntityCorrection(kind: .rename, name: "Tora Bora", value: "Tora Bora caves"),
            EntityCorrection(kind: .ignore, name: "Test"),
            EntityCorrection(kind: .retype, name: "Qantas", value: "ORG", type: "PLACE"),  // no PLACE Qantas: nothing
        ]
        let r = CorpusEntityResolver.resolve(tallies, corrections: corrections)
        #expect(r.corrections == corrections)
        #expect(Self.target(r, "PERSON", "Bush") == EntityIdentity(type: "PERSON", canonical: "George W Bush"))
        #expect(Self.target(r, "PERSON", "George Bush") == EntityIdentity(type: "PERSON", canonical: "George Bush"))
        #expect(Self.target(r, "PERSON", "Tora Bora") == EntityIdentity(type: "PLACE", canonical: "Tora Bora caves"))
        #expect(Self.target(r, "PERSON", "Test") == nil)
        #expect(Self.target(r, "PERSON", "Qantas") == EntityIdentity(type: "PERSON", canonical: "Qantas"))
    }
}

/// The indexed corrections against the plain oracle, on random corpora whose names share words, cases, dots and
/// possessives, so that corrections name several entities, aliases, renamed and retyped ones.
@Suite struct CorrectionsAgreementTests {
    static let words = ["Bush", "George", "W.", "Howard", "John", "Tora", "Bora", "Qantas", "Test", "Arafat", "Yasser", "Ansett"]
    static let types = ["PERSON", "ORG", "PLACE", "NORP", "NAME", "DATE"]

    static func name(_ g: inout SeededRandom) -> String {
        var parts = (0..<Int.random(in: 1...2, using: &g)).map { _ in words.randomElement(using: &g)! }
        if Bool.random(using: &g) && parts.count == 1 { parts[0] = parts[0].uppercased() }
        if Int.random(in: 0..<6, using: &g) == 0 { parts[parts.count - 1] += "'s" }
        if Int.random(in: 0..<8, using: &g) == 0 { parts.insert("the", at: 0) }
        return parts.joined(separator: Bool.random(using: &g) ? " " : "-")
    }

    @Test func indexedCorrectionsAgreeWithTheNameByNameOracle() {
        var g = SeededRandom(seed: 17)
        var applied = 0
        for round in 0..<300 {
            var tallies: [EntityIdentity: CorpusEntityResolver.Tally] = [:]
            for _ in 0..<Int.random(in: 1...25, using: &g) {
                let canonical = Self.name(&g)
                var aliases: Set<String> = [canonical]
                for _ in 0..<Int.random(in: 0...2, using: &g) { aliases.insert(Self.name(&g)) }
                tallies[EntityIdentity(type: Self.types.randomElement(using: &g)!, canonical: canonical)] =
                    .init(documents: Int.random(in: 1...20, using: &g), mentions: 30, aliases: aliases)
            }
            var corrections: [EntityCorrection] = []
            for _ in 0..<Int.random(in: 1...6, using: &g) {
                let kind = EntityCorrection.Kind.allCases.randomElement(using: &g)!
                let value = switch kind {
                case .merge, .rename: Self.name(&g)
                case .retype: Self.types.randomElement(using: &g)!
                case .ignore: ""
                }
                let type = Bool.random(using: &g) ? "" : Self.types.randomElement(using: &g)!
                corrections.append(EntityCorrection(kind: kind, name: Self.name(&g), value: value, type: type))
            }
            let start = CorpusEntityResolver.resolve(tallies, corrections: []).redirects
            var indexed = start, oracle = start
            CorpusEntityResolver.apply(corrections, to: &indexed, tallies: tallies)
            CorrectionsByNameOracle.apply(corrections, to: &oracle, tallies: tallies)
            #expect(indexed == oracle, "round \(round): \(corrections)")
            if indexed != start { applied += 1 }
        }
        // The rounds must exercise the corrections, not only names that match nothing.
        #expect(applied > 100)
    }
}
