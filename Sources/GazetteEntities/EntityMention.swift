/// One recognised mention of an entity in a document.
public struct EntityMention: Sendable, Equatable, Hashable {
    /// UTF-8 byte range in the text: from the first token's start to the last token's end, widened to take in
    /// a leading "the" of a multi-word organisation or place ("the United States"), a currency sign ("$1.2
    /// billion"), a "%" or the final period of an abbreviation ("U.S.", "Inc."). A possessive "’s" stays
    /// inside the range ("Lavrov’s") as in the token's span, but never in `canonical`.
    public var range: Range<Int>
    /// Token positions of the first...last token in the range, numbered as `Analyzer` numbers them for the
    /// same blocks and first position.
    public var positions: ClosedRange<UInt32>
    public var type: EntityType
    /// The name of the entity the mention resolves to: the fullest form seen in the document for people and
    /// unlisted organisations ("Sergei Lavrov" for a later "Lavrov’s"), the gazetteer's canonical form for
    /// listed places, organisations and nationalities ("United States" for "US", "U.S.", "America").
    /// Empty for a date without a year ("Monday", "last week"): such a mention is highlighted but names no
    /// entity, so `entities`, `mentions` and the type filters leave it out.
    public var canonical: String

    public init(range: Range<Int>, positions: ClosedRange<UInt32>, type: EntityType, canonical: String) {
        self.range = range
        self.positions = positions
        self.type = type
        self.canonical = canonical
    }

    /// Whether the mention names an entity of the corpus (every mention but a date without a year).
    public var namesEntity: Bool { !canonical.isEmpty }

    /// The cross-document identity of the entity this mention resolves to.
    public var key: EntityKey { EntityKey(canonical: canonical, type: type) }
}
