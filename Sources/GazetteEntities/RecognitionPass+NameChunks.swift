// The scan's capitalised chunks ("Bank of England", "Foreign Minister Sergei Lavrov"): their extent, the
// listed and unlisted names inside them, and the candidates they propose.

extension RecognitionPass {
    static let andHash = TermHash.hash("and")
    /// Last words of the names of agreements named after a place ("Paris Agreement", "Kyoto Protocol", "Geneva
    /// Conventions"): the place does not stand alone there.
    static let agreementHeads: [UInt64] = [
        "agreement", "agreements", "protocol", "convention", "conventions", "accord", "accords", "treaty", "declaration",
        "charter", "consensus",
    ].map { TermHash.hash($0) }

    /// Last words of the names of events (competitions, festivals, prizes), laws and plans ("Marshall Plan",
    /// "Taft-Hartley Act") and agreements, which are no PERSON, ORG or PLACE.
    static let eventHeads: [UInt64] = [
        "open", "classic", "cup", "trophy", "championship", "championships", "tournament", "series", "prix", "games",
        "marathon", "festival", "awards", "prize", "olympics", "invitational", "act", "plan", "doctrine", "amendment",
    ].map { TermHash.hash($0) } + agreementHeads

    /// First words of the names of places: "Lake Bonney", "Mount Wanniassa", "Port Augusta", "San Antonio".
    static let placePrefixes: [UInt64] = ["lake", "mount", "mt", "port", "cape", "fort", "san", "santa", "sao", "são"]
        .map { TermHash.hash($0) }

    /// Whether token `tokenIndex` may continue a capitalised chunk begun earlier.
    func continuesChunk(_ tokenIndex: Int) -> Bool {
        if tokens[tokenIndex].shape.contains(.identifierPart) { return false }
        switch tokens[tokenIndex].gap {
        case .space, .initialDot, .hyphen: return !tokens[tokenIndex - 1].shape.contains(.possessive)
        default: return false
        }
    }

