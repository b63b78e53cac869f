/// A short excerpt of a document with the spans to highlight in it.
public struct Snippet: Sendable, Equatable {
    /// Whitespace-collapsed excerpt, possibly with a leading/trailing "…" where it was cut.
    public var text: String
    public var highlights: [Highlight]

    public init(text: String, highlights: [Highlight]) {
        self.text = text
        self.highlights = highlights
    }
}

/// A highlighted span of a snippet. Offsets count Unicode scalars of `Snippet.text`, end exclusive.
public struct Highlight: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var text: String
    /// "match" for a query match; entity types (PERSON, ORG, …) join later.
    public var kind: String
    /// Canonical entity name for entity highlights; nil for matches.
    public var entity: String?

    public init(start: Int, end: Int, text: String, kind: String, entity: String? = nil) {
        self.start = start
        self.end = end
        self.text = text
        self.kind = kind
        self.entity = entity
    }
}
