/// Turns text into folded terms with positions and byte spans.
///
/// Token rules, chosen to agree with SQLite FTS5's unicode61 tokenizer (remove_diacritics=2) on plain words,
/// since the project is compared with it:
/// - A token is a maximal run of letters (L*) and numbers (Nd, Nl, No) in any script, plus the combining marks
///   (Mn, Mc, Me) that follow them. Everything else separates tokens, including invalid UTF-8 bytes.
/// - Han ideographs, Hiragana and Katakana are one token per character (see `ScalarClass.ideograph`); Hangul
///   and Thai run together like other letters.
/// - `'`, `’` and `ʼ` between two letters or digits stay in the word as `'` — unlike unicode61, so that
///   "don't" and "O'Reilly" are one term. A final `'s` is then removed (Lucene's EnglishPossessiveFilter),
///   while the span keeps covering it.
/// - Full case folding (`CaseFolding`), then, by default, accent folding (`AccentFolding`): `José` and `Jose`
///   are one term. An analyzer asked for exact forms also reports, for each token that folding changed, its
///   case-folded form with the accents (`analyzeWithExactForms`), which the index keeps beside the folded term
///   so that `=café` can still tell `café` from `cafe`. No stemming, no stop words.
///
/// A struct of reusable scratch space and caches, so that analysing a token allocates nothing; each thread
/// makes its own.
public struct Analyzer: Sendable {
    /// Positions added between two blocks, so that no phrase (and no sloppy phrase with slop < this) spans two
    /// paragraphs, or the title and the body. Small on purpose: every block start stores this delta in the
    /// positions stream, and 100 (Elasticsearch's choice) made the positions file a quarter larger than 16 does;
    /// searches cap slop below it (`PhraseMatcher.maximumSlop`).
    public static let blockPositionGap: UInt32 = 16

    private var cache: ScalarCache
    /// Scratch for the folded bytes of the token being built. Its count is its usable size: `scan` writes
    /// through a pointer and tracks the length itself, which keeps array bookkeeping out of the per-byte path.
    private var term = [UInt8](repeating: 0, count: 256)
    /// Scratch for the exact form of the token being built, as large as `term`.
    private var exact = [UInt8](repeating: 0, count: 256)

    public init(accents: AccentFolding = .folded) {
        cache = ScalarCache(accents: accents)
    }

    public var accents: AccentFolding { cache.accents }

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

    /// Same as `analyze`, also giving each token's exact form — case-folded but with its accents — when accent
    /// folding changed the token (nil otherwise, and always from an analyzer that keeps accents).
    public mutating func analyzeWithExactForms(
        _ text: UnsafeBufferPointer<UInt8>, blocks: [Range<Int>], firstPosition: UInt32,
        _ body: (_ term: UnsafeBufferPointer<UInt8>, _ exact: UnsafeBufferPointer<UInt8>?, _ span: TokenSpan) -> Void
    ) -> UInt32 {
        analyze(text, blocks: blocks[...], firstPosition: firstPosition, tracksExactForms: true, body)
    }

    /// Same over the whole text as a single block.
    public mutating func analyzeWithExactForms(
        _ text: UnsafeBufferPointer<UInt8>, firstPosition: UInt32,
        _ body: (_ term: UnsafeBufferPointer<UInt8>, _ exact: UnsafeBufferPointer<UInt8>?, _ span: TokenSpan) -> Void
    ) -> UInt32 {
        analyze(text, blocks: CollectionOfOne(0..<text.count), firstPosition: firstPosition, tracksExactForms: true, body)
    }

    private mutating func analyze(
        _ text: UnsafeBufferPointer<UInt8>, blocks: some Collection<Range<Int>>, firstPosition: UInt32,
        _ body: (_ term: UnsafeBufferPointer<UInt8>, _ span: TokenSpan) -> Void
    ) -> UInt32 {
        analyze(text, blocks: blocks, firstPosition: firstPosition, tracksExactForms: false) { term, _, span in
            body(term, span)
        }
    }