    /// Proposes the names in the capitalised chunk starting at `chunkStart`; returns the index of the token after
    /// the chunk.
    func recogniseChunk(startingAt chunkStart: Int) -> Int {
        if tokens[chunkStart].shape.contains(.shouting) {
            if let listed = gazetteerEntry(at: chunkStart) {
                emitGazetteer(chunkStart, listed.length, listed.info)
                return chunkStart + listed.length
            }
            return chunkStart + 1
        }
        let count = tokenCount
        // Extent of the chunk: capitalised tokens, with connectors inside ("Bank of England", "von der"). Kept in
        // this method: as a method of its own, with `continuesChunk` inlined into it, it costs the scan more.
        var chunkEnd = chunkStart + 1
        var hasOrgWord = has(chunkStart, .orgWord)
        while chunkEnd < count && chunkEnd - chunkStart < 16 && continuesChunk(chunkEnd) {
            if isCapitalised(chunkEnd) {
                if (has(chunkEnd, .month) || has(chunkEnd, .weekday) || has(chunkEnd, .dayWord)) && !has(chunkEnd, .orgWord) { break }
                if tokens[chunkEnd].gap == .hyphen, has(chunkEnd, .phraseStart),
                   let entry = lexicon.phrases.lookup(TermHash.combine(TermHash.seed, tokens[chunkEnd].hash)),
                   entry.place >= 0 || entry.org >= 0 || entry.norp >= 0,
                   !tokens[chunkEnd].flags.contains(.orgWord) {
                    break  // "US-Ukraine": two names
                }
                if has(chunkEnd, .orgWord) { hasOrgWord = true }
                chunkEnd += 1
                continue
            }
            // Up to two connectors, then a capitalised token.
            var next = chunkEnd
            var ok = true
            while next < count && next - chunkEnd < 2 && (has(next, .connector) || has(next, .weakConnector)) && !isCapitalised(next) {
                if has(next, .weakConnector) && !has(next, .connector) && !(hasOrgWord || (next > chunkEnd && has(next - 1, .connector)))
                    && !organizationWordAhead(next + 1) {
                    ok = false
                }
                next += 1
                if next < count && !continuesChunk(next) { ok = false }
            }
            if ok && next > chunkEnd && next < count && isCapitalised(next) && continuesChunk(next) {
                chunkEnd = next + 1
                if has(next, .orgWord) { hasOrgWord = true }
                continue
            }
            break
        }
        // Ampersand inside organisation names ("Johnson & Johnson", "AT&T").
        if chunkEnd < count && tokens[chunkEnd].gap == .ampersand && isCapitalised(chunkEnd) && chunkEnd - chunkStart <= 3 {
            chunkEnd += 1
        }

        var cue = hasRoleBefore(chunkStart)
        var nameStart = chunkStart
        while nameStart < chunkEnd {
            let titleTokens = titleLength(at: nameStart)
            if titleTokens > 0 && !organizationWordAhead(nameStart, within: chunkEnd) {
                if nameStart + titleTokens < chunkEnd {
                    nameStart += titleTokens
                    // "President of the Hazara Ethnic Society": what follows "of" is the body the title belongs
                    // to, not the person who holds it.
                    cue = tokens[nameStart].hash != RecognitionPass.ofHash
                    while nameStart < chunkEnd && has(nameStart, .connector) && !isCapitalised(nameStart) { nameStart += 1 }
                    continue
                }
                nameStart += titleTokens
                continue
            }
            if let listed = gazetteerEntry(at: nameStart) {
                let single = listed.length == 1
                if single && tokens[nameStart].shape.contains(.ambiguousStart)
                    && capitalisedMidSentence.lookup(tokens[nameStart].hash) == nil
                    && (has(nameStart, .common) || (has(nameStart, .english) && seenLowercase.lookup(tokens[nameStart].hash) != nil)) {
                    nameStart += 1
                    continue
                }
                let listedEnd = nameStart + listed.length
                chunkEnd = max(chunkEnd, listedEnd)
                if listed.info.place >= 0, listedEnd < chunkEnd, isCapitalised(listedEnd), tokens[listedEnd].gap == .space,
                   Self.agreementHeads.contains(tokens[listedEnd].hash) {
                    nameStart = listedEnd + 1  // "the Paris Agreement": no PLACE, no entity
                    continue
                }
                if let organizationEnd = organizationExtension(from: listedEnd, to: chunkEnd) {
                    // "National Australia Bank", "First Abu Dhabi Bank": capitalised words of the chunk before
                    // the listed name, left unclaimed, are part of the organisation.
                    emit(organizationStart(before: nameStart, chunkStart: chunkStart), organizationEnd, .org, cue: false)
                    nameStart = organizationEnd
                    continue
                }
                if listed.info.place >= 0, listedEnd < chunkEnd, has(listedEnd, .placeWord), isCapitalised(listedEnd),
                   tokens[listedEnd].gap == .space,
                   !tokens[listedEnd - 1].shape.contains(.possessive) {
                    var nameEnd = listedEnd + 1
                    while nameEnd < chunkEnd && has(nameEnd, .placeWord) && isCapitalised(nameEnd) { nameEnd += 1 }
                    emit(nameStart, nameEnd, .place, cue: false)
                    nameStart = nameEnd
                    continue
                }
                if listed.info.norp >= 0, listed.length == 1, listedEnd < chunkEnd, isCapitalised(listedEnd),
                   has(listedEnd, .english), tokens[listedEnd].gap == .space,
                   titleLength(at: listedEnd) == 0, !has(listedEnd, .orgWord), !has(listedEnd, .givenName),
                   gazetteerEntry(at: listedEnd) == nil {
                    // "French Open", "Chinese New Year": the nationality is part of another kind of name.
                    nameStart = listedEnd + 1
                    while nameStart < chunkEnd && isCapitalised(nameStart) && gazetteerEntry(at: nameStart) == nil
                        && titleLength(at: nameStart) == 0 {
                        nameStart += 1
                    }
                    continue
                }
                if listed.info.place >= 0, listed.info.org < 0, listedEnd < chunkEnd, isPlainName(listedEnd),
                   !tokens[listedEnd - 1].shape.contains(.possessive),
                   gazetteerEntry(at: listedEnd) == nil, titleLength(at: listedEnd) == 0 {
                    // "Bayern Munich"-like: a place with an unlisted name is a club or company.
                    var nameEnd = listedEnd + 1
                    while nameEnd < chunkEnd && isPlainName(nameEnd) && gazetteerEntry(at: nameEnd) == nil
                        && titleLength(at: nameEnd) == 0 {
                        nameEnd += 1
                    }
                    emit(nameStart, nameEnd, .org, cue: false)
                    nameStart = nameEnd
                    continue
                }
                emitGazetteer(nameStart, listed.length, listed.info)
                nameStart = listedEnd
                cue = false
                continue
            }
            if (nameStart == chunkStart || tokens[nameStart].shape.contains(.ambiguousStart))
                && tokens[nameStart].shape.contains(.ambiguousStart) && isCommonWordAtStart(nameStart) {
                nameStart += 1
                continue
            }
            if has(nameStart, .common) || !isCapitalised(nameStart) || has(nameStart, .month) || has(nameStart, .weekday) {
                nameStart += 1
                continue
            }
            // An unlisted run of names.
            var runEnd = nameStart + 1
            var orgHead = has(nameStart, .orgWord)
            while runEnd < chunkEnd {
                let titleTokens = titleLength(at: runEnd)
                if titleTokens > 0
                    && (!orgHead || (!has(runEnd, .orgWord) && runEnd + titleTokens < chunkEnd && isCapitalised(runEnd + titleTokens))) {
                    break
                }
                if !isCapitalised(runEnd) {
                    if orgHead && tokens[runEnd].hash == RecognitionPass.andHash
                        && (has(runEnd - 1, .orgWord) || (runEnd + 1 < chunkEnd && has(runEnd + 1, .the))) { break }  // two organisations
                    if orgHead && (has(runEnd, .connector) || has(runEnd, .weakConnector)) { runEnd += 1; continue }
                    if has(runEnd, .weakConnector) && organizationWordAhead(runEnd + 1, within: chunkEnd) {
                        orgHead = true
                        runEnd += 1
                        continue
                    }
                    if has(runEnd, .connector) && !has(runEnd, .weakConnector) && !has(runEnd, .the) && titleLength(at: runEnd) == 0 {
                        // Person particles: "Ursula von der Leyen", "Bashar al-Assad".
                        var particlesEnd = runEnd
                        while particlesEnd < chunkEnd && !isCapitalised(particlesEnd) && has(particlesEnd, .connector) {
                            particlesEnd += 1
                        }
                        if particlesEnd < chunkEnd
                            && (gazetteerEntry(at: particlesEnd) == nil || isGroupNameAfterParticle(particlesEnd))
                            && !(particlesEnd < chunkEnd && has(runEnd, .connector) && tokens[runEnd].termLength == 2
                                && tokens[runEnd].hash == RecognitionPass.ofHash) {
                            runEnd = particlesEnd
                            continue
                        }
                    }
                    break
                }
                if has(runEnd, .common) { break }
                if gazetteerEntry(at: runEnd) != nil && !(orgHead && !isCapitalised(runEnd - 1)) && !has(runEnd, .orgWord)
                    && !isGroupNameAfterParticle(runEnd) { break }
                if has(runEnd, .orgWord) { orgHead = true }
                runEnd += 1
            }
            while runEnd - 1 > nameStart && !isCapitalised(runEnd - 1) { runEnd -= 1 }
            if runEnd < chunkEnd, tokens[runEnd].gap == .space, !tokens[runEnd - 1].shape.contains(.possessive),
               let listed = gazetteerEntry(at: runEnd) {
                if let organizationEnd = organizationExtension(from: runEnd + listed.length, to: chunkEnd),
                   (nameStart..<runEnd).allSatisfy({ canLeadOrganization($0) }) {
                    emit(nameStart, organizationEnd, .org, cue: false)  // "National Australia Bank" in mid-sentence
                    nameStart = organizationEnd
                    continue
                }
                if runEnd == nameStart + 1, has(nameStart, .givenName),
                   listed.length == 1, listed.info.place >= 0, listed.info.org < 0, listed.info.norp < 0,
                   !tokens[runEnd].shape.contains(.allCaps),
                   runEnd + 1 >= chunkEnd || (!has(runEnd + 1, .orgWord) && !has(runEnd + 1, .placeWord)) {
                    // "Michael Jordan", "John Kerry": a given name and a listed one-word place are a person.
                    emit(nameStart, runEnd + 1, .person, cue: true)
                    nameStart = runEnd + 1
                    continue
                }
                if runEnd == nameStart + 1, has(nameStart, .givenName), listed.length == 1,
                   listed.info.org >= 0, listed.info.place < 0, listed.info.norp < 0,
                   runEnd + 1 >= chunkEnd || !has(runEnd + 1, .orgWord) {
                    // "Michael Bloomberg": a given name and a listed one-word organisation are a person.
                    emit(nameStart, runEnd + 1, .person, cue: true)
                    nameStart = runEnd + 1
                    continue
                }
            }
            if runEnd < chunkEnd && !cue && !orgHead, let listed = gazetteerEntry(at: runEnd), listed.info.place >= 0, listed.info.org < 0,
               tokens[runEnd].gap == .space, (nameStart..<runEnd).allSatisfy({ isPlainName($0) }) {
                // "Bayern Munich": an unlisted name and a place.
                let nameEnd = runEnd + listed.length
                emit(nameStart, nameEnd, .org, cue: false)
                nameStart = nameEnd
                continue
            }
            classifyUnlistedRun(from: nameStart, to: runEnd, cue: cue)
            cue = false
            nameStart = runEnd
        }
        return chunkEnd
    }

