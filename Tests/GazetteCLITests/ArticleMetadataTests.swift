import Foundation
import Testing

/// Dates, authors and sources read at ingest reach the index: shown in hits, filtered with `date:`, `author:`,
/// `source:` and `folder:`, ordered with `--sort`, as a user runs the binary.
@Suite("Article metadata end to end")
struct ArticleMetadataTests {
    let root = GazetteProcess.temporaryDirectory()

    func write(_ text: String, _ relativePath: String) throws {
        let path = root + "/corpus/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func makeCorpus() throws {
        try write("""
            From: Jane Doe <jane@example.org>
            Newsgroups: talk.politics.misc
            Subject: Talks on security guarantees
            Date: Mon, 3 Dec 2001 10:15:00 +1100

            Lavrov spoke about security guarantees on Monday.
            """, "news/2001/talks.txt")
        try write("SYDNEY, Dec 31, 2001 (Reuters) - Security guarantees were discussed again.\n", "news/2001/eve.txt")
        try write("""
            <html><head><title>Guarantees blog</title>
            <meta property="article:published_time" content="2002-01-15T08:00:00Z">
            <meta name="author" content="John Roe"><meta property="og:site_name" content="The Daily Blog">
            </head><body><p>More on security guarantees.</p></body></html>
            """, "blogs/jan.html")
        try write("Nothing dated about security guarantees here.\n", "undated.txt")
    }

    /// Run from the corpus folder, where --paths prints the paths as the index stores them.
    func search(_ arguments: [String]) throws -> GazetteRun {
        try GazetteProcess.run(["search"] + arguments + ["--index", root + "/index"], directory: root + "/corpus")
    }

    @Test func hitsShowMetadataAndFiltersNarrowThem() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try makeCorpus()
        let index = try GazetteProcess.run(["index", root + "/corpus", "--index", root + "/index"])
        #expect(index.status == 0, "\(index.stderr)")

        let json = try search(["talks", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let hit = try #require((object["hits"] as? [[String: Any]])?.first)
        #expect(hit["date"] as? String == "2001-12-03T10:15:00+11:00")
        #expect(hit["date_source"] as? String == "mail-header")
        #expect(hit["author"] as? String == "Jane Doe")
        #expect(hit["source"] as? String == "talk.politics.misc")

        let terminal = try search(["guarantees date:2002", "--color", "never"])
        #expect(terminal.stdout.contains("2002-01-15 \u{00B7} John Roe \u{00B7} The Daily Blog"), "\(terminal.stdout)")

        #expect(try search(["security date:2001-12", "--paths"]).stdout.split(separator: "\n").sorted()
            == ["news/2001/eve.txt", "news/2001/talks.txt"])
        #expect(try search(["security author:jane", "--paths"]).stdout == "news/2001/talks.txt\n")
        #expect(try search(["security source:\"daily blog\"", "--paths"]).stdout == "blogs/jan.html\n")
        #expect(try search(["security source:talk.politics.misc", "--paths"]).stdout == "news/2001/talks.txt\n")
        #expect(try search(["security folder:blogs", "--paths"]).stdout == "blogs/jan.html\n")
        #expect(try search(["security", "--sort", "-date", "--paths"]).stdout
            == "blogs/jan.html\nnews/2001/eve.txt\nnews/2001/talks.txt\nundated.txt\n")
        #expect(try search(["security", "--sort", "date", "--paths"]).stdout
            == "news/2001/talks.txt\nnews/2001/eve.txt\nblogs/jan.html\nundated.txt\n")
    }

    @Test func badValuesAreUsageErrorsNamingTheProblem() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try makeCorpus()
        _ = try GazetteProcess.run(["index", root + "/corpus", "--index", root + "/index"])
        let month = try search(["security date:2001-13"])
        #expect(month.status == 2)
        #expect(month.stderr.contains("no month 13"), "\(month.stderr)")
        let sort = try search(["security", "--sort", "newest"])
        #expect(sort.status == 2)
        #expect(sort.stderr.contains("score") && sort.stderr.contains("-date"), "\(sort.stderr)")
        let folder = try search(["security folder:Blogs"])
        #expect(folder.status == 1)
        #expect(folder.stderr.contains("did you mean folder:blogs"), "\(folder.stderr)")
    }

    @Test func dateFromMtimeDatesOnlyTheUndated() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try makeCorpus()
        let modified = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14 UTC
        try FileManager.default.setAttributes(
            [.modificationDate: modified], ofItemAtPath: root + "/corpus/undated.txt")
        try FileManager.default.setAttributes(
            [.modificationDate: modified], ofItemAtPath: root + "/corpus/news/2001/eve.txt")
        _ = try GazetteProcess.run(["index", root + "/corpus", "--index", root + "/index", "--date-from-mtime"])
        #expect(try search(["security date:2023-11-14", "--paths"]).stdout == "undated.txt\n")
        let json = try search(["nothing", "--json"])
        #expect(json.stdout.contains(#""date": "2023-11-14", "date_source": "file-mtime""#), "\(json.stdout)")
    }
}
