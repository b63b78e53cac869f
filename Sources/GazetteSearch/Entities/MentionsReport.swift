import GazetteEntities
import GazetteIndex

/// What `gazette mentions NAME` answers: every entity the name refers to, each with the live documents that
/// mention it and every mention in context.
public struct MentionsReport: Sendable, Equatable {
    public struct Found: Sendable, Equatable {
        public var entity: EntityDirectory.Entity
        /// In path order, then index order: every live document mentioning the entity, or its first ones when
        /// the report was asked for fewer (`find`'s `documentLimit`).
        public var documents: [EntityDirectory.DocumentMentions]
        /// Live documents mentioning the entity and their mentions, all of them, however many are in `documents`.
        public var documentCount: Int
        public var mentionCount: Int

        public init(entity: EntityDirectory.Entity, documents: [EntityDirectory.DocumentMentions]) {
            self.init(
                entity: entity, documents: documents, documentCount: documents.count,
                mentionCount: documents.reduce(0) { $0 + $1.mentions.count })
        }

        public init(
            entity: EntityDirectory.Entity, documents: [EntityDirectory.DocumentMentions], documentCount: Int,
            mentionCount: Int
        ) {
            self.entity = entity
            self.documents = documents
            self.documentCount = documentCount
            self.mentionCount = mentionCount
        }
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
    /// entity indexes, gathering only the entities named rather than the whole `EntityDirectory`. Only the first
    /// `documentLimit` documents of each entity are read for their mentions in context; the counts of all of
    /// them come from the entity postings, without reading the documents.
    public static func find(
        _ name: String, types: Set<String> = [], in indexes: [IndexReader], documentLimit: Int = .max
    ) throws(IndexError) -> MentionsReport {
        let groups = try EntityGroups(indexes: indexes)
        var found: [Found] = []
        for entity in try groups.entities(of: Set(groups.groups(named: name))) where types.isEmpty || types.contains(entity.type) {
            let listed = try groups.mentionedDocuments(of: entity)
            found.append(Found(
                entity: entity, documents: try groups.mentions(in: listed.prefix(max(0, documentLimit)), of: entity),
                documentCount: listed.count, mentionCount: listed.reduce(0) { $0 + $1.mentions }))
        }
        return MentionsReport(query: name, found: found)
    }
}

extension EntityDirectory {
    /// The entities `name` itself names — a canonical name or an alias, normalised, not the last or first words
    /// of a longer name ("Howard" is not "John Howard") — of `type` when one is given, ranked as the directory
    /// ranks them: found as `MentionsReport.find` finds them, without gathering the whole directory.
    public static func entities(
        exactlyNamed name: String, type: String? = nil, in indexes: [IndexReader]
    ) throws(IndexError) -> [Entity] {
        var wanted: EntityType?
        if let type {
            guard let known = EntityType(rawValue: type) else { return [] }
            wanted = known
        }
        let groups = try EntityGroups(indexes: indexes)
        let query = EntityNameMatcher.NormalizedQuery(name)
        return try groups.entities(of: Set(groups.groups(named: name, type: wanted))).filter {
            query.matchesExactly(canonical: $0.canonical, aliases: $0.aliases)
        }
    }

    /// The `limit` entities of `types` (every type when empty) in most documents, as `gazette entities` lists
    /// them, and how many entities of those types the indexes hold — without gathering the whole directory.
    public static func ranked(
        types: Set<EntityType> = [], limit: Int, in indexes: [IndexReader]
    ) throws(IndexError) -> (entities: [Entity], total: Int) {
        try EntityGroups(indexes: indexes).ranked(types: types, limit: limit)
    }
}

/// A live document mentioning an entity, as the entity postings give it: no stored document read.
struct MentionedDocument {
    /// The `EntityGroups` source (segment) holding it.
    var source: Int
    var document: UInt32
    var path: String
    /// Its mentions of the entity, summed over the entity's records in the segment.
    var mentions: Int
}

extension EntityGroups {
    /// Every live document mentioning the entity, in path order (then index order), with each mention in context.
    func mentions(of entity: EntityDirectory.Entity) throws(IndexError) -> [EntityDirectory.DocumentMentions] {
        try mentions(in: mentionedDocuments(of: entity), of: entity)
    }

    /// Every live document mentioning the entity and how often, in path order (then index order), from the entity
    /// postings and the file catalogs: what `mentions(of:)` lists, without reading a stored document.
    func mentionedDocuments(of entity: EntityDirectory.Entity) throws(IndexError) -> [MentionedDocument] {
        guard let group = group(for: entity.key) else { return [] }
        var result: [MentionedDocument] = [], found: [MentionedDocument] = []
        for (number, source) in sources.enumerated() {
            if number > 0, sources[number - 1].index != source.index {
                result += found.sorted { DocumentPath.precedes($0.path, $1.path) }
                found = []
            }
            guard !entity.sources[source.index].isEmpty else { continue }
            let segment = source.segment
            var counts: [UInt32: Int] = [:]
            let assigned = recordGroups[number]
            for (record, postings) in recordPostings[number].enumerated() where assigned[record] == group {
                try segment.entityIndex.forEachDocument(of: postings) { document, count in
                    if !segment.isDeleted(document) { counts[document, default: 0] += count }
                }
            }
            for (document, count) in counts.sorted(by: { $0.key < $1.key }) {
                found.append(MentionedDocument(
                    source: number, document: document, path: try segment.catalog.path(document), mentions: count))
            }
        }
        return result + found.sorted { DocumentPath.precedes($0.path, $1.path) }
    }

    /// `documents` (from `mentionedDocuments(of:)`, in its order) with each mention of the entity in context,
    /// read from the stored documents.
    func mentions(
        in documents: some Collection<MentionedDocument>, of entity: EntityDirectory.Entity
    ) throws(IndexError) -> [EntityDirectory.DocumentMentions] {
        var result: [EntityDirectory.DocumentMentions] = []
        result.reserveCapacity(documents.count)
        for listed in documents {
            let source = sources[listed.source]
            let identities = entity.sources[source.index]
            let stored = try source.segment.store.document(listed.document)
            let spans = stored.entities.filter { identities.contains(EntityIdentity(type: $0.type, canonical: $0.canonical)) }
            guard !spans.isEmpty else { continue }
            // Spans come in text order, so line numbers are counted on from the previous mention: counting
            // from the start for each would be quadratic in a long document.
            var lines = EntityDirectory.LineCounter()
            result.append(EntityDirectory.DocumentMentions(
                path: stored.path, index: source.label, title: stored.title,
                mentions: spans.map { EntityDirectory.context(of: $0.range, in: stored.utf8Text, lines: &lines) },
                metadata: stored.metadata))
        }
        return result
    }
}
