import Foundation
import Testing

/// Usage errors as a script sees them: one message on stderr and exit 2 (grep's and ripgrep's status for "could
/// not run"), never 64 nor a silent default; options that read several values combine them.
@Suite("Usage errors and repeated options")
struct UsageErrorTests {
    static var index: String { GazetteProcess.sharedIndex }

    @Test func everyUsageErrorExitsTwoWithOneClearMessage() throws {
        let cases: [(arguments: [String], message: String)] = [
            (["searh", "foo"], "did you mean 'search'?"),
            (["entites"], "did you mean 'entities'?"),
            (["publish"], "commands: index, search"),
            (["server"], "did you mean 'serve'?"),
            (["search", "foo", "--limit", "-1"], "--limit must be 0 or more"),
            (["search", "--limt", "3", "foo"], "Did you mean '--limit'?"),
            (["search", "foo", "--offset", "-5"], "--offset must be 0 or more"),
            (["entities", "--limit", "-2"], "--limit must be 0 or more"),
            (["mentions", "Lavrov", "--limit", "-1"], "--limit must be 0 or more"),
            (["entities", "--type", "planet"], "--type"),
            (["stats", "--index", Self.index, "--index", Self.index], "--index is given 2 times"),
            (["optimize", "--index", "a", "--index", "b"], "--index is given 2 times"),
            (["index", GazetteProcess.corpus, "--index", "a", "--index", "b"], "--index is given 2 times"),
            (["entity", "corrections", "--index", "a", "--index", "b"], "--index is given 2 times"),
            (["--bogus"], "Unknown option '--bogus'"),
            (["search"], "give either a query or --batch FILE"),
        ]
        for (arguments, message) in cases {
            let run = try GazetteProcess.run(arguments)
            #expect(run.status == 2, "\(arguments): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty, "\(arguments): \(run.stdout)")
        }
    }

    @Test func repeatedTypesCombine() throws {
        let run = try GazetteProcess.run(
            ["entities", "--type", "person", "--type", "ORG", "--limit", "1000", "--json", "--index", Self.index])
        #expect(run.status == 0)
        let entities = try #require(try GazetteProcess.json(run.stdout)["entities"] as? [[String: Any]])
        let types = Set(entities.compactMap { $0["type"] as? String })
        #expect(types == ["PERSON", "ORG"])

        let people = try GazetteProcess.json(
            try GazetteProcess.run(["entities", "--type", "person", "--json", "--index", Self.index]).stdout)
        let orgs = try GazetteProcess.json(
            try GazetteProcess.run(["entities", "--type", "org", "--json", "--index", Self.index]).stdout)
        let both = try GazetteProcess.json(run.stdout)
        #expect(both["total"] as? Int == (people["total"] as? Int ?? -1) + (orgs["total"] as? Int ?? -1))

        let mentions = try GazetteProcess.run(
            ["mentions", "Lavrov", "--type", "org", "--type", "person", "--json", "--index", Self.index])
        let found = try #require(try GazetteProcess.json(mentions.stdout)["entities"] as? [[String: Any]])
        #expect(found.map { $0["entity"] as? String } == ["Sergei Lavrov"])
    }

    @Test func limitZeroPrintsTheCountsOnly() throws {
        let entities = try GazetteProcess.run(["entities", "--limit", "0", "--index", Self.index])
        #expect(entities.status == 0)
        let lines = entities.stdout.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasSuffix("entities (showing 0; --limit)"), "\(entities.stdout)")
        let json = try GazetteProcess.json(
            try GazetteProcess.run(["entities", "--limit", "0", "--json", "--index", Self.index]).stdout)
        #expect((json["entities"] as? [Any])?.isEmpty == true && (json["total"] as? Int ?? 0) > 100)

        let mentions = try GazetteProcess.json(
            try GazetteProcess.run(["mentions", "Lavrov", "--limit", "0", "--json", "--index", Self.index]).stdout)
        let lavrov = try #require((mentions["entities"] as? [[String: Any]])?.first)
        #expect(lavrov["documents"] as? Int == 8)
        #expect((lavrov["occurrences"] as? [Any])?.isEmpty == true)

        let search = try GazetteProcess.json(
            try GazetteProcess.run(["search", "Lavrov", "--limit", "0", "--json", "--index", Self.index]).stdout)
        #expect((search["hits"] as? [Any])?.isEmpty == true && search["total"] as? Int == 8)
    }

    @Test func verifyChecksEveryIndexGiven() throws {
        let root = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let two = try GazetteProcess.run(["verify", "--index", Self.index, "--index", Self.index])
        #expect(two.status == 0)
        #expect(two.stdout.split(separator: "\n").filter { $0.hasPrefix("verified ") }.count == 2)
        let missing = try GazetteProcess.run(["verify", "--index", Self.index, "--index", root + "/none"])
        #expect(missing.status == 2)
        #expect(missing.stdout.hasPrefix("verified "))
        #expect(missing.stderr.contains(root + "/none"))
    }

    @Test func aCorpusGivenAsAnIndexIsNamedAsOne() throws {
        let corpus = GazetteProcess.corpus + "/diplomacy"
        for command in [["search", "talks"], ["entities"], ["mentions", "Lavrov"], ["stats"]] {
            let run = try GazetteProcess.run(command + ["--index", corpus])
            #expect(run.status == 2, "\(command)")
            #expect(run.stderr.contains("'\(corpus)' is not an index"), "\(command): \(run.stderr)")
            #expect(run.stderr.contains("gazette index '\(corpus)' --index <a new folder>"), "\(command): \(run.stderr)")
        }
        // A folder that is simply missing is still "no index".
        let missing = try GazetteProcess.run(["search", "talks", "--index", corpus + "/none"])
        #expect(missing.status == 2 && missing.stderr.contains("no index at"), "\(missing.stderr)")
    }

    @Test func aNewIndexGetsItsMissingParentFolders() throws {
        let root = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let nested = root + "/runs/2025/news"
        let run = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", nested, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try GazetteProcess.run(["search", "Lavrov", "--index", nested, "--count"]).stdout == "8\n")
    }
}
