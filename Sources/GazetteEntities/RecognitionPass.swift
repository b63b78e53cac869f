/// One document's recognition: token features, a left-to-right scan proposing candidates, then resolution.
///
/// The work is split by concern: lowercase sightings of capitalised words (`RecognitionPass+Sightings`),
/// gazetteer and title look-ups (`+Lookups`), dates and quantities (`+Numbers`), capitalised chunks
/// (`+NameChunks`) and resolution (`+Resolution`). The scan's methods are not `mutating`: they append to
/// `candidates`, a reference, because a mutating method's call of any non-mutating helper copies the whole pass.
struct RecognitionPass {
    static let ofHash = TermHash.hash("of")
    /// Flags with which `matchDateOrQuantity` can start a date or quantity; without one of them (or a digit) it
    /// returns nil at once, so that the many lowercase tokens flagged otherwise ("in", "said") skip it.
    static let numericStart: WordFlags = [.relative, .the, .dayWord, .numberWord, .timeUnit, .weekday, .monthAbbreviation, .month]
    /// Of `numericStart`, the flags of articles and number words, and what must follow them for
    /// `matchDateOrQuantity` to find anything: "the" + ordinal ("the third quarter"), a number word + time unit
    /// ("two weeks ago").
    static let articleStart: WordFlags = [.the, .numberWord]
    static let afterArticleStart: WordFlags = [.ordinal, .timeUnit]
    let text: UnsafeBufferPointer<UInt8>
    /// The tokens, in `tokens[0..<tokenCount]`; the buffer may be longer (see `EntityTokens.fill`).
    var tokens: [Token]
    let tokenCount: Int
    /// The tokens' capitalisation census, when they came described (`EntityTokens.fill`); until `prepare`.
    var census: CapitalisationCensus?
    let lexicon: Lexicon
    let candidates: CandidateList
    /// Whether resolution keeps the lone words it cannot type, in `candidates.unconfirmed` (an indexer's pass).
    var keepsUnconfirmed = false
    /// Whether resolution makes the people it named only by default, with no evidence in the document, unconfirmed
    /// names (`withholdDefaultPeople`): an indexer's pass, whose corpus decides. Implies `keepsUnconfirmed`.
    var withholdsDefaultPeople = false
    /// Hashes of capitalised words that the document also has in lowercase.
    var seenLowercase: HashTable<Bool>
    /// How often each word is capitalised where its position does not explain the capital.
    var capitalisedMidSentence: HashTable<UInt16>

    /// `census` is that of `tokens` when they come described (`EntityTokens.fill`); else `prepare` describes
    /// them and takes it.
    init(text: UnsafeBufferPointer<UInt8>, tokens: [Token], count: Int, census: CapitalisationCensus?, lexicon: Lexicon) {
        precondition(count <= tokens.count)
        self.text = text
        self.tokens = tokens
        tokenCount = count
        self.census = census
        self.lexicon = lexicon
        candidates = CandidateList(capacity: count / 8)
        seenLowercase = HashTable(capacity: count / 64 + 16, empty: false)
        capitalisedMidSentence = HashTable(capacity: 0, empty: 0)
    }

    mutating func run() -> [EntityMention] {
        prepare()
        scan()
        return resolve()
    }

    // MARK: - Token features

    /// The text's byte at `offset`, or 0 outside the text.
    @inline(__always) func byte(_ offset: Int) -> UInt8 { offset >= 0 && offset < text.count ? text[offset] : 0 }
    @inline(__always) func isCapitalised(_ tokenIndex: Int) -> Bool { tokens[tokenIndex].shape.contains(.capitalized) }
    @inline(__always) func has(_ tokenIndex: Int, _ flags: WordFlags) -> Bool { tokens[tokenIndex].flags.contains(flags) }
    /// Whether token `tokenIndex` exists and only whitespace separates it from the one before.
    func joinedBySpace(_ tokenIndex: Int) -> Bool { tokenIndex < tokenCount && tokens[tokenIndex].gap == .space }

