import Foundation
import GazetteIndex
import GazetteIngest
import GazetteKit
import GazetteSearch
import GazetteTestSupport
import Testing

/// The library alone, as a program other than the CLI would use it: walk the sample corpus, index it on two
/// threads, commit with the corpus-wide entity resolution, then search and list entities.
@Suite struct IndexingPipelineTests {
    static let corpus = TestPaths.sampleCorpus

    @Test func indexesTheSampleCorpusAndThenOnlyWhatChanged() throws {
        let temporary = TemporaryDirectory()
        let directory = temporary.path + "/index"
        let files = try CorpusWalker(root: Self.corpus).files { _ in }
        #expect(files.count == 30)

        func run() throws -> IndexingPipeline.Summary {
            let writer = try IndexWriter(directory: directory, rebuild: false)
            let pipeline = IndexingPipeline(writer: writer, threads: 2, memoryBudget: 64 << 20)
            let summary = try pipeline.run(pipeline.plan(files), warn: { _ in }, progress: { _, _ in })
            try writer.commit(resolver: CorpusEntityResolver.resolver)
            return summary
        }
        let first = try run()
        #expect(first.added == 30 && first.updated == 0 && first.skipped == 0)
        let again = try run()
        #expect(again.added == 0 && again.unchanged == 30)

        let reader = try IndexReader(directory: directory)
        #expect(reader.liveDocumentCount == 30)
        let searcher = Searcher(index: reader)
        #expect(try searcher.search("person:Lavrov").total == 8)
        #expect(try searcher.search("\"security guarantees\"").total > 0)
        let lavrov = try EntityDirectory(index: reader).resolve("Lavrov", type: "PERSON")
        #expect(lavrov.map(\.canonical) == ["Sergei Lavrov"])
    }
}
