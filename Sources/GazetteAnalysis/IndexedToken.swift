/// A body token as the indexer interned it: the id its term has in the segment being built, and where it is
/// (positions count from the body's first token; offsets are UTF-8 byte offsets into the text). Work that
/// runs over the same tokens after the indexer — entity recognition — reads these instead of tokenising
/// again, and keys what it knows of a term by the id rather than by the term's bytes.
///
/// 16 bytes, not a `TokenSpan`'s 24 and more: a document's tokens are written once and read once, and at
/// this size they stay in cache. Texts of 4 GiB or more are therefore never handed over this way.
public struct IndexedToken: Sendable {
    public var term: UInt32
    public var position: UInt32
    public var start: UInt32
    public var end: UInt32

    @inline(__always)
    public init(term: UInt32, position: UInt32, start: Int, end: Int) {
        self.term = term
        self.position = position
        self.start = UInt32(truncatingIfNeeded: start)
        self.end = UInt32(truncatingIfNeeded: end)
    }

    /// Offsets fit in 32 bits.
    public static func canDescribe(textOfLength length: Int) -> Bool { length <= Int(UInt32.max) }
}
