import Foundation
import GazetteIndex
import GazetteTestSupport
import Testing
@testable import GazetteSearch

/// A query that reads many documents walks its segments at once, each into a heap of its own, merged after
/// (`Searcher.search`, `SegmentWalk`). Whatever the query, the hits, their order, scores and the total must be
/// those of the segments walked one after the other: over five segments with deletions, for terms, phrases, bare
/// words with their proximity, exclusions and either-or, for the top 1, 10 and all, with an offset, and by date.
@Suite struct ParallelSegmentWalkTests {
    @Test func walkingSegmentsAtOnceFindsWhatWalkingThemInTurnFinds() throws {
        let vocabulary = ["the", "the", "the", "of", "kernel", "driver", "linux", "user", "space", "process",
                          "memory", "device", "name", "error", "number"]
        var random = SeededRandom(seed: 17)
        let path = NSTemporaryDirectory() + "gazette-parallel-walk-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let writer = try IndexWriter(directory: path, rebuild: true)
            for segment in 0..<5 {
                let builder = SegmentBuilder()
                for i in 0..<300 {
                    let title = (0..<random.below(4)).map { _ in vocabulary[random.below(vocabulary.count)] }
                    // Some documents repeat others word for word, so that scores tie across segments.
                    let length = i % 25 == 0 ? 12 : 1 + random.below(80)
                    var seeded = SeededRandom(seed: UInt64(i % 25 == 0 ? 99 : 1000 * segment + i))
                    let body = (0..<length).map { _ in vocabulary[seeded.below(vocabulary.count)] }
                    let text = body.joined(separator: " ")
                    var metadata = ArticleMetadata.none
                    if i % 3 != 0 {
                        metadata = ArticleMetadata(date: String(format: "2026-%02d-%02d", 1 + i % 12, 1 + i % 28), dateSource: "test")
                    }
                    builder.add(DocumentToIndex(
                        path: String(format: "%d-%04d.txt", segment, i), title: title.isEmpty ? nil : title.joined(separator: " "),
                        text: text, blocks: [0..<text.utf8.count], metadata: metadata))
                }
                try writer.flush(builder)
            }
            try writer.commit()
            for segment in 0..<5 {
                for i in stride(from: segment, to: 300, by: 7) { writer.delete(path: String(format: "%d-%04d.txt", segment, i)) }
            }
            try writer.commit()
        }
        let searcher = Searcher(index: try IndexReader(directory: path))
        #expect(searcher.documentCount >= 1000)
        let queries = ["the", "kernel", "\"the kernel\"", "kernel driver", "linux user space", "\"user space\" process",
                       "the -kernel", "kernel OR driver", "memory device name", "error number", "\"of the\"", "nothing"]
        var parallel = 0
        for query in queries {
            for (limit, offset) in [(1, 0), (10, 0), (10, 5), (2000, 0), (0, 0)] {
                for sort in SearchSort.allCases {
                    var serial = SearchOptions(limit: limit, offset: offset, snippets: 0, readsDocuments: false)
                    serial.sort = sort
                    serial.threads = 1
                    var atOnce = serial
                    atOnce.threads = 2
                    atOnce.parallelWork = 0
                    let one = try searcher.search(query, options: serial)
                    let both = try searcher.search(query, options: atOnce)
                    let label = "\(query) limit \(limit) offset \(offset) \(sort)"
                    #expect(both.total == one.total, "\(label)")
                    #expect(both.hits.map(\.path) == one.hits.map(\.path), "\(label)")
                    #expect(both.hits.map(\.score) == one.hits.map(\.score), "\(label)")
                    if one.total > 0 { parallel += 1 }
                }
            }
        }
        #expect(parallel > 100)
    }
}
