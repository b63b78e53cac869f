// Resolution: after the scan, each candidate gets its canonical name; short forms take the full name's
// (surnames, first names, acronyms), and lone unlisted words get a type from their context.


extension RecognitionPass {
    static let itHash = TermHash.hash("it")
    static let itsHash = TermHash.hash("its")
    static let inPrepositions: [UInt64] = ["in", "near", "outside", "across", "inside"].map { TermHash.hash($0) }

    /// The text of bytes `start..<end` with each whitespace run (no-break spaces included) made one space.
    func collapsedText(from start: Int, to end: Int) -> String {
        // Written straight into the string (inline, with no allocation, up to 15 bytes: most names).
        guard end > start else { return "" }
        return String(unsafeUninitializedCapacity: end - start) { bytes in
            var count = 0
            var space = false
            var offset = start
            while offset < end {
                let character = text[offset]
                if character == 0x20 || character == 0x0A || character == 0x09 || character == 0x0D
                    || (character == 0xC2 && byte(offset + 1) == 0xA0) {
                    space = true
                    offset += character == 0xC2 ? 2 : 1
                    continue
                }
                if space && count > 0 {
                    bytes[count] = 0x20
                    count += 1
                }
                space = false
                bytes[count] = character
                count += 1
                offset += 1
            }
            return count
        }
    }

    /// The name's own text, without "the" and a possessive.
    func nameText(_ candidate: Candidate) -> String {
        var end = endWithoutPossessive(candidate.nameLast)
        if candidate.byteEnd > end && candidate.byteEnd == tokens[candidate.nameLast].end + 1 { end = candidate.byteEnd }  // "U.S."
        return collapsedText(from: tokens[candidate.nameFirst].start, to: end)
    }

    /// Surnames in several languages: Lavrov, Peskova, Zelenskyy, Kovalenko, Pashinyan, Shevardnadze...
    func looksLikeSurname(_ tokenIndex: Int) -> Bool {
        let start = tokens[tokenIndex].start
        let end = endWithoutPossessive(tokenIndex)  // "Kowalczyk's" ends in "czyk"
        guard end - start >= 4, !tokens[tokenIndex].shape.contains(.allCaps) else { return false }
        return Self.surnameEndings.matches(tail: SuffixSet.tail(of: text, start: start, end: end), length: end - start)
    }

    static let surnameEndings = SuffixSet([
        "ov", "ova", "ev", "eva", "sky", "skyy", "skiy", "ski", "ska", "enko", "vich", "yan", "dze", "shvili", "escu",
        "oglu", "ović", "ovic", "czyk", "wicz", "poulos", "akis", "elli", "etti", "stein", "berg", "mann", "sson",
        "ssen", "chuk", "yuk", "ovsky", "ishvili", "ez", "ini", "ian", "cki", "icz", "uk", "iak", "ak",
    ])

