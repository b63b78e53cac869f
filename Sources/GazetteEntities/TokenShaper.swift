/// How a token is written in the text and what separates it from the one before: the per-token part of a
/// recognition pass, kept apart from `RecognitionPass` so that its loop holds only the text and the word lists.
struct TokenShaper {
    let text: UnsafeBufferPointer<UInt8>
    let lex: Lexicon

    init(text: UnsafeBufferPointer<UInt8>, lexicon: Lexicon) {
        self.text = text
        self.lex = lexicon
    }

    @inline(__always) func byte(_ i: Int) -> UInt8 { i >= 0 && i < text.count ? text[i] : 0 }

    /// Writes token `i`'s shape (with sentence starts), its gap from token `i - 1` and its English-word flag,
    /// and marks code identifiers: token `i`, or token `i - 1` when the "_" is after it (the last token's is
    /// marked by `finishDescribing`). Reads only the text and tokens up to `i`, so it can run as the tokens are
    /// written.
    @inline(__always)
    func describe(_ tp: UnsafeMutableBufferPointer<Token>, _ i: Int) {
        // Fields are read one by one: passing a 40-byte token by value copies it to the stack each time.
        let start = tp[i].start
        var shape = shape(start: start, end: tp[i].end, foldedPrefix: tp[i].foldedPrefix)
        if shape.contains(.capitalized) && tp[i].isEnglishWord { tp[i].flags.insert(.english) }
        let gap: Gap
        if i == 0 {
            gap = .block
            if byte(start - 1) == 0x5F { shape.insert(.identifierPart) }
        } else {
            // The common separator, one space, without the general classification.
            let pe = tp[i - 1].end
            if tp[i].position == tp[i - 1].position &+ 1 && (start <= pe || (start - pe == 1 && text[pe] == 0x20)) {
                gap = .space
            } else {
                gap = separator(tp, i, shape: &shape)
            }
        }
        tp[i].gap = gap
        if gap == .block || gap == .sentence {
            shape.insert([.sentenceStart, .ambiguousStart])
        } else if gap == .other, opensQuote(tp[i - 1].end, start) {
            shape.insert(.ambiguousStart)
        }
        tp[i].shape = shape
    }

    /// The gap before token `i` (not the first) when it is not one space, and what it says of the tokens'
    /// shapes. Out of line: `describe`, inlined into its loop, keeps only the common case.
    @inline(never)
    func separator(_ tp: UnsafeMutableBufferPointer<Token>, _ i: Int, shape: inout Shape) -> Gap {
        let start = tp[i].start, pe = tp[i - 1].end
        let gap = self.gap(before: i, in: UnsafeBufferPointer(tp))
        // Part of a code identifier ("_" before or after it): never a name, however it is capitalised.
        // Only a separator other than one space can hold the "_", so the common case never looks.
        if byte(start - 1) == 0x5F { shape.insert(.identifierPart) }
        if byte(pe) == 0x5F { tp[i - 1].shape.insert(.identifierPart) }
        if gap != .block && pe < start && (pe..<start).contains(where: { text[$0] == 0x0A }) {
            shape.insert(.lineStart)
        }
        return gap
    }

    /// Finishes the description of `count` tokens: the last one has no successor to see a "_" after it.
    func finishDescribing(_ tp: UnsafeMutableBufferPointer<Token>, count: Int) {
        if count > 0 && byte(tp[count - 1].end) == 0x5F { tp[count - 1].shape.insert(.identifierPart) }
    }

    /// What the lowercase sightings read of a token in a block of another language (`hasLetter`, `capitalized`,
    /// as `shape` gives them) with the mark `notEnglishProse`, from its first letter alone.
    @inline(__always)
    func letterShape(_ token: Token) -> Shape {
        var s: Shape = .notEnglishProse
        if token.isDigits { return s }
        s.insert(.hasLetter)
        let start = token.start
        let b0 = byte(start)
        if b0 >= 0x41 && b0 <= 0x5A {
            s.insert(.capitalized)
        } else if b0 >= 0xC0 {
            let length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2
            for k in 0..<length where byte(start + k) != UInt8(truncatingIfNeeded: token.foldedPrefix >> (8 * UInt32(k))) {
                s.insert(.capitalized)
                break
            }
        }
        return s
    }

