import Foundation
import Testing

/// Lone words a document gives no type, typed by the rest of the corpus at commit: what `org:`, `mentions`,
/// `entities` and highlights show, also after an incremental run and `optimize`.
@Suite("Untyped words typed by the corpus", .serialized)
struct CorpusTypingTests {
    static let articles = [
        "a.txt": "Airline chief quits\n\nThe airline Qantas said its chief executive Geoff Dixon would step down in March.\n",
        // "Qantas" and "Dixon" alone have no type in these: no cue, no pronoun, not listed.
        "b.txt": "Union vote\n\nMaintenance workers voted to reject Qantas' proposed wage freeze on Monday.\n",
        "c.txt": "Strike talks\n\nThe union said talks with Qantas would resume tomorrow, and its members met Dixon on Tuesday.\n",
        // Typed nowhere: it stays hidden.
        "d.txt": "Local news\n\nResidents praised Zanthorpe for the new bridge over the river.\n",
    ]

    static func count(_ query: String, _ index: String) throws -> Int {
        try GazetteProcess.count(query, index: index)
    }

    @Test func aWordTypedInOneDocumentIsThatEntityInEveryDocument() throws {
        let root = GazetteProcess.temporaryDirectory()
        let corpus = root + "/corpus", index = root + "/index"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        for (name, text) in Self.articles.filter({ $0.key != "c.txt" }) {
            try text.write(toFile: corpus + "/" + name, atomically: true, encoding: .utf8)
        }
        // `annotate`, which sees one file, lists the word apart from the entities.
        let annotate = try GazetteProcess.run(["annotate", "--json", corpus + "/b.txt"])
        let annotated = try GazetteProcess.json(annotate.stdout)
        #expect((annotated["entities"] as? [[String: Any]])?.compactMap { $0["text"] as? String } == ["Monday"])
        let untyped = try #require(annotated["untyped"] as? [[String: Any]])
        #expect(untyped.compactMap { $0["text"] as? String } == ["Qantas"])
        #expect(untyped.first?["start"] as? Int == 48)
        #expect(try GazetteProcess.run(["index", corpus, "--index", index]).status == 0)
        #expect(try Self.count("org:Qantas", index) == 2)
        // Another document's words are typed by what the corpus already held.
        try Self.articles["c.txt"]!.write(toFile: corpus + "/c.txt", atomically: true, encoding: .utf8)
        #expect(try GazetteProcess.run(["index", corpus, "--index", index]).stdout.contains("1 added"))

        func check(_ stage: String) throws {
            #expect(try Self.count("org:Qantas", index) == 3, "\(stage)")
            #expect(try Self.count("person:\"Geoff Dixon\"", index) == 2, "\(stage)")
            #expect(try Self.count("entity:Zanthorpe", index) == 0, "\(stage)")
            #expect(try Self.count("Zanthorpe", index) == 1, "\(stage)")
            let listed = try GazetteProcess.run(["entities", "--json", "--index", index])
            let entities = try #require(try GazetteProcess.json(listed.stdout)["entities"] as? [[String: Any]])
            #expect(Set(entities.compactMap { $0["entity"] as? String }) == ["Qantas", "Geoff Dixon"], "\(stage)")
            let qantas = try #require(entities.first { $0["entity"] as? String == "Qantas" })
            #expect(qantas["type"] as? String == "ORG" && qantas["documents"] as? Int == 3, "\(stage)")
            let mentions = try GazetteProcess.run(["mentions", "Dixon", "--json", "--index", index])
            #expect(mentions.stdout.contains("c.txt"), "\(stage)")
            // Highlights: the typed word as ORG, the hidden one as a match only.
            let search = try GazetteProcess.run(["search", "Qantas OR Zanthorpe", "--json", "--index", index])
            let hits = try #require(try GazetteProcess.json(search.stdout)["hits"] as? [[String: Any]])
            #expect(hits.count == 4, "\(stage)")
            let highlights = hits.flatMap { $0["highlights"] as? [[String: Any]] ?? [] }
            #expect(highlights.filter { $0["text"] as? String == "Qantas" && $0["kind"] as? String == "ORG" }.count == 3, "\(stage)")
            #expect(highlights.allSatisfy { $0["kind"] as? String != "NAME" }, "\(stage)")
            #expect(!highlights.contains { $0["text"] as? String == "Zanthorpe" && $0["kind"] as? String != "match" }, "\(stage)")
        }
        try check("after an incremental run")
        #expect(try GazetteProcess.run(["optimize", "--index", index]).status == 0)
        try check("after optimize")
        // The corpus's reading goes with the document that gave it.
        try FileManager.default.removeItem(atPath: corpus + "/a.txt")
        #expect(try GazetteProcess.run(["index", corpus, "--index", index]).status == 0)
        #expect(try Self.count("org:Qantas", index) == 0)
        #expect(try Self.count("Qantas", index) == 2)
    }

