import Dispatch
import GazetteAnalysis

/// Named-entity recogniser over Gazette's token stream: gazetteers (countries, subdivisions, cities,
/// organisations, nationalities, titles, given names, English words) plus capitalisation and context rules,
/// and a within-document resolution of short forms to full names. Immutable and thread-safe; the gazetteers
/// are parsed once per process, on first use.
public struct EntityRecognizer: Sendable {
    let lexicon: Lexicon

    public init() {
        lexicon = Lexicon.shared
    }

    /// The version of what this recogniser finds, recorded in every index it writes (`AnalysisVersion`): an index
    /// written by another is re-indexed whole at its next run, so that old and new spans never mix. Raised with
    /// every change of its rules or embedded data that changes its output.
    public static let version: UInt32 = 4

    /// Starts building the gazetteers on another thread, so that a caller with other
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

    /// Same, and the lone words it could not type (`UnconfirmedName`), which an index types from the rest of
    /// its corpus.
    public func recognize(
        _ text: UnsafeBufferPointer<UInt8>, blocks: [Range<Int>], firstPosition: UInt32, unconfirmed: inout [UnconfirmedName]
    ) -> [EntityMention] {
        var analyzer = Analyzer()
        var tokens = EntityTokens()
        tokens.items.reserveCapacity(text.count / 5)
        _ = analyzer.analyze(text, blocks: blocks, firstPosition: firstPosition) { term, span in
            tokens.append(term: term, span: span)
        }
        return recognize(text, tokens: &tokens, unconfirmed: &unconfirmed)
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
        run(text, tokens: &tokens, keepingUnconfirmed: false).mentions
    }

    /// Same, and the lone words it could not type (`UnconfirmedName`), which an indexer stores for the corpus
    /// to type at commit. Mentions and unconfirmed names never overlap. `withholdingDefaultPeople`: the people
    /// named only by default, whom nothing in the document confirms ("Kernel Livepatching" in a manual's
    /// navigation), are unconfirmed names too, for the corpus to decide (`CorpusEntityResolver`); a reader of
    /// one file (`annotate`) sees them as PERSON, as an index of that file alone would.
    public func recognize(
        _ text: UnsafeBufferPointer<UInt8>, tokens: inout EntityTokens, unconfirmed: inout [UnconfirmedName],
        withholdingDefaultPeople: Bool = false
    ) -> [EntityMention] {
        let (mentions, names) = run(
            text, tokens: &tokens, keepingUnconfirmed: true, withholdingDefaultPeople: withholdingDefaultPeople)
        unconfirmed += names
        return mentions
    }

    private func run(
        _ text: UnsafeBufferPointer<UInt8>, tokens: inout EntityTokens, keepingUnconfirmed: Bool,
        withholdingDefaultPeople: Bool = false
    ) -> (mentions: [EntityMention], unconfirmed: [UnconfirmedName]) {
        guard tokens.count > 0, text.baseAddress != nil, IndexedToken.canDescribe(textOfLength: text.count) else {
            return ([], [])
        }
        var pass = RecognitionPass(
            text: text, tokens: tokens.items, count: tokens.count, census: tokens.census, lexicon: lexicon)
        pass.keepsUnconfirmed = keepingUnconfirmed
        pass.withholdsDefaultPeople = withholdingDefaultPeople
        // Moved, not shared: the pass writes every token and the census's tables, and a shared buffer would be
        // copied first.
        tokens.items = []
        tokens.census = nil
        let mentions = pass.run()
        tokens.items = pass.tokens
        return (mentions, pass.candidates.unconfirmed)
    }
}