    @inline(__always)
    func shape(start: Int, end: Int, foldedPrefix: UInt32) -> Shape {
        var s = Shape()
        let b0 = byte(start)
        if b0 >= 0x61 && b0 <= 0x7A {
            // Lowercase ASCII start, the common case: only the possessive is left to check.
            s.insert(.hasLetter)
            if end - start == 1 { s.insert(.singleLetter) }
            let e = end
            if e - start >= 3, byte(e - 1) == 0x73,
               byte(e - 2) == 0x27 || (byte(e - 4) == 0xE2 && byte(e - 3) == 0x80 && byte(e - 2) == 0x99) {
                s.insert(.possessive)
            }
            return s
        }
        return shape(notStartingLowercase: b0, start: start, end: end, foldedPrefix: foldedPrefix)
    }

    /// `shape` of a token whose first byte `b0` is no lowercase ASCII letter. Out of line, as `separator`.
    @inline(never)
    func shape(notStartingLowercase b0: UInt8, start: Int, end: Int, foldedPrefix: UInt32) -> Shape {
        var s = Shape()
        if b0 >= 0x41 && b0 <= 0x5A {
            s.insert(.capitalized)
        } else if b0 >= 0xC0 {
            // Non-ASCII: capitalised when case folding changed the first scalar.
            let length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2
            for k in 0..<min(length, 4) where byte(start + k) != UInt8(truncatingIfNeeded: foldedPrefix >> (8 * UInt32(k))) {
                s.insert(.capitalized)
                break
            }
        }
        var upper = 0, lower = 0, other = 0
        for k in start..<end {
            let b = text[k]
            if b >= 0x41 && b <= 0x5A { upper += 1 } else if b >= 0x61 && b <= 0x7A { lower += 1 } else if b >= 0x80 { other += 1 }
        }
        if upper + lower + other > 0 { s.insert(.hasLetter) }
        if upper >= 2 && lower == 0 && other == 0 { s.insert(.allCaps) }
        if end - start == 1 && upper + lower == 1 { s.insert(.singleLetter) }
        // Possessive: ends in 's, ’s or ʼs (the Analyzer dropped it from the term).
        let e = end
        if e - start >= 3, byte(e - 1) == 0x73 || byte(e - 1) == 0x53 {
            if byte(e - 2) == 0x27 || (byte(e - 4) == 0xE2 && byte(e - 3) == 0x80 && byte(e - 2) == 0x99)
                || (byte(e - 3) == 0xCA && byte(e - 2) == 0xBC) {
                s.insert(.possessive)
            }
        }
        return s
    }

    /// What separates token `i` from token `i - 1`.
    func gap(before i: Int, in tokens: UnsafeBufferPointer<Token>) -> Gap {
        let t = tokens[i], p = tokens[i - 1]
        if t.position != p.position &+ 1 { return .block }
        let lo = p.end, hi = t.start
        if hi <= lo { return .space }
        if hi - lo == 1 && text[lo] == 0x20 { return .space }
        var allSpace = true
        var k = lo
        while k < hi {
            let b = text[k]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                k += 1
            } else if b == 0xC2 && byte(k + 1) == 0xA0 {
                k += 2
            } else {
                allSpace = false
                break
            }
        }
        if allSpace { return .space }
        let length = hi - lo
        if length == 1 && text[lo] == 0x2D { return .hyphen }
        if text[lo] == 0x2E && (length == 1 || (length == 2 && text[lo + 1] == 0x20)) {
            if p.isDigits && t.isDigits && length == 1 { return .numberJoin }
            if p.end - p.start == 1 && byte(p.start) >= 0x41 && byte(p.start) <= 0x5A { return .initialDot }
            if lex.flags(p.hash).contains(.abbreviation) { return .initialDot }
        }
        if length == 1 && text[lo] == 0x2C && p.isDigits && t.isDigits && t.termLength == 3 { return .numberJoin }
        var sawAmp = false, sawOther = false, sentence = false
        for k in lo..<hi {
            switch text[k] {
            case 0x2E, 0x21, 0x3F: sentence = true
            case 0x26: sawAmp = true
            case 0x20: break
            default: sawOther = true
            }
        }
        if sentence { return .sentence }
        if sawAmp && !sawOther { return .ampersand }
        return .other
    }

    /// Whether the separator before a token opens a quotation, parenthesis or clause after a colon.
    func opensQuote(_ lo: Int, _ hi: Int) -> Bool {
        var k = lo
        while k < hi {
            switch text[k] {
            case 0x22, 0x3A, 0x28, 0x5B: return true
            case 0xE2 where byte(k + 1) == 0x80 && (byte(k + 2) == 0x9C || byte(k + 2) == 0x98 || byte(k + 2) == 0x94):
                return true
            default: k += 1
            }
        }
        return false
    }
}
