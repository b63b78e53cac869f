/// Who appears with whom: the entities named in the same documents as one entity, ranked by how much more
/// often than chance (Dunning's G²), not by how often — so the corpus's most frequent names do not top every
/// list.
public struct RelatedReport: Sendable, Equatable {
    /// The name asked for.
    public var query: String
    public var entity: EntityDirectory.Entity
    /// Other entities the name also refers to; `--type` or the full name picks one of them.
    public var others: [EntityDirectory.Entity]
    /// Documents shared at least this often count.
    public var minimumShared: Int
    public var related: [EntityDirectory.CoMention]

    public init(
        query: String, entity: EntityDirectory.Entity, others: [EntityDirectory.Entity], minimumShared: Int,
        related: [EntityDirectory.CoMention]
    ) {
        self.query = query
        self.entity = entity
        self.others = others
        self.minimumShared = minimumShared
        self.related = related
    }
}
