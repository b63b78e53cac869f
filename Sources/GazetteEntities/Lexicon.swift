import GazetteAnalysis

/// What a single folded word is known to be (several may hold).
struct WordFlags: OptionSet, Sendable {
    let rawValue: UInt64
    static let english = WordFlags(rawValue: 1 << 0)       // a common lowercase English word (SCOWL)
    static let common = WordFlags(rawValue: 1 << 1)        // never a name on its own (pronouns, sentence adverbs...)
    static let givenName = WordFlags(rawValue: 1 << 2)
    static let orgWord = WordFlags(rawValue: 1 << 3)       // head word of organisation names
    static let month = WordFlags(rawValue: 1 << 4)
    static let weekday = WordFlags(rawValue: 1 << 5)
    static let connector = WordFlags(rawValue: 1 << 6)     // of, de, van, von, al, bin... (inside names)
    static let weakConnector = WordFlags(rawValue: 1 << 7) // and, for, the, on, & (inside organisation names only)
    static let currency = WordFlags(rawValue: 1 << 8)      // dollars, euros...
    static let scale = WordFlags(rawValue: 1 << 9)         // million, billion...
    static let numberWord = WordFlags(rawValue: 1 << 10)   // a, two, several...
    static let timeUnit = WordFlags(rawValue: 1 << 11)     // day(s), week(s)...
    static let relative = WordFlags(rawValue: 1 << 12)     // last, next, this, past, coming
    static let relativeEnd = WordFlags(rawValue: 1 << 13)  // ago, later, earlier
    static let placePrep = WordFlags(rawValue: 1 << 14)    // in, at, near, from...
    static let speechVerb = WordFlags(rawValue: 1 << 15)   // said, told...
    static let percentWord = WordFlags(rawValue: 1 << 16)  // percent
    static let dayWord = WordFlags(rawValue: 1 << 17)      // today, yesterday, tomorrow
    static let the = WordFlags(rawValue: 1 << 18)
    static let period = WordFlags(rawValue: 1 << 19)       // early, mid, late
    static let abbreviation = WordFlags(rawValue: 1 << 20) // a following "." does not end the sentence (Mr, Dr, St...)
    static let pronounAfter = WordFlags(rawValue: 1 << 21) // he, she, his, her
    static let title = WordFlags(rawValue: 1 << 22)        // a one-word person title (president, spokesman, mr)
    static let placeWord = WordFlags(rawValue: 1 << 23)    // head word of place and facility names (Airport, River)
    static let notAcronym = WordFlags(rawValue: 1 << 24)   // all-caps words that are no organisation (AI, GDP, CEO)
    static let headNoun = WordFlags(rawValue: 1 << 25)     // lowercase nouns a name can modify ("the Abu Dhabi format")
    static let personNoun = WordFlags(rawValue: 1 << 26)   // "the Trump administration"
    static let placeNoun = WordFlags(rawValue: 1 << 27)    // "the Dniester river"
    static let orgNoun = WordFlags(rawValue: 1 << 28)      // "company Petrobras", "the carmaker"
    static let possessiveDeterminer = WordFlags(rawValue: 1 << 29) // its, their
    static let monthAbbreviation = WordFlags(rawValue: 1 << 32)
    static let ordinal = WordFlags(rawValue: 1 << 30)      // first, second... (for "the third quarter")
    static let yearPart = WordFlags(rawValue: 1 << 31)     // quarter, half
    /// The first word of some gazetteer or title phrase: set on tokens (from `Lexicon.phrases`), never in the
    /// word lists, so that a pass can skip the phrase look-ups of words that start none.
    static let phraseStart = WordFlags(rawValue: 1 << 33)
    /// Function words that tell a block's language: common in English and rare elsewhere, or common in another
    /// language written in Latin letters and rare in English (words that are also name particles, "de", "von",
    /// "la", are in neither). Kept on tokens beside `phraseStart`, outside the 32 bits of the word-list flags.
    static let englishFunction = WordFlags(rawValue: 1 << 34)
    static let foreignFunction = WordFlags(rawValue: 1 << 35)
}

