/// What a recognition pass learns of capitalisation by reading the described tokens in order: which words
/// appear capitalised (and how often in mid-sentence), and which blocks are written in capitals or title case
/// ("shouting", marked on their tokens). Apart from the pass so that `EntityTokens.fill` can take the census
/// in the loop that writes the tokens, rather than the pass reading all of them again.
struct CapitalisationCensus: Sendable {
    /// Words seen capitalised, whose lowercase sightings matter (sentence-initial and lone-word decisions).
    var capitalised: HashTable<Bool>
    /// How often each word was seen capitalised where capitals are not explained by position.
    var capitalisedMidSentence: HashTable<UInt16>
    private var blockStart = 0
    // Letter counts of the current block, for the shouting test at its end.
    private var letters = 0, caps = 0, allCaps = 0
    // The same for the current line of a block of several lines: a headline in capitals on the first line of a
    // plain-text article ("SOCCER - ROMANIA BEAT LITHUANIA IN UNDER-21 MATCH.") is shouting too.
    private var lineStart = 0, lineLetters = 0, lineAllCaps = 0
    /// The language evidence of the current block and of the document so far.
    private var block = LanguageEvidence(), document = LanguageEvidence()
    /// Blocks too short to tell their language: they take the document's (`settleLanguage`).
    private var undecidedBlocks: [Range<Int>] = []
    /// Blocks that start with a capitalised word, which may be mail or news header fields ("From:",
    /// "NNTP-Posting-Host:"): token ranges, checked against the text by `MailHeaderBlock`.
    private(set) var headerCandidates: [Range<Int>] = []

    init(tokenCount n: Int) {
        // Sized for what a document usually has (a few capitalised words in a hundred tokens); the tables grow
        // past that. Sized for the worst case, a long document's tables would be mappings of their own, zeroed
        // afresh by the kernel and then again by the array, for each document.
        capitalised = HashTable(capacity: n / 16 + 16, empty: false)
        capitalisedMidSentence = HashTable(capacity: n / 16 + 16, empty: 0)
    }

    /// Takes in token `i`, whose shape is written; `endsBlock` when the next token starts another block or
    /// there is none. Tokens must come in order, from 0. Only what every token does is here, so that this
    /// inlines into the describing loop; capitalised words and block ends, rarer, are counted out of line.
    @inline(__always)
    mutating func add(_ tp: UnsafeMutableBufferPointer<Token>, _ i: Int, endsBlock: Bool) {
        let shape = tp[i].shape
        if shape.contains(.lineStart) {
            endLine(tp, before: i)
        }
        if shape.contains(.hasLetter) {
            letters += 1
            lineLetters += 1
            if shape.contains(.allCaps) {
                lineAllCaps += 1
                allCaps += 1
            }
            if shape.contains(.capitalized) { addCapitalised(tp[i].hash, ambiguousStart: shape.contains(.ambiguousStart)) }
            block.add(tp[i])
        }
        if endsBlock { endBlock(tp, at: i) }
    }

    @inline(never)
    private mutating func addCapitalised(_ hash: UInt64, ambiguousStart: Bool) {
        caps += 1
        capitalised.update(hash) { $0 = true }
        if !ambiguousStart {
            capitalisedMidSentence.update(hash) { $0 &+= 1 }
        }
    }

    /// Closes the block that ends with token `i`: its language, whether it may be a mail header, and whether it
    /// is shouting.
    @inline(never)
    private mutating func endBlock(_ tp: UnsafeMutableBufferPointer<Token>, at i: Int) {
        switch block.verdict {
        case .english: break
        case .other:
            for k in blockStart..<(i + 1) { tp[k].shape.insert(.notEnglishProse) }
        case .undecided:
            undecidedBlocks.append(blockStart..<(i + 1))
        }
        if tp[blockStart].shape.contains(.capitalized) && i > blockStart {
            headerCandidates.append(blockStart..<(i + 1))
        }
        document.add(block)
        block = LanguageEvidence()
        // Blocks written in capitals or title case (headlines, hostile input) get gazetteer look-ups only. Title
        // case counts in a block of one line only: a block of many short lines is more often a table or a
        // list of names ("2. Michael Johnson (U.S.) 20.02") than a headline.
        let oneLine = lineStart == blockStart
        let shouting = (letters >= 3 && allCaps * 10 >= letters * 6)
            || (oneLine && letters >= 6 && caps * 10 >= letters * 8)
        if shouting {
            for k in blockStart..<(i + 1) { tp[k].shape.insert(.shouting) }
        } else if lineStart > blockStart {
            endLine(tp, before: i + 1)
        }
        letters = 0; caps = 0; allCaps = 0
        blockStart = i + 1
        lineStart = i + 1; lineLetters = 0; lineAllCaps = 0
    }

    /// Closes the line that ends before token `end`: a line of three words or more, nearly all in capitals, is
    /// shouting. Stricter than a block's test (no title case): a list of names, one a line, is no headline.
    @inline(never)
    private mutating func endLine(_ tp: UnsafeMutableBufferPointer<Token>, before end: Int) {
        if lineLetters >= 3 && lineAllCaps * 10 >= lineLetters * 8 {
            for k in lineStart..<end { tp[k].shape.insert(.shouting) }
        }
        lineStart = end; lineLetters = 0; lineAllCaps = 0
    }

