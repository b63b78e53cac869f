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

    /// The entities named in at least `minimumShared` of the live documents that name `entity`, more often
    /// than chance would have it, strongest association first; at most `limit`.
    public func coMentions(of entity: Entity, minimumShared: Int = 2, limit: Int = 20) throws(IndexError) -> [CoMention] {
        let groups = try EntityGroups(indexes: indexes)
        guard let group = groups.group(for: entity.key) else { return [] }
        return try groups.coMentions(of: group, minimumShared: minimumShared, limit: limit)
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

extension EntityGroups {
    /// `EntityDirectory.coMentions` of the entity of `group`: every other group's documents walked against the
    /// entity's live documents in the entity index, without decompressing a stored document or making a string
    /// for an entity that does not make the list.
    func coMentions(of group: Int32, minimumShared: Int, limit: Int) throws(IndexError) -> [EntityDirectory.CoMention] {
        guard limit > 0 else { return [] }
        var shared = [Int](repeating: 0, count: groups.count)
        var own: [[Bool]] = []
        var ownDocuments = 0, liveDocuments = 0
        for (number, source) in sources.enumerated() {
            let segment = source.segment
            liveDocuments += segment.liveDocumentCount
            let documents = try self.documents(source: number, of: [group]) { !segment.isDeleted($0) }[group] ?? []
            var mask = [Bool](repeating: false, count: documents.isEmpty ? 0 : segment.documentCount)
            for document in documents where Int(document) < mask.count { mask[Int(document)] = true }
            own.append(mask)
            guard !documents.isEmpty else { continue }
            ownDocuments += documents.count
            try tally(
                source: number, counted: { $0 != group }, accepts: { Int($0) < mask.count && mask[Int($0)] },
                into: &shared)
        }
        var scored: [(group: Int32, shared: Int, score: Double)] = []
        for (other, both) in shared.enumerated() where both >= minimumShared && both > 0 {
            let otherDocuments = max(groups[other].documents, both)
            let k11 = both, k12 = ownDocuments - both, k21 = otherDocuments - both
            let k22 = max(liveDocuments - ownDocuments - k21, 0)
            // Only association above chance: a pair named together less often than expected scores high too.
            guard Double(k11) * Double(k11 + k12 + k21 + k22) > Double(k11 + k12) * Double(k11 + k21) else { continue }
            scored.append((Int32(other), both, EntityDirectory.logLikelihoodRatio(k11, k12, k21, k22)))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.shared > $1.shared }
        // Entities are gathered only for those that can make the list; ties at the cut are ranked by name.
        if scored.count > limit {
            let last = scored[limit - 1]
            let cut = scored[limit...].firstIndex { $0.score != last.score || $0.shared != last.shared } ?? scored.count
            scored.removeSubrange(cut...)
        }
        var entities: [Int32: EntityDirectory.Entity] = [:]
        let candidates = Set(scored.map(\.group))
        for entity in try self.entities(of: candidates) {
            if let found = self.group(for: entity.key, among: candidates) { entities[found] = entity }
        }
        var found: [EntityDirectory.CoMention] = scored.compactMap { candidate in
            entities[candidate.group].map {
                EntityDirectory.CoMention(entity: $0, sharedDocuments: candidate.shared, score: candidate.score)
            }
        }
        found.sort {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.sharedDocuments != $1.sharedDocuments { return $0.sharedDocuments > $1.sharedDocuments }
            return EntityDirectory.ranking($0.entity, $1.entity)
        }
        found = Array(found.prefix(limit))
        // The first shared documents of each, in index order.
        let listed = Set(found.compactMap { self.group(for: $0.entity.key, among: candidates) })
        var examples: [Int32: [String]] = [:]
        for (number, source) in sources.enumerated() where !own[number].isEmpty {
            let mask = own[number]
            for (other, documents) in try self.documents(source: number, of: listed, accepts: { Int($0) < mask.count && mask[Int($0)] }) {
                let wanted = EntityDirectory.CoMention.examplesKept - examples[other, default: []].count
                for document in documents.prefix(max(0, wanted)) {
                    let path = try source.segment.catalog.path(document)
                    examples[other, default: []].append(source.label.map { $0 + ": " + path } ?? path)
                }
            }
        }
        for index in found.indices {
            if let group = self.group(for: found[index].entity.key, among: listed) {
                found[index].examples = examples[group] ?? []
            }
        }
        return found
    }
}
