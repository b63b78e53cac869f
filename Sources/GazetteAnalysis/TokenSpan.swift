/// Where a token came from. Offsets are UTF-8 byte offsets into the analysed text; end exclusive.
///
/// The span covers the original bytes of the word, not the folded term: a possessive `Lavrov’s` is indexed
/// as `lavrov` but its span still covers `Lavrov’s`, so highlighting shows what the reader wrote.
public struct TokenSpan: Sendable, Equatable {
    public var position: UInt32
    public var start: Int
    public var end: Int

    public init(position: UInt32, start: Int, end: Int) {
        self.position = position
        self.start = start
        self.end = end
    }
}
