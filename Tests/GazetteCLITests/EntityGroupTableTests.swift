import Foundation
import Testing

/// The entity group table a commit stores (`entities.<generation>.groups`) is derived data: every answer about
/// entities is the same with it as without it (when a reader computes the groups from the records), through
/// segments, deletions, corrections, merges and `optimize`; a damaged one is reported by `verify` and changes
/// no answer.
@Suite("Entity group table", .serialized)
struct EntityGroupTableTests {
    let root = GazetteProcess.temporaryDirectory()
    var index: String { root + "/index" }

    /// Answers about entities that go through the groups, each as a user would ask.
    static let questions: [[String]] = [
        ["entities", "--json", "--limit", "5000"],
        ["entities", "--type", "person", "--limit", "40"],
        ["search", "the OR Russia", "--facets", "--json", "--limit", "3"],
        ["search", "sanctions", "--facets", "person,org,place", "--limit", "2", "--color", "never"],
        ["related", "Moscow", "--json", "--min-shared", "1"],
        ["related", "Lavrov", "--limit", "5"],
        ["mentions", "Lavrov", "--json"],
        ["search", "person:Lavrov OR place:Moscow", "--count"],
        ["search", "entity:Kremlin", "--count"],
    ]

    func groupFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: index).filter { $0.hasSuffix(".groups") }.sorted()
    }

    /// Every question answered with the stored table, then without it (moved aside): the same bytes.
    func answersAgreeWithoutTheTable(_ stage: String) throws {
        let files = try groupFiles()
        #expect(files.count == 1, "\(stage): one table for the commit, found \(files)")
        guard let name = files.first else { return }
        let withTable = try Self.questions.map { try GazetteProcess.run($0 + ["--index", index]) }
        for (question, run) in zip(Self.questions, withTable) {
            #expect(run.status == 0, "\(stage): \(question): \(run.stderr)")
            let count = Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(count.map { $0 > 0 } ?? (run.stdout.count > 10), "\(stage): \(question) answered nothing")
        }
        let aside = root + "/" + name
        try FileManager.default.moveItem(atPath: index + "/" + name, toPath: aside)
        defer { try? FileManager.default.moveItem(atPath: aside, toPath: index + "/" + name) }
        for (question, stored) in zip(Self.questions, withTable) {
            let computed = try GazetteProcess.run(question + ["--index", index])
            #expect(computed.stdout == stored.stdout, "\(stage): \(question) differs without the table")
        }
    }

    @Test func answersAreTheSameWithAndWithoutTheTableThroughEveryKindOfCommit() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let staged = try StagedCorpus(root: root, index: index)
        try staged.indexFirstFolders()
        try answersAgreeWithoutTheTable("one segment")
        try staged.indexMoreFolders()
        try staged.indexDeletions()
        let stats = try GazetteProcess.run(["stats", "--index", index]).stdout
        #expect(stats.split(separator: "\n").filter { $0.hasPrefix("segment ") }.count >= 2, "\(stats)")
        #expect(stats.contains("deleted"), "\(stats)")
        try answersAgreeWithoutTheTable("segments with deletions")

        #expect(try GazetteProcess.run(["entity", "merge", "Kremlin", "Moscow", "--index", index]).status == 0)
        #expect(try GazetteProcess.run(["entity", "retype", "Lavrov", "org", "--index", index]).status == 0)
        #expect(try GazetteProcess.run(["entity", "ignore", "Western", "--index", index]).status == 0)
        try answersAgreeWithoutTheTable("corrections")
        // The corrections reach the table's groups: the merged name is counted under its target.
        let merged = try GazetteProcess.run(["search", "entity:Moscow", "--count", "--index", index])
        let kremlin = try GazetteProcess.run(["search", "Kremlin", "--count", "--index", index])
        #expect(Int(merged.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            >= Int(kremlin.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 1)

        #expect(try GazetteProcess.run(["optimize", "--index", index]).status == 0)
        try answersAgreeWithoutTheTable("optimize")
        #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
    }

    @Test func aDamagedTableIsReportedByVerifyAndChangesNoAnswer() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index, "--quiet"]).status == 0)
        let name = try #require(try groupFiles().first)
        let before = try Self.questions.map { try GazetteProcess.run($0 + ["--index", index]).stdout }
        let path = index + "/" + name
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x41
        try bytes.write(to: URL(fileURLWithPath: path))

        for (question, answer) in zip(Self.questions, before) {
            let run = try GazetteProcess.run(question + ["--index", index])
            #expect(run.status == 0, "\(question): \(run.stderr)")
            #expect(run.stdout == answer, "\(question) changed with a damaged table")
        }
        let verify = try GazetteProcess.run(["verify", "--index", index])
        #expect(verify.status != 0)
        #expect((verify.stdout + verify.stderr).contains(name), "\(verify.stdout)\(verify.stderr)")

        // The next commit writes a sound table and sweeps the damaged one.
        #expect(try GazetteProcess.run(["entity", "ignore", "Western", "--index", index]).status == 0)
        #expect(try groupFiles().count == 1 && groupFiles() != [name])
        #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
    }
}
