import GazetteEntities
import GazetteIndex

/// What a whole result set is about: the entities and folders of every matching document, each with the number
/// of matching documents it occurs in. Past `documentLimit` matching documents, only the first ones (in index
/// order) are counted and `counted < total` says so.
public struct FacetReport: Sendable, Equatable {
    public struct Count: Sendable, Equatable {
        /// An entity's canonical name, or a folder (the document path up to its last "/"; "" for the root).
        public var name: String
        /// The entity type; empty for a folder.
        public var type: String
        public var documents: Int

        public init(name: String, type: String, documents: Int) {
            self.name = name
            self.type = type
            self.documents = documents
        }
    }

    public struct Group: Sendable, Equatable {
        public var type: String
        public var entries: [Count]
    }

    public var query: String
    /// Matching live documents.
    public var total: Int
    /// Documents whose entities and folders were counted.
    public var counted: Int
    public var truncated: Bool { counted < total }
    /// One group per type asked for, in the order asked, most documents first.
    public var entities: [Group]
    public var folders: [Count]
}

extension Searcher {
    /// The facets of `query`'s result set: for each of `types`, the `perGroup` entities (as the corpus resolves
    /// them) found in most matching documents, and the `perGroup` folders holding most of them. Reads the stored
    /// entity spans of at most `documentLimit` documents.
    public func facets(
        _ query: String, types: [String] = ["PERSON", "ORG", "PLACE", "NORP"], perGroup: Int = 10,
        documentLimit: Int = 2000
    ) throws(SearchError) -> FacetReport {
        let (total, documents) = try matchingDocuments(query, limit: max(0, documentLimit))
        let wantedTypes = Set(types)
        var entityCounts: [EntityKey: Int] = [:]
        var spellings: [EntityKey: EntityIdentity] = [:]
        var folderCounts: [String: Int] = [:]
        var bySegment: [Int: [UInt32]] = [:]
        for location in documents { bySegment[location.segment, default: []].append(location.document) }
        for (segmentNumber, ids) in bySegment.sorted(by: { $0.key < $1.key }) {
            let segment = corpus.segments[segmentNumber]
            let resolution = try corpus.resolution(ofSegment: segmentNumber)
            // In chunks, so that a result set of long documents is never held in memory all at once.
            var start = 0
            while start < ids.count {
                let chunk = Array(ids[start..<min(start + 256, ids.count)])
                start += chunk.count
                let stored: [StoredDocument]
                do {
                    stored = try segment.store.documents(chunk)
                } catch {
                    throw .index(error)
                }
                for document in stored {
                    var seen = Set<EntityKey>()
                    for span in document.entities where span.namesEntity && wantedTypes.contains(span.type) {
                        guard let target = resolution.resolve(EntityIdentity(type: span.type, canonical: span.canonical)),
                              wantedTypes.contains(target.type), let type = EntityType(rawValue: target.type)
                        else { continue }
                        let key = EntityKey(canonical: target.canonical, type: type)
                        if seen.insert(key).inserted {
                            entityCounts[key, default: 0] += 1
                            if spellings[key] == nil { spellings[key] = target }
                        }
                    }
                    folderCounts[Self.folder(of: document.path), default: 0] += 1
                }
            }
        }
        let ranked = { (a: FacetReport.Count, b: FacetReport.Count) -> Bool in
            a.documents != b.documents ? a.documents > b.documents : a.name < b.name
        }
        var groups: [FacetReport.Group] = []
        for type in types {
            let entries = entityCounts.filter { $0.key.type.rawValue == type }
                .map { FacetReport.Count(name: spellings[$0.key]?.canonical ?? $0.key.name, type: type, documents: $0.value) }
                .sorted(by: ranked)
            groups.append(FacetReport.Group(type: type, entries: Array(entries.prefix(perGroup))))
        }
        let folders = folderCounts.map { FacetReport.Count(name: $0.key, type: "", documents: $0.value) }.sorted(by: ranked)
        return FacetReport(
            query: query, total: total, counted: documents.count, entities: groups, folders: Array(folders.prefix(perGroup)))
    }

    /// The folder part of a corpus-relative path: "" for a file at the root.
    static func folder(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }
}
