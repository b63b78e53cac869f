/// A lone capitalised word in mid-sentence that the document gives no type ("… to reject Qantas' proposed wage
/// freeze"): no mention by itself, since such a word is as often a town, a team, a brand or a person. An indexer
/// keeps it so that the corpus can type it: where other documents name the same word with a type ("Qantas Chief
/// Executive Geoff Dixon", an ORG) or name in full the one person it is the surname of, the commit's resolution
/// makes it a mention of that entity; otherwise it stays hidden. An indexer's pass also keeps here the runs of
/// words it would call a PERSON only by default, with nothing in the document to confirm it (a manual's
/// "Kernel Livepatching" on every page): the corpus decides those too.
public struct UnconfirmedName: Sendable, Equatable {
    /// UTF-8 byte range in the text, a possessive included as in `EntityMention.range`.
    public var range: Range<Int>
    /// Token position of the word, numbered as `EntityMention.positions`.
    public var positions: ClosedRange<UInt32>
    /// The word or words, without a possessive.
    public var name: String

    public init(range: Range<Int>, positions: ClosedRange<UInt32>, name: String) {
        self.range = range
        self.positions = positions
        self.name = name
    }
}
