import GazetteEntities
import GazetteIndex

/// What `gazette mentions NAME` answers: every entity the name refers to, each with the live documents that
/// mention it and every mention in context.
public struct MentionsReport: Sendable, Equatable {
    public struct Found: Sendable, Equatable {
        public var entity: EntityDirectory.Entity
        /// In path order, then index order.
        public var documents: [EntityDirectory.DocumentMentions]

        public var mentionCount: Int { documents.reduce(0) { $0 + $1.mentions.count } }
    }

    /// The name as asked.
    public var query: String
    public var found: [Found]

    /// Several entities answer to the name (two people named Howard): each is listed.
    public var isAmbiguous: Bool { found.count > 1 }

    public init(query: String, found: [Found]) {
        self.query = query
        self.found = found
    }
}

extension MentionsReport {
    /// Every entity `name` refers to (of one of `types`, when any are given) with its mentions: found from the
    /// entity indexes, gathering only the entities named rather than the whole `EntityDirectory`.
    public static func find(_ name: String, types: Set<String> = [], in indexes: [IndexReader]) throws(IndexError) -> MentionsReport {
        let groups = try EntityGroups(indexes: indexes)
        var found: [Found] = []
        for entity in try groups.entities(of: Set(groups.groups(named: name))) where types.isEmpty || types.contains(entity.type) {
            found.append(Found(entity: entity, documents: try groups.mentions(of: entity)))
        }
        return MentionsReport(query: name, found: found)
    }
}

extension EntityDirectory {
    /// The `limit` entities of `types` (every type when empty) in most documents, as `gazette entities` lists
    /// them, and how many entities of those types the indexes hold — without gathering the whole directory.
    public static func ranked(
        types: Set<EntityType> = [], limit: Int, in indexes: [IndexReader]
    ) throws(IndexError) -> (entities: [Entity], total: Int) {
        try EntityGroups(indexes: indexes).ranked(types: types, limit: limit)
    }
}

extension EntityGroups {
    /// Every live document mentioning the entity, in path order (then index order), with each mention in context.
    func mentions(of entity: EntityDirectory.Entity) throws(IndexError) -> [EntityDirectory.DocumentMentions] {
        guard let group = group(for: entity.key) else { return [] }
        var result: [EntityDirectory.DocumentMentions] = [], found: [EntityDirectory.DocumentMentions] = []
        for (number, source) in sources.enumerated() {
            if number > 0, sources[number - 1].index != source.index {
                result += found.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
                found = []
            }
            let identities = entity.sources[source.index]
            guard !identities.isEmpty else { continue }
            let segment = source.segment
            for document in try documents(source: number, of: [group], accepts: { !segment.isDeleted($0) })[group] ?? [] {
                let stored = try segment.store.document(document)
                let spans = stored.entities.filter { identities.contains(EntityIdentity(type: $0.type, canonical: $0.canonical)) }
                guard !spans.isEmpty else { continue }
                // Spans come in text order, so line numbers are counted on from the previous mention: counting
                // from the start for each would be quadratic in a long document.
                var lines = EntityDirectory.LineCounter()
                found.append(EntityDirectory.DocumentMentions(
                    path: stored.path, index: source.label, title: stored.title,
                    mentions: spans.map { EntityDirectory.context(of: $0.range, in: stored.utf8Text, lines: &lines) },
                    metadata: stored.metadata))
            }
        }
        return result + found.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }
}