    /// Gives each candidate its type and canonical name (short forms take the document's full name) and returns
    /// the mentions, sorted and without overlaps.
    func resolve() -> [EntityMention] {
        var proposed = candidates.items
        candidates.items = []
        // People with two or more name tokens, by last and first token.
        // Keyed by token hashes (well mixed, never 0): open addressing rather than SipHash-ed Dictionaries.
        let size = proposed.count / 2 + 8
        var byLast = HashTable<Int>(capacity: size, empty: -1)
        var byFirst = HashTable<Int>(capacity: size, empty: -1)
        var firstAmbiguous = HashTable<Bool>(capacity: 8, empty: false)
        var acronyms = HashTable<Int>(capacity: 8, empty: -1)
        var singleTypes = HashTable<EntityType?>(capacity: 8, empty: nil)
        var nameHeads = HashTable<EntityType?>(capacity: 8, empty: nil)
        // People named only by default, and those the document gives some evidence for
        // (`withholdsDefaultPeople`): per candidate, the candidate whose name it took (`owners`, itself if none),
        // and per such owner whether it is named by default and whether it has evidence. Only an indexer's pass,
        // which the corpus can correct, withholds them.
        let tracksDefaults = withholdsDefaultPeople && proposed.contains { $0.personByDefault }
        var owners: [Int] = [], byDefault: [Bool] = [], evidenced: [Bool] = []
        var people: [(mention: Int, owner: Int)] = []
        if tracksDefaults {
            owners = Array(proposed.indices)
            byDefault = Array(repeating: false, count: proposed.count)
            evidenced = byDefault
        }
        for candidateIndex in proposed.indices {
            let candidate = proposed[candidateIndex]
            guard let type = candidate.type else { continue }
            proposed[candidateIndex].canonical =
                candidate.gazetteer >= 0 ? lexicon.canonicals[Int(candidate.gazetteer)] : nameText(candidate)
            if type == .person && candidate.nameLast > candidate.nameFirst {
                let lastHash = tokens[candidate.nameLast].hash, firstHash = tokens[candidate.nameFirst].hash
                if let fullNameIndex = byLast.lookup(lastHash),
                   proposed[fullNameIndex].nameLast - proposed[fullNameIndex].nameFirst >= candidate.nameLast - candidate.nameFirst,
                   tokens[proposed[fullNameIndex].nameFirst].hash == firstHash
                       || proposed[fullNameIndex].nameLast - proposed[fullNameIndex].nameFirst > candidate.nameLast - candidate.nameFirst {
                    proposed[candidateIndex].canonical = proposed[fullNameIndex].canonical
                    if tracksDefaults { owners[candidateIndex] = owners[fullNameIndex] }
                } else if !byLast.contains(lastHash) {
                    byLast.update(lastHash) { $0 = candidateIndex }
                }
                if let fullNameIndex = byFirst.lookup(firstHash), proposed[fullNameIndex].canonical != proposed[candidateIndex].canonical {
                    firstAmbiguous.update(firstHash) { $0 = true }
                } else {
                    byFirst.update(firstHash) { $0 = candidateIndex }
                }
                if tracksDefaults {
                    if !candidate.personByDefault || tokens[candidate.nameLast].shape.contains(.possessive) {
                        evidenced[owners[candidateIndex]] = true
                    } else {
                        byDefault[owners[candidateIndex]] = true
                    }
                }
            }
            if (type == .org || type == .place) && candidate.nameLast > candidate.nameFirst
                && tokens[candidate.nameFirst + 1].gap == .space {
                nameHeads.update(tokens[candidate.nameFirst].hash) { $0 = type }
            }
            if type == .person && candidate.nameLast == candidate.nameFirst && candidate.cue {
                singleTypes.update(tokens[candidate.nameFirst].hash) { $0 = .person }
            }
            // "International Criminal Court (ICC)": the acronym becomes an alias.
            if (type == .org || type == .place), candidate.nameLast > candidate.nameFirst, candidate.last + 1 < tokenCount {
                let acronymToken = candidate.last + 1
                if tokens[acronymToken].shape.contains(.allCaps), tokens[acronymToken].gap == .other,
                   byte(tokens[acronymToken].start - 1) == 0x28,
                   byte(tokens[acronymToken].end) == 0x29 {
                    acronyms.update(tokens[acronymToken].hash) { $0 = candidateIndex }
                }
            }
        }
        var mentions: [EntityMention] = []
        mentions.reserveCapacity(proposed.count)
        for candidateIndex in proposed.indices {
            var candidate = proposed[candidateIndex]
            let nameHash = tokens[candidate.nameFirst].hash
            let single = candidate.nameFirst == candidate.nameLast
            if single, candidate.type == nil || candidate.type == .person
                || (candidate.type == .org && candidate.gazetteer < 0 && !candidate.bareOrgWord) {
                if let acronymIndex = acronyms.lookup(nameHash), acronymIndex != candidateIndex {
                    candidate.type = proposed[acronymIndex].type
                    candidate.canonical = proposed[acronymIndex].canonical
                } else if let fullNameIndex = byLast.lookup(nameHash) {
                    candidate.type = .person
                    candidate.canonical = proposed[fullNameIndex].canonical
                    if tracksDefaults {
                        owners[candidateIndex] = owners[fullNameIndex]
                        if !tokens[candidate.nameFirst].shape.contains(.ambiguousStart) { evidenced[owners[fullNameIndex]] = true }
                    }
                    if let particle = nameParticle(before: candidate, fullName: proposed[fullNameIndex]) {
                        candidate.first = particle
                        candidate.byteStart = tokens[particle].start
                    }
                } else if let fullNameIndex = byFirst.lookup(nameHash), !firstAmbiguous.contains(nameHash), candidate.type != .org {
                    candidate.type = .person
                    candidate.canonical = proposed[fullNameIndex].canonical
                    if tracksDefaults { owners[candidateIndex] = owners[fullNameIndex] }
                } else if candidate.type == nil {
                    var known = singleTypes.lookup(nameHash) ?? nil
                    // "Vantoria" after "Vantoria Holdings": the type of the name it opens.
                    if known == nil, !has(candidate.nameFirst, .english), !has(candidate.nameFirst, .givenName),
                       let head = nameHeads.lookup(nameHash) ?? nil {
                        known = head
                    }
                    candidate.type = guessLoneWordType(candidate.nameFirst, known: known)
                    candidate.canonical = nameText(candidate)
                }
            } else if single, candidate.bareOrgWord {
                // "the Commission" joins the one earlier organisation with that head word.
                var joined: Candidate?
                for earlier in stride(from: candidateIndex - 1, through: 0, by: -1)
                where proposed[earlier].type == .org && proposed[earlier].nameLast > proposed[earlier].nameFirst {
                    if (proposed[earlier].nameFirst...proposed[earlier].nameLast).contains(where: { tokens[$0].hash == nameHash }) {
                        joined = proposed[earlier]
                        break
                    }
                }
                guard let joined, candidate.nameFirst > 0, has(candidate.nameFirst - 1, .the) else { continue }
                candidate.canonical = joined.canonical
            } else if let acronymIndex = acronyms.lookup(nameHash), single, acronymIndex != candidateIndex, candidate.type == .org {
                candidate.canonical = proposed[acronymIndex].canonical
            }
            guard let type = candidate.type else {
                if keepsUnconfirmed && isUnconfirmedName(candidate) {
                    candidates.unconfirmed.append(UnconfirmedName(
                        range: candidate.byteStart..<candidate.byteEnd,
                        positions: tokens[candidate.first].position...tokens[candidate.last].position,
                        name: nameText(candidate)))
                }
                continue
            }
            if type == .date {
                // A date without a year ("Monday", "last week", "March 3") names no one day: highlighted as a
                // DATE, but no entity of the corpus.
                candidate.canonical = namesYear(candidate.byteStart..<candidate.byteEnd) ? nameText(candidate) : ""
            } else if candidate.canonical.isEmpty {
                candidate.canonical = nameText(candidate)
            }
            let positions = tokens[candidate.first].position...tokens[candidate.last].position
            if let previous = mentions.last, previous.range.upperBound > candidate.byteStart { continue }
            if tracksDefaults && type == .person { people.append((mentions.count, owners[candidateIndex])) }
            mentions.append(EntityMention(
                range: candidate.byteStart..<candidate.byteEnd, positions: positions, type: type, canonical: candidate.canonical))
        }
        if tracksDefaults && zip(byDefault, evidenced).contains(where: { $0 && !$1 }) {
            withholdDefaultPeople(people, byDefault: byDefault, evidenced: evidenced, from: &mentions)
        }
        if !candidates.unconfirmed.isEmpty { dropUnconfirmedOverlapping(mentions) }
        return mentions
    }

