import Foundation
import Testing

/// Output modes, paging, several indexes, --explain and shell completions, through the binary.
@Suite("Search output modes", .serialized)
struct SearchOutputTests {
    static var index: String { GazetteProcess.sharedIndex }

    static func hits(_ arguments: [String]) throws -> [[String: Any]] {
        let run = try GazetteProcess.run(["search"] + arguments + ["--json"])
        return try #require(try GazetteProcess.json(run.stdout)["hits"] as? [[String: Any]])
    }

    @Test func pathsListsEveryMatchBestFirst() throws {
        // From the corpus folder, --paths prints the paths as the index stores them (and JSON's "path" gives).
        let here = GazetteProcess.corpus
        let run = try GazetteProcess.run(["search", "sanctions", "--index", Self.index, "--paths"], directory: here)
        #expect(run.status == 0)
        let paths = run.stdout.split(separator: "\n").map(String.init)
        #expect(paths.count == 15, "--paths is not cut at the default limit of 10")
        let ranked = try Self.hits(["sanctions", "--index", Self.index, "--limit", "100"]).compactMap { $0["path"] as? String }
        #expect(paths == ranked)
        let limited = try GazetteProcess.run(
            ["search", "sanctions", "--index", Self.index, "--paths", "--limit", "2"], directory: here)
        #expect(limited.stdout.split(separator: "\n").map(String.init) == Array(ranked.prefix(2)))
        let none = try GazetteProcess.run(["search", "zzqxnothing", "--index", Self.index, "--paths"])
        #expect(none.status == 1)
        #expect(none.stdout.isEmpty)
    }

    @Test func countPrintsTheTotalOnly() throws {
        let run = try GazetteProcess.run(["search", "Lavrov OR Peskov", "--index", Self.index, "--count"])
        #expect(run.status == 0)
        #expect(run.stdout == "13\n")
        let json = try GazetteProcess.run(["search", "Lavrov OR Peskov", "--index", Self.index, "--count", "--json"])
        let object = try GazetteProcess.json(json.stdout)
        #expect(object["total"] as? Int == 13)
        #expect(object["hits"] == nil)
        let none = try GazetteProcess.run(["search", "zzqxnothing", "--index", Self.index, "--count"])
        #expect(none.status == 1)
        #expect(none.stdout == "0\n")
    }

    @Test func offsetPagesThroughTheRanking() throws {
        let all = try Self.hits(["sanctions", "--index", Self.index, "--limit", "100"])
        let page = try Self.hits(["sanctions", "--index", Self.index, "--limit", "3", "--offset", "4"])
        #expect(page.compactMap { $0["path"] as? String } == all[4..<7].compactMap { $0["path"] as? String })
        #expect(page.compactMap { $0["rank"] as? Int } == [5, 6, 7])
        let text = try GazetteProcess.run(["search", "sanctions", "--index", Self.index, "--limit", "3", "--offset", "4"])
        #expect(text.stdout.contains("5. "))
        #expect(!text.stdout.contains("\n1. "))
        #expect(text.stdout.hasSuffix("15 documents matched \"sanctions\" (showing 5–7)\n"), "\(text.stdout)")
    }

