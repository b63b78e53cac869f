import GazetteEntities
import GazetteIndex

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

extension RelatedReport {
    /// What `gazette related` answers for `name` (of `type` when given; the entity in most documents when it
    /// names several, the others listed): found from the entity indexes alone, gathering only the entities the
    /// report shows rather than the whole `EntityDirectory`.
    public static func find(
        _ name: String, type: EntityType? = nil, minimumShared: Int = 2, limit: Int = 20, in indexes: [IndexReader]
    ) throws(IndexError) -> RelatedReport? {
        let groups = try EntityGroups(indexes: indexes)
        let candidates = try groups.entities(of: Set(groups.groups(named: name, type: type)))
        guard let entity = candidates.first, let group = groups.group(for: entity.key) else { return nil }
        let minimumShared = max(1, minimumShared)
        let related = try groups.coMentions(of: group, minimumShared: minimumShared, limit: max(0, limit))
        return RelatedReport(
            query: name, entity: entity, others: Array(candidates.dropFirst()), minimumShared: minimumShared,
            related: related)
    }
}