    /// Makes the people named only by default, whom the document gives no evidence for, unconfirmed names
    /// rather than mentions: a navigation heading ("Kernel Livepatching", "Linux Hardware Monitoring") reads as
    /// a name no given name opens, on every page of a manual. Evidence is the name written once with a given
    /// name or a cue, its surname or first name alone, or a possessive ("Hamid Karzai's"); a person in a news
    /// story nearly always has one of them. The corpus still types the name where another document does
    /// (`CorpusEntityResolver`), so a person named by default here and with a title elsewhere stays a PERSON.
    /// `people` are the PERSON mentions in order, each with the candidate whose name it took; an owner named by
    /// default without evidence is withheld with every mention that took its name (a surname at the start of a
    /// line, a first name alone).
    func withholdDefaultPeople(
        _ people: [(mention: Int, owner: Int)], byDefault: [Bool], evidenced: [Bool], from mentions: inout [EntityMention]
    ) {
        var kept = 0, next = 0
        for index in mentions.indices {
            if next < people.count && people[next].mention == index {
                let owner = people[next].owner
                next += 1
                if byDefault[owner] && !evidenced[owner] {
                    candidates.unconfirmed.append(UnconfirmedName(
                        range: mentions[index].range, positions: mentions[index].positions, name: mentions[index].canonical))
                    continue
                }
            }
            if kept != index { mentions[kept] = mentions[index] }
            kept += 1
        }
        mentions.removeLast(mentions.count - kept)
        candidates.unconfirmed.sort { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Whether a candidate left untyped is a word the corpus may type (`UnconfirmedName`): one word with a
    /// capital that its position does not explain, no common English word nor given name, and not written in
    /// lowercase elsewhere in the document.
    func isUnconfirmedName(_ candidate: Candidate) -> Bool {
        let index = candidate.nameFirst
        guard candidate.first == index, candidate.last == index, !candidate.bareOrgWord else { return false }
        let token = tokens[index]
        guard token.termLength >= 2, !token.isDigits, !token.isEnglishWord,
              token.shape.isDisjoint(with: [.ambiguousStart, .shouting, .identifierPart, .notEnglishProse]),
              !token.flags.contains(.english), !token.flags.contains(.givenName) else { return false }
        return seenLowercase.lookup(token.hash) == nil
    }

    /// Leaves out of `candidates.unconfirmed` the words inside a mention (both lists are in text order).
    func dropUnconfirmedOverlapping(_ mentions: [EntityMention]) {
        var next = 0
        candidates.unconfirmed.removeAll { name in
            while next < mentions.count && mentions[next].range.upperBound <= name.range.lowerBound { next += 1 }
            return next < mentions.count && mentions[next].range.lowerBound < name.range.upperBound
        }
    }

    /// Whether the bytes hold a year: four digits standing alone (1000–2199), or a decade ("1990s").
    func namesYear(_ range: Range<Int>) -> Bool {
        var offset = range.lowerBound
        let end = min(range.upperBound, text.count)
        while offset < end {
            guard text[offset] &- 0x30 <= 9 else { offset += 1; continue }
            var digitsEnd = offset
            while digitsEnd < end && text[digitsEnd] &- 0x30 <= 9 { digitsEnd += 1 }
            if digitsEnd - offset == 4 && (text[offset] == 0x31 || (text[offset] == 0x32 && text[offset + 1] <= 0x31)) { return true }
            offset = digitsEnd
        }
        return false
    }

    /// The lowercase particle before a lone surname that the document's full name has there too: "bin Laden"
    /// after "Osama bin Laden", "van Gogh" after "Vincent van Gogh". Its index, or nil.
    func nameParticle(before candidate: Candidate, fullName: Candidate) -> Int? {
        let particle = candidate.nameFirst - 1
        guard candidate.first == candidate.nameFirst, particle >= 0, tokens[candidate.nameFirst].gap == .space, !isCapitalised(particle),
              has(particle, .connector), tokens[particle].hash != RecognitionPass.ofHash,
              fullName.nameLast - fullName.nameFirst >= 2,
              tokens[fullName.nameLast - 1].hash == tokens[particle].hash else { return nil }
        // Not the particle of another name just before ("Osama bin Laden" itself is never a lone surname).
        if particle > 0 && tokens[particle].gap == .space && isCapitalised(particle - 1) { return nil }
        return particle
    }

    /// Type of a lone unlisted capitalised word from its context.
    func guessLoneWordType(_ tokenIndex: Int, known: EntityType?) -> EntityType? {
        if let known { return known }
        let count = tokenCount
        let spaceBefore = tokens[tokenIndex].gap == .space
        let possessive = tokens[tokenIndex].shape.contains(.possessive)
        let next = tokenIndex + 1 < count && tokens[tokenIndex + 1].gap == .space && !possessive && !isCapitalised(tokenIndex + 1)
            ? tokenIndex + 1 : nil
        if tokens[tokenIndex].shape.contains(.ambiguousStart) && has(tokenIndex, .english) { return nil }
        if tokenIndex > 0 && spaceBefore && has(tokenIndex - 1, .possessiveDeterminer) { return nil }  // "its Blackwell processors"
        if tokenIndex > 0 && spaceBefore && !isCapitalised(tokenIndex - 1) && has(tokenIndex - 1, .placePrep) && !possessive
            && RecognitionPass.inPrepositions.contains(tokens[tokenIndex - 1].hash) {
            return .place
        }
        if tokenIndex > 1 && spaceBefore && tokens[tokenIndex - 1].hash == RecognitionPass.ofHash && has(tokenIndex - 2, .placeNoun)
            && tokens[tokenIndex - 1].gap == .space {
            return .place  // "the town of Bulape"
        }
        if tokenIndex > 0 && spaceBefore && !isCapitalised(tokenIndex - 1) && has(tokenIndex - 1, .orgNoun) { return .org }  // "company Petrobras"
        if let next, has(next, .orgNoun) { return .org }                          // "the Lukoil group"
        if tokenIndex > 0 && spaceBefore && has(tokenIndex - 1, .the) {
            if let next, has(next, .personNoun) { return .person }
            if let next, has(next, .placeNoun) { return .place }
            return has(tokenIndex, .english) ? nil : .org
        }
        if looksLikePlace(tokenIndex) { return .place }
        if looksLikeSurname(tokenIndex) { return .person }
        if looksLikeCompany(tokenIndex) { return .org }
        if let next, has(next, .speechVerb) {
            // "Nvidia said it", "Huang said he".
            var following = next + 1
            while following < min(count, next + 8) {
                if tokens[following].hash == RecognitionPass.itHash || tokens[following].hash == RecognitionPass.itsHash { return .org }
                if has(following, .pronounAfter) { return .person }
                following += 1
            }
            return .person
        }
        // CamelCase inside a word: "OpenAI", "PayPal".
        var upperInside = 0
        for offset in (tokens[tokenIndex].start + 1)..<tokens[tokenIndex].end
        where offset < text.count && text[offset] >= 0x41 && text[offset] <= 0x5A {
            upperInside += 1
        }
        if upperInside > 0 { return .org }
        // A capitalised common word ("Brent", "Section", "Chrome") needs evidence of being a name.
        if tokenIndex + 1 < count && tokens[tokenIndex + 1].isDigits && tokens[tokenIndex + 1].gap == .space { return nil }  // "Article 5", "Flight 17"
        // With no evidence of a person, a lone unlisted word is as often a town, a team, a company or a brand
        // ("Mudgee", "Derbyshire", "Pirelli"): left untyped rather than guessed PERSON.
        return hasPersonContext(tokenIndex, pronoun: !has(tokenIndex, .english)) ? .person : nil
    }

    /// Whether the context of the lone word at `tokenIndex` says it is a person: a noun of a person's office
    /// after it ("Okafor administration"), an apposition with a title ("Mwangi, leader of the party", "Silva,
    /// the chairman"), or, with `pronoun`, a personal pronoun within 20 tokens in its sentence or opening the next
    /// ("... conceded. She"). A capitalised common English word ("Trade", "Labor") does not take the pronoun:
    /// it is more often part of some other name in that sentence.
    func hasPersonContext(_ tokenIndex: Int, pronoun: Bool) -> Bool {
        let count = tokenCount
        let next = tokenIndex + 1
        guard next < count else { return false }
        if tokens[next].gap == .space && !isCapitalised(next) && has(next, .personNoun) { return true }
        if tokens[next].gap == .other && byte(tokens[tokenIndex].end) == 0x2C {
            var role = next
            if has(role, .the) || has(role, .numberWord) { role += 1 }
            if role < count && !isCapitalised(role) && has(role, .title) { return true }
        }
        guard pronoun else { return false }
        var following = next
        while following < min(count, next + 20) {
            let gap = tokens[following].gap
            if gap == .block { return false }
            if has(following, .pronounAfter) { return true }
            if gap == .sentence { return false }
            following += 1
        }
        return false
    }

    /// Whether token `tokenIndex` ends in one of `endings` and is more than two bytes longer than it.
    func endsWith(_ tokenIndex: Int, _ endings: SuffixSet) -> Bool {
        let start = tokens[tokenIndex].start
        let end = endWithoutPossessive(tokenIndex)  // "Kowalczyk's" ends in "czyk"
        return endings.matches(tail: SuffixSet.tail(of: text, start: start, end: end), length: end - start, longerBy: 2)
    }

    /// Town names: Primorsk, Volgograd, Sevastopol, Jamnagar, Islamabad, Kazakhstan...
    func looksLikePlace(_ tokenIndex: Int) -> Bool {
        !tokens[tokenIndex].shape.contains(.allCaps)
            && endsWith(tokenIndex, Self.placeEndings)
    }

    static let placeEndings = SuffixSet([
        "sk", "grad", "gorod", "pol", "pil", "pur", "abad", "stan", "ville", "polis", "nagar", "burg", "hafen",
    ])

    /// Company names: Teboil, Naftogaz, Energocom, Transneft...
    func looksLikeCompany(_ tokenIndex: Int) -> Bool {
        endsWith(tokenIndex, Self.companyEndings)
    }

    static let companyEndings = SuffixSet([
        "oil", "gaz", "neft", "com", "tech", "soft", "corp", "bank", "tel", "net", "trans", "energo", "pharma", "air",
    ])
}