    /// "Russian Foreign Ministry", "US Treasury", "Moscow City Court": a listed name followed by capitalised
    /// words up to an organisation head word. Returns the end of the organisation, or nil.
    func organizationExtension(from listedEnd: Int, to chunkEnd: Int) -> Int? {
        var tokenIndex = listedEnd
        var headEnd: Int?
        while tokenIndex < chunkEnd {
            if titleLength(at: tokenIndex) > 0
                && !(has(tokenIndex, .orgWord) && (tokenIndex + 1 == chunkEnd || !isCapitalised(tokenIndex + 1))) {
                break
            }
            if !isCapitalised(tokenIndex) {
                if headEnd != nil && (has(tokenIndex, .connector) || has(tokenIndex, .weakConnector)) { tokenIndex += 1; continue }
                break
            }
            if has(tokenIndex, .givenName) && !has(tokenIndex, .orgWord) { break }
            if has(tokenIndex, .orgWord) { headEnd = tokenIndex + 1 }
            tokenIndex += 1
        }
        if let headEnd, headEnd < chunkEnd, has(headEnd - 1, .orgWord), headEnd - 1 > listedEnd, tokens[headEnd].gap != .block {
            // "Ministry of Foreign Affairs": after "of", take the rest of the chunk.
            if !isCapitalised(headEnd) { return chunkEnd }
        }
        guard let headEnd else { return nil }
        // After "of" the head word may be followed by a name: take the chunk to its end.
        if headEnd < chunkEnd, !isCapitalised(headEnd) { return chunkEnd }
        return headEnd
    }

