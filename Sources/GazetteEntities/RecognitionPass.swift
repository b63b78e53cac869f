/// A candidate mention found by the scan, before resolution.
struct Candidate {
    /// Token indices of the whole mention (inclusive), "the" included.
    var first: Int
    var last: Int
    /// Token indices of the name itself (without a leading "the").
    var nameFirst: Int
    var nameLast: Int
    /// nil: a lone capitalised word whose type is decided in resolution.
    var type: EntityType?
    var lo: Int
    var hi: Int
    /// Gazetteer canonical name id, or -1.
    var gazetteer: Int32 = -1
    /// Typed from a title or honorific before it ("Mr", "President", "spokesman").
    var cue = false
    /// A lone organisation head word ("the Commission") that only counts if it joins an earlier organisation.
    var bareOrgWord = false
    var canonical = ""
}

/// The candidates a pass's scan proposes. A reference, so that the scan's methods append to it without being
/// `mutating`: a mutating method's every call of a non-mutating helper (`tight`, `gazetteer(at:)`...) copied
/// the whole pass, 234 bytes and a retain of each of its arrays.
final class CandidateList {
    var items: [Candidate] = []

    init(capacity: Int) {
        items.reserveCapacity(capacity)
    }
}

/// One document's recognition: token features, a left-to-right scan proposing candidates, then resolution.
struct RecognitionPass {
    static let andHash = TermHash.hash("and")
    static let ofHash = TermHash.hash("of")
    static let mayHash = TermHash.hash("may")
    static let marchHash = TermHash.hash("march")
    static let perHash = TermHash.hash("per")
    static let centHash = TermHash.hash("cent")
    static let itHash = TermHash.hash("it")
    static let itsHash = TermHash.hash("its")
    static let dayHash = TermHash.hash("day")
    static let eveHash = TermHash.hash("eve")
    /// Flags with which `matchNumeric` can start a date or quantity; without one of them (or a digit) it
    /// returns nil at once, so that the many lowercase tokens flagged otherwise ("in", "said") skip it.
    static let numericStart: WordFlags = [.relative, .the, .dayWord, .numberWord, .timeUnit, .weekday, .monthAbbreviation, .month]
    /// Of `numericStart`, the flags of articles and number words, and what must follow them for `matchNumeric`
    /// to find anything: "the" + ordinal ("the third quarter"), a number word + time unit ("two weeks ago").
    static let articleStart: WordFlags = [.the, .numberWord]
    static let afterArticleStart: WordFlags = [.ordinal, .timeUnit]
    static let inPrepositions: [UInt64] = ["in", "near", "outside", "across", "inside"].map { TermHash.hash($0) }
    let text: UnsafeBufferPointer<UInt8>
    /// The tokens, in `toks[0..<tokenCount]`; the buffer may be longer (see `EntityTokens.fill`).
    var toks: [Token]
    let tokenCount: Int
    /// The tokens' capitalisation census, when they came described (`EntityTokens.fill`); until `prepare`.
    var census: CapitalisationCensus?
    let lex: Lexicon
    let candidates: CandidateList
    var seenLower: HashTable<Bool>
    var seenCapMid: HashTable<UInt16>

    /// `census` is that of `tokens` when they come described (`EntityTokens.fill`); else `prepare` describes
    /// them and takes it.
    init(text: UnsafeBufferPointer<UInt8>, tokens: [Token], count: Int, census: CapitalisationCensus?, lexicon: Lexicon) {
        precondition(count <= tokens.count)
        self.text = text
        self.toks = tokens
        tokenCount = count
        self.census = census
        self.lex = lexicon
        candidates = CandidateList(capacity: count / 8)
        seenLower = HashTable(capacity: count / 64 + 16, empty: false)
        seenCapMid = HashTable(capacity: 0, empty: 0)
    }

    mutating func run() -> [EntityMention] {
        prepare()
        scan()
        return resolve()
    }

    // MARK: - Token features

    @inline(__always) func byte(_ i: Int) -> UInt8 { i >= 0 && i < text.count ? text[i] : 0 }
    @inline(__always) func cap(_ i: Int) -> Bool { toks[i].shape.contains(.capitalized) }
    @inline(__always) func has(_ i: Int, _ f: WordFlags) -> Bool { toks[i].flags.contains(f) }

    mutating func prepare() {
        let n = tokenCount
        var census: CapitalisationCensus
        if let given = self.census {
            census = given
            self.census = nil
        } else {
            census = CapitalisationCensus(tokenCount: n)
            // Moved out of `self` so that the helpers below (which read only `text` and `lex`) can run while it
            // is mutated. The closure must not capture `self`: every call of one of its methods then copied all of it.
            var toks = self.toks
            self.toks = []
            let shaper = TokenShaper(text: text, lexicon: lex)
            toks.withUnsafeMutableBufferPointer { tp in
                for i in 0..<n {
                    // Written in place: `Token` is large, and copying it out and back cost as much as the work.
                    shaper.describe(tp, i)
                    census.add(tp, i, endsBlock: i + 1 == n || tp[i + 1].position != tp[i].position &+ 1)
                }
                shaper.finishDescribing(tp, count: n)
            }
            self.toks = toks
        }
        // Blocks in another language and mail or news headers get no entities (see `scan`).
        var described = self.toks
        self.toks = []
        let text = self.text
        described.withUnsafeMutableBufferPointer { tp in
            let tp = UnsafeMutableBufferPointer(rebasing: tp[0..<n])
            census.settleLanguage(tp)
            MailHeaderBlock.mark(tp, candidates: census.headerCandidates, text: text)
        }
        self.toks = described
        seenCapMid = census.capitalisedMidSentence
        let capitalised = census.capitalised
        if capitalised.count == 0 { return }
        // Lowercase sightings of capitalised words. A small bit set of the capitalised hashes (in L1) rules out
        // nearly all lowercase tokens before the table is probed.
        var bits = 1 << 9
        while bits < capitalised.count * 16 { bits <<= 1 }
        let filterMask = UInt64(bits - 1)
        var filter = [UInt64](repeating: 0, count: bits / 64)
        for key in capitalised.storage.0 where key != 0 {
            let b = (key >> 40) & filterMask
            filter[Int(b >> 6)] |= 1 << (b & 63)
        }
        var seenLower = self.seenLower
        self.seenLower = HashTable(capacity: 0, empty: false)
        // Words past the filter, recently settled (marked or found not capitalised), by their hash's low bits:
        // the words that pass are mostly common ones also capitalised at sentence starts ("the", "in"), which
        // recur every few tokens, and each recurrence would probe both tables again for nothing.
        var settled = [UInt64](repeating: 0, count: 256)  // term hashes are never 0
        toks.withUnsafeBufferPointer { tp in
            filter.withUnsafeBufferPointer { filter in
                settled.withUnsafeMutableBufferPointer { settled in
                    for i in 0..<n {
                        let shape = tp[i].shape
                        guard !shape.contains(.capitalized) && shape.contains(.hasLetter) else { continue }
                        let h = tp[i].hash
                        let b = (h >> 40) & filterMask
                        guard filter[Int(b >> 6)] & (1 << (b & 63)) != 0 else { continue }
                        let recent = Int(truncatingIfNeeded: h & 255)
                        if settled[recent] == h { continue }
                        settled[recent] = h
                        if capitalised.lookup(h) != nil {
                            seenLower.update(h) { $0 = true }
                        }
                    }
                }
            }
        }
        self.seenLower = seenLower
    }