    /// Describes tokens `0..<count` (shape and gap, `TokenShaper.describe`) and takes their census, except in
    /// the blocks whose own words (or, for a block too short to tell, the whole run's) already say they are not
    /// English: those get only their letter shape and the mark `notEnglishProse`, which the recogniser would
    /// have given them anyway (`add`, `settleLanguage`), so that text in other languages — most of a
    /// multilingual manual — costs little. Their capitals stay out of the census: German nouns capitalised in
    /// mid-sentence say nothing of English names. The language evidence is read from what the tokens' terms
    /// carry (function-word flags, folded prefix), words being the tokens not made of ASCII digits alone.
    static func describing(
        _ tp: UnsafeMutableBufferPointer<Token>, count: Int, shaper: TokenShaper
    ) -> CapitalisationCensus {
        var blocks: [BlockSummary] = []
        return describing(tp, count: count, shaper: shaper, blocks: &blocks)
    }

    /// One block of the tokens being described: where it ends, its language evidence, and whether it is described.
    struct BlockSummary {
        var end: Int
        var evidence: LanguageEvidence
        var described: Bool
    }

    /// `describing`, with the list of blocks in `blocks` (emptied first): a caller that describes document after
    /// document keeps one list, so that a long document's does not take fresh pages from the system each time.
    static func describing(
        _ tp: UnsafeMutableBufferPointer<Token>, count: Int, shaper: TokenShaper, blocks: inout [BlockSummary]
    ) -> CapitalisationCensus {
        var census = CapitalisationCensus(tokenCount: count)
        blocks.removeAll(keepingCapacity: true)
        guard count > 0 else { return census }
        var run = LanguageEvidence(), block = LanguageEvidence()
        for i in 0..<count {
            if !tp[i].isDigits { block.add(tp[i]) }
            if i + 1 == count || tp[i + 1].position != tp[i].position &+ 1 {
                blocks.append(BlockSummary(end: i + 1, evidence: block, described: block.verdict != .other))
                run.add(block)
                block = LanguageEvidence()
            }
        }
        let runIsForeign = run.verdict == .other
        var start = 0
        for summary in blocks {
            let end = summary.end, evidence = summary.evidence
            if summary.described && !(runIsForeign && evidence.verdict == .undecided) {
                census.describe(tp, start..<end, shaper: shaper)
            } else {
                // Their letters and capitals still count as sightings of a word in lowercase
                // (`recordLowercaseSightings`): "zum" in German prose says "Zum" is no name.
                for i in start..<end {
                    tp[i].shape = shaper.letterShape(tp[i])
                }
                census.document.add(evidence)
                census.blockStart = end
                census.lineStart = end; census.lineLetters = 0; census.lineAllCaps = 0
            }
            start = end
        }
        shaper.finishDescribing(tp, count: count)
        return census
    }

    /// Describes the tokens of one block and takes them in. A function of its own, so that `describe` and
    /// `add` inline into its loop: `describing` is too large for the inliner to take them.
    @inline(never)
    private mutating func describe(_ tp: UnsafeMutableBufferPointer<Token>, _ block: Range<Int>, shaper: TokenShaper) {
        for i in block {
            shaper.describe(tp, i)
            add(tp, i, endsBlock: i + 1 == block.upperBound)
        }
    }

    /// Marks the blocks that could not tell their language as the document's language says, once every token
    /// is in: a French manual's one-word navigation links ("Précédent") are French too.
    mutating func settleLanguage(_ tp: UnsafeMutableBufferPointer<Token>) {
        defer { undecidedBlocks = [] }
        guard document.verdict == .other else { return }
        for range in undecidedBlocks {
            for k in range { tp[k].shape.insert(.notEnglishProse) }
        }
    }
}

/// Counts of the words that tell English from other languages, in a block or a document.
struct LanguageEvidence: Sendable {
    enum Verdict { case english, other, undecided }

    /// Words with letters; English function words; function words of other languages in Latin letters; words
    /// in another script (Cyrillic, Greek, Arabic, CJK...).
    private(set) var words = 0, english = 0, foreign = 0, otherScript = 0

    @inline(__always)
    mutating func add(_ token: Token) {
        words += 1
        let flags = token.flags
        if flags.contains(.englishFunction) { english += 1 }
        if flags.contains(.foreignFunction) { foreign += 1 }
        // The folded prefix is read for words starting with a non-ASCII byte only (0 for the rest). Lead bytes
        // from 0xCE are Greek and every script after it, but for Latin Extended Additional (U+1E00–U+1EFF,
        // Vietnamese "ạ", "ế").
        let lead = UInt8(truncatingIfNeeded: token.foldedPrefix)
        if lead >= 0xCE {
            let second = UInt8(truncatingIfNeeded: token.foldedPrefix >> 8)
            if !(lead == 0xE1 && second >= 0xB8 && second <= 0xBB) { otherScript += 1 }
        }
    }

    mutating func add(_ other: LanguageEvidence) {
        words += other.words
        english += other.english
        foreign += other.foreign
        otherScript += other.otherScript
    }

    /// English when its function words outnumber the others', another language when those dominate or most
    /// words are in another script; a heading or a list of names says nothing either way.
    var verdict: Verdict {
        if words > 0 && otherScript * 2 > words { return .other }
        if foreign >= 2 && foreign > english * 2 { return .other }
        if english >= 1 && english > foreign { return .english }
        return .undecided
    }
}