    /// An unlisted capitalised word that is no common word, given name, title or head word.
    func isPlainName(_ tokenIndex: Int) -> Bool {
        isCapitalised(tokenIndex) && !tokens[tokenIndex].shape.contains(.ambiguousStart)
            && !tokens[tokenIndex].flags.contains(.english) && !tokens[tokenIndex].flags.contains(.givenName)
            && !tokens[tokenIndex].flags.contains(.common)
            && !tokens[tokenIndex].flags.contains(.orgWord) && !tokens[tokenIndex].flags.contains(.title)
            && !tokens[tokenIndex].flags.contains(.month)
            && !tokens[tokenIndex].flags.contains(.weekday) && !tokens[tokenIndex].isDigits && !tokens[tokenIndex].shape.contains(.allCaps)
            && !tokens[tokenIndex].flags.contains(.placeWord)
    }

    /// A capitalised word that can open an organisation's name before a listed one ("National", "First"): no
    /// title, month, weekday or possessive.
    func canLeadOrganization(_ tokenIndex: Int) -> Bool {
        isCapitalised(tokenIndex) && !has(tokenIndex, .the) && titleLength(at: tokenIndex) == 0
            && !has(tokenIndex, .month) && !has(tokenIndex, .weekday)
            && !tokens[tokenIndex].shape.contains(.possessive)
            && !tokens[tokenIndex].shape.contains(.identifierPart)
    }

