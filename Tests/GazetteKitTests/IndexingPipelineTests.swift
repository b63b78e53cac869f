import Foundation
import GazetteEntities
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

    /// A correction finds the entities it names from the commit's entity groups, without gathering the whole
    /// directory: for every name the sample corpus gives an entity (canonical, alias, last and first word), with
    /// and without a type, the same entities as the whole directory's `resolve` filtered to exact matches.
    @Test func entitiesExactlyNamedAgreeWithTheWholeDirectory() throws {
        let temporary = TemporaryDirectory()
        let directory = temporary.path + "/index"
        let files = try CorpusWalker(root: Self.corpus).files { _ in }
        let writer = try IndexWriter(directory: directory, rebuild: false)
        let pipeline = IndexingPipeline(writer: writer, threads: 2, memoryBudget: 64 << 20)
        _ = try pipeline.run(pipeline.plan(files), warn: { _ in }, progress: { _, _ in })
        try writer.commit(resolver: CorpusEntityResolver.resolver, grouper: CorpusEntityResolver.grouper)

        let reader = try IndexReader(directory: directory)
        let whole = try EntityDirectory(index: reader)
        #expect(whole.entities.count > 100)
        var names: Set<String> = []
        for entity in whole.entities {
            names.insert(entity.canonical)
            names.formUnion(entity.aliases)
            let words = entity.canonical.split(separator: " ")
            if let first = words.first, let last = words.last { names.formUnion([String(first), String(last)]) }
        }
        for name in names.sorted() {
            for type in [nil, "PERSON", "NOTATYPE"] as [String?] {
                let expected = whole.resolve(name, type: type).filter {
                    EntityNameMatcher.matchesExactly(query: name, canonical: $0.canonical, aliases: $0.aliases)
                }
                let named = try EntityDirectory.entities(exactlyNamed: name, type: type, in: [reader])
                #expect(named == expected, "\(name) \(type ?? "any type")")
            }
        }
        // And each of the most named entities is found by its own name and type.
        for entity in whole.entities.prefix(50) {
            let named = try EntityDirectory.entities(exactlyNamed: entity.canonical, type: entity.type, in: [reader])
            #expect(named.contains(entity), "\(entity.canonical)")
        }
    }
}