    private mutating func analyze(
        _ text: UnsafeBufferPointer<UInt8>, blocks: some Collection<Range<Int>>, firstPosition: UInt32,
        tracksExactForms: Bool,
        _ body: (_ term: UnsafeBufferPointer<UInt8>, _ exact: UnsafeBufferPointer<UInt8>?, _ span: TokenSpan) -> Void
    ) -> UInt32 {
        guard let base = text.baseAddress else { return firstPosition }
        let ascii = cache.ascii
        // Moved out of `self` so that they can be written through pointers while `scan` updates the cache.
        var term = self.term
        var exact = self.exact
        self.term = []
        self.exact = []
        defer {
            self.term = term
            self.exact = exact
        }
        var position = firstPosition
        ascii.withUnsafeBufferPointer { ascii in
            for block in blocks {
                let lo = max(0, min(block.lowerBound, text.count))
                let hi = max(lo, min(block.upperBound, text.count))
                var state = ScanState(next: lo, gapPending: position != firstPosition)
                // `scan` stops when a token outgrows the scratch; grow it and resume where it stopped.
                while !term.withUnsafeMutableBufferPointer({ term in
                    exact.withUnsafeMutableBufferPointer { exact in
                        scan(
                            base, to: hi, ascii: ascii.baseAddress!, term: term, exact: exact,
                            tracksExactForms: tracksExactForms, state: &state, position: &position, body)
                    }
                }) {
                    term.append(contentsOf: repeatElement(0, count: max(term.count, 256)))
                    exact.append(contentsOf: repeatElement(0, count: term.count - exact.count))
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

    /// Query-side convenience for exact matching: each token's folded term and, when folding changed it, its
    /// exact form.
    public mutating func termsWithExactForms(of string: String) -> [(term: String, exact: String?)] {
        var result: [(term: String, exact: String?)] = []
        var string = string
        string.withUTF8 { text in
            _ = analyzeWithExactForms(text, firstPosition: 0) { term, exact, _ in
                result.append((String(decoding: term, as: UTF8.self), exact.map { String(decoding: $0, as: UTF8.self) }))
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
        /// Bytes of the token's exact form so far, in its scratch, once a scalar whose accents were removed
        /// made it differ from the folded form; -1 while they are the same.
        var exactLength = -1
        /// The token is a Han or kana character, which no following letter may extend.
        var isSingleCharacter = false
        /// An apostrophe was seen after the last word character; it joins only if another one follows.
        var apostrophePending = false
        /// The token's last non-ASCII scalar as written (0: none), with where its folded bytes start in the term
        /// and its exact bytes in the exact form (-1: the forms did not differ yet), for a mark that composes
        /// with it. (An ASCII last scalar is read back from the input.)
        var lastScalar: UInt32 = 0
        var lastStart = 0
        var lastExactStart = -1
    }

    /// The longest folded or exact form of one scalar (see `ScalarCache.Entry`) plus a pending apostrophe.
    private static let maxBytesPerScalar = 16

    /// Tokenizes `base[state.next..<hi]`. Returns false, with `state` ready to resume, when the scratch is too
    /// small for the token under construction.
    @inline(__always)
    private mutating func scan(
        _ base: UnsafePointer<UInt8>, to hi: Int, ascii: UnsafePointer<UInt8>, term: UnsafeMutableBufferPointer<UInt8>,
        exact: UnsafeMutableBufferPointer<UInt8>, tracksExactForms: Bool, state: inout ScanState,
        position: inout UInt32, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>?, TokenSpan) -> Void
    ) -> Bool {
        let out = term.baseAddress!
        let exactOut = exact.baseAddress!
        // The exact form is never shorter than the folded one by more than the scratch allows: both are checked
        // against the same capacity, by their larger length.
        let capacity = min(term.count, exact.count)
        var i = state.next
        defer { state.next = i }
        while i < hi {
            let byte = base[i]
            let scalarClass: ScalarClass
            var length = 1
            var entry = ScalarCache.Entry(bits: 0)
            var value = UInt32(byte)
            if byte < 0x80 {
                if ascii[Int(byte)] > UInt8(ascii: "'") {
                    // The common case, kept free of the general machinery below: a whole run of ASCII letters
                    // and digits at once. The table maps bytes ≥ 0x80 to 0, which ends the run.
                    var j = i + 1
                    while j < hi, ascii[Int(base[j])] > UInt8(ascii: "'") { j += 1 }
                    if state.start >= 0, state.isSingleCharacter {
                        emit(&state, term: out, exact: exactOut, position: &position, body)
                    }
                    guard max(state.length, state.exactLength) + (j - i) + 1 <= capacity else { return false }
                    if state.start < 0 {
                        state.start = i
                    } else if state.apostrophePending {
                        appendApostrophe(&state, term: out, exact: exactOut)
                    }
                    var k = state.length
                    for offset in i..<j {
                        out[k] = ascii[Int(base[offset])]
                        k += 1
                    }
                    if state.exactLength >= 0 {
                        (exactOut + state.exactLength).update(from: out + state.length, count: k - state.length)
                        state.exactLength += k - state.length
                    }
                    state.length = k
                    i = j
                    state.end = j
                    continue
                }
                if byte != UInt8(ascii: "'") {
                    if state.start >= 0 { emit(&state, term: out, exact: exactOut, position: &position, body) }
                    i += 1
                    continue
                }
                scalarClass = .apostrophe
            } else {
                let decoded = UTF8Decoding.decodeNonASCII(base, at: i, end: hi)
                value = decoded.value
                length = decoded.length
                if value == UTF8Decoding.invalid {
                    scalarClass = .separator
                } else {
                    entry = cache.entry(for: value)
                    scalarClass = entry.scalarClass
                }
            }
            if entry.composesWithPrevious, state.start >= 0, state.end == i, !state.apostrophePending,
               let composed = composition(of: value, at: i, in: base, &state)
            {
                // Decomposed text is composed first, so that it folds (and keeps its exact form) like composed text.
                guard max(state.length, state.exactLength) + Analyzer.maxBytesPerScalar <= capacity else { return false }
                compose(composed, tracksExactForms, term: out, exact: exactOut, &state)
                state.end = i + length
                i += length
                continue
            }
            switch scalarClass {
            case .word:
                if state.start >= 0, state.isSingleCharacter {
                    emit(&state, term: out, exact: exactOut, position: &position, body)
                }
                guard max(state.length, state.exactLength) + Analyzer.maxBytesPerScalar <= capacity else { return false }
                if state.start < 0 {
                    state.start = i
                } else if state.apostrophePending {
                    appendApostrophe(&state, term: out, exact: exactOut)
                }
                appendFolded(entry, value, base + i, length, tracksExactForms, to: out, exact: exactOut, &state)
                state.end = i + length
            case .ideograph:
                if state.start >= 0 { emit(&state, term: out, exact: exactOut, position: &position, body) }
                state.start = i
                state.isSingleCharacter = true
                appendFolded(entry, value, base + i, length, tracksExactForms, to: out, exact: exactOut, &state)
                state.end = i + length
            case .mark:
                if state.start >= 0 {
                    if state.apostrophePending {
                        emit(&state, term: out, exact: exactOut, position: &position, body)
                    } else {
                        guard max(state.length, state.exactLength) + Analyzer.maxBytesPerScalar <= capacity else {
                            return false
                        }
                        appendFolded(entry, value, base + i, length, tracksExactForms, to: out, exact: exactOut, &state)
                        state.end = i + length
                    }
                }
            case .apostrophe:
                if state.start >= 0 {
                    if state.isSingleCharacter || state.apostrophePending {
                        emit(&state, term: out, exact: exactOut, position: &position, body)
                    } else {
                        state.apostrophePending = true
                    }
                }
            case .separator:
                if state.start >= 0 { emit(&state, term: out, exact: exactOut, position: &position, body) }
            }
            i += length
        }
        if state.start >= 0 { emit(&state, term: out, exact: exactOut, position: &position, body) }
        return true
    }

    @inline(__always)
    private func appendApostrophe(
        _ state: inout ScanState, term out: UnsafeMutablePointer<UInt8>, exact: UnsafeMutablePointer<UInt8>
    ) {
        out[state.length] = UInt8(ascii: "'")
        state.length += 1
        if state.exactLength >= 0 {
            exact[state.exactLength] = UInt8(ascii: "'")
            state.exactLength += 1
        }
        state.apostrophePending = false
    }

    /// Appends one scalar's folded bytes to the term and, when the token's exact form differs or starts to
    /// differ here, its exact bytes to the exact form. `bytes` is the scalar as written (`length` bytes).
    @inline(__always)
    private func appendFolded(
        _ entry: ScalarCache.Entry, _ value: UInt32, _ bytes: UnsafePointer<UInt8>, _ length: Int,
        _ tracksExactForms: Bool, to out: UnsafeMutablePointer<UInt8>, exact: UnsafeMutablePointer<UInt8>,
        _ state: inout ScanState
    ) {
        let before = state.length
        state.lastScalar = value
        state.lastStart = before
        state.lastExactStart = state.exactLength
        if entry.foldsToItself {
            (out + state.length).update(from: bytes, count: length)
            state.length += length
        } else {
            let offset = entry.foldedOffset
            for k in offset..<offset + entry.foldedLength {
                out[state.length] = cache.pool[k]
                state.length += 1
            }
        }
        guard tracksExactForms else { return }
        if entry.hasExactForm {
            if state.exactLength < 0 {
                // Until now the two forms were the same.
                exact.update(from: out, count: before)
                state.exactLength = before
            }
            let offset = entry.foldedOffset + entry.foldedLength
            let count = Int(cache.pool[offset])
            for k in offset + 1..<offset + 1 + count {
                exact[state.exactLength] = cache.pool[k]
                state.exactLength += 1
            }
        } else if state.exactLength >= 0 {
            (exact + state.exactLength).update(from: out + before, count: state.length - before)
            state.exactLength += state.length - before
        }
    }

    /// The composition of the token's last scalar (which ends at `i`) with `value`, read at `i`. An ASCII last
    /// scalar is read back from the input, so that runs of ASCII letters need not record it.
    @inline(__always)
    private func composition(of value: UInt32, at i: Int, in base: UnsafePointer<UInt8>, _ state: inout ScanState) -> UInt32? {
        if base[i - 1] < 0x80 {
            state.lastScalar = UInt32(base[i - 1])
            state.lastStart = state.length - 1
            state.lastExactStart = state.exactLength >= 0 ? state.exactLength - 1 : -1
        }
        guard state.lastScalar != 0 else { return nil }
        return Composition.compose(state.lastScalar, value)
    }

    /// Replaces the token's last scalar with `composed`, its composition with the scalar just read.
    private mutating func compose(
        _ composed: UInt32, _ tracksExactForms: Bool, term out: UnsafeMutablePointer<UInt8>,
        exact: UnsafeMutablePointer<UInt8>, _ state: inout ScanState
    ) {
        state.length = state.lastStart
        if state.exactLength >= 0 {
            // -1: the forms were the same up to the replaced scalar; they are again without it.
            state.exactLength = state.lastExactStart
        }
        let entry = cache.entry(for: composed)
        var encoded: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &encoded) { buffer in
            UTF8.encode(Unicode.Scalar(composed)!) { byte in
                buffer[count] = byte
                count += 1
            }
        }
        withUnsafeBytes(of: &encoded) { buffer in
            appendFolded(
                entry, composed, buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count, tracksExactForms,
                to: out, exact: exact, &state)
        }
    }

    /// Hands the finished token to `body` and resets `state` for the next one.
    @inline(__always)
    private func emit(
        _ state: inout ScanState, term: UnsafeMutablePointer<UInt8>, exact: UnsafeMutablePointer<UInt8>,
        position: inout UInt32, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>?, TokenSpan) -> Void
    ) {
        var count = state.length
        // Possessive `'s`, as Lucene's EnglishPossessiveFilter: "Lavrov’s" and "Lavrov's" index as "lavrov".
        // A token never starts with an apostrophe, so something is always left.
        if count >= 2, term[count - 2] == UInt8(ascii: "'"), term[count - 1] == UInt8(ascii: "s") {
            count -= 2
        }
        var exactCount = state.exactLength
        if exactCount >= 2, exact[exactCount - 2] == UInt8(ascii: "'"), exact[exactCount - 1] == UInt8(ascii: "s") {
            exactCount -= 2
        }
        // Once a scalar's accents were removed the forms differ at that scalar, so they differ as wholes.
        let exactForm = exactCount >= 0 ? UnsafeBufferPointer(start: exact, count: exactCount) : nil
        if state.gapPending {
            position = position > UInt32.max - Analyzer.blockPositionGap ? UInt32.max : position + Analyzer.blockPositionGap
            state.gapPending = false
        }
        // Positions are 32-bit and the last one is kept free for "just after the last token": past it tokens are
        // dropped rather than trapping. Indexing gets there only with some 4 billion positions in one document
        // (a gigabyte of one-word paragraphs, each 16 positions after the last), and a search when it starts
        // from a position read off a damaged index.
        if position < UInt32.max {
            body(
                UnsafeBufferPointer(start: term, count: count), exactForm,
                TokenSpan(position: position, start: state.start, end: state.end))
            position += 1
        }
        state.start = -1
        state.length = 0
        state.exactLength = -1
        state.lastScalar = 0
        state.isSingleCharacter = false
        state.apostrophePending = false
    }
}