    /// Where an organisation ending in the listed name at `listedStart` starts: at the first of the capitalised
    /// words just before it, back to `chunkStart`, that no candidate claimed ("National" at a sentence start, which
    /// the scan passed over as a common word).
    func organizationStart(before listedStart: Int, chunkStart: Int) -> Int {
        var start = listedStart
        let claimed = candidates.items.last.map { $0.last } ?? -1
        while start > chunkStart, start - 1 > claimed, tokens[start].gap == .space, canLeadOrganization(start - 1) {
            start -= 1
        }
        return start
    }

    /// Whether an organisation head word follows among the next few capitalised tokens from `start`
    /// ("Food and Drug Administration", "General Court", "National Security and Defence Council").
    func organizationWordAhead(_ start: Int, within limit: Int? = nil) -> Bool {
        var tokenIndex = start
        let end = min(tokenCount, limit ?? tokenCount, start + 4)
        while tokenIndex < end {
            if tokenIndex > start && !continuesChunk(tokenIndex) { return false }
            if !isCapitalised(tokenIndex) { return false }
            if has(tokenIndex, .orgWord) { return true }
            if let listed = gazetteerEntry(at: tokenIndex), listed.info.place >= 0 || listed.info.norp >= 0 { return false }
            tokenIndex += 1
        }
        return false
    }

    /// A capitalised sentence-initial word that is a common English word, not a name.
    func isCommonWordAtStart(_ tokenIndex: Int) -> Bool {
        let flags = tokens[tokenIndex].flags
        if tokenIndex > 0, byte(tokens[tokenIndex].start - 1) == 0x28, byte(tokens[tokenIndex].end) == 0x29,
           tokens[tokenIndex - 1].shape.contains(.allCaps) {
            return false  // dateline agency: "WASHINGTON (Reuters)"
        }
        if flags.contains(.common) { return true }
        if flags.contains(.givenName) { return false }
        if capitalisedMidSentence.lookup(tokens[tokenIndex].hash) != nil { return false }
        if flags.contains(.english) || flags.contains(.title) || flags.contains(.orgWord) { return true }
        if seenLowercase.lookup(tokens[tokenIndex].hash) != nil { return true }
        // Inflected words: "Neighbouring", "Asked", "Frozen", "Reportedly".
        let start = tokens[tokenIndex].start, end = tokens[tokenIndex].end
        if end - start >= 6 && !flags.contains(.givenName) {
            let thirdLast = byte(end - 3), secondLast = byte(end - 2), lastByte = byte(end - 1)
            if (thirdLast == 0x69 && secondLast == 0x6E && lastByte == 0x67) || (secondLast == 0x6C && lastByte == 0x79)
                || (secondLast == 0x65 && lastByte == 0x64) {
                return true
            }
        }
        return false
    }