/// What a gazetteer phrase (a sequence of folded terms) is known to be.
struct PhraseInfo: Sendable {
    var place: Int32 = -1
    var org: Int32 = -1
    var norp: Int32 = -1
    var title = false
    /// Some longer phrase starts with this one.
    var prefix = false
    var isEntry: Bool { place >= 0 || org >= 0 || norp >= 0 || title }
}

/// The gazetteers, parsed once from `GazetteerData` into hash tables keyed by folded-term hashes.
final class Lexicon: Sendable {
    static let shared = Lexicon()

    let words: FrozenTable<UInt64>
    /// Common lowercase English words (SCOWL); `WordFlags.english` is set from it for capitalised tokens only.
    let english: FrozenTable<Bool>
    let phrases: FrozenTable<PhraseInfo>
    let canonicals: [String]
    let maxPhraseLength: Int
    /// Month number (1...12) by word hash.
    let months: FrozenTable<UInt8>

    private init() {
        var words = HashTable<UInt64>(capacity: 4_000, empty: 0)
        var phrases = HashTable<PhraseInfo>(capacity: 12_000, empty: PhraseInfo())
        var canonicals: [String] = []
        var canonicalIDs: [String: Int32] = [:]
        var maxLength = 1
        var analyzer = Analyzer()

        func add(_ flags: WordFlags, _ list: String) {
            var list = list
            list.withUTF8 { text in
                _ = analyzer.analyze(text, firstPosition: 0) { term, _ in
                    words.update(TermHash.hash(term)) { $0 |= flags.rawValue }
                }
            }
        }
        func intern(_ name: String) -> Int32 {
            if let id = canonicalIDs[name] { return id }
            let id = Int32(canonicals.count)
            canonicals.append(name)
            canonicalIDs[name] = id
            return id
        }
        func addPhrase(_ form: String, _ set: (inout PhraseInfo) -> Void) {
            let terms = analyzer.terms(of: form)
            guard !terms.isEmpty else { return }
            maxLength = max(maxLength, terms.count)
            var h = TermHash.seed
            for (i, t) in terms.enumerated() {
                h = TermHash.combine(h, TermHash.hash(t.term))
                if i < terms.count - 1 {
                    phrases.update(h) { $0.prefix = true }
                } else {
                    phrases.update(h, set)
                }
            }
        }
        func addPhrases(_ list: String, _ kind: EntityType) {
            for forms in Self.fieldsByLine(list) {
                guard let canonical = forms.first, !canonical.isEmpty else { continue }
                let id = intern(canonical)
                for form in forms where !form.isEmpty {
                    addPhrase(form) { info in
                        switch kind {
                        case .place: if info.place < 0 { info.place = id }
                        case .org: if info.org < 0 { info.org = id }
                        case .norp: if info.norp < 0 { info.norp = id }
                        default: break
                        }
                    }
                }
            }
        }

        // The English word list is large: kept in its own table, consulted only for capitalised tokens, so that
        // the per-token table stays small enough for the cache.
        var english = HashTable<Bool>(capacity: 70_000, empty: false)
        var englishList = GazetteerData.englishWords
        englishList.withUTF8 { text in
            _ = analyzer.analyze(text, firstPosition: 0) { term, _ in
                english.update(TermHash.hash(term)) { $0 = true }
            }
        }
        add(.common, GazetteerData.commonOverrides)
        add(.givenName, GazetteerData.givenNames)
        add(.givenName, GazetteerData.givenNamesCensus)
        add(.orgWord, GazetteerData.orgWords)
        add(.weekday, "Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
        add(.connector, "of de du da das dos van von der den del della di la le al el bin bint ibn ben ter zu y")
        add(.weakConnector, "and for the &")
        add(.currency, """
            dollar dollars euro euros pound pounds sterling rouble roubles ruble rubles yuan renminbi yen franc francs \
            rupee rupees hryvnia hryvnias hryvnas lei leu zloty zlotys forint forints krona kronor krone kroner lira \
            liras won real reais peso pesos rand shekel shekels riyal riyals dirham dirhams naira cedi shilling shillings
            """)
        add(.scale, "thousand million billion trillion bn mn m tn k")
        add(.numberWord, "a an one two three four five six seven eight nine ten eleven twelve several few many some fifteen twenty thirty")
        add(.timeUnit, "day days week weeks month months year years decade decades weekend weekends quarter century")
        add(.relative, "last next this past coming previous same")
        add(.relativeEnd, "ago later earlier")
        add(.placePrep, "in at near from outside across into toward towards inside via")
        add(.speechVerb, """
            said says told added argued wrote warned insisted noted stressed claimed denied urged acknowledged \
            announced replied declared confirmed tweeted posted explained asked
            """)
        add(.percentWord, "percent percentage")
        add(.dayWord, "today yesterday tomorrow tonight")
        // Holidays are dates (OntoNotes' DATE), not names: "Christmas", "Christmas Day", "Easter".
        add(.dayWord, "christmas easter ramadan hanukkah diwali thanksgiving passover halloween")
        add(.the, "the")
        add(.period, "early mid late end beginning start middle")
        add(.abbreviation, "mr mrs ms dr st prof gen lt col sgt capt rep sen gov jr sr no vs inc corp ltd co rev mt ft")
        add(.pronounAfter, "he she his her him")
        add(.headNoun, """
            party government region union format summit administration talks delegation delegations officials \
            authorities leadership economy market markets border forces army troops military leader leaders side \
            team club embassy capital province state territory area sanctions deal plan proposal agreement talks \
            meeting meetings climate conference campaign court courts case ruling president presidency spokesman \
            spokeswoman ministry minister office offices budget election elections vote parliament coalition \
            regime war strategy policy policies rules law laws model approach mission process framework
            """)
        add(.personNoun, "administration campaign family era presidency camp allies government cabinet supporters loyalists")
        add(.placeNoun, "river region province oblast sea mountains valley city town village district border coast island islands lake county state")
        add(.orgNoun, """
            company firm group giant bank carrier operator lender insurer maker carmaker producer agency broadcaster \
            newspaper startup retailer manufacturer conglomerate chipmaker airline exchange fund brand developer
            """)
        add(.possessiveDeterminer, "its their our your my")
        add(.englishFunction, """
            the of and to that with for are were is was this which from have has had been would will they their \
            said but not by he she it its who after than there these when what be or you we his her should could \
            about into other only can on at as if all
            """)
        add(.foreignFunction, """
            les des une et dans avec pas qui que aux ce cette sont il ils nous vous mais être où était \
            und ist nicht mit für ein eine einen auf dem sich auch wird werden oder wie bei nach aus sind im zum \
            zur über wenn kann können diese dieser noch nur \
            los las por una para es se como más pero está esta este sus también \
            gli sono che è nel alla anche questo della delle \
            não uma em são mais pelo pela você \
            het een niet zijn voor dat op ook wordt worden bij naar kunnen \
            och att är som för på av det inte och og ikke til jeg \
            nie się jest że je și în este care sau cu din \
            ve bir bu için ile ini untuk dengan tidak adalah \
            của và là các được có trong cho không những \
            ja ei että kun egy hogy és
            """)
        add(.ordinal, "first second third fourth final last")
        add(.yearPart, "quarter half")
        add(.placeWord, """
            Airport Avenue Bay Bridge Canal Coast Desert District Forest Gulf Harbour Harbor Heights Highway Island \
            Islands Lake Mountain Mountains Oblast Ocean Palace Park Peninsula Plant Plaza Port Province Region \
            River Road Sea Square Stadium Station Strait Street Tower Valley County Krai Governorate Prefecture State \
            Prison Hotel Dome Arena Cathedral Mosque Barracks
            """)
        add(.notAcronym, """
            AI GDP LNG TV CEO CFO PM ID OK COVID GMT UTC CO2 NGO NGOs MP MPs EV EVs IPO ETF VAT AM FM PC PCs DNA \
            HIV AIDS PhD RAM CPU GPU GPUs USB SMS LGBT LGBTQ HQ CV PR TBD FAQ CCTV SUV SUVs RSS PDF HTML API APIs \
            AEDT AEST ACDT ACST AWST NZDT NZST EST EDT CST CDT MST MDT PST PDT AKST HST BST CET CEST EET EEST WET \
            MSK IST PKT JST KST HKT SGT WIB ICT
            """)

        for line in Self.fieldsByLine(GazetteerData.personTitles, separator: nil) {
            let form = line[0]
            addPhrase(form) { $0.title = true }
            if !form.contains(" ") {
                add(.title, form)
            }
        }
        addPhrases(GazetteerData.countries, .place)
        addPhrases(GazetteerData.cities, .place)
        addPhrases(GazetteerData.placesExtra, .place)
        addPhrases(GazetteerData.tzCities, .place)
        addPhrases(GazetteerData.subdivisions, .place)
        addPhrases(GazetteerData.formerCountries, .place)
        addPhrases(GazetteerData.organizations, .org)
        addPhrases(GazetteerData.norp, .norp)
        addPhrases(GazetteerData.languages, .norp)

        var months = HashTable<UInt8>(capacity: 32, empty: 0)
        let monthNames = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        for (i, m) in monthNames.enumerated() {
            months.update(TermHash.hash(m)) { $0 = UInt8(i + 1) }
            words.update(TermHash.hash(m)) { $0 |= WordFlags.month.rawValue }
        }
        // Abbreviations ("Nov 5", "Sept. 12"): dates only with a day number (see `matchNumeric`).
        for (i, m) in ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"].enumerated() {
            let month = [1, 2, 3, 4, 6, 7, 8, 9, 9, 10, 11, 12][i]
            months.update(TermHash.hash(m)) { $0 = UInt8(month) }
            words.update(TermHash.hash(m)) { $0 |= WordFlags.monthAbbreviation.rawValue }
        }

        self.words = FrozenTable(words)
        self.english = FrozenTable(english)
        self.phrases = FrozenTable(phrases)
        self.canonicals = canonicals
        self.maxPhraseLength = maxLength
        self.months = FrozenTable(months)
    }

