/// Turns text into folded terms with positions and byte spans.
///
/// Token rules, chosen to agree with SQLite FTS5's unicode61 tokenizer (remove_diacritics=0) on plain words,
/// since the project is compared with it:
/// - A token is a maximal run of letters (L*) and numbers (Nd, Nl, No) in any script, plus the combining marks
///   (Mn, Mc, Me) that follow them. Everything else separates tokens, including invalid UTF-8 bytes.
/// - Han ideographs, Hiragana and Katakana are one token per character (see `ScalarClass.ideograph`); Hangul
///   and Thai run together like other letters.
/// - `'`, `’` and `ʼ` between two letters or digits stay in the word as `'` — unlike unicode61, so that
///   "don't" and "O'Reilly" are one term. A final `'s` is then removed (Lucene's EnglishPossessiveFilter),
///   while the span keeps covering it.
/// - Full case folding (`CaseFolding`); no diacritic removal, no stemming, no stop words.
///
/// A struct of reusable scratch space and caches, so that analysing a token allocates nothing; each thread
/// makes its own.
public struct Analyzer: Sendable {
    /// Positions added between two blocks, so that no phrase (and no sloppy phrase with slop < this) spans two
    /// paragraphs, or the title and the body. Small on purpose: every block start stores this delta in the
    /// positions stream, and 100 (Elasticsearch's choice) made the positions file a quarter larger than 16 does;
    /// searches cap slop below it (`PhraseMatcher.maximumSlop`).
    public static let blockPositionGap: UInt32 = 16

    private var cache = ScalarCache()
    /// Scratch for the folded bytes of the token being built. Its count is its usable size: `scan` writes
    /// through a pointer and tracks the length itself, which keeps array bookkeeping out of the per-byte path.
    private var term = [UInt8](repeating: 0, count: 256)

    public init() {}

    /// Tokenizes `text` block by block (blocks: UTF-8 byte ranges into text, in order; ranges outside the
    /// text are clamped). A token never spans two blocks. The first token gets `firstPosition`; positions then
    /// increase by 1 per token; the first token of each later block is `blockPositionGap` further than it
    /// would otherwise be, provided some earlier block had tokens: empty blocks add no gap of their own.
    /// Calls `body` with the folded term bytes (valid only during the call) and its span. Returns the position
    /// just after the last token (`firstPosition` if none).
    public mutating func analyze(
        _ text: UnsafeBufferPointer<UInt8>, blocks: [Range<Int>], firstPosition: UInt32,
        _ body: (_ term: UnsafeBufferPointer<UInt8>, _ span: TokenSpan) -> Void
    ) -> UInt32 {
        analyze(text, blocks: blocks[...], firstPosition: firstPosition, body)
    }

    /// Same over the whole text as a single block.
    public mutating func analyze(
        _ text: UnsafeBufferPointer<UInt8>, firstPosition: UInt32,
        _ body: (_ term: UnsafeBufferPointer<UInt8>, _ span: TokenSpan) -> Void
    ) -> UInt32 {
        analyze(text, blocks: CollectionOfOne(0..<text.count), firstPosition: firstPosition, body)
    }

    private mutating func analyze(
        _ text: UnsafeBufferPointer<UInt8>, blocks: some Collection<Range<Int>>, firstPosition: UInt32,
        _ body: (_ term: UnsafeBufferPointer<UInt8>, _ span: TokenSpan) -> Void
    ) -> UInt32 {
        guard let base = text.baseAddress else { return firstPosition }
        let ascii = cache.ascii
        // Moved out of `self` so that it can be written through a pointer while `scan` updates the cache.
        var term = self.term
        self.term = []
        defer { self.term = term }
        var position = firstPosition
        ascii.withUnsafeBufferPointer { ascii in
            for block in blocks {
                let lo = max(0, min(block.lowerBound, text.count))
                let hi = max(lo, min(block.upperBound, text.count))
                var state = ScanState(next: lo, gapPending: position != firstPosition)
                // `scan` stops when a token outgrows the scratch; grow it and resume where it stopped.
                while !term.withUnsafeMutableBufferPointer({ term in
                    scan(base, to: hi, ascii: ascii.baseAddress!, term: term, state: &state, position: &position, body)
                }) {
                    term.append(contentsOf: repeatElement(0, count: max(term.count, 256)))
                }
            }
        }
        return position
    }

    /// Query-side convenience (allocation is fine here): the folded terms of a string, in order, with their
    /// spans (positions from 0).
    public mutating func terms(of string: String) -> [(term: String, span: TokenSpan)] {
        var result: [(term: String, span: TokenSpan)] = []
        var string = string
        string.withUTF8 { text in
            _ = analyze(text, firstPosition: 0) { term, span in
                result.append((String(decoding: term, as: UTF8.self), span))
            }
        }
        return result
    }

    /// Where a block's scan stands, so that it can stop to grow the scratch and resume.
    private struct ScanState {
        /// The next byte to look at.
        var next: Int
        /// Whether the next token is the first of a block that follows tokens, and so gets the gap.
        var gapPending: Bool
        /// Start of the token under construction; negative when there is none.
        var start = -1
        /// End of the last letter, digit or mark taken: a trailing apostrophe is not part of the span.
        var end = 0
        /// Folded bytes of the token so far, in the scratch.
        var length = 0
        /// The token is a Han or kana character, which no following letter may extend.
        var isSingleCharacter = false
        /// An apostrophe was seen after the last word character; it joins only if another one follows.
        var apostrophePending = false
    }

    /// The longest folded form of one scalar (see `ScalarCache.Entry`) plus a pending apostrophe.
    private static let maxBytesPerScalar = 16