    /// A lowercase role before the chunk: "spokesman Dmitry Peskov", "prime minister, Boris Johnson".
    func hasRoleBefore(_ chunkStart: Int) -> Bool {
        guard chunkStart > 0, tokens[chunkStart].gap == .space || tokens[chunkStart].gap == .other else { return false }
        if tokens[chunkStart].gap == .other {
            // Only a comma.
            var commas = 0
            for offset in tokens[chunkStart - 1].end..<tokens[chunkStart].start where text[offset] != 0x20 {
                if text[offset] == 0x2C { commas += 1 } else { return false }
            }
            if commas != 1 { return false }
        }
        let previous = chunkStart - 1
        if has(previous, .title) && !isCapitalised(previous) { return true }
        return false
    }

    /// Whether the run `start..<end` is an article's dateline: words in capitals opening a block or a line, then a
    /// year, a month, a listed place after a comma or a news agency in brackets ("BONN 1996-08-22", "KHASAVYURT,
    /// Russia", "ESCHEN, Aug 30", "MILWAUKEE (AP) -"): the place the story was filed from, not an acronym of some
    /// organisation.
    func isDateline(_ start: Int, _ end: Int) -> Bool {
        guard tokens[start].gap == .block || tokens[start].shape.contains(.lineStart), end < tokenCount else { return false }
        for k in start..<end where !tokens[k].shape.contains(.allCaps) { return false }
        let next = end
        if tokens[next].isDigits { return tokens[next].gap == .space && tokens[next].termLength == 4 }
        if has(next, .month) || has(next, .monthAbbreviation) {
            return tokens[next].gap == .space || (tokens[next].gap == .other && byte(tokens[end - 1].end) == 0x2C)
        }
        if tokens[next].gap == .other && byte(tokens[end - 1].end) == 0x2C,
           let listed = gazetteerEntry(at: next), listed.info.place >= 0 {
            return true  // "KHASAVYURT, Russia 1996-08-31"
        }
        return tokens[next].gap == .other && byte(tokens[next].start - 1) == 0x28 && isCapitalised(next)
    }

