import CPrefetch
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
    /// The blocks of the document being described, kept from one document to the next (`fill`).
    private var blockScratch: [CapitalisationCensus.BlockSummary] = []

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
            + blockScratch.capacity * MemoryLayout<CapitalisationCensus.BlockSummary>.stride
    }

    /// Gives back a token buffer that a long document grew past `count` tokens; what was learned stays.
    public mutating func shrinkTokenBuffer(above count: Int) {
        if items.capacity > count {
            items = []
            self.count = 0
        }
        // A long document's blocks too (about one for every 20 tokens of a manual).
        if blockScratch.capacity > count / 8 { blockScratch = [] }
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

    /// Replaces the tokens with `tokens` of `text`, whose term ids must all have been learned, describes them
    /// (shape, gap) and takes the capitalisation census (`CapitalisationCensus.describing`), which the recogniser
    /// would otherwise do itself.
    public mutating func fill(_ tokens: UnsafeBufferPointer<IndexedToken>, text: UnsafeBufferPointer<UInt8>) {
        // Sized first and then written through a pointer: `append` checks capacity and uniqueness per token.
        let count = tokens.count
        if items.count < count {
            if items.capacity < count {
                // A new buffer rather than the old one grown: every token is written below, so nothing of the
                // old tokens needs copying. Grown by doubling, as `append` would.
                let capacity = Swift.max(count, 2 * items.capacity)
                items = []
                items.reserveCapacity(capacity)
            }
            items.append(contentsOf: repeatElement(Token(), count: count - items.count))
        }
        self.count = count
        let shaper = TokenShaper(text: text, lexicon: Lexicon.shared)
        let knownPrefixes = self.knownPrefixes
        var census: CapitalisationCensus?
        var blocks = blockScratch
        blockScratch = []
        defer { blockScratch = blocks }
        known.withUnsafeBufferPointer { known in
            items.withUnsafeMutableBufferPointer { items in
                for tokenIndex in 0..<count {
                    // The features of a term are in an array of the segment's terms (megabytes): asked for
                    // `prefetchDistance` tokens ahead, they are mostly in cache when their token is written.
                    if tokenIndex + Self.prefetchDistance < count, let base = known.baseAddress {
                        gazette_prefetch(base + Int(tokens[tokenIndex + Self.prefetchDistance].term))
                    }
                    let token = tokens[tokenIndex]
                    let term = Int(token.term)
                    // Only a token that starts with a non-ASCII byte reads its folded prefix (`TokenShaper.shape`).
                    let prefix = Int(token.start) < text.count && text[Int(token.start)] >= 0xC0 ? knownPrefixes[term] : 0
                    items[tokenIndex] = Token(
                        start: token.start, end: token.end, position: token.position, known: known[term],
                        foldedPrefix: prefix)
                }
                census = CapitalisationCensus.describing(items, count: count, shaper: shaper, blocks: &blocks)
            }
        }
        self.census = census
    }
}