    // MARK: - Gazetteer and title look-ups

    /// Longest gazetteer entry starting at token `i` (tokens joined by spaces, hyphens or initial dots).
    func gazetteer(at i: Int) -> (length: Int, info: PhraseInfo)? {
        guard has(i, .phraseStart) else { return nil }
        var h = TermHash.seed
        var best: (Int, PhraseInfo)?
        var t = i
        let limit = min(tokenCount, i + lex.maxPhraseLength)
        while t < limit {
            if t > i {
                let g = toks[t].gap
                if g != .space && g != .hyphen && g != .initialDot && g != .ampersand { break }
                if toks[t - 1].shape.contains(.possessive) { break }
            }
            h = TermHash.combine(h, toks[t].hash)
            guard let info = lex.phrases.lookup(h) else { break }
            if (info.place >= 0 || info.org >= 0 || info.norp >= 0), cap(t) || toks[t].isDigits {
                best = (t - i + 1, info)
            }
            if !info.prefix { break }
            t += 1
        }
        guard let best, cap(i) else { return nil }
        var info = best.1
        info.title = false
        return (best.0, info)
    }

    /// Length of the person title starting at token `i` ("Foreign Minister", "Mr"), or 0.
    func title(at i: Int) -> Int {
        guard has(i, .phraseStart) else { return 0 }
        var h = TermHash.seed
        var best = 0
        var t = i
        let limit = min(tokenCount, i + 4)
        while t < limit {
            if t > i, toks[t].gap != .space && toks[t].gap != .hyphen { break }
            h = TermHash.combine(h, toks[t].hash)
            guard let info = lex.phrases.lookup(h) else { break }
            if info.title { best = t - i + 1 }
            if !info.prefix { break }
            t += 1
        }
        // A "." after an abbreviated title ("Mr.", "Dr.") is fine: the next gap is then `.initialDot`.
        return best
    }

    // MARK: - Scan

    func scan() {
        var i = 0
        let n = tokenCount
        while i < n {
            // Most tokens (lowercase words, not numbers) can start nothing: `matchNumeric` needs one of
            // `numericStart`'s flags or a digit, a chunk a capital. The most common of those flagged, "the" and
            // "a", start a date only before an ordinal ("the third quarter") or a unit ("a week ago").
            let t = toks[i]
            if t.shape.contains(.notEnglishProse) {
                i += 1
                continue
            }
            let starts = t.flags.intersection(Self.numericStart)
            if starts.isSubset(of: Self.articleStart) && !t.isDigits && !t.shape.contains(.capitalized) {
                let b = byte(t.start)
                if (b < 0x30 || b > 0x39)
                    && (starts.isEmpty || i + 1 == n || toks[i + 1].flags.isDisjoint(with: Self.afterArticleStart)) {
                    i += 1
                    continue
                }
            }
            if let next = matchNumeric(i) {
                i = next
                continue
            }
            if cap(i) && !toks[i].shape.contains(.identifierPart) {
                i = processChunk(i)
                continue
            }
            i += 1
        }
    }

    /// Whether token `j` may continue a capitalised chunk begun earlier.
    func joinable(_ j: Int) -> Bool {
        if toks[j].shape.contains(.identifierPart) { return false }
        switch toks[j].gap {
        case .space, .initialDot: return !toks[j - 1].shape.contains(.possessive)
        case .hyphen: return !toks[j - 1].shape.contains(.possessive)
        default: return false
        }
    }