    /// Proposes a candidate for the unlisted run of names `start..<end`, typed from its words and `cue` (a title
    /// or role before it), or none.
    func classifyUnlistedRun(from start: Int, to end: Int, cue: Bool) {
        let length = end - start
        guard length > 0 else { return }
        var orgWords = 0, english = 0, placeHead = false
        for tokenIndex in start..<end {
            if has(tokenIndex, .orgWord) { orgWords += 1 }
            if has(tokenIndex, .english) || has(tokenIndex, .common) || !isCapitalised(tokenIndex) { english += 1 }
        }
        if has(end - 1, .placeWord) && length >= 2 { placeHead = true }
        if !cue && isDateline(start, end) {
            emit(start, end, .place, cue: false)
            return
        }
        if orgWords > 0 && !(cue && !has(start, .orgWord) && !has(end - 1, .orgWord)) {
            if length == 1 {
                var candidate = makeCandidate(start, end, .org)
                candidate.bareOrgWord = true
                candidates.items.append(candidate)
                return
            }
            if has(start, .givenName) && !has(end - 1, .orgWord) && !has(start, .orgWord) {
                emit(start, end, .person, cue: cue)
                return
            }
            emit(start, end, .org, cue: false)
            return
        }
        if length >= 2 && !cue && Self.eventHeads.contains(tokens[end - 1].hash) {
            return  // "the Nortel Open", "the Hopman Cup", "the World Series": events, not people
        }
        if length >= 2 && ((start + 1)..<end).contains(where: { tokens[$0].gap == .ampersand }) {
            emit(start, end, .org, cue: false)  // "Douglas & Lomason": a firm
            return
        }
        if placeHead && !cue {
            emit(start, end, .place, cue: false)
            return
        }
        if length > 5 { return }
        if length >= 2 && (start..<end).contains(where: { tokens[$0].shape.contains(.allCaps) && !has($0, .notAcronym) }) && !cue {
            emit(start, end, .org, cue: false)
            return
        }
        // An abbreviation of a common noun is no part of a person's name. Last, it says what a company does
        // ("Mistral AI", "Yamal LNG"); before other words, the run names a topic ("CPU Architectures", "GDP
        // Forecasts", "API Reference").
        if length >= 2 && !cue && (start..<end).contains(where: { tokens[$0].shape.contains(.allCaps) && has($0, .notAcronym) }) {
            if tokens[end - 1].shape.contains(.allCaps) && has(end - 1, .notAcronym) && !has(start, .english) {
                emit(start, end, .org, cue: false)
            }
            return
        }
        if cue {
            // "General Information", "General Data Protection Regulation": a rank that is also an adjective,
            // before common words the document also writes in lowercase. A surname that is a word ("President
            // Bush") seldom is one there.
            if (start..<end).allSatisfy({ has($0, .english) && seenLowercase.lookup(tokens[$0].hash) != nil }) { return }
            emit(start, end, .person, cue: true)
            return
        }
        if length == 1 {
            if has(start, .notAcronym) || !tokens[start].shape.contains(.hasLetter) { return }
            // A lone letter ("P said", "Vitamin C") or a month's abbreviation without its day ("in Sept") names
            // no one: a person's letter is an initial, and an initial comes before a name.
            if tokens[start].shape.contains(.singleLetter) || has(start, .monthAbbreviation) { return }
            if tokens[start].shape.contains(.allCaps) && tokens[start].termLength <= 6 {
                // A word of four letters or more that the English list knows is shouted ("NOTE", "CAPS"), not
                // initials; shorter ones are as often initials that spell a word ("PAS", "PAP", "ACT").
                if has(start, .english) && tokens[start].termLength >= 4 { return }
                emit(start, end, .org, cue: false)
                return
            }
            if (tokens[start].start..<tokens[start].end).contains(where: { text[$0] >= 0x30 && text[$0] <= 0x39 }) { return }
            if has(start, .placeWord) { return }
            if start > 0, byte(tokens[start].start - 1) == 0x28, byte(tokens[start].end) == 0x29, tokens[start - 1].shape.contains(.allCaps) {
                emit(start, end, .org, cue: false)  // dateline agency: "WASHINGTON (Reuters)"
                return
            }
            if has(start, .english) {
                if start > 0 && isCapitalised(start - 1) && continuesChunk(start) { return }  // the tail of some other name
                if start + 2 < tokenCount && has(start + 1, .weakConnector) && joinedBySpace(start + 1)
                    && isCapitalised(start + 2) && joinedBySpace(start + 2) {
                    return
                }
            }
            if has(start, .english) && !has(start, .givenName) && tokens[start].shape.contains(.ambiguousStart) { return }
            candidates.items.append(makeCandidate(start, end, nil))
            return
        }
        if has(start, .givenName) {
            emit(start, end, .person, cue: false)
            return
        }
        // "Plan B", "Part B", "Vitamin C": without a given name first ("Malcolm X"), a run ending in a lone
        // letter is no person's name, whose last word is a surname.
        if tokens[end - 1].shape.contains(.singleLetter) && !(end < tokenCount && tokens[end].gap == .initialDot) { return }
        if english == length { return }
        if inPlaceContext(start, end) {
            emit(start, end, .place, cue: false)
            return
        }
        // "Linux Kernel", "API Documentation": no given name opens the run and nothing cued a person, and its
        // last word is a common English word that the document also writes in lowercase, a noun here rather
        // than a surname. A surname that is also a word ("Woods", "Bush") is seldom a lowercase noun of the
        // same text.
        if has(end - 1, .english) && seenLowercase.lookup(tokens[end - 1].hash) != nil {
            emit(start, end, .org, cue: false)
            return
        }
        emit(start, end, .person, cue: false)
        candidates.items[candidates.items.count - 1].personByDefault = true
    }