    /// A manual's navigation on every page, and a person named by default in two articles: the heading is hidden,
    /// the person listed, highlighted and found by `person:` — after incremental runs and `optimize`.
    @Test func aNameThatIsAPersonOnlyByDefaultIsDecidedByTheCorpus() throws {
        let root = GazetteProcess.temporaryDirectory()
        let corpus = root + "/corpus", index = root + "/index"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        func writePage(_ page: String, _ topic: String) throws {
            try """
                \(topic.capitalized) lessons

                This page is part of the Linux Kernel documentation. The kernel can be patched while it runs.

                Kernel Testing Guide

                Kernel Hacking Guides

                Kernel Livepatching

                Rust

                """.write(toFile: corpus + "/\(page).txt", atomically: true, encoding: .utf8)
        }
        func people() throws -> [String] {
            let listed = try GazetteProcess.run(["entities", "--json", "--type", "person", "--index", index])
            let entities = try #require(try GazetteProcess.json(listed.stdout)["entities"] as? [[String: Any]])
            return entities.compactMap { $0["entity"] as? String }.sorted()
        }
        try writePage("locking", "spinlocks")
        try writePage("tracing", "tracepoints")
        for (name, day) in [("talks", "Tuesday"), ("visit", "Friday")] {
            try "Trade envoy\n\nZorvan Kettleby arrived on \(day) for the trade talks.\n"
                .write(toFile: corpus + "/\(name).txt", atomically: true, encoding: .utf8)
        }
        // On two pages the heading reads as a person's name, like the envoy's; a third page hides it, in an
        // incremental run as in a whole one, and losing a page shows it again.
        #expect(try GazetteProcess.run(["index", corpus, "--index", index]).status == 0)
        #expect(try people() == ["Kernel Livepatching", "Zorvan Kettleby"])
        try writePage("build", "makefiles")
        #expect(try GazetteProcess.run(["index", corpus, "--index", index]).stdout.contains("1 added"))
        #expect(try people() == ["Zorvan Kettleby"])
        try FileManager.default.removeItem(atPath: corpus + "/tracing.txt")
        #expect(try GazetteProcess.run(["index", corpus, "--index", index]).status == 0)
        #expect(try people() == ["Kernel Livepatching", "Zorvan Kettleby"])
        try writePage("tracing", "tracepoints")
        #expect(try GazetteProcess.run(["index", corpus, "--index", index]).status == 0)
        func check(_ stage: String) throws {
            let listed = try GazetteProcess.run(["entities", "--json", "--type", "person", "--index", index])
            let entities = try #require(try GazetteProcess.json(listed.stdout)["entities"] as? [[String: Any]])
            #expect(entities.compactMap { $0["entity"] as? String } == ["Zorvan Kettleby"], "\(stage)")
            #expect(entities.first?["documents"] as? Int == 2, "\(stage)")
            #expect(try Self.count("person:\"Zorvan Kettleby\"", index) == 2, "\(stage)")
            #expect(try Self.count("entity:\"Kernel Livepatching\"", index) == 0, "\(stage)")
            #expect(try Self.count("Livepatching", index) == 3, "\(stage)")
            let search = try GazetteProcess.run(["search", "Kettleby OR Livepatching", "--json", "--index", index])
            let hits = try #require(try GazetteProcess.json(search.stdout)["hits"] as? [[String: Any]])
            let highlights = hits.flatMap { $0["highlights"] as? [[String: Any]] ?? [] }
            #expect(highlights.contains { $0["text"] as? String == "Zorvan Kettleby" && $0["kind"] as? String == "PERSON" }, "\(stage)")
            #expect(!highlights.contains { ($0["text"] as? String ?? "").contains("Livepatching") && $0["kind"] as? String != "match" },
                    "\(stage)")
        }
        try check("after indexing")
        #expect(try GazetteProcess.run(["optimize", "--index", index]).status == 0)
        try check("after optimize")
    }
}
