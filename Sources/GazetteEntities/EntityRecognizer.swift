import CPrefetch
import Dispatch
import GazetteAnalysis

/// Tokens collected from an `Analyzer` run, so that a caller who analyses a document anyway (the indexer) can
/// hand its token stream to the recogniser instead of having it tokenise the text a second time:
///
/// ```swift
/// var tokens = EntityTokens()
/// analyzer.analyze(text, blocks: blocks, firstPosition: bodyStart) { term, span in
///     index(term, span)
///     tokens.append(term: term, span: span)
/// }
/// let mentions = recognizer.recognize(text, tokens: tokens)
/// ```
///
/// An indexer that numbers its terms does better: it teaches each term once (`learn`) and then hands over
/// the document's tokens by term id (`fill`), so that hashing a term and looking it up in the word lists —
/// two probes into tables of megabytes — happens once per distinct term instead of once per token.
public struct EntityTokens: Sendable {
    /// The tokens, in `items[0..<count]`. The buffer keeps the length of the longest run it held, so that
    /// `fill` writes each token once: growing it back after a shorter document wrote blank tokens first.
    var items: [Token] = []
    public private(set) var count = 0
    /// The capitalisation census of `items` when `fill` wrote them (shapes and gaps included); tokens that
    /// were appended have neither.
    var census: CapitalisationCensus?
    /// What is known of each term, by the caller's term id (see `learn`): what every token needs, 16 bytes
    /// a term, and apart from it the folded prefix, which only tokens starting with a non-ASCII letter read.
    /// Both arrays are as long as the segment's vocabulary; the hot one is read at random for every token.
    private var known: [KnownTerm] = []
    private var knownPrefixes: [UInt32] = []

    public init() {}

    public mutating func removeAll() {
        items.removeAll(keepingCapacity: true)
        count = 0
        census = nil
    }

    /// Memory held: the token buffer and what was learned of each term (for the indexer's memory budget).
    public var memoryBytes: Int {
        items.capacity * MemoryLayout<Token>.stride + known.capacity * MemoryLayout<KnownTerm>.stride
            + knownPrefixes.capacity * MemoryLayout<UInt32>.stride
    }

    /// Gives back a token buffer that a long document grew past `count` tokens; what was learned stays.
    public mutating func shrinkTokenBuffer(above count: Int) {
        if items.capacity > count {
            items = []
            self.count = 0
        }
    }

    @inline(__always)
    public mutating func append(term: UnsafeBufferPointer<UInt8>, span: TokenSpan) {
        census = nil
        if items.count > count { items.removeLast(items.count - count) }
        count += 1
        items.append(Token(
            start: UInt32(truncatingIfNeeded: span.start), end: UInt32(truncatingIfNeeded: span.end),
            position: span.position, features: TermFeatures(term, lexicon: Lexicon.shared)))
    }

    /// Remembers term `id`'s features for `fill`. Ids are the caller's, dense from 0; learning an id again
    /// (the caller started numbering afresh) replaces what was known.
    public mutating func learn(termID id: UInt32, term: UnsafeBufferPointer<UInt8>) {
        let features = TermFeatures(term, lexicon: Lexicon.shared)
        let index = Int(id)
        if index < known.count {
            known[index] = KnownTerm(features)
            knownPrefixes[index] = features.foldedPrefix
        } else {
            while known.count < index {
                known.append(KnownTerm(TermFeatures()))
                knownPrefixes.append(0)
            }
            known.append(KnownTerm(features))
            knownPrefixes.append(features.foldedPrefix)
        }
    }

    /// How many tokens ahead `fill` asks for a term's features.
    static let prefetchDistance = 12