    /// Handles the capitalised chunk starting at `i`; returns the index after it.
    func processChunk(_ i: Int) -> Int {
        let n = tokenCount
        if toks[i].shape.contains(.shouting) {
            if let g = gazetteer(at: i) {
                emitGazetteer(i, g.length, g.info)
                return i + g.length
            }
            return i + 1
        }
        // Extent of the chunk: capitalised tokens, with connectors inside ("Bank of England", "von der").
        var b = i + 1
        var hasOrgWord = has(i, .orgWord)
        while b < n && b - i < 16 && joinable(b) {
            if cap(b) {
                if (has(b, .month) || has(b, .weekday) || has(b, .dayWord)) && !has(b, .orgWord) { break }
                if toks[b].gap == .hyphen, has(b, .phraseStart), let entry = lex.phrases.lookup(TermHash.combine(TermHash.seed, toks[b].hash)),
                   entry.place >= 0 || entry.org >= 0 || entry.norp >= 0,
                   !toks[b].flags.contains(.orgWord) {
                    break  // "US-Ukraine": two names
                }
                if has(b, .orgWord) { hasOrgWord = true }
                b += 1
                continue
            }
            // Up to two connectors, then a capitalised token.
            var k = b
            var ok = true
            while k < n && k - b < 2 && (has(k, .connector) || has(k, .weakConnector)) && !cap(k) {
                if has(k, .weakConnector) && !has(k, .connector) && !(hasOrgWord || (k > b && has(k - 1, .connector)))
                    && !organizationWordAhead(k + 1) {
                    ok = false
                }
                k += 1
                if k < n && !joinable(k) { ok = false }
            }
            if ok && k > b && k < n && cap(k) && joinable(k) {
                b = k + 1
                if has(k, .orgWord) { hasOrgWord = true }
                continue
            }
            break
        }
        // Ampersand inside organisation names ("Johnson & Johnson", "AT&T").
        if b < n && toks[b].gap == .ampersand && cap(b) && b - i <= 3 {
            b += 1
        }

        var cue = cueBefore(i)
        var k = i
        while k < b {
            let t = title(at: k)
            if t > 0 && !organizationWordAhead(k, within: b) {
                if k + t < b {
                    cue = true
                    k += t
                    while k < b && has(k, .connector) && !cap(k) { k += 1 }
                    continue
                }
                k += t
                continue
            }
            if let g = gazetteer(at: k) {
                let single = g.length == 1
                if single && toks[k].shape.contains(.ambiguousStart) && seenCapMid.lookup(toks[k].hash) == nil
                    && (has(k, .common) || (has(k, .english) && seenLower.lookup(toks[k].hash) != nil)) {
                    k += 1
                    continue
                }
                let e = k + g.length
                b = max(b, e)
                if let oe = organizationExtension(from: e, to: b) {
                    // "National Australia Bank", "First Abu Dhabi Bank": capitalised words of the chunk before
                    // the listed name, left unclaimed, are part of the organisation.
                    emit(leadingNameWords(before: k, from: i), oe, .org, cue: false)
                    k = oe
                    continue
                }
                if g.info.place >= 0, e < b, has(e, .placeWord), cap(e), toks[e].gap == .space,
                   !toks[e - 1].shape.contains(.possessive) {
                    var f = e + 1
                    while f < b && has(f, .placeWord) && cap(f) { f += 1 }
                    emit(k, f, .place, cue: false)
                    k = f
                    continue
                }
                if g.info.norp >= 0, g.length == 1, e < b, cap(e), has(e, .english), toks[e].gap == .space,
                   title(at: e) == 0, !has(e, .orgWord), !has(e, .givenName), gazetteer(at: e) == nil {
                    // "French Open", "Chinese New Year": the nationality is part of another kind of name.
                    k = e + 1
                    while k < b && cap(k) && gazetteer(at: k) == nil && title(at: k) == 0 { k += 1 }
                    continue
                }
                if g.info.place >= 0, g.info.org < 0, e < b, plainName(e), !toks[e - 1].shape.contains(.possessive),
                   gazetteer(at: e) == nil, title(at: e) == 0 {
                    // "Bayern Munich"-like: a place with an unlisted name is a club or company.
                    var f = e + 1
                    while f < b && plainName(f) && gazetteer(at: f) == nil && title(at: f) == 0 { f += 1 }
                    emit(k, f, .org, cue: false)
                    k = f
                    continue
                }
                emitGazetteer(k, g.length, g.info)
                k = e
                cue = false
                continue
            }
            if (k == i || toks[k].shape.contains(.ambiguousStart)) && toks[k].shape.contains(.ambiguousStart) && commonAtStart(k) {
                k += 1
                continue
            }
            if has(k, .common) || !cap(k) || has(k, .month) || has(k, .weekday) {
                k += 1
                continue
            }
            // An unlisted run of names.
            var e = k + 1
            var orgHead = has(k, .orgWord)
            while e < b {
                let titleLength = title(at: e)
                if titleLength > 0 && (!orgHead || (!has(e, .orgWord) && e + titleLength < b && cap(e + titleLength))) { break }
                if !cap(e) {
                    if orgHead && toks[e].hash == RecognitionPass.andHash
                        && (has(e - 1, .orgWord) || (e + 1 < b && has(e + 1, .the))) { break }  // two organisations
                    if orgHead && (has(e, .connector) || has(e, .weakConnector)) { e += 1; continue }
                    if has(e, .weakConnector) && organizationWordAhead(e + 1, within: b) { orgHead = true; e += 1; continue }
                    if has(e, .connector) && !has(e, .weakConnector) && !has(e, .the) && title(at: e) == 0 {
                        // Person particles: "Ursula von der Leyen", "Bashar al-Assad".
                        var f = e
                        while f < b && !cap(f) && has(f, .connector) { f += 1 }
                        if f < b && gazetteer(at: f) == nil && !(f < b && has(e, .connector) && toks[e].termLength == 2 && toks[e].hash == RecognitionPass.ofHash) {
                            e = f
                            continue
                        }
                    }
                    break
                }
                if has(e, .common) { break }
                if gazetteer(at: e) != nil && !(orgHead && !cap(e - 1)) && !has(e, .orgWord) { break }
                if has(e, .orgWord) { orgHead = true }
                e += 1
            }
            while e - 1 > k && !cap(e - 1) { e -= 1 }
            if e < b, toks[e].gap == .space, !toks[e - 1].shape.contains(.possessive), let g = gazetteer(at: e) {
                if let oe = organizationExtension(from: e + g.length, to: b),
                   (k..<e).allSatisfy({ leadsOrganization($0) }) {
                    emit(k, oe, .org, cue: false)  // "National Australia Bank" in mid-sentence
                    k = oe
                    continue
                }
                if e == k + 1, has(k, .givenName), g.length == 1, g.info.org >= 0, g.info.place < 0, g.info.norp < 0,
                   e + 1 >= b || !has(e + 1, .orgWord) {
                    // "Michael Bloomberg": a given name and a listed one-word organisation are a person.
                    emit(k, e + 1, .person, cue: true)
                    k = e + 1
                    continue
                }
            }
            if e < b && !cue && !orgHead, let g = gazetteer(at: e), g.info.place >= 0, g.info.org < 0,
               toks[e].gap == .space, (k..<e).allSatisfy({ plainName($0) }) {
                // "Bayern Munich": an unlisted name and a place.
                let f = e + g.length
                emit(k, f, .org, cue: false)
                k = f
                continue
            }
            classify(k, e, cue: cue)
            cue = false
            k = e
        }
        return b
    }

