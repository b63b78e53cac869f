import Foundation
@testable import GazetteIndex
import Testing

/// An index never mixes two analyses: documents analysed by another recogniser (or with recognition switched
/// off) are all indexed again at the next run, and an index of another text analysis is refused by searches
/// with a line saying how to re-index it.
@Suite("Analysis version end to end")
struct AnalysisVersionCLITests {
    let root = GazetteProcess.temporaryDirectory()
    var index: String { root + "/index" }

    func manifest() throws -> Manifest {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: index + "/" + Manifest.fileName)))
        return try bytes.withUnsafeBytes { try Manifest.parse($0, path: Manifest.fileName) }
    }

    @Test func documentsAnalysedOtherwiseAreIndexedAgain() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let plain = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index, "--no-entities"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(try manifest().analysis?.entities == 0)
        #expect(try GazetteProcess.run(["search", "person:Lavrov", "--count", "--index", index]).stdout == "0\n")

        let recognised = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index])
        #expect(recognised.stderr.contains("every document is indexed again"), "\(recognised.stderr)")
        #expect(recognised.stdout.contains("0 added, 30 updated, 0 deleted, 0 unchanged"), "\(recognised.stdout)")
        #expect(try manifest().analysis?.entities ?? 0 > 0)
        let found = try GazetteProcess.run(["search", "person:Lavrov", "--count", "--index", index]).stdout
        #expect((Int(found.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= 5, "\(found)")

        let again = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index])
        #expect(again.stderr.isEmpty, "\(again.stderr)")
        #expect(again.stdout.contains("30 unchanged"), "\(again.stdout)")

        // Positions written by another text analysis: searches refuse, naming the way out; a run re-indexes.
        var forged = try manifest()
        forged.analysis = AnalysisVersion(text: AnalysisVersion.currentText + 1, entities: forged.analysis?.entities ?? 0)
        try Data(forged.serialized()).write(to: URL(fileURLWithPath: index + "/" + Manifest.fileName))
        let refused = try GazetteProcess.run(["search", "Lavrov", "--index", index])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("was written by text analysis \(AnalysisVersion.currentText + 1)"), "\(refused.stderr)")
        let reindexed = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index])
        #expect(reindexed.stdout.contains("30 updated"), "\(reindexed.stdout)")
        #expect(try GazetteProcess.run(["search", "Lavrov", "--count", "--index", index]).status == 0)
        #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
    }
}