    /// Whether the context of the unlisted run `start..<end` says it is a place: "in" or "near" before it ("in
    /// Tora Bora"), "the town of" before it, a lowercase place noun after it ("the Tora Bora region", "the Ord
    /// River valley"), or a first word that opens names of places ("Lake Bonney"). Asked only of runs that no
    /// given name opens, so "in John Howard's view" is never a place.
    func inPlaceContext(_ start: Int, _ end: Int) -> Bool {
        if tokens[end - 1].shape.contains(.possessive) { return false }
        if start > 0 && tokens[start].gap == .space && !isCapitalised(start - 1)
            && RecognitionPass.inPrepositions.contains(tokens[start - 1].hash) {
            return true
        }
        // "the town of Ten Tena", "the province of Nangarhar Khas".
        if start > 1 && tokens[start].gap == .space && tokens[start - 1].hash == RecognitionPass.ofHash
            && tokens[start - 1].gap == .space && !isCapitalised(start - 2) && has(start - 2, .placeNoun) {
            return true
        }
        // "Lake Bonney", "Mount Wanniassa", "Port Augusta", "Cape York", "Fort Wayne".
        if end - start >= 2 && Self.placePrefixes.contains(tokens[start].hash) { return true }
        return end < tokenCount && tokens[end].gap == .space && !isCapitalised(end) && has(end, .placeNoun)
    }

    /// Proposes the gazetteer entry of `length` tokens at `start`, typed and named from the list it is in.
    func emitGazetteer(_ start: Int, _ length: Int, _ info: PhraseInfo) {
        let type: EntityType
        let id: Int32
        if info.org >= 0 && (info.place < 0 || length > 1 && tokens[start].shape.contains(.allCaps)) {
            type = .org; id = info.org
        } else if info.norp >= 0 && length == 1 {
            type = .norp; id = info.norp
        } else if info.place >= 0 {
            type = .place; id = info.place
        } else if info.org >= 0 {
            type = .org; id = info.org
        } else {
            type = .norp; id = info.norp
        }
        emit(start, start + length, type, cue: false, gazetteer: id)
    }

    /// Whether token `i` is a listed group or language name (NORP, one word) fastened to a lowercase particle by a
    /// hyphen: "Saif al-Islam Gaddafi", "Ansar al-Islam" — part of the name it ends, not a NORP of its own.
    func isGroupNameAfterParticle(_ i: Int) -> Bool {
        guard i > 0, tokens[i].gap == .hyphen, !isCapitalised(i - 1), has(i - 1, .connector),
              let listed = gazetteerEntry(at: i), listed.length == 1 else { return false }
        return listed.info.norp >= 0 && listed.info.place < 0 && listed.info.org < 0
    }

    /// Proposes tokens `start..<end` as a mention of `type`, taking in a "the" before a multi-word organisation or
    /// place and an abbreviation's final period.
    func emit(_ start: Int, _ end: Int, _ type: EntityType, cue: Bool, gazetteer: Int32 = -1) {
        var candidate = makeCandidate(start, end, type)
        candidate.cue = cue
        candidate.gazetteer = gazetteer
        // A leading "the" belongs to multi-word organisations and places ("the United States").
        let modifier = end < tokenCount && tokens[end].gap == .space && !isCapitalised(end) && has(end, .headNoun)
            && !tokens[end - 1].shape.contains(.possessive)
        if (type == .org || type == .place), end - start >= 2, start > 0, has(start - 1, .the), tokens[start].gap == .space, !modifier,
           ((start + 1)..<end).contains(where: { tokens[$0].gap == .space }),
           candidates.items.last.map({ $0.last < start - 1 }) ?? true {
            candidate.first = start - 1
            candidate.byteStart = tokens[start - 1].start
        }
        // The final period of an abbreviation: "U.S.", "Inc.".
        if text.count > candidate.byteEnd, text[candidate.byteEnd] == 0x2E {
            let lastToken = end - 1
            if (tokens[lastToken].shape.contains(.singleLetter) && lastToken > start && tokens[lastToken].gap == .initialDot)
                || (has(lastToken, .abbreviation) && has(lastToken, .orgWord)) {
                candidate.byteEnd += 1
            }
        }
        candidates.items.append(candidate)
    }
}