    /// Replaces the tokens with `tokens` of `text`, whose term ids must all have been learned, describing each
    /// (shape, gap) and taking the capitalisation census as it is written, which saves the recogniser a second
    /// pass over them.
    public mutating func fill(_ tokens: UnsafeBufferPointer<IndexedToken>, text: UnsafeBufferPointer<UInt8>) {
        // Sized first and then written through a pointer: `append` checked capacity and uniqueness per token.
        let count = tokens.count
        if items.count < count {
            items.append(contentsOf: repeatElement(Token(), count: count - items.count))
        }
        self.count = count
        let shaper = TokenShaper(text: text, lexicon: Lexicon.shared)
        var census = CapitalisationCensus(tokenCount: count)
        let knownPrefixes = self.knownPrefixes
        known.withUnsafeBufferPointer { known in
            items.withUnsafeMutableBufferPointer { items in
                for i in 0..<count {
                    // The features of a term are in an array of the segment's terms (megabytes): asked for
                    // `prefetchDistance` tokens ahead, they are mostly in cache when their token is written.
                    if i + Self.prefetchDistance < count, let base = known.baseAddress {
                        gazette_prefetch(base + Int(tokens[i + Self.prefetchDistance].term))
                    }
                    let token = tokens[i]
                    let term = Int(token.term)
                    // Only a token that starts with a non-ASCII byte reads its folded prefix (`TokenShaper.shape`).
                    let prefix = Int(token.start) < text.count && text[Int(token.start)] >= 0xC0 ? knownPrefixes[term] : 0
                    items[i] = Token(
                        start: token.start, end: token.end, position: token.position, known: known[term],
                        foldedPrefix: prefix)
                    shaper.describe(items, i)
                    census.add(items, i, endsBlock: i + 1 == count || tokens[i + 1].position != token.position &+ 1)
                }
                shaper.finishDescribing(items, count: count)
            }
        }
        self.census = census
    }
}

/// What the recogniser needs of a term, whatever its occurrence.
struct TermFeatures: Sendable {
    var hash: UInt64 = 0
    var flags = WordFlags()
    /// First ≤ 4 bytes of the folded term (little-endian), to tell capitalisation of non-ASCII words.
    var foldedPrefix: UInt32 = 0
    var termLength: UInt16 = 0
    var isDigits = false
    /// In the list of common lowercase English words (`WordFlags.english` is set for capitalised tokens only).
    var isEnglishWord = false

    init() {}

    @inline(__always)
    init(_ term: UnsafeBufferPointer<UInt8>, lexicon: Lexicon) {
        var first: UInt32 = 0
        var digits = !term.isEmpty
        // Indexed loops: `enumerated()` was not optimised away on this per-term path.
        let count = term.count
        for i in 0..<min(count, 4) { first |= UInt32(term[i]) << (8 * UInt32(i)) }
        for i in 0..<count where term[i] &- 0x30 > 9 {
            digits = false
            break
        }
        hash = TermHash.hash(term)
        flags = lexicon.flags(hash)
        if lexicon.phrases.lookup(TermHash.combine(TermHash.seed, hash)) != nil { flags.insert(.phraseStart) }
        if Self.isContraction(term) { flags.insert(.common) }
        foldedPrefix = first
        termLength = UInt16(clamping: count)
        isDigits = digits
        isEnglishWord = lexicon.english.lookup(hash) != nil
    }
}

extension TermFeatures {
    /// "I'm", "we're", "they've", "you'll", "I'd", "don't": a pronoun or verb with its contraction, never a name
    /// however it is capitalised (sentence starts, quotes). The analyzer keeps the apostrophe (as "'") inside the
    /// term; "'s" is not among the endings, being a possessive as often ("O'Brien's" is a name).
    static func isContraction(_ term: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let apostrophe = term.lastIndex(of: UInt8(ascii: "'")), apostrophe > 0 else { return false }
        let ending = UnsafeBufferPointer(rebasing: term[(apostrophe + 1)...])
        switch ending.count {
        case 1: return ending[0] == UInt8(ascii: "m") || ending[0] == UInt8(ascii: "d")
            || (ending[0] == UInt8(ascii: "t") && term[apostrophe - 1] == UInt8(ascii: "n"))
        case 2: return (ending[0] == UInt8(ascii: "r") || ending[0] == UInt8(ascii: "v")) && ending[1] == UInt8(ascii: "e")
            || (ending[0] == UInt8(ascii: "l") && ending[1] == UInt8(ascii: "l"))
        default: return false
        }
    }
}

