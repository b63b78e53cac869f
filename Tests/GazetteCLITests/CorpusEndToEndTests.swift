import Foundation
import Testing

@Suite("gazette on the sample corpus, end to end", .serialized)
struct CorpusEndToEndTests {
    @Test func indexingTheCorpusReportsItsDocuments() throws {
        let index = GazetteProcess.temporaryDirectory() + "/idx"
        let run = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("30 added, 0 updated, 0 deleted, 0 unchanged"), "\(run.stdout)")
        let files = try FileManager.default.contentsOfDirectory(atPath: index)
        #expect(files.contains("gazette.manifest"))
        // A second run finds nothing to do.
        let again = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index])
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 added, 0 updated, 0 deleted, 30 unchanged"), "\(again.stdout)")
        // --full rebuilds: same documents, the old segment files are gone.
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: index).filter { $0.hasPrefix("s") })
        let full = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index, "--full"])
        #expect(full.stdout.contains("30 added"), "\(full.stdout)")
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: index).filter { $0.hasPrefix("s") })
        #expect(before.isDisjoint(with: after))
        let verify = try GazetteProcess.run(["verify", "--index", index])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        #expect(verify.stdout.contains("no problems"))
    }

    @Test func phraseSearchFindsTheSeedArticleWithThePhraseHighlighted() throws {
        let run = try GazetteProcess.run(
            ["search", "\"security guarantees\"", "--json", "--index", GazetteProcess.sharedIndex, "--limit", "50"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try GazetteProcess.json(run.stdout)
        #expect(object["query"] as? String == "\"security guarantees\"")
        let total = try #require(object["total"] as? Int)
        #expect(total >= 5)
        let hits = try #require(object["hits"] as? [[String: Any]])
        #expect(hits.count == total)
        let seed = try #require(hits.first { ($0["path"] as? String) == "lavrov-security-guarantees.txt" })
        let snippet = try #require(seed["snippet"] as? String)
        let highlights = try #require(seed["highlights"] as? [[String: Any]])
        let matches = highlights.filter { $0["kind"] as? String == "match" }
        #expect(!matches.isEmpty)
        let scalars = Array(snippet.unicodeScalars)
        for match in matches {
            let start = try #require(match["start"] as? Int), end = try #require(match["end"] as? Int)
            let text = String(String.UnicodeScalarView(scalars[start..<end]))
            #expect(text.lowercased() == "security guarantees")
            #expect(match["text"] as? String == text)
        }
        let scores = hits.compactMap { $0["score"] as? Double }
        #expect(scores == scores.sorted(by: >))
    }

    @Test func textInScriptsStylesAndNoscriptIsNotSearchable() throws {
        for word in ["zqxtracker", "zqxstyle", "zqxnoscript"] {
            let run = try GazetteProcess.run(["search", word, "--json", "--index", GazetteProcess.sharedIndex])
            #expect(run.status == 1, "\(word): \(run.stdout)")
            #expect(try GazetteProcess.json(run.stdout)["total"] as? Int == 0)
        }
    }

    @Test func pipedOutputHasNoEscapesAndColorAlwaysHasThem() throws {
        let plain = try GazetteProcess.run(["search", "Lavrov", "--index", GazetteProcess.sharedIndex])
        #expect(plain.status == 0)
        #expect(!plain.stdoutBytes.contains(0x1B))
        #expect(plain.stdout.contains("Lavrov"))
        let forced = try GazetteProcess.run(["search", "Lavrov", "--color", "always", "--index", GazetteProcess.sharedIndex])
        #expect(forced.stdoutBytes.contains(0x1B))
        let noColor = try GazetteProcess.run(
            ["search", "Lavrov", "--index", GazetteProcess.sharedIndex], environment: ["NO_COLOR": "1"])
        #expect(!noColor.stdoutBytes.contains(0x1B))
    }

    @Test func malformedQueryIsOneLineNamingTheColumn() throws {
        let run = try GazetteProcess.run(["search", "Lavrov \"security", "--index", GazetteProcess.sharedIndex])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(run.stderr.contains("query column"))
        let lone = try GazetteProcess.run(["search", "Lavrov -", "--index", GazetteProcess.sharedIndex])
        #expect(lone.status == 2)
        #expect(lone.stderr.contains("query column 9: expected a term or phrase after '-'"))
    }

    @Test func missingIndexIsAClearError() throws {
        let run = try GazetteProcess.run(["search", "Lavrov", "--index", "/nonexistent/place"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no index at '/nonexistent/place'"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func unreadableCorpusIsAClearError() throws {
        let run = try GazetteProcess.run(["index", "/nonexistent/corpus", "--index", GazetteProcess.temporaryDirectory()])
        #expect(run.status != 0)
        #expect(run.stderr.contains("/nonexistent/corpus"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func statsDescribesTheIndex() throws {
        let run = try GazetteProcess.run(["stats", "--json", "--index", GazetteProcess.sharedIndex])
        #expect(run.status == 0)
        let object = try GazetteProcess.json(run.stdout)
        #expect((object["documents"] as? Int ?? 0) >= 25)
        #expect((object["terms"] as? Int ?? 0) > 1000)
        #expect((object["positions"] as? Int ?? 0) > (object["postings"] as? Int ?? 0))
        let segments = try #require(object["segments"] as? [[String: Any]])
        #expect(!segments.isEmpty)
        #expect(segments.allSatisfy { ($0["files"] as? [[String: Any]])?.count == 7 })
        let analysis = try #require(object["analysis"] as? [String: Any])
        #expect(analysis["text"] as? Int == 2)
        #expect(analysis["stemming"] is NSNull)
        let text = try GazetteProcess.run(["stats", "--index", GazetteProcess.sharedIndex])
        #expect(text.stdout.contains("documents"))
        #expect(text.stdout.contains(".post"))
        #expect(text.stdout.contains("analysis   text analysis 2, entity recogniser"))
        #expect(text.stdout.contains("no stemming"))
    }
}