    /// Tokenizes `base[state.next..<hi]`. Returns false, with `state` ready to resume, when the scratch is too
    /// small for the token under construction.
    @inline(__always)
    private mutating func scan(
        _ base: UnsafePointer<UInt8>, to hi: Int, ascii: UnsafePointer<UInt8>, term: UnsafeMutableBufferPointer<UInt8>,
        state: inout ScanState, position: inout UInt32, _ body: (UnsafeBufferPointer<UInt8>, TokenSpan) -> Void
    ) -> Bool {
        let out = term.baseAddress!
        let capacity = term.count
        var i = state.next
        defer { state.next = i }
        while i < hi {
            let byte = base[i]
            let scalarClass: ScalarClass
            var length = 1
            var entry = ScalarCache.Entry(bits: 0)
            if byte < 0x80 {
                if ascii[Int(byte)] > UInt8(ascii: "'") {
                    // The common case, kept free of the general machinery below: a whole run of ASCII letters
                    // and digits at once. The table maps bytes ≥ 0x80 to 0, which ends the run.
                    var j = i + 1
                    while j < hi, ascii[Int(base[j])] > UInt8(ascii: "'") { j += 1 }
                    if state.start >= 0, state.isSingleCharacter {
                        emit(&state, term: out, position: &position, body)
                    }
                    guard state.length + (j - i) + 1 <= capacity else { return false }
                    if state.start < 0 {
                        state.start = i
                    } else if state.apostrophePending {
                        out[state.length] = UInt8(ascii: "'")
                        state.length += 1
                        state.apostrophePending = false
                    }
                    var k = state.length
                    for offset in i..<j {
                        out[k] = ascii[Int(base[offset])]
                        k += 1
                    }
                    state.length = k
                    i = j
                    state.end = j
                    continue
                }
                if byte != UInt8(ascii: "'") {
                    if state.start >= 0 { emit(&state, term: out, position: &position, body) }
                    i += 1
                    continue
                }
                scalarClass = .apostrophe
            } else {
                let (value, decodedLength) = UTF8Decoding.decodeNonASCII(base, at: i, end: hi)
                length = decodedLength
                if value == UTF8Decoding.invalid {
                    scalarClass = .separator
                } else {
                    entry = cache.entry(for: value)
                    scalarClass = entry.scalarClass
                }
            }
            switch scalarClass {
            case .word:
                if state.start >= 0, state.isSingleCharacter {
                    emit(&state, term: out, position: &position, body)
                }
                guard state.length + Analyzer.maxBytesPerScalar <= capacity else { return false }
                if state.start < 0 {
                    state.start = i
                } else if state.apostrophePending {
                    out[state.length] = UInt8(ascii: "'")
                    state.length += 1
                    state.apostrophePending = false
                }
                appendFolded(entry, base + i, length, to: out, &state.length)
                state.end = i + length
            case .ideograph:
                if state.start >= 0 { emit(&state, term: out, position: &position, body) }
                state.start = i
                state.isSingleCharacter = true
                appendFolded(entry, base + i, length, to: out, &state.length)
                state.end = i + length
            case .mark:
                if state.start >= 0 {
                    if state.apostrophePending {
                        emit(&state, term: out, position: &position, body)
                    } else {
                        guard state.length + Analyzer.maxBytesPerScalar <= capacity else { return false }
                        appendFolded(entry, base + i, length, to: out, &state.length)
                        state.end = i + length
                    }
                }
            case .apostrophe:
                if state.start >= 0 {
                    if state.isSingleCharacter || state.apostrophePending {
                        emit(&state, term: out, position: &position, body)
                    } else {
                        state.apostrophePending = true
                    }
                }
            case .separator:
                if state.start >= 0 { emit(&state, term: out, position: &position, body) }
            }
            i += length
        }
        if state.start >= 0 { emit(&state, term: out, position: &position, body) }
        return true
    }

    @inline(__always)
    private func appendFolded(
        _ entry: ScalarCache.Entry, _ bytes: UnsafePointer<UInt8>, _ length: Int,
        to out: UnsafeMutablePointer<UInt8>, _ outLength: inout Int
    ) {
        if entry.foldsToItself {
            (out + outLength).update(from: bytes, count: length)
            outLength += length
        } else {
            let offset = entry.foldedOffset
            for k in offset..<offset + entry.foldedLength {
                out[outLength] = cache.pool[k]
                outLength += 1
            }
        }
    }

    /// Hands the finished token to `body` and resets `state` for the next one.
    @inline(__always)
    private func emit(
        _ state: inout ScanState, term: UnsafeMutablePointer<UInt8>, position: inout UInt32,
        _ body: (UnsafeBufferPointer<UInt8>, TokenSpan) -> Void
    ) {
        var count = state.length
        // Possessive `'s`, as Lucene's EnglishPossessiveFilter: "Lavrov’s" and "Lavrov's" index as "lavrov".
        // A token never starts with an apostrophe, so something is always left.
        if count >= 2, term[count - 2] == UInt8(ascii: "'"), term[count - 1] == UInt8(ascii: "s") {
            count -= 2
        }
        if state.gapPending {
            position = position > UInt32.max - Analyzer.blockPositionGap ? UInt32.max : position + Analyzer.blockPositionGap
            state.gapPending = false
        }
        // Positions are 32-bit and the last one is kept free for "just after the last token": past it tokens are
        // dropped rather than trapping. Indexing gets there only with some 4 billion positions in one document
        // (a gigabyte of one-word paragraphs, each 16 positions after the last), and a search when it starts
        // from a position read off a damaged index.
        if position < UInt32.max {
            body(UnsafeBufferPointer(start: term, count: count), TokenSpan(position: position, start: state.start, end: state.end))
            position += 1
        }
        state.start = -1
        state.length = 0
        state.isSingleCharacter = false
        state.apostrophePending = false
    }
}