/// A term's features as `EntityTokens` keeps them for every term of a segment, without the folded prefix:
/// 16 bytes rather than 24, since the array is read at random for every token and competes for cache with the
/// indexer's own tables. The word-list flags are kept shifted down by one: their bit 0 (`WordFlags.english`)
/// is never in a word list's flags, being set on capitalised tokens only; `phraseStart` (bit 33) is a mark.
struct KnownTerm: Sendable {
    var hash: UInt64
    private var flagsShifted: UInt32
    var termLength: UInt16
    private var marks: UInt8
    private static let digits: UInt8 = 1, englishWord: UInt8 = 2, phraseStart: UInt8 = 4
    private static let englishFunction: UInt8 = 8, foreignFunction: UInt8 = 16
    /// The flags kept in `marks` rather than in `flagsShifted`.
    static let markedFlags: WordFlags = [.phraseStart, .englishFunction, .foreignFunction]

    var flags: WordFlags {
        var marked: UInt64 = marks & Self.phraseStart != 0 ? WordFlags.phraseStart.rawValue : 0
        if marks & Self.englishFunction != 0 { marked |= WordFlags.englishFunction.rawValue }
        if marks & Self.foreignFunction != 0 { marked |= WordFlags.foreignFunction.rawValue }
        return WordFlags(rawValue: UInt64(flagsShifted) << 1 | marked)
    }
    var isDigits: Bool { marks & Self.digits != 0 }
    var isEnglishWord: Bool { marks & Self.englishWord != 0 }

    init(_ features: TermFeatures) {
        let listed = features.flags.subtracting(Self.markedFlags)
        precondition(!listed.contains(.english) && listed.rawValue >> 33 == 0, "word list flags fit in bits 1...32")
        hash = features.hash
        flagsShifted = UInt32(truncatingIfNeeded: listed.rawValue >> 1)
        termLength = features.termLength
        marks = (features.isDigits ? Self.digits : 0) | (features.isEnglishWord ? Self.englishWord : 0)
            | (features.flags.contains(.phraseStart) ? Self.phraseStart : 0)
            | (features.flags.contains(.englishFunction) ? Self.englishFunction : 0)
            | (features.flags.contains(.foreignFunction) ? Self.foreignFunction : 0)
    }
}

/// One token of the stream with what the recogniser knows of it. Offsets are kept in 32 bits (texts of
/// 4 GiB or more are not recognised) so that a token fits in 40 bytes: the pass writes and reads every token
/// of every document, and the array's size is what decides whether that stays in cache.
struct Token: Sendable {
    var hash: UInt64
    var flags: WordFlags
    private var start32: UInt32
    private var end32: UInt32
    var position: UInt32
    /// First ≤ 4 bytes of the folded term (little-endian), to tell capitalisation of non-ASCII words.
    var foldedPrefix: UInt32
    var termLength: UInt16
    var shape = Shape()
    var isDigits: Bool
    var isEnglishWord: Bool
    var gap = Gap.block

    var start: Int { Int(start32) }
    var end: Int { Int(end32) }

    /// A blank token, to size a buffer before it is written.
    init() {
        self.init(start: 0, end: 0, position: 0, features: TermFeatures())
    }

    @inline(__always)
    init(start: UInt32, end: UInt32, position: UInt32, known: KnownTerm, foldedPrefix: UInt32) {
        hash = known.hash
        flags = known.flags
        start32 = start
        end32 = end
        self.position = position
        self.foldedPrefix = foldedPrefix
        termLength = known.termLength
        isDigits = known.isDigits
        isEnglishWord = known.isEnglishWord
    }

    @inline(__always)
    init(start: UInt32, end: UInt32, position: UInt32, features: TermFeatures) {
        hash = features.hash
        flags = features.flags
        start32 = start
        end32 = end
        self.position = position
        foldedPrefix = features.foldedPrefix
        termLength = features.termLength
        isDigits = features.isDigits
        isEnglishWord = features.isEnglishWord
    }
}

/// Shape of a token in the original text.
struct Shape: OptionSet, Sendable {
    let rawValue: UInt16
    static let capitalized = Shape(rawValue: 1 << 0)
    static let allCaps = Shape(rawValue: 1 << 1)       // ≥ 2 letters, all uppercase (ASCII)
    static let possessive = Shape(rawValue: 1 << 2)    // ends in 's / ’s
    static let sentenceStart = Shape(rawValue: 1 << 3) // first of a block or after . ! ?
    static let ambiguousStart = Shape(rawValue: 1 << 4) // sentence start, or after an opening quote or colon
    static let singleLetter = Shape(rawValue: 1 << 5)
    static let hasLetter = Shape(rawValue: 1 << 6)
    static let shouting = Shape(rawValue: 1 << 7)      // in a block written mostly in capitals or title case
    static let identifierPart = Shape(rawValue: 1 << 8) // joined to a neighbour by "_": CONFIG_PCI_MSI, O_RDONLY
    static let notEnglishProse = Shape(rawValue: 1 << 9) // in a block of another language, or a mail/news header
}