    /// The lines of `list` with a field, each cut at `separator` into its non-empty fields, trimmed of white space:
    /// what `list.split(separator: "\n")` and `line.split(separator: "|").map { String($0).trimmed }` give, on
    /// the bytes rather than on Characters (the gazetteers have no "\r\n", and no "|" or line feed before a
    /// combining mark, where the two would differ), which was two fifths of building the lexicon.
    static func fieldsByLine(_ list: String, separator: UInt8? = UInt8(ascii: "|")) -> [[String]] {
        var list = list
        return list.withUTF8 { bytes in
            var lines: [[String]] = []
            var fields: [String] = []
            var fieldStart = 0
            func endField(at end: Int) {
                if end > fieldStart { fields.append(trimmedField(UnsafeBufferPointer(rebasing: bytes[fieldStart..<end]))) }
                fieldStart = end + 1
            }
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : 0x0A
                if byte == 0x0A {
                    endField(at: index)
                    if !fields.isEmpty { lines.append(fields) }
                    fields = []
                } else if byte == separator {
                    endField(at: index)
                }
            }
            return lines
        }
    }

    /// A field as a `String`, without the white space at its ends: decided from the bytes when both ends are
    /// ASCII and not white space (no Character at either end can then be white space), else by `trimmed`.
    private static func trimmedField(_ field: UnsafeBufferPointer<UInt8>) -> String {
        func isPlainASCII(_ byte: UInt8) -> Bool { byte < 0x80 && byte != 0x20 && !(0x09...0x0D).contains(byte) }
        let string = String(decoding: field, as: UTF8.self)
        return isPlainASCII(field[0]) && isPlainASCII(field[field.count - 1]) ? string : string.trimmed
    }

    @inline(__always)
    func flags(_ hash: UInt64) -> WordFlags {
        WordFlags(rawValue: words.lookup(hash) ?? 0)
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
