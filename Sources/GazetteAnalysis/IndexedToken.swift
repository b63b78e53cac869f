/// A body token as the indexer interned it: the id its term has in the segment being built, and its span
/// (positions count from the body's first token). Work that runs over the same tokens after the indexer —
/// entity recognition — reads these instead of tokenising again, and keys what it knows of a term by the id
/// rather than by the term's bytes.
public struct IndexedToken: Sendable {
    public var term: UInt32
    public var span: TokenSpan

    @inline(__always)
    public init(term: UInt32, span: TokenSpan) {
        self.term = term
        self.span = span
    }
}
