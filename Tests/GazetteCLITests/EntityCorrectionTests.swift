import Foundation
import Testing

/// `gazette entity …` as a user runs it: corrections recorded in the index, applied to listings, filters,
/// mentions and highlights at once, and still applied after an incremental run and `optimize`.
@Suite("Entity corrections", .serialized)
struct EntityCorrectionTests {
    static func entities(_ index: String, type: String? = nil) throws -> [[String: Any]] {
        var arguments = ["entities", "--json", "--limit", "2000", "--index", index]
        if let type { arguments += ["--type", type] }
        let run = try GazetteProcess.run(arguments)
        return try #require(try GazetteProcess.json(run.stdout)["entities"] as? [[String: Any]])
    }

    static func count(_ query: String, _ index: String) throws -> Int {
        try GazetteProcess.count(query, index: index)
    }

    @Test func correctionsSurviveIncrementalRunsAndOptimize() throws {
        let root = GazetteProcess.temporaryDirectory()
        let corpus = root + "/corpus", index = root + "/index"
        try FileManager.default.copyItem(atPath: GazetteProcess.corpus, toPath: corpus)
        #expect(try GazetteProcess.run(["index", corpus, "--index", index]).status == 0)
        #expect(try Self.count("org:Kremlin", index) == 16)
        #expect(try Self.count("norp:Western", index) > 0)

        let retype = try GazetteProcess.run(["entity", "retype", "Kremlin", "place", "--index", index])
        #expect(retype.status == 0, "\(retype.stderr)")
        #expect(retype.stdout.contains("retype \"Kremlin\" as PLACE"))
        #expect(try GazetteProcess.run(["entity", "ignore", "Western", "--index", index]).status == 0)
        #expect(try GazetteProcess.run(["entity", "rename", "Volodymyr Zelenskyy", "Zelensky", "--index", index]).status == 0)
        let typo = try GazetteProcess.run(["entity", "ignore", "Wesstern", "--index", index])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("no entity is named \"Wesstern\""))

        func checkApplied(_ stage: String) throws {
            #expect(try Self.count("place:Kremlin", index) >= 16, "\(stage)")
            #expect(try Self.count("org:Kremlin", index) == 0, "\(stage)")
            #expect(try Self.count("norp:Western", index) == 0, "\(stage)")
            #expect(try Self.entities(index).allSatisfy { $0["entity"] as? String != "Western" }, "\(stage)")
            let zelensky = try #require(try Self.entities(index, type: "person").first { $0["entity"] as? String == "Zelensky" }, "\(stage)")
            #expect((zelensky["aliases"] as? [String] ?? []).contains("Volodymyr Zelenskyy"), "\(stage)")
            let mentions = try GazetteProcess.run(["mentions", "Zelensky", "--json", "--index", index])
            #expect(mentions.status == 0, "\(stage): \(mentions.stderr)")
            // Highlights take the corrected type and name; the ignored name is no highlight.
            let search = try GazetteProcess.run(["search", "Kremlin Western", "--json", "--limit", "50", "--index", index])
            let hits = try #require(try GazetteProcess.json(search.stdout)["hits"] as? [[String: Any]])
            let highlights = hits.flatMap { $0["highlights"] as? [[String: Any]] ?? [] }
            #expect(highlights.contains { $0["text"] as? String == "Kremlin" && $0["kind"] as? String == "PLACE" }, "\(stage)")
            #expect(!highlights.contains { $0["text"] as? String == "Kremlin" && $0["kind"] as? String == "ORG" }, "\(stage)")
            #expect(!highlights.contains { $0["kind"] as? String == "NORP" && $0["entity"] as? String == "Western" }, "\(stage)")
        }
        try checkApplied("after the corrections")

        // A new article naming them: the corrections cover it too.
        try "Western envoys met Volodymyr Zelenskyy after talks at the Kremlin on 4 December 2025."
            .write(toFile: corpus + "/new-article.txt", atomically: true, encoding: .utf8)
        #expect(try GazetteProcess.run(["index", corpus, "--index", index]).stdout.contains("1 added"))
        try checkApplied("after an incremental run")
        #expect(try Self.count("place:Kremlin", index) == 17)
        #expect(try GazetteProcess.run(["optimize", "--index", index]).status == 0)
        try checkApplied("after optimize")

        let listed = try GazetteProcess.json(try GazetteProcess.run(["entity", "corrections", "--json", "--index", index]).stdout)
        let corrections = try #require(listed["corrections"] as? [[String: Any]])
        #expect(corrections.map { $0["kind"] as? String } == ["retype", "ignore", "rename"])
        #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
    }

    @Test func aDamagedCorrectionsRecordIsReportedAndNeverCrashesASearch() throws {
        let root = GazetteProcess.temporaryDirectory()
        let index = root + "/index"
        #expect(try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index]).status == 0)
        #expect(try GazetteProcess.run(["entity", "ignore", "Western", "--index", index]).status == 0)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: index).first { $0.hasSuffix(".res") })
        var bytes = try Data(contentsOf: URL(fileURLWithPath: index + "/" + name))
        bytes[bytes.count / 2] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: index + "/" + name))

        let verify = try GazetteProcess.run(["verify", "--index", index])
        #expect(verify.status != 0)
        #expect(verify.stderr.contains(name))
        // Plain search still answers, with the recognised highlights and a note; what needs the resolution
        // fails with one line naming the file.
        let search = try GazetteProcess.run(["search", "Kremlin", "--json", "--index", index])
        #expect(search.status == 0)
        #expect(search.stderr.contains(name))
        for arguments in [["search", "person:Lavrov"], ["entities"], ["mentions", "Lavrov"], ["entity", "corrections"]] {
            let run = try GazetteProcess.run(arguments + ["--index", index])
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.contains(name) && run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
        }
    }
}
