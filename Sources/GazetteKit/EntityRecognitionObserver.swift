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
    /// The recogniser's untyped words of the current run (a buffer kept across documents).
    private var unconfirmed: [UnconfirmedName] = []

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

    /// Stores the document's mentions and, as spans of `EntityIdentity.unconfirmedType`, the lone words it
    /// could not type and the people it named only by default, in text order: the commit's resolution types
    /// those from the rest of the corpus, or leaves them hidden (`CorpusEntityResolver`).
    private mutating func recognize(_ text: UnsafeBufferPointer<UInt8>, _ indexed: UnsafeBufferPointer<IndexedToken>) {
        tokens.fill(indexed, text: text)
        unconfirmed.removeAll(keepingCapacity: true)
        let mentions = recognizer.recognize(
            text, tokens: &tokens, unconfirmed: &unconfirmed, withholdingDefaultPeople: true)
        var next = 0
        for mention in mentions {
            while next < unconfirmed.count && unconfirmed[next].range.lowerBound < mention.range.lowerBound {
                appendUnconfirmed(unconfirmed[next])
                next += 1
            }
            spans.append(EntitySpan(
                range: mention.range, positions: mention.positions, type: mention.type.rawValue,
                canonical: mention.canonical))
        }
        while next < unconfirmed.count {
            appendUnconfirmed(unconfirmed[next])
            next += 1
        }
    }

    private mutating func appendUnconfirmed(_ name: UnconfirmedName) {
        spans.append(EntitySpan(
            range: name.range, positions: name.positions, type: EntityIdentity.unconfirmedType, canonical: name.name))
    }
}
