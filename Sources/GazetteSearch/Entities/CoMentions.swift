#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GazetteEntities
import GazetteIndex

extension EntityDirectory {
    /// An entity named in the same documents as another, with how strongly the two go together.
    public struct CoMention: Sendable, Equatable {
        public var entity: Entity
        /// Live documents naming both.
        public var sharedDocuments: Int
        /// Dunning's log-likelihood ratio (G²) of the 2×2 table of documents naming one, the other, both,
        /// neither: how unlikely the shared count is if the two were named independently.
        public var score: Double
        /// The first of the shared documents (at most `CoMention.examplesKept`), in index order: paths, each with
        /// its index folder when several indexes are read.
        public var examples: [String] = []

        public static let examplesKept = 5
    }

    /// The entity for a key, as gathered.
    public func entity(for key: EntityKey) -> Entity? {
        entities.first { $0.key == key }
    }

    /// The entities named in at least `minimumShared` of the live documents that name `entity`, more often
    /// than chance would have it, strongest association first; at most `limit`.
    public func coMentions(of entity: Entity, minimumShared: Int = 2, limit: Int = 20) throws(IndexError) -> [CoMention] {
        var shared: [EntityKey: Int] = [:]
        var examples: [EntityKey: [String]] = [:]
        var ownDocuments = 0
        var liveDocuments = 0
        for (indexNumber, index) in indexes.enumerated() {
            liveDocuments += index.liveDocumentCount
            let sources = entity.sources[indexNumber]
            guard !sources.isEmpty else { continue }
            let resolution = try index.entityResolution()
            for segment in index.segments {
                // The entity's live documents, then every other entity's postings walked against them: the
                // entity index answers without decompressing a stored document.
                let records = try segment.entityIndex.entities()
                var own = [Bool](repeating: false, count: segment.documentCount)
                var ownCount = 0
                for record in records where sources.contains(EntityIdentity(type: record.type, canonical: record.canonical)) {
                    try segment.entityIndex.forEachDocument(of: record) { document in
                        guard Int(document) < own.count, !own[Int(document)], !segment.isDeleted(document) else { return }
                        own[Int(document)] = true
                        ownCount += 1
                    }
                }
                guard ownCount > 0 else { continue }
                ownDocuments += ownCount
                var documentsByKey: [EntityKey: [UInt32]] = [:]
                // Keys (whose names are normalised) only for entities that share a document, once per identity.
                var keys: [EntityIdentity: EntityKey] = [:]
                var documents: [UInt32] = []
                for record in records {
                    documents.removeAll(keepingCapacity: true)
                    try segment.entityIndex.forEachDocument(of: record) { document in
                        if Int(document) < own.count, own[Int(document)] { documents.append(document) }
                    }
                    guard !documents.isEmpty,
                          let target = resolution.resolve(EntityIdentity(type: record.type, canonical: record.canonical)),
                          let type = EntityType(rawValue: target.type)
                    else { continue }
                    let key: EntityKey
                    if let known = keys[target] {
                        key = known
                    } else {
                        key = EntityKey(canonical: target.canonical, type: type)
                        keys[target] = key
                    }
                    guard key != entity.key else { continue }
                    documentsByKey[key, default: []] += documents
                }
                for (key, documents) in documentsByKey {
                    let unique = Set(documents).sorted()
                    shared[key, default: 0] += unique.count
                    let wanted = CoMention.examplesKept - examples[key, default: []].count
                    for document in unique.prefix(max(0, wanted)) {
                        let path = try segment.catalog.path(document)
                        examples[key, default: []].append(indexes.count > 1 ? index.directory.path + ": " + path : path)
                    }
                }
            }
        }
        let byKey = Dictionary(entities.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var found: [CoMention] = []
        for (key, both) in shared where both >= minimumShared {
            guard let other = byKey[key] else { continue }
            // Document counts of the directory still include deleted documents; the table is kept consistent.
            let otherDocuments = max(other.documentCount, both)
            let k11 = both, k12 = ownDocuments - both, k21 = otherDocuments - both
            let k22 = max(liveDocuments - ownDocuments - k21, 0)
            // Only association above chance: a pair named together less often than expected scores high too.
            guard Double(k11) * Double(k11 + k12 + k21 + k22) > Double(k11 + k12) * Double(k11 + k21) else { continue }
            found.append(CoMention(
                entity: other, sharedDocuments: both, score: Self.logLikelihoodRatio(k11, k12, k21, k22),
                examples: examples[key] ?? []))
        }
        found.sort {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.sharedDocuments != $1.sharedDocuments { return $0.sharedDocuments > $1.sharedDocuments }
            return Self.ranking($0.entity, $1.entity)
        }
        return Array(found.prefix(limit))
    }

    /// G² of a 2×2 contingency table (Dunning 1993), as 2·(row entropy + column entropy − matrix entropy) with
    /// unnormalised entropies; never negative.
    static func logLikelihoodRatio(_ k11: Int, _ k12: Int, _ k21: Int, _ k22: Int) -> Double {
        func xLogX(_ x: Int) -> Double { x <= 0 ? 0 : Double(x) * log(Double(x)) }
        func entropy(_ values: Int...) -> Double {
            xLogX(values.reduce(0, +)) - values.reduce(0) { $0 + xLogX($1) }
        }
        let rows = entropy(k11 + k12, k21 + k22)
        let columns = entropy(k11 + k21, k12 + k22)
        let matrix = entropy(k11, k12, k21, k22)
        return max(0, 2 * (rows + columns - matrix))
    }
}