    /// "Russian Foreign Ministry", "US Treasury", "Moscow City Court": a listed name followed by capitalised
    /// words up to an organisation head word. Returns the end of the organisation, or nil.
    func organizationExtension(from e: Int, to b: Int) -> Int? {
        var t = e
        var last: Int?
        while t < b {
            if title(at: t) > 0 && !(has(t, .orgWord) && (t + 1 == b || !cap(t + 1))) { break }
            if !cap(t) {
                if last != nil && (has(t, .connector) || has(t, .weakConnector)) { t += 1; continue }
                break
            }
            if has(t, .givenName) && !has(t, .orgWord) { break }
            if has(t, .orgWord) { last = t + 1 }
            t += 1
        }
        if let l = last, l < b, has(l - 1, .orgWord), l - 1 > e, toks[l].gap != .block {
            // "Ministry of Foreign Affairs": after "of", take the rest of the chunk.
            if !cap(l) { return b }
        }
        guard let last else { return nil }
        // After "of" the head word may be followed by a name: take the chunk to its end.
        if last < b, !cap(last) { return b }
        return last
    }

    /// An unlisted capitalised word that is no common word, given name, title or head word.
    func plainName(_ t: Int) -> Bool {
        cap(t) && !toks[t].shape.contains(.ambiguousStart) && !toks[t].flags.contains(.english) && !toks[t].flags.contains(.givenName) && !toks[t].flags.contains(.common)
            && !toks[t].flags.contains(.orgWord) && !toks[t].flags.contains(.title) && !toks[t].flags.contains(.month)
            && !toks[t].flags.contains(.weekday) && !toks[t].isDigits && !toks[t].shape.contains(.allCaps)
            && !toks[t].flags.contains(.placeWord)
    }

    /// A capitalised word that can open an organisation's name before a listed one ("National", "First"): no
    /// title, month, weekday or possessive.
    func leadsOrganization(_ t: Int) -> Bool {
        cap(t) && !has(t, .the) && title(at: t) == 0 && !has(t, .month) && !has(t, .weekday)
            && !toks[t].shape.contains(.possessive)
            && !toks[t].shape.contains(.identifierPart)
    }

    /// Where an organisation ending in the listed name at `k` starts: at the first of the capitalised words just
    /// before it, back to the chunk's start `i`, that no candidate claimed ("National" at a sentence start, which
    /// the scan passed over as a common word).
    func leadingNameWords(before k: Int, from i: Int) -> Int {
        var start = k
        let claimed = candidates.items.last.map { $0.last } ?? -1
        while start > i, start - 1 > claimed, toks[start].gap == .space, leadsOrganization(start - 1) {
            start -= 1
        }
        return start
    }

    /// Whether an organisation head word follows among the next few capitalised tokens from `t`
    /// ("Food and Drug Administration", "General Court", "National Security and Defence Council").
    func organizationWordAhead(_ t: Int, within limit: Int? = nil) -> Bool {
        var k = t
        let end = min(tokenCount, limit ?? tokenCount, t + 4)
        while k < end {
            if k > t && !joinable(k) { return false }
            if !cap(k) { return has(k, .connector) && k > t ? false : false }
            if has(k, .orgWord) { return true }
            if let g = gazetteer(at: k), g.info.place >= 0 || g.info.norp >= 0 { return false }
            k += 1
        }
        return false
    }

    /// A capitalised sentence-initial word that is a common English word, not a name.
    func commonAtStart(_ k: Int) -> Bool {
        let f = toks[k].flags
        if k > 0, byte(toks[k].start - 1) == 0x28, byte(toks[k].end) == 0x29, toks[k - 1].shape.contains(.allCaps) {
            return false  // dateline agency: "WASHINGTON (Reuters)"
        }
        if f.contains(.common) { return true }
        if f.contains(.givenName) { return false }
        if seenCapMid.lookup(toks[k].hash) != nil { return false }
        if f.contains(.english) || f.contains(.title) || f.contains(.orgWord) { return true }
        if seenLower.lookup(toks[k].hash) != nil { return true }
        // Inflected words: "Neighbouring", "Asked", "Frozen", "Reportedly".
        let s = toks[k].start, e = toks[k].end
        if e - s >= 6 && !f.contains(.givenName) {
            let a = byte(e - 3), b = byte(e - 2), c = byte(e - 1)
            if (a == 0x69 && b == 0x6E && c == 0x67) || (b == 0x6C && c == 0x79) || (b == 0x65 && c == 0x64) { return true }
        }
        return false
    }

    /// A lowercase role before the chunk: "spokesman Dmitry Peskov", "prime minister, Boris Johnson".
    func cueBefore(_ i: Int) -> Bool {
        guard i > 0, toks[i].gap == .space || toks[i].gap == .other else { return false }
        if toks[i].gap == .other {
            // Only a comma.
            var commas = 0
            for k in toks[i - 1].end..<toks[i].start where text[k] != 0x20 {
                if text[k] == 0x2C { commas += 1 } else { return false }
            }
            if commas != 1 { return false }
        }
        let p = i - 1
        if has(p, .title) && !cap(p) { return true }
        return false
    }

