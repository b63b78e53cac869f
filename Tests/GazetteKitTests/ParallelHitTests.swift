import Foundation
import GazetteIndex
import GazetteIngest
import GazetteKit
import GazetteSearch
import GazetteTestSupport
import Testing

/// The hits of a search are built on as many threads as the search may use (`HitMaker`, `ParallelWork`): each
/// thread reads its documents, tokenises around their matches and resolves their entities. Whatever the query,
/// the result — hits, their order, snippets, highlights, entities, notices, the error of a damaged index — must be
/// the one a single thread gives.
@Suite struct ParallelHitTests {
    let temporary = TemporaryDirectory()

    /// The sample corpus indexed with its entities, as `gazette index` does.
    func indexCorpus(into folder: String) throws {
        let files = try CorpusWalker(root: IndexingPipelineTests.corpus).files { _ in }
        let writer = try IndexWriter(directory: folder, rebuild: true)
        let pipeline = IndexingPipeline(writer: writer, threads: 2, memoryBudget: 64 << 20)
        _ = try pipeline.run(pipeline.plan(files), warn: { _ in }, progress: { _, _ in })
        try writer.commit(resolver: CorpusEntityResolver.resolver)
    }

    func options(limit: Int, offset: Int, snippets: Int, threads: Int, listsEntities: Bool) -> SearchOptions {
        var options = SearchOptions(limit: limit, offset: offset, snippetWidth: 120, snippets: snippets)
        options.threads = threads
        options.listsEntities = listsEntities
        return options
    }

    @Test func hitsBuiltOnSeveralThreadsAreTheHitsOfOne() throws {
        let folder = temporary.path + "/index"
        try indexCorpus(into: folder)
        let session = try SearchSession(indexFolders: [folder])
        let queries = ["\"security guarantees\"", "Lavrov", "ceasefire OR sanctions", "person:Lavrov", "org:NATO talks",
                       "the", "minister said", "\"the president\"", "nothingmatchesthis"]
        var built = 0
        for query in queries {
            for (limit, offset) in [(10, 0), (3, 0), (40, 2), (100, 0)] {
                for snippets in [1, 3] {
                    for listsEntities in [false, true] {
                        let one = try session.search(query, options: options(
                            limit: limit, offset: offset, snippets: snippets, threads: 1, listsEntities: listsEntities))
                        for threads in [2, 4] {
                            let many = try session.search(query, options: options(
                                limit: limit, offset: offset, snippets: snippets, threads: threads,
                                listsEntities: listsEntities))
                            #expect(many == one, "\(query) limit \(limit) offset \(offset) threads \(threads)")
                        }
                        built += one.hits.count
                    }
                }
            }
        }
        // Enough hits with snippets and highlights that the threads had something to share.
        #expect(built > 1000)
        let sample = try session.search("Lavrov", options: options(
            limit: 10, offset: 0, snippets: 1, threads: 2, listsEntities: true))
        #expect(sample.hits.count == 8)
        #expect(sample.hits.allSatisfy { !$0.snippet.text.isEmpty && !$0.entities.isEmpty })
        #expect(sample.hits.contains { $0.snippet.highlights.contains { $0.kind == "PERSON" } })
    }

    /// A damaged entity resolution file: every thread's hits fall back to the highlights as recognised, and the
    /// result says so once, as with one thread; hits that show no entity do not read it.
    @Test func aDamagedResolutionGivesOneNoticeWhateverTheThreads() throws {
        let folder = temporary.path + "/damaged-resolution"
        try indexCorpus(into: folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        let resolution = try #require(names.first { $0.hasPrefix("entities.") && $0.hasSuffix(".res") })
        try Self.flipByte(in: folder + "/" + resolution, atFraction: 0.5)
        let session = try SearchSession(indexFolders: [folder])
        let one = try session.search("Lavrov", options: options(limit: 10, offset: 0, snippets: 1, threads: 1, listsEntities: false))
        let two = try session.search("Lavrov", options: options(limit: 10, offset: 0, snippets: 1, threads: 2, listsEntities: false))
        #expect(two == one)
        #expect(one.hits.count == 8)
        #expect(one.notices.filter { $0.hasPrefix("note: entity highlights are shown as recognised") }.count == 1)
        // Hits that show no entity (no snippets, no entity lists) never read the resolution: no notice. Listing
        // the hits' entities reads it, and says so.
        let bare = try session.search("Lavrov", options: options(limit: 10, offset: 0, snippets: 0, threads: 2, listsEntities: false))
        #expect(bare.hits.map(\.path) == one.hits.map(\.path))
        #expect(!bare.notices.contains { $0.hasPrefix("note: entity highlights are shown as recognised") })
        let listed = try session.search("Lavrov", options: options(limit: 10, offset: 0, snippets: 0, threads: 1, listsEntities: true))
        #expect(listed.notices.filter { $0.hasPrefix("note: entity highlights are shown as recognised") }.count == 1)
    }

    /// A damaged stored-documents file fails the search with the same error, naming the file, whatever the threads.
    @Test func aDamagedStoreFailsAlikeWhateverTheThreads() throws {
        let folder = temporary.path + "/damaged-store"
        try indexCorpus(into: folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        for name in names where name.hasSuffix(".store") {
            try Self.flipByte(in: folder + "/" + name, atFraction: 0.3)
        }
        let session = try SearchSession(indexFolders: [folder])
        var failures: [String] = []
        for threads in [1, 2, 4] {
            do {
                _ = try session.search("the", options: options(limit: 30, offset: 0, snippets: 1, threads: threads, listsEntities: false))
                Issue.record("a search over a damaged store succeeded with \(threads) threads")
            } catch {
                failures.append(error.description)
            }
        }
        #expect(failures.count == 3)
        #expect(Set(failures).count == 1, "\(failures)")
        #expect(failures.first?.contains(".store") == true, "\(failures)")
    }

    static func flipByte(in path: String, atFraction fraction: Double) throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let offset = Int(Double(bytes.count) * fraction)
        bytes[offset] ^= 0x5A
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
