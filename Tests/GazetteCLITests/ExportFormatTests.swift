import Foundation
import Testing

/// `--format csv|ndjson`: CSV that Python's csv module reads back to the same values the JSON gives, with
/// formula-like cells neutralised; NDJSON one object a line; a batch that cannot run a query says so.
@Suite("Export formats")
struct ExportFormatTests {
    let root = GazetteProcess.temporaryDirectory()
    var index: String { root + "/index" }

    /// Rows of `csv` as Python's csv module reads them (the module is the reference reader, not this code).
    func pythonRows(_ csv: String) throws -> [[String]] {
        let file = root + "/out.csv"
        try Data(csv.utf8).write(to: URL(fileURLWithPath: file))
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c",
            "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))",
            file,
        ]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [[String]])
    }

    func write(_ text: String, _ relativePath: String) throws {
        let path = root + "/corpus/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test func csvReadsBackToTheJSONValues() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("""
            <html><head><title>=HYPERLINK("http://evil.example","click"), "quoted"</title>
            <meta name="author" content="@Jane, Doe"><meta property="og:site_name" content="-Daily+">
            <meta property="article:published_time" content="2024-03-01"></head>
            <body><p>Sergei Lavrov met officials in Kyiv.\nA second line, with "quotes", about sanctions.</p></body></html>
            """, "hostile.html")
        try FileManager.default.copyItem(
            atPath: GazetteProcess.corpus + "/lavrov-security-guarantees.txt", toPath: root + "/corpus/lavrov.txt")
        _ = try GazetteProcess.run(["index", root + "/corpus", "--index", index, "--quiet"])

        let csv = try GazetteProcess.run(["search", "Lavrov", "--format", "csv", "--index", index])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.hasSuffix("\r\n"))
        let rows = try pythonRows(csv.stdout)
        #expect(rows.first == [
            "rank", "path", "index", "file", "title", "date", "date_source", "author", "source", "score", "snippet",
            "entities",
        ])
        let json = try GazetteProcess.json(try GazetteProcess.run(["search", "Lavrov", "--json", "--index", index]).stdout)
        let hits = try #require(json["hits"] as? [[String: Any]])
        #expect(rows.count == hits.count + 1)
        for (row, hit) in zip(rows.dropFirst(), hits) {
            #expect(row[1] == hit["path"] as? String)
            #expect(row[3] == hit["file"] as? String)
            #expect(row[10] == hit["snippet"] as? String)
            let title = hit["title"] as? String ?? ""
            #expect(row[4] == (title.hasPrefix("=") ? "'" + title : title))
            if hit["path"] as? String == "hostile.html" {
                #expect(row[4].hasPrefix("'=HYPERLINK("))
                #expect(row[7] == "'@Jane, Doe")
                #expect(row[8] == "'-Daily+")
                #expect(row[5] == "2024-03-01")
            }
            let entities = (hit["entities"] as? [[String: Any]] ?? []).map {
                "\($0["entity"] as? String ?? "") (\($0["type"] as? String ?? ""))"
            }
            #expect(row[11] == entities.joined(separator: "; "))
        }

        let ndjson = try GazetteProcess.run(["search", "Lavrov", "--format", "ndjson", "--index", index])
        let lines = ndjson.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == hits.count)
        for (line, hit) in zip(lines, hits) {
            #expect(try GazetteProcess.json(line)["path"] as? String == hit["path"] as? String)
        }

        let mentions = try pythonRows(
            try GazetteProcess.run(["mentions", "Lavrov", "--format", "csv", "--index", index]).stdout)
        #expect(mentions.first == ["entity", "type", "path", "index", "title", "date", "line", "mention", "sentence"])
        let mentionsJSON = try GazetteProcess.json(
            try GazetteProcess.run(["mentions", "Lavrov", "--json", "--index", index]).stdout)
        let total = ((mentionsJSON["entities"] as? [[String: Any]]) ?? []).reduce(0) { $0 + ($1["mentions"] as? Int ?? 0) }
        #expect(mentions.count == total + 1)
        #expect(mentions.dropFirst().allSatisfy { $0[0] == "Sergei Lavrov" && $0[1] == "PERSON" })

        let entities = try pythonRows(
            try GazetteProcess.run(["entities", "--format", "csv", "--limit", "5", "--index", index]).stdout)
        #expect(entities.count == 6)
        #expect(entities[0] == ["rank", "entity", "type", "documents", "mentions", "aliases"])
        let entityLines = try GazetteProcess.run(["entities", "--format", "ndjson", "--limit", "5", "--index", index])
        #expect(entityLines.stdout.split(separator: "\n").count == 5)

        let conflict = try GazetteProcess.run(["search", "Lavrov", "--json", "--format", "csv", "--index", index])
        #expect(conflict.status == 2)
    }

    @Test func aBatchQueryThatCannotRunIsAnErrorLineAndTheStatusSaysSo() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        _ = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index, "--quiet"])
        let queries = root + "/queries.txt"
        try "sanctions\n\"unclosed\ndate:2001-13\nLavrov\n".write(toFile: queries, atomically: true, encoding: .utf8)
        let batch = try GazetteProcess.run(["search", "--batch", queries, "--index", index])
        #expect(batch.status == 2)
        let lines = try batch.stdout.split(separator: "\n").map { try GazetteProcess.json(String($0)) }
        #expect(lines.count == 4)
        #expect(lines[0]["total"] as? Int ?? 0 > 0)
        #expect((lines[1]["error"] as? String)?.contains("closing quote") == true)
        #expect((lines[2]["error"] as? String)?.contains("no month 13") == true)
        #expect(lines[3]["total"] as? Int ?? 0 > 0)
        #expect(batch.stderr.contains("2 queries of the batch could not run"))
    }
}