    func classify(_ k: Int, _ e: Int, cue: Bool) {
        let length = e - k
        guard length > 0 else { return }
        var orgWords = 0, english = 0, placeHead = false
        for t in k..<e {
            if has(t, .orgWord) { orgWords += 1 }
            if has(t, .english) || has(t, .common) || !cap(t) { english += 1 }
        }
        if has(e - 1, .placeWord) && length >= 2 { placeHead = true }
        if orgWords > 0 && !(cue && !has(k, .orgWord) && !has(e - 1, .orgWord)) {
            if length == 1 {
                var c = makeCandidate(k, e, .org)
                c.bareOrgWord = true
                candidates.items.append(c)
                return
            }
            if has(k, .givenName) && !has(e - 1, .orgWord) && !has(k, .orgWord) {
                emit(k, e, .person, cue: cue)
                return
            }
            emit(k, e, .org, cue: false)
            return
        }
        if placeHead && !cue {
            emit(k, e, .place, cue: false)
            return
        }
        if length > 5 { return }
        if length >= 2 && (k..<e).contains(where: { toks[$0].shape.contains(.allCaps) && !has($0, .notAcronym) }) && !cue {
            emit(k, e, .org, cue: false)
            return
        }
        if cue {
            emit(k, e, .person, cue: true)
            return
        }
        if length == 1 {
            if has(k, .notAcronym) || !toks[k].shape.contains(.hasLetter) { return }
            // A lone letter ("P said", "Vitamin C") or a month's abbreviation without its day ("in Sept") names
            // no one: a person's letter is an initial, and an initial comes before a name.
            if toks[k].shape.contains(.singleLetter) || has(k, .monthAbbreviation) { return }
            if toks[k].shape.contains(.allCaps) && toks[k].termLength <= 6 {
                emit(k, e, .org, cue: false)
                return
            }
            if (toks[k].start..<toks[k].end).contains(where: { text[$0] >= 0x30 && text[$0] <= 0x39 }) { return }
            if has(k, .placeWord) { return }
            if k > 0, byte(toks[k].start - 1) == 0x28, byte(toks[k].end) == 0x29, toks[k - 1].shape.contains(.allCaps) {
                emit(k, e, .org, cue: false)  // dateline agency: "WASHINGTON (Reuters)"
                return
            }
            if has(k, .english) {
                if k > 0 && cap(k - 1) && joinable(k) { return }  // the tail of some other name
                if k + 2 < tokenCount && has(k + 1, .weakConnector) && tight(k + 1) && cap(k + 2) && tight(k + 2) { return }
            }
            if has(k, .english) && !has(k, .givenName) && toks[k].shape.contains(.ambiguousStart) { return }
            candidates.items.append(makeCandidate(k, e, nil))
            return
        }
        if has(k, .givenName) {
            emit(k, e, .person, cue: false)
            return
        }
        // "Plan B", "Part B", "Vitamin C": without a given name first ("Malcolm X"), a run ending in a lone
        // letter is no person's name, whose last word is a surname.
        if toks[e - 1].shape.contains(.singleLetter) && !(e < tokenCount && toks[e].gap == .initialDot) { return }
        if english == length { return }
        emit(k, e, .person, cue: false)
    }

    func makeCandidate(_ k: Int, _ e: Int, _ type: EntityType?) -> Candidate {
        Candidate(first: k, last: e - 1, nameFirst: k, nameLast: e - 1, type: type, lo: toks[k].start, hi: nameEnd(e - 1))
    }

    /// End of token `t` without a possessive "'s" / "’s" / "ʼs".
    func nameEnd(_ t: Int) -> Int {
        let hi = toks[t].end
        guard toks[t].shape.contains(.possessive) else { return hi }
        return hi - (byte(hi - 2) == 0x27 ? 2 : byte(hi - 2) == 0xBC ? 3 : 4)
    }