    /// Describes the tokens if they came undescribed, marks the blocks that get no entities, and records the
    /// census's findings (capitals in mid-sentence, lowercase sightings of capitalised words) for the scan.
    mutating func prepare() {
        let count = tokenCount
        var census: CapitalisationCensus
        if let given = self.census {
            census = given
            self.census = nil
        } else {
            // Moved out of `self` so that the helpers below (which read only `text` and `lexicon`) can run while
            // it is mutated. The closure must not capture `self`: every call of one of its methods would copy all
            // of it. Tokens are written in place: `Token` is large, and copying it out and back costs as much as
            // the work.
            var tokens = self.tokens
            self.tokens = []
            let shaper = TokenShaper(text: text, lexicon: lexicon)
            census = tokens.withUnsafeMutableBufferPointer { tp in
                CapitalisationCensus.describing(UnsafeMutableBufferPointer(rebasing: tp[0..<count]), count: count, shaper: shaper)
            }
            self.tokens = tokens
        }
        // Blocks in another language and mail or news headers get no entities (see `scan`).
        var described = self.tokens
        self.tokens = []
        let text = self.text
        described.withUnsafeMutableBufferPointer { tp in
            let tp = UnsafeMutableBufferPointer(rebasing: tp[0..<count])
            census.settleLanguage(tp)
            MailHeaderBlock.mark(tp, candidates: census.headerCandidates, text: text)
        }
        self.tokens = described
        capitalisedMidSentence = census.capitalisedMidSentence
        let capitalised = census.capitalised
        if capitalised.count == 0 { return }
        var seenLowercase = self.seenLowercase
        self.seenLowercase = HashTable(capacity: 0, empty: false)
        Self.recordLowercaseSightings(of: capitalised, in: self.tokens, count: count, into: &seenLowercase)
        self.seenLowercase = seenLowercase
    }

    // MARK: - Scan

    /// Proposes the document's candidates, left to right: at each token a date or quantity, else a capitalised
    /// chunk, else nothing.
    func scan() {
        var tokenIndex = 0
        let count = tokenCount
        while tokenIndex < count {
            // Most tokens (lowercase words, not numbers) can start nothing: `matchDateOrQuantity` needs one of
            // `numericStart`'s flags or a digit, a chunk a capital. The most common of those flagged, "the" and
            // "a", start a date only before an ordinal ("the third quarter") or a unit ("a week ago").
            let token = tokens[tokenIndex]
            if token.shape.contains(.notEnglishProse) {
                tokenIndex += 1
                continue
            }
            let starts = token.flags.intersection(Self.numericStart)
            if starts.isSubset(of: Self.articleStart) && !token.isDigits && !token.shape.contains(.capitalized) {
                let firstByte = byte(token.start)
                if (firstByte < 0x30 || firstByte > 0x39)
                    && (starts.isEmpty || tokenIndex + 1 == count
                        || tokens[tokenIndex + 1].flags.isDisjoint(with: Self.afterArticleStart)) {
                    tokenIndex += 1
                    continue
                }
            }
            if let next = matchDateOrQuantity(at: tokenIndex) {
                tokenIndex = next
                continue
            }
            if isCapitalised(tokenIndex) && !tokens[tokenIndex].shape.contains(.identifierPart) {
                tokenIndex = recogniseChunk(startingAt: tokenIndex)
                continue
            }
            tokenIndex += 1
        }
    }

    // MARK: - Candidates

    /// A candidate of type `type` over tokens `start..<end`, its bytes those of the tokens without a final
    /// possessive.
    func makeCandidate(_ start: Int, _ end: Int, _ type: EntityType?) -> Candidate {
        Candidate(
            first: start, last: end - 1, nameFirst: start, nameLast: end - 1, type: type,
            byteStart: tokens[start].start, byteEnd: endWithoutPossessive(end - 1))
    }

    /// End of token `tokenIndex` without a possessive "'s" / "’s" / "ʼs".
    func endWithoutPossessive(_ tokenIndex: Int) -> Int {
        let end = tokens[tokenIndex].end
        guard tokens[tokenIndex].shape.contains(.possessive) else { return end }
        return end - (byte(end - 2) == 0x27 ? 2 : byte(end - 2) == 0xBC ? 3 : 4)
    }
}
