import Foundation
import GazetteIndex
import GazetteTestSupport
import Testing
@testable import GazetteSearch

/// A result set covering much of the corpus has its entity facets counted group by group, most-named first,
/// until no other group can reach a list (`EntityGroups.countMatches`). Every count it gives, and every count of
/// a group that belongs on a list (the `perType` largest of its type and those tied with the last), must be the
/// count of reading every record (`matchCounts`): over three segments with deletions, people named under two
/// records in one segment ("Name3" and "John Name3", one person once resolved), groups read from the commit's
/// table and computed from the records, result sets from a tenth of the corpus to all of it.
@Suite struct FacetCountingTests {
    @Test func countingTheMostNamedFirstGivesTheCountsOfReadingEveryRecord() throws {
        var random = SeededRandom(seed: 23)
        let path = NSTemporaryDirectory() + "gazette-facet-counting-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        let names = (0..<60).map { "Name\($0)" }
        do {
            let writer = try IndexWriter(directory: path, rebuild: true)
            for segment in 0..<3 {
                let builder = SegmentBuilder()
                for i in 0..<200 {
                    var text = "", entities: [EntitySpan] = []
                    var position: UInt32 = 0
                    for _ in 0..<(1 + random.below(6)) {
                        // Skewed, so that some entities are in most documents and many in few.
                        let pick = min(random.below(names.count), random.below(names.count), random.below(names.count))
                        let type = ["PERSON", "ORG", "PLACE"][pick % 3]
                        // A person named in full and by surname alone: two records, one group once resolved.
                        let canonical = type == "PERSON" && random.below(2) == 0 ? "John " + names[pick] : names[pick]
                        let start = text.utf8.count
                        text += names[pick] + " said "
                        entities.append(EntitySpan(
                            range: start..<(start + names[pick].utf8.count), positions: position...position, type: type,
                            canonical: canonical))
                        position += 2
                    }
                    builder.add(DocumentToIndex(
                        path: "\(segment)-\(i).txt", title: nil, text: text, blocks: [0..<text.utf8.count], entities: entities))
                }
                try writer.flush(builder)
            }
            _ = try writer.commit(resolver: CorpusEntityResolver.resolver, grouper: EntityGroups.grouper)
            for segment in 0..<3 {
                for i in stride(from: segment, to: 200, by: 9) { writer.delete(path: "\(segment)-\(i).txt") }
            }
            _ = try writer.commit(resolver: CorpusEntityResolver.resolver, grouper: EntityGroups.grouper)
        }
        let index = try IndexReader(directory: path)
        let table = try #require(index.entityGroupTable())
        let resolution = try index.entityResolution()
        let sources = index.segments.enumerated().map {
            EntityGroups.Source(segment: $0.element, resolution: resolution, index: 0, label: nil)
        }
        let shared = table.segments.contains { segment in
            var seen = Set<Int32>()
            return segment.recordGroups.contains { $0 >= 0 && !seen.insert($0).inserted }
        }
        #expect(shared, "no group has two records in one segment")
        var compared = 0
        for fromTable in [true, false] {
            let groups = try EntityGroups.make(sources: sources, table: fromTable ? table : nil, countingDocuments: false)
            for share in [10, 50, 90, 100] {
                let matching = sources.map { source in
                    (0..<source.segment.documentCount).map { !source.segment.isDeleted(UInt32($0)) && random.below(100) < share }
                }
                let exhaustive = try EntityGroups.make(
                    sources: sources, table: fromTable ? table : nil, countingDocuments: false, matching: matching
                ).matchCounts
                #expect(exhaustive.count == groups.groups.count)
                // Int.max: lists longer than there are groups, every group counted.
                for perType in [1, 3, 10, Int.max] {
                    let counted = try groups.countMatches(of: matching, perType: perType)
                    for type in ["PERSON", "ORG", "PLACE"] {
                        let ofType = groups.groups.indices.filter { groups.groups[$0].type.rawValue == type }
                        let ranked = ofType.map { exhaustive[$0] }.sorted(by: >)
                        let last = perType <= ranked.count ? ranked[perType - 1] : 0
                        for group in ofType {
                            if counted[group] != 0 || (exhaustive[group] >= last && exhaustive[group] > 0) {
                                #expect(
                                    counted[group] == exhaustive[group],
                                    "table \(fromTable), \(share) %, top \(perType), \(type): group \(group)")
                                compared += 1
                            }
                        }
                    }
                }
            }
        }
        #expect(compared > 100)
    }
}
