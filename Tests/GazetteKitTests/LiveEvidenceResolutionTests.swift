import Foundation
import GazetteIndex
import GazetteIngest
import GazetteKit
import GazetteSearch
import GazetteTestSupport
import Testing

/// The corpus-wide entity resolution counts live documents only, so an index updated incrementally resolves
/// names exactly as one rebuilt from the same files: a deleted document's evidence does not linger in its
/// segment until a merge purges it.
@Suite struct LiveEvidenceResolutionTests {
    let temporary = TemporaryDirectory()

    /// Indexes the corpus folder on one thread (one segment per run, so a deletion leaves a segment with a
    /// deleted document in it rather than dropping a whole segment).
    func index(into folder: String, rebuild: Bool) throws {
        let files = try CorpusWalker(root: temporary.path + "/corpus").files { _ in }
        let writer = try IndexWriter(directory: folder, rebuild: rebuild)
        let pipeline = IndexingPipeline(writer: writer, threads: 1, memoryBudget: 64 << 20)
        _ = try pipeline.run(pipeline.plan(files), warn: { _ in }, progress: { _, _ in })
        try writer.commit(resolver: CorpusEntityResolver.resolver)
    }

    func totals(_ folder: String) throws -> [String: Int] {
        let session = try SearchSession(indexFolders: [folder])
        var result: [String: Int] = [:]
        for query in ["person:Zorbex", "org:Zorbex", "entity:Zorbex"] { result[query] = try session.search(query).total }
        return result
    }

    @Test func aDeletedDocumentsEvidenceIsGoneAtTheNextCommit() throws {
        // Alone, "Zorbex" reads as a person; the other article says it is an airline.
        try temporary.write("corpus/statement.txt", "Zorbex said on Monday it would cut prices.\n\nMr Zorbex declined to comment.\n")
        try temporary.write(
            "corpus/airline.txt",
            "Shares in the company Zorbex rose sharply.\n\nThe airline Zorbex flew more passengers, Zorbex said.\n")
        // Enough other documents that one deletion leaves the segment as it is (no merge purges it).
        for number in 1...9 {
            try temporary.write("corpus/weather-\(number).txt", "Rain is expected in the north on day \(number) of the week.\n")
        }
        let incremental = temporary.path + "/incremental"
        try index(into: incremental, rebuild: false)
        #expect(try totals(incremental) == ["person:Zorbex": 0, "org:Zorbex": 2, "entity:Zorbex": 2])

        try FileManager.default.removeItem(atPath: temporary.path + "/corpus/airline.txt")
        try index(into: incremental, rebuild: false)
        let rebuilt = temporary.path + "/rebuilt"
        try index(into: rebuilt, rebuild: true)
        #expect(try totals(rebuilt) == ["person:Zorbex": 1, "org:Zorbex": 0, "entity:Zorbex": 1])
        #expect(try totals(incremental) == totals(rebuilt))
        // `entities` counts live documents too.
        func listing(_ folder: String) throws -> [String] {
            try SearchSession(indexFolders: [folder]).entities().map {
                "\($0.type) \($0.canonical) \($0.documentCount) \($0.mentionCount)"
            }
        }
        #expect(try listing(incremental) == listing(rebuilt))
        #expect(try listing(incremental).contains("PERSON Zorbex 1 2"))
        let reader = try IndexReader(directory: incremental)
        #expect(reader.segments.count == 1 && reader.liveDocumentCount == 10 && reader.documentCount == 11)
    }
}