/// What separates a token from the previous one.
enum Gap: UInt8, Sendable {
    case block      // first token of a block (or of the text)
    case space      // whitespace only
    case hyphen     // "-"
    case initialDot // "." or ". " after a single capital letter or a short abbreviation ("U.S.", "Mr. X")
    case numberJoin // "." or "," between digits
    case ampersand  // "&"
    case sentence   // contains a sentence end
    case other      // commas, quotes, dashes, brackets...
}

/// Named-entity recogniser over Gazette's token stream: gazetteers (countries, subdivisions, cities,
/// organisations, nationalities, titles, given names, English words) plus capitalisation and context rules,
/// and a within-document resolution of short forms to full names. Immutable and thread-safe; the gazetteers
/// are parsed once per process, on first use.
public struct EntityRecognizer: Sendable {
    let lexicon: Lexicon

    public init() {
        lexicon = Lexicon.shared
    }

    /// Starts building the gazetteers (≈ 30 ms of one core) on another thread, so that a caller with other
    /// start-up work — walking a corpus — need not wait for them when it creates its first recogniser.
    public static func prepareInBackground() {
        DispatchQueue.global(qos: .userInitiated).async { _ = Lexicon.shared }
    }

    /// Recognises and resolves the mentions in one document's text. `blocks` and `firstPosition` are those
    /// given to `Analyzer.analyze`, so that positions agree with the index. Mentions are sorted by range and
    /// never overlap.
    public func recognize(text: String, blocks: [Range<Int>], firstPosition: UInt32) -> [EntityMention] {
        var text = text
        return text.withUTF8 { recognize($0, blocks: blocks, firstPosition: firstPosition) }
    }

    /// Same over UTF-8 bytes.
    public func recognize(_ text: UnsafeBufferPointer<UInt8>, blocks: [Range<Int>], firstPosition: UInt32) -> [EntityMention] {
        var analyzer = Analyzer()
        var tokens = EntityTokens()
        tokens.items.reserveCapacity(text.count / 5)
        _ = analyzer.analyze(text, blocks: blocks, firstPosition: firstPosition) { term, span in
            tokens.append(term: term, span: span)
        }
        return recognize(text, tokens: tokens)
    }

    /// Same, reusing the caller's analyzer and token buffer: what an indexing thread does for every document,
    /// so that neither the analyzer's tables nor the token array are rebuilt each time.
    public func recognize(
        _ text: UnsafeBufferPointer<UInt8>, blocks: [Range<Int>], firstPosition: UInt32,
        analyzer: inout Analyzer, tokens: inout EntityTokens
    ) -> [EntityMention] {
        tokens.removeAll()
        _ = analyzer.analyze(text, blocks: blocks, firstPosition: firstPosition) { term, span in
            tokens.append(term: term, span: span)
        }
        return recognize(text, tokens: tokens)
    }

    /// Recognises over tokens the caller collected from its own `Analyzer` run over `text`.
    public func recognize(_ text: UnsafeBufferPointer<UInt8>, tokens: EntityTokens) -> [EntityMention] {
        var tokens = tokens
        return recognize(text, tokens: &tokens)
    }

    /// Same, using the caller's buffer for the pass's own token features: no copy of the tokens per document.
    /// The tokens are left with those features written in.
    public func recognize(_ text: UnsafeBufferPointer<UInt8>, tokens: inout EntityTokens) -> [EntityMention] {
        guard tokens.count > 0, text.baseAddress != nil, IndexedToken.canDescribe(textOfLength: text.count) else {
            return []
        }
        var pass = RecognitionPass(
            text: text, tokens: tokens.items, count: tokens.count, census: tokens.census, lexicon: lexicon)
        // Moved, not shared: the pass writes every token and the census's tables, and a shared buffer would be
        // copied first.
        tokens.items = []
        tokens.census = nil
        let mentions = pass.run()
        tokens.items = pass.toks
        return mentions
    }
}