    func emitGazetteer(_ k: Int, _ length: Int, _ info: PhraseInfo) {
        let type: EntityType
        let id: Int32
        if info.org >= 0 && (info.place < 0 || length > 1 && toks[k].shape.contains(.allCaps)) {
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
        emit(k, k + length, type, cue: false, gazetteer: id)
    }

    func emit(_ k: Int, _ e: Int, _ type: EntityType, cue: Bool, gazetteer: Int32 = -1) {
        var c = makeCandidate(k, e, type)
        c.cue = cue
        c.gazetteer = gazetteer
        // A leading "the" belongs to multi-word organisations and places ("the United States").
        let modifier = e < tokenCount && toks[e].gap == .space && !cap(e) && has(e, .headNoun)
            && !toks[e - 1].shape.contains(.possessive)
        if (type == .org || type == .place), e - k >= 2, k > 0, has(k - 1, .the), toks[k].gap == .space, !modifier,
           ((k + 1)..<e).contains(where: { toks[$0].gap == .space }),
           candidates.items.last.map({ $0.last < k - 1 }) ?? true {
            c.first = k - 1
            c.lo = toks[k - 1].start
        }
        // The final period of an abbreviation: "U.S.", "Inc.".
        if text.count > c.hi, text[c.hi] == 0x2E {
            let last = e - 1
            if (toks[last].shape.contains(.singleLetter) && last > k && toks[last].gap == .initialDot)
                || (has(last, .abbreviation) && has(last, .orgWord)) {
                c.hi += 1
            }
        }
        candidates.items.append(c)
    }

    // MARK: - Dates, money, percentages

    func monthDay(_ i: Int) -> Bool {
        guard i < tokenCount, toks[i].isDigits, toks[i].termLength <= 2 else { return false }
        let v = number(i)
        return v >= 1 && v <= 31
    }

    func year(_ i: Int) -> Bool {
        guard i < tokenCount, toks[i].isDigits, toks[i].termLength == 4 else { return false }
        let v = number(i)
        return v >= 1800 && v <= 2100
    }

    func number(_ i: Int) -> Int {
        var v = 0
        for k in toks[i].start..<min(toks[i].end, toks[i].start + 9) {
            let b = text[k]
            guard b >= 0x30 && b <= 0x39 else { break }
            v = v * 10 + Int(b - 0x30)
        }
        return v
    }

    func tight(_ j: Int) -> Bool { j < tokenCount && toks[j].gap == .space }

    /// Currency sign right before token `i`: returns the byte where it starts.
    func currencySign(before i: Int) -> Int? {
        let s = toks[i].start
        let floor = i > 0 ? toks[i - 1].end : 0
        if s - 1 >= floor && text[s - 1] == 0x24 { return s - 1 }                                  // $
        if s - 2 >= floor && text[s - 2] == 0xC2 && (text[s - 1] == 0xA3 || text[s - 1] == 0xA5) { return s - 2 } // £ ¥
        if s - 3 >= floor && text[s - 3] == 0xE2 && text[s - 2] == 0x82 && text[s - 1] == 0xAC { return s - 3 } // €
        return nil
    }

    func matchNumeric(_ i: Int) -> Int? {
        let t = toks[i]
        let f = t.flags
        let n = tokenCount
        if t.shape.contains(.shouting) { return nil }
        // Relative dates: "last week", "this year", "the coming months", "earlier this month".
        if f.contains(.relative) && i + 1 < n && tight(i + 1)
            && (has(i + 1, .timeUnit) || has(i + 1, .weekday) || (has(i + 1, .month) && cap(i + 1))) {
            var start = i
            if i > 0 && has(i - 1, .the) && toks[i].gap == .space { start = i - 1 }
            if i > 0 && has(i - 1, .relativeEnd) && toks[i].gap == .space && !cap(i - 1) { start = i - 1 }
            emitSimple(start, i + 2, .date)
            return i + 2
        }
        if f.contains(.relative) && i + 2 < n && tight(i + 1) && tight(i + 2) && has(i + 1, .numberWord)
            && has(i + 2, .timeUnit) && !cap(i + 1) {
            var start = i
            if i > 0 && has(i - 1, .the) && toks[i].gap == .space { start = i - 1 }
            emitSimple(start, i + 3, .date)
            return i + 3
        }
        if f.contains(.the) && i + 2 < n && tight(i + 1) && tight(i + 2) && has(i + 1, .ordinal) && has(i + 2, .yearPart) {
            var e = i + 3
            // "of the year", "of 2024"
            if e + 2 < n && tight(e) && toks[e].hash == RecognitionPass.ofHash && tight(e + 1) {
                if year(e + 1) { e += 2 } else if e + 2 < n && has(e + 1, .the) && tight(e + 2) && has(e + 2, .timeUnit) { e += 3 }
            }
            emitSimple(i, e, .date)
            return e
        }
        if f.contains(.dayWord) {
            // A holiday may begin a place ("Christmas Island", "Easter Island"): the gazetteer's entry wins.
            if cap(i), let g = gazetteer(at: i), g.length > 1 { return nil }
            var e = i + 1
            if cap(i) && e < n && tight(e) && cap(e) && (toks[e].hash == Self.dayHash || toks[e].hash == Self.eveHash) {
                e += 1  // "Christmas Day", "Christmas Eve"
            }
            emitSimple(i, e, .date)
            return e
        }
        // "two years ago", "Days later", "three weeks earlier".
        if (f.contains(.numberWord) || t.isDigits) && i + 2 < n && tight(i + 1) && tight(i + 2)
            && has(i + 1, .timeUnit) && has(i + 2, .relativeEnd) {
            emitSimple(i, i + 3, .date)
            return i + 3
        }
        if f.contains(.timeUnit) && i + 1 < n && tight(i + 1) && has(i + 1, .relativeEnd) && cap(i) {
            emitSimple(i, i + 2, .date)
            return i + 2
        }
        if f.contains(.weekday) && cap(i) {
            var e = i + 1
            if e < n && toks[e].gap == .other && has(e, .month) && cap(e) && monthDay(e + 1) && tight(e + 1) { e += 2 }
            emitSimple(i, e, .date)
            return e
        }
        if f.contains(.monthAbbreviation) && cap(i) && i + 1 < n && monthDay(i + 1)
            && (toks[i + 1].gap == .space || toks[i + 1].gap == .initialDot) {
            var e = i + 2
            if year(e) && (toks[e].gap == .other || toks[e].gap == .space) { e += 1 }
            emitSimple(i, e, .date)
            return e
        }
        if f.contains(.month) && cap(i) {
            var e = i + 1
            if monthDay(e) && tight(e) {
                e += 1
                if year(e) && (toks[e].gap == .other || toks[e].gap == .space) { e += 1 }
            } else if year(e) && tight(e) {
                e += 1
            } else if t.hash == RecognitionPass.mayHash || t.hash == RecognitionPass.marchHash {
                // "May" and "March" alone are dates only after a preposition.
                guard i > 0, has(i - 1, .placePrep) || has(i - 1, .period) || has(i - 1, .relative)
                    || lex.flags(toks[i - 1].hash).contains(.connector) else { return nil }
            }
            var start = i
            if i > 0 && has(i - 1, .period) && (toks[i].gap == .space || toks[i].gap == .hyphen) { start = i - 1 }
            emitSimple(start, e, .date)
            return e
        }
        guard t.isDigits || (byte(t.start) >= 0x30 && byte(t.start) <= 0x39) else { return nil }
        if t.isDigits && monthDay(i) && i + 1 < n && tight(i + 1) && has(i + 1, .month) && cap(i + 1) {
            var e = i + 2
            if year(e) && tight(e) { e += 1 }
            emitSimple(i, e, .date)
            return e
        }
        // A number: digits joined by "." or ",".
        var e = i + 1
        while e < n && toks[e].gap == .numberJoin && toks[e].isDigits { e += 1 }
        let sign = currencySign(before: i)
        var hi = toks[e - 1].end
        // "1.2bn": a scale glued to the digits.
        var glued = false
        if !toks[e - 1].isDigits {
            var k = toks[e - 1].start
            while k < toks[e - 1].end && text[k] >= 0x30 && text[k] <= 0x39 { k += 1 }
            let suffix = UnsafeBufferPointer(rebasing: text[k..<toks[e - 1].end])
            var lower = [UInt8](suffix)
            for x in lower.indices where lower[x] >= 0x41 && lower[x] <= 0x5A { lower[x] += 0x20 }
            glued = lower.withUnsafeBufferPointer { lex.flags(TermHash.hash($0)).contains(.scale) }
            if !glued { return e }
        }
        if !glued && e < n && tight(e) && has(e, .scale) && toks[e].termLength > 1 {
            hi = toks[e].end
            e += 1
        }
        if let sign {
            emitSimple(i, e, .money, lo: sign, hi: hi)
            return e
        }
        if e < n && (tight(e) || toks[e].gap == .hyphen) && has(e, .currency) {
            emitSimple(i, e + 1, .money)
            return e + 1
        }
        // Percent sign right after the number (or after one space).
        if text.count > hi && text[hi] == 0x25 {
            emitSimple(i, e, .percent, lo: toks[i].start, hi: hi + 1)
            return e
        }
        if text.count > hi + 1 && text[hi] == 0x20 && text[hi + 1] == 0x25 {
            emitSimple(i, e, .percent, lo: toks[i].start, hi: hi + 2)
            return e
        }
        if e < n && tight(e) && has(e, .percentWord) {
            emitSimple(i, e + 1, .percent)
            return e + 1
        }
        if e + 1 < n && tight(e) && tight(e + 1) && toks[e].hash == RecognitionPass.perHash && toks[e + 1].hash == RecognitionPass.centHash {
            emitSimple(i, e + 2, .percent)
            return e + 2
        }
        if e == i + 1 && year(i) && !glued {
            // A year, unless it is a quantity ("2000 troops" is not told apart; "2,000" never gets here).
            var start = i
            if i > 0 && has(i - 1, .period) && (toks[i].gap == .space || toks[i].gap == .hyphen) { start = i - 1 }
            emitSimple(start, i + 1, .date)
            return i + 1
        }
        return e
    }

    func emitSimple(_ k: Int, _ e: Int, _ type: EntityType, lo: Int? = nil, hi: Int? = nil) {
        var c = makeCandidate(k, e, type)
        if let lo { c.lo = lo }
        if let hi { c.hi = hi }
        candidates.items.append(c)
    }

    // MARK: - Resolution

    func slice(_ lo: Int, _ hi: Int) -> String {
        // Written straight into the string (inline, with no allocation, up to 15 bytes: most names).
        // Whitespace runs become one space.
        guard hi > lo else { return "" }
        return String(unsafeUninitializedCapacity: hi - lo) { bytes in
            var count = 0
            var space = false
            var k = lo
            while k < hi {
                let b = text[k]
                if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || (b == 0xC2 && byte(k + 1) == 0xA0) {
                    space = true
                    k += b == 0xC2 ? 2 : 1
                    continue
                }
                if space && count > 0 {
                    bytes[count] = 0x20
                    count += 1
                }
                space = false
                bytes[count] = b
                count += 1
                k += 1
            }
            return count
        }
    }

    /// The name's own text, without "the" and a possessive.
    func nameText(_ c: Candidate) -> String {
        var hi = nameEnd(c.nameLast)
        if c.hi > hi && c.hi == toks[c.nameLast].end + 1 { hi = c.hi }  // "U.S."
        return slice(toks[c.nameFirst].start, hi)
    }

    /// Surnames in several languages: Lavrov, Peskova, Zelenskyy, Kovalenko, Pashinyan, Shevardnadze...
    func looksLikeSurname(_ k: Int) -> Bool {
        let s = toks[k].start, e = toks[k].end
        guard e - s >= 4, !toks[k].shape.contains(.allCaps) else { return false }
        return Self.surnameEndings.matches(tail: SuffixSet.tail(of: text, start: s, end: e), length: e - s)
    }

    static let surnameEndings = SuffixSet([
        "ov", "ova", "ev", "eva", "sky", "skyy", "skiy", "ski", "ska", "enko", "vich", "yan", "dze", "shvili", "escu",
        "oglu", "ović", "ovic", "czyk", "wicz", "poulos", "akis", "elli", "etti", "stein", "berg", "mann", "sson",
        "ssen", "chuk", "yuk", "ovsky", "ishvili", "ez", "ini", "ian", "cki", "icz", "uk", "iak", "ak",
    ])

    func resolve() -> [EntityMention] {
        var cands = candidates.items
        candidates.items = []
        // People with two or more name tokens, by last and first token.
        // Keyed by token hashes (well mixed, never 0): open addressing rather than SipHash-ed Dictionaries.
        let size = cands.count / 2 + 8
        var byLast = HashTable<Int>(capacity: size, empty: -1)
        var byFirst = HashTable<Int>(capacity: size, empty: -1)
        var firstAmbiguous = HashTable<Bool>(capacity: 8, empty: false)
        var acronyms = HashTable<Int>(capacity: 8, empty: -1)
        var singleTypes = HashTable<EntityType?>(capacity: 8, empty: nil)
        for idx in cands.indices {
            let c = cands[idx]
            guard let type = c.type else { continue }
            cands[idx].canonical = c.gazetteer >= 0 ? lex.canonicals[Int(c.gazetteer)] : nameText(c)
            if type == .person && c.nameLast > c.nameFirst {
                let last = toks[c.nameLast].hash, first = toks[c.nameFirst].hash
                if let other = byLast.lookup(last), cands[other].nameLast - cands[other].nameFirst >= c.nameLast - c.nameFirst,
                   toks[cands[other].nameFirst].hash == first || cands[other].nameLast - cands[other].nameFirst > c.nameLast - c.nameFirst {
                    cands[idx].canonical = cands[other].canonical
                } else if !byLast.contains(last) {
                    byLast.update(last) { $0 = idx }
                }
                if let other = byFirst.lookup(first), cands[other].canonical != cands[idx].canonical {
                    firstAmbiguous.update(first) { $0 = true }
                } else {
                    byFirst.update(first) { $0 = idx }
                }
            }
            if type == .person && c.nameLast == c.nameFirst && c.cue {
                singleTypes.update(toks[c.nameFirst].hash) { $0 = .person }
            }
            // "International Criminal Court (ICC)": the acronym becomes an alias.
            if (type == .org || type == .place), c.nameLast > c.nameFirst, c.last + 1 < tokenCount {
                let a = c.last + 1
                if toks[a].shape.contains(.allCaps), toks[a].gap == .other, byte(toks[a].start - 1) == 0x28,
                   byte(toks[a].end) == 0x29 {
                    acronyms.update(toks[a].hash) { $0 = idx }
                }
            }
        }
        var out: [EntityMention] = []
        out.reserveCapacity(cands.count)
        for idx in cands.indices {
            var c = cands[idx]
            let h = toks[c.nameFirst].hash
            let single = c.nameFirst == c.nameLast
            if single, c.type == nil || c.type == .person || (c.type == .org && c.gazetteer < 0 && !c.bareOrgWord) {
                if let a = acronyms.lookup(h), a != idx {
                    c.type = cands[a].type
                    c.canonical = cands[a].canonical
                } else if let p = byLast.lookup(h) {
                    c.type = .person
                    c.canonical = cands[p].canonical
                    if let particle = nameParticle(before: c, fullName: cands[p]) {
                        c.first = particle
                        c.lo = toks[particle].start
                    }
                } else if let p = byFirst.lookup(h), !firstAmbiguous.contains(h), c.type != .org {
                    c.type = .person
                    c.canonical = cands[p].canonical
                } else if c.type == nil {
                    c.type = guessSingle(c.nameFirst, known: singleTypes.lookup(h) ?? nil)
                    c.canonical = nameText(c)
                }
            } else if single, c.bareOrgWord {
                // "the Commission" joins the one earlier organisation with that head word.
                var joined: Candidate?
                for j in stride(from: idx - 1, through: 0, by: -1) where cands[j].type == .org && cands[j].nameLast > cands[j].nameFirst {
                    if (cands[j].nameFirst...cands[j].nameLast).contains(where: { toks[$0].hash == h }) { joined = cands[j]; break }
                }
                guard let joined, c.nameFirst > 0, has(c.nameFirst - 1, .the) else { continue }
                c.canonical = joined.canonical
            } else if let a = acronyms.lookup(h), single, a != idx, c.type == .org {
                c.canonical = cands[a].canonical
            }
            guard let type = c.type else { continue }
            if type == .date {
                // A date without a year ("Monday", "last week", "March 3") names no one day: highlighted as a
                // DATE, but no entity of the corpus.
                c.canonical = namesYear(c.lo..<c.hi) ? nameText(c) : ""
            } else if c.canonical.isEmpty {
                c.canonical = nameText(c)
            }
            let positions = toks[c.first].position...toks[c.last].position
            if let prev = out.last, prev.range.upperBound > c.lo { continue }
            out.append(EntityMention(range: c.lo..<c.hi, positions: positions, type: type, canonical: c.canonical))
        }
        return out
    }

    /// Whether the bytes hold a year: four digits standing alone (1000–2199), or a decade ("1990s").
    func namesYear(_ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        let end = min(range.upperBound, text.count)
        while i < end {
            guard text[i] &- 0x30 <= 9 else { i += 1; continue }
            var j = i
            while j < end && text[j] &- 0x30 <= 9 { j += 1 }
            if j - i == 4 && (text[i] == 0x31 || (text[i] == 0x32 && text[i + 1] <= 0x31)) { return true }
            i = j
        }
        return false
    }

    /// The lowercase particle before a lone surname that the document's full name has there too: "bin Laden"
    /// after "Osama bin Laden", "van Gogh" after "Vincent van Gogh". Its index, or nil.
    func nameParticle(before c: Candidate, fullName: Candidate) -> Int? {
        let particle = c.nameFirst - 1
        guard c.first == c.nameFirst, particle >= 0, toks[c.nameFirst].gap == .space, !cap(particle),
              has(particle, .connector), toks[particle].hash != RecognitionPass.ofHash,
              fullName.nameLast - fullName.nameFirst >= 2,
              toks[fullName.nameLast - 1].hash == toks[particle].hash else { return nil }
        // Not the particle of another name just before ("Osama bin Laden" itself is never a lone surname).
        if particle > 0 && toks[particle].gap == .space && cap(particle - 1) { return nil }
        return particle
    }

    /// Type of a lone unlisted capitalised word from its context.
    func guessSingle(_ k: Int, known: EntityType?) -> EntityType? {
        if let known { return known }
        let n = tokenCount
        let tight = toks[k].gap == .space
        let possessive = toks[k].shape.contains(.possessive)
        let next = k + 1 < n && toks[k + 1].gap == .space && !possessive && !cap(k + 1) ? k + 1 : nil
        if toks[k].shape.contains(.ambiguousStart) && has(k, .english) { return nil }
        if k > 0 && tight && has(k - 1, .possessiveDeterminer) { return nil }  // "its Blackwell processors"
        if k > 0 && tight && !cap(k - 1) && has(k - 1, .placePrep) && !possessive
            && RecognitionPass.inPrepositions.contains(toks[k - 1].hash) {
            return .place
        }
        if k > 1 && tight && toks[k - 1].hash == RecognitionPass.ofHash && has(k - 2, .placeNoun) && toks[k - 1].gap == .space {
            return .place  // "the town of Bulape"
        }
        if k > 0 && tight && !cap(k - 1) && has(k - 1, .orgNoun) { return .org }  // "company Petrobras"
        if let next, has(next, .orgNoun) { return .org }                          // "the Lukoil group"
        if k > 0 && tight && has(k - 1, .the) {
            if let next, has(next, .personNoun) { return .person }
            if let next, has(next, .placeNoun) { return .place }
            return .org
        }
        if looksLikePlace(k) { return .place }
        if looksLikeSurname(k) { return .person }
        if looksLikeCompany(k) { return .org }
        if let next, has(next, .speechVerb) {
            // "Nvidia said it", "Huang said he".
            var t = next + 1
            while t < min(n, next + 8) {
                if toks[t].hash == RecognitionPass.itHash || toks[t].hash == RecognitionPass.itsHash { return .org }
                if has(t, .pronounAfter) { return .person }
                t += 1
            }
            return .person
        }
        // CamelCase inside a word: "OpenAI", "PayPal".
        var upperInside = 0
        for b in (toks[k].start + 1)..<toks[k].end where b < text.count && text[b] >= 0x41 && text[b] <= 0x5A { upperInside += 1 }
        if upperInside > 0 { return .org }
        // A capitalised common word ("Brent", "Section", "Chrome") needs evidence of being a name.
        if k + 1 < n && toks[k + 1].isDigits && toks[k + 1].gap == .space { return nil }  // "Article 5", "Flight 17"
        if has(k, .english) && (seenLower.lookup(toks[k].hash) != nil || (seenCapMid.lookup(toks[k].hash) ?? 0) < 2) {
            return nil
        }
        return .person
    }

    /// Whether token `k` ends in one of `endings` and is more than two bytes longer than it.
    func endsWith(_ k: Int, _ endings: SuffixSet) -> Bool {
        let s = toks[k].start, e = toks[k].end
        return endings.matches(tail: SuffixSet.tail(of: text, start: s, end: e), length: e - s, longerBy: 2)
    }

    /// Town names: Primorsk, Volgograd, Sevastopol, Jamnagar, Islamabad, Kazakhstan...
    func looksLikePlace(_ k: Int) -> Bool {
        !toks[k].shape.contains(.allCaps)
            && endsWith(k, Self.placeEndings)
    }

    static let placeEndings = SuffixSet([
        "sk", "grad", "gorod", "pol", "pil", "pur", "abad", "stan", "ville", "polis", "nagar", "burg", "hafen",
    ])

    /// Company names: Teboil, Naftogaz, Energocom, Transneft...
    func looksLikeCompany(_ k: Int) -> Bool {
        endsWith(k, Self.companyEndings)
    }

    static let companyEndings = SuffixSet([
        "oil", "gaz", "neft", "com", "tech", "soft", "corp", "bank", "tel", "net", "trans", "energo", "pharma", "air",
    ])
}
