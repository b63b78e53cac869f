import GazetteAnalysis
import GazetteEntities
import GazetteIndex

/// Recognises entities over a segment builder's body tokens as a document is indexed, so the text is tokenised
/// once: the indexing pipeline's observer, and any program that builds segments itself (the fuzz harness's
/// sample index).
public struct EntityRecognitionObserver: BodyTokenObserver {
    let recognizer: EntityRecognizer
    /// The recogniser's token buffer and what it learned of the builder's terms; a builder's term ids are its
    /// own, so an observer serves one builder.
    public var tokens: EntityTokens
    /// Spans of the document's earlier runs.
    private var spans: [EntitySpan] = []

    public init(recognizer: EntityRecognizer = EntityRecognizer(), tokens: EntityTokens = EntityTokens()) {
        self.recognizer = recognizer
        self.tokens = tokens
    }

    public var wantsTokens: Bool { true }

    public mutating func learn(term id: UInt32, bytes: UnsafeBufferPointer<UInt8>) {
        tokens.learn(termID: id, term: bytes)
    }

    public mutating func observe(text: UnsafeBufferPointer<UInt8>, tokens indexed: UnsafeBufferPointer<IndexedToken>) {
        recognize(text, indexed)
    }

    public mutating func finish(text: UnsafeBufferPointer<UInt8>, tokens indexed: UnsafeBufferPointer<IndexedToken>) -> [EntitySpan]? {
        recognize(text, indexed)
        defer { spans = [] }
        return spans
    }

    private mutating func recognize(_ text: UnsafeBufferPointer<UInt8>, _ indexed: UnsafeBufferPointer<IndexedToken>) {
        tokens.fill(indexed, text: text)
        for mention in recognizer.recognize(text, tokens: &tokens) {
            spans.append(EntitySpan(
                range: mention.range, positions: mention.positions, type: mention.type.rawValue,
                canonical: mention.canonical))
        }
    }
}