    @Test func severalSnippetsPerHit() throws {
        let hit = try #require(try Self.hits(["\"price cap\"", "--index", Self.index, "--limit", "1", "--snippets", "3"]).first)
        let snippets = try #require(hit["snippets"] as? [[String: Any]])
        #expect(snippets.count >= 2 && snippets.count <= 3)
        let texts = snippets.compactMap { $0["snippet"] as? String }
        #expect(Set(texts).count == texts.count)
        #expect(texts.contains(hit["snippet"] as? String ?? ""))
        for snippet in snippets {
            let text = Array((snippet["snippet"] as? String ?? "").unicodeScalars)
            let matches = (snippet["highlights"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "match" }
            #expect(!matches.isEmpty)
            for match in matches {
                let start = match["start"] as? Int ?? 0, end = match["end"] as? Int ?? 0
                #expect(String(String.UnicodeScalarView(text[start..<end])).lowercased() == "price cap")
            }
        }
        // Without --snippets N the JSON keeps its shape.
        let single = try #require(try Self.hits(["\"price cap\"", "--index", Self.index, "--limit", "1"]).first)
        #expect(single["snippets"] == nil)
    }

    @Test func snippetWidthFollowsTheTerminalWidth() throws {
        func longestLine(_ columns: String) throws -> Int {
            let run = try GazetteProcess.run(
                ["search", "sanctions", "--index", Self.index, "--limit", "3"], environment: ["COLUMNS": columns])
            return run.stdout.split(separator: "\n").filter { $0.hasPrefix("   ") && !$0.contains("/") }
                .map { $0.unicodeScalars.count }.max() ?? 0
        }
        let narrow = try longestLine("60"), wide = try longestLine("160")
        #expect(narrow <= 60)
        #expect(wide > 100 && wide <= 160)
    }

    @Test func explainBreaksTheScoreDown() throws {
        let hits = try Self.hits(["Russian oil", "--index", Self.index, "--limit", "3", "--explain"])
        for hit in hits {
            let explain = try #require(hit["explain"] as? [String: Any])
            #expect(abs((explain["score"] as? Double ?? 0) - (hit["score"] as? Double ?? -1)) < 1e-4)
            let children = try #require(explain["children"] as? [[String: Any]])
            #expect(children.compactMap { $0["clause"] as? String }.prefix(2) == ["Russian", "oil"])
            let term = try #require(children.first)
            let factors = try #require(term["factors"] as? [String: Any])
            #expect(factors["idf"] is Double)
            let fields = try #require(term["children"] as? [[String: Any]])
            #expect(fields.allSatisfy { ["title", "body"].contains($0["clause"] as? String ?? "") })
        }
        #expect(hits.contains { hit in
            ((hit["explain"] as? [String: Any])?["children"] as? [[String: Any]])?.contains { $0["kind"] as? String == "proximity" } ?? false
        })
        let text = try GazetteProcess.run(["search", "Russian oil", "--index", Self.index, "--limit", "1", "--explain"])
        #expect(text.stdout.contains(" = all of"))
        #expect(text.stdout.contains("term Russian  (idf "))
        #expect(text.stdout.contains("pair Russian oil"))
        #expect(text.stdout.contains("title  (tf "))
        #expect(text.stdout.hasPrefix("query: Russian AND oil\n"), "\(text.stdout)")
        // With nothing matched, the parsed query is still shown: what was searched is what to check first.
        let none = try GazetteProcess.run(["search", "Lavorv~1 -zzqx OR \"no such phrase\"", "--index", Self.index, "--explain"])
        #expect(none.status == 0 || none.status == 1)
        #expect(none.stdout.contains("query: (Lavorv~1 AND NOT zzqx) OR \"no such phrase\""), "\(none.stdout)")
        let nothing = try GazetteProcess.run(["search", "zzqx", "--index", Self.index, "--explain", "--json"])
        #expect(nothing.status == 1)
        #expect(try GazetteProcess.json(nothing.stdout)["parsed_query"] as? String == "zzqx")
    }

    @Test func titleBoostChangesTheRanking() throws {
        // "oil" is in the title of three documents, only in the body of the others.
        let boosted = try Self.hits(["oil", "--index", Self.index, "--limit", "3", "--title-boost", "20"])
        #expect(boosted.compactMap { $0["path"] as? String }.sorted() == [
            "energy/lukoil-foreign-assets-sale.txt", "energy/orban-us-waiver-russian-oil.html",
            "energy/rosneft-lukoil-sanctions-asian-buyers.txt",
        ])
        let ignored = try Self.hits(["oil", "--index", Self.index, "--limit", "30", "--title-boost", "0"])
        #expect(ignored.compactMap { $0["path"] as? String } != boosted.compactMap { $0["path"] as? String })
    }

    @Test func conflictingOptionsAreRejected() throws {
        for arguments in [["--paths", "--count"], ["--paths", "--json"], ["--count", "--explain"], ["--offset", "-1"],
                          ["--snippets", "-2"]] {
            let run = try GazetteProcess.run(["search", "oil", "--index", Self.index] + arguments)
            #expect(run.status != 0 && run.status != 1, "\(arguments)")
            #expect(run.stdout.isEmpty)
        }
    }

    /// corpus/ split in two folders and indexed apart ranks like the whole corpus indexed at once.
    @Test func severalIndexesRankAsOne() throws {
        let root = GazetteProcess.temporaryDirectory()
        let first = root + "/first", second = root + "/second"
        let manager = FileManager.default
        let names = try manager.subpathsOfDirectory(atPath: GazetteProcess.corpus).filter {
            var directory: ObjCBool = false
            return manager.fileExists(atPath: GazetteProcess.corpus + "/" + $0, isDirectory: &directory) && !directory.boolValue
        }
        for name in names {
            let target = (name.hasPrefix("diplomacy/") || name.hasPrefix("energy/") ? first : second) + "/" + name
            try manager.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try manager.copyItem(atPath: GazetteProcess.corpus + "/" + name, toPath: target)
        }
        #expect(try GazetteProcess.run(["index", first, "--index", root + "/i1"]).status == 0)
        #expect(try GazetteProcess.run(["index", second, "--index", root + "/i2"]).status == 0)
        for query in ["sanctions", "Russian oil", "\"price cap\" OR Lavrov", "title:sanctions", "sanct*"] {
            let merged = try Self.hits([query, "--index", root + "/i1", "--index", root + "/i2", "--limit", "30"])
            let whole = try Self.hits([query, "--index", Self.index, "--limit", "30"])
            #expect(merged.compactMap { $0["path"] as? String } == whole.compactMap { $0["path"] as? String }, "\(query)")
            #expect(merged.compactMap { $0["score"] as? Double } == whole.compactMap { $0["score"] as? Double }, "\(query)")
            for hit in merged {
                let path = hit["path"] as? String ?? ""
                let expected = path.hasPrefix("diplomacy/") || path.hasPrefix("energy/") ? root + "/i1" : root + "/i2"
                #expect(hit["index"] as? String == expected)
            }
        }
        let count = try GazetteProcess.run(["search", "sanctions", "--index", root + "/i1", "--index", root + "/i2", "--count"])
        #expect(count.stdout == "15\n")
        let text = try GazetteProcess.run(["search", "sanctions", "--index", root + "/i1", "--index", root + "/i2", "--limit", "1"])
        #expect(text.stdout.contains("[" + root + "/i"))
        // --batch too.
        let queries = root + "/queries.txt"
        try "sanctions\nRussian oil\n".write(toFile: queries, atomically: true, encoding: .utf8)
        let batch = try GazetteProcess.run(["search", "--batch", queries, "--index", root + "/i1", "--index", root + "/i2"])
        #expect(batch.status == 0)
        let lines = batch.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let first0 = try GazetteProcess.json(lines[0])
        #expect(first0["total"] as? Int == 15)
        let batchHits = try #require(first0["hits"] as? [[String: Any]])
        #expect(batchHits.allSatisfy { ($0["index"] as? String)?.hasPrefix(root) == true })
        // A missing one of several is an error naming it.
        let missing = try GazetteProcess.run(["search", "oil", "--index", root + "/i1", "--index", root + "/nope"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains(root + "/nope"))

        // mentions and entities read several indexes as one too: the same counts as the whole corpus's index.
        let both = ["--index", root + "/i1", "--index", root + "/i2", "--json"]
        let mentions = try GazetteProcess.json(try GazetteProcess.run(["mentions", "Lavrov"] + both).stdout)
        let mentionsWhole = try GazetteProcess.json(
            try GazetteProcess.run(["mentions", "Lavrov", "--index", Self.index, "--json"]).stdout)
        let entity = try #require((mentions["entities"] as? [[String: Any]])?.first)
        let entityWhole = try #require((mentionsWhole["entities"] as? [[String: Any]])?.first)
        #expect(entity["entity"] as? String == "Sergei Lavrov")
        #expect(entity["documents"] as? Int == entityWhole["documents"] as? Int)
        #expect(entity["mentions"] as? Int == entityWhole["mentions"] as? Int)
        let occurrences = try #require(entity["occurrences"] as? [[String: Any]])
        #expect(occurrences.allSatisfy { ($0["index"] as? String)?.hasPrefix(root + "/i") == true })
        let entities = try GazetteProcess.json(try GazetteProcess.run(["entities", "--type", "person"] + both).stdout)
        let entitiesWhole = try GazetteProcess.json(
            try GazetteProcess.run(["entities", "--type", "person", "--index", Self.index, "--json"]).stdout)
        #expect(entities["total"] as? Int == entitiesWhole["total"] as? Int)
    }

    @Test func completionScriptsForEveryShell() throws {
        for shell in ["bash", "zsh", "fish"] {
            let run = try GazetteProcess.run(["--generate-completion-script", shell])
            #expect(run.status == 0, "\(shell)")
            for option in ["title-boost", "snippets", "paths", "explain", "offset"] {
                #expect(run.stdout.contains(option), "\(shell) \(option)")
            }
        }
    }
}
