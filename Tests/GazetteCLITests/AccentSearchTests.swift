import Foundation
@testable import GazetteIndex
import Testing

/// Accent-insensitive search through the binary, on a small corpus in several scripts: words match with or
/// without their accents, `=word` and `--exact` match them as typed, highlights stay on the original text, and
/// an index written before folding is refused until re-indexed.
@Suite("Accent folding end to end")
struct AccentSearchTests {
    let root = GazetteProcess.temporaryDirectory()
    var corpus: String { root + "/corpus" }
    var index: String { root + "/index" }

    /// File name → text. Composed and decomposed accents, Latin letters without a decomposition, Greek, Cyrillic.
    static let documents: [String: String] = [
        "fr-cafe.txt": "Le café de la gare\n\nJosé Ramos boit un café à Zürich avec Łukasz.\n",
        "en-cafe.txt": "A cafe near the station\n\nJose met a friend at a cafe near Zurich; his resume was long.\n",
        "fr-resume.txt": "Le résumé\n\nSon résumé tient en une page; Ørsted et Æsir en parlent.\n",
        "nfd.txt": "Decomposed\n\nThe cafe\u{301} and the re\u{301}sume\u{301} are written with combining accents.\n",
        "es-ano.html": "<html><head><title>Año nuevo</title></head><body><p>Feliz año nuevo en Bogotá.</p></body></html>",
        "es-ano2.txt": "El ano\n\nUna palabra sin tilde: ano.\n",
        "el.txt": "Αθήνα\n\nΗ Αθήνα είναι πόλη. ΑΘΗΝΑ γράφεται και χωρίς τόνο.\n",
        "ru.txt": "Новости\n\nЙошкар-Ола и Ёлка: буквы й и ё остаются.\n",
    ]

    func makeIndex() throws {
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        for (name, text) in Self.documents {
            try Data(text.utf8).write(to: URL(fileURLWithPath: corpus + "/" + name))
        }
        let run = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(run.status == 0, "\(run.stderr)")
    }

    func paths(_ arguments: [String]) throws -> Set<String> {
        let run = try GazetteProcess.run(["search"] + arguments + ["--paths", "--index", index], directory: corpus)
        #expect(run.status == 0 || run.status == 1, "\(arguments): \(run.stderr)")
        return Set(run.stdout.split(separator: "\n").map { String($0).replacingOccurrences(of: "corpus/", with: "") }
            .map { URL(fileURLWithPath: $0).lastPathComponent })
    }

    @Test func wordsMatchWithOrWithoutAccents() throws {
        try makeIndex()
        let cafes: Set = ["fr-cafe.txt", "en-cafe.txt", "nfd.txt"]
        #expect(try paths(["cafe"]) == cafes)
        #expect(try paths(["café"]) == cafes)
        #expect(try paths(["CAFÉ"]) == cafes)
        #expect(try paths(["jose"]) == ["fr-cafe.txt", "en-cafe.txt"])
        #expect(try paths(["José"]) == ["fr-cafe.txt", "en-cafe.txt"])
        #expect(try paths(["zurich"]) == ["fr-cafe.txt", "en-cafe.txt"])
        #expect(try paths(["resume"]) == ["en-cafe.txt", "fr-resume.txt", "nfd.txt"])
        #expect(try paths(["lukasz"]) == ["fr-cafe.txt"])
        #expect(try paths(["orsted aesir"]) == ["fr-resume.txt"])
        #expect(try paths(["bogota"]) == ["es-ano.html"])
        #expect(try paths(["ano"]) == ["es-ano.html", "es-ano2.txt"])
        #expect(try paths(["title:ano"]) == ["es-ano.html", "es-ano2.txt"])
        #expect(try paths(["\"cafe a zurich\""]) == ["fr-cafe.txt"])
        // Greek without its tonos; Cyrillic й and ё are letters of their own, as FTS5 keeps them.
        #expect(try paths(["αθηνα"]) == ["el.txt"])
        #expect(try paths(["Αθηνα"]) == ["el.txt"])
        #expect(try paths(["йошкар"]) == ["ru.txt"])
        #expect(try paths(["иошкар"]).isEmpty)
    }

    @Test func anExactWordMatchesItsAccentsAsTyped() throws {
        try makeIndex()
        // Decomposed text is composed first: nfd.txt's "cafe" + U+0301 is "café".
        #expect(try paths(["=café"]) == ["fr-cafe.txt", "nfd.txt"])
        #expect(try paths(["=cafe"]) == ["en-cafe.txt"])
        #expect(try paths(["=año"]) == ["es-ano.html"])
        #expect(try paths(["=ano"]) == ["es-ano2.txt"])
        #expect(try paths(["=resume"]) == ["en-cafe.txt"])
        #expect(try paths(["=résumé"]) == ["fr-resume.txt", "nfd.txt"])
        #expect(try paths(["title:=año"]) == ["es-ano.html"])
        #expect(try paths(["=\"café à zürich\""]) == ["fr-cafe.txt"])
        #expect(try paths(["=\"cafe a zurich\""]).isEmpty)
        #expect(try paths(["cafe", "--exact"]) == ["en-cafe.txt"])
        #expect(try paths(["café OR año", "--exact"]) == ["fr-cafe.txt", "nfd.txt", "es-ano.html"])
        // Case still folds.
        #expect(try paths(["=CAFÉ"]) == ["fr-cafe.txt", "nfd.txt"])

        let explained = try GazetteProcess.run(["search", "cafe año", "--exact", "--explain", "--json", "--index", index])
        #expect(try GazetteProcess.json(explained.stdout)["parsed_query"] as? String == "=cafe AND =año")
        let hits = try #require(try GazetteProcess.json(
            try GazetteProcess.run(["search", "=resume", "--json", "--index", index]).stdout)["hits"] as? [[String: Any]])
        #expect(hits.count == 1)
        let matches = (hits.first?["highlights"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "match" }
        #expect(matches.compactMap { $0["text"] as? String } == ["resume"])
    }

    @Test func highlightsCoverTheOriginalText() throws {
        try makeIndex()
        let run = try GazetteProcess.run(["search", "jose OR cafe", "--json", "--index", index])
        let hits = try #require(try GazetteProcess.json(run.stdout)["hits"] as? [[String: Any]])
        let texts = hits.flatMap { ($0["highlights"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "match" } }
            .compactMap { $0["text"] as? String }
        #expect(texts.contains("José") && texts.contains("Jose"), "\(texts)")
        #expect(texts.contains { Array($0.utf8) == Array("café".utf8) }, "\(texts)")
        #expect(texts.contains { Array($0.utf8) == Array("cafe\u{301}".utf8) }, "\(texts)")
    }

    @Test func theMarkerIsCheckedAtItsColumn() throws {
        try makeIndex()
        for (query, message) in [
            ("=caf*", "column 1: '=' matches a word or a phrase exactly"),
            ("a =jose~1", "column 3: '=' matches a word or a phrase exactly"),
            ("person:=José", "column 8: '=' matches words of the text"),
            // A lone "=" is a word, as before, and one with nothing to search.
            ("cafe = bar", "column 6: '=' has no searchable letters or digits"),
        ] {
            let run = try GazetteProcess.run(["search", query, "--index", index])
            #expect(run.status == 2, "\(query)")
            #expect(run.stderr.contains(message), "\(query): \(run.stderr)")
        }
    }

    @Test func anIndexWrittenBeforeFoldingIsRefusedThenReindexed() throws {
        try makeIndex()
        let url = URL(fileURLWithPath: index + "/" + Manifest.fileName)
        let bytes = try Array(Data(contentsOf: url))
        var manifest = try bytes.withUnsafeBytes { try Manifest.parse($0, path: Manifest.fileName) }
        manifest.analysis = AnalysisVersion(text: 1, entities: manifest.analysis?.entities ?? 0)
        try Data(manifest.serialized()).write(to: url)
        let refused = try GazetteProcess.run(["search", "cafe", "--index", index])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("was written by text analysis 1, this gazette uses \(AnalysisVersion.currentText)"),
                "\(refused.stderr)")
        let reindexed = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(reindexed.stdout.contains("\(Self.documents.count) updated"), "\(reindexed.stdout)")
        #expect(try paths(["cafe"]).count == 3)
        #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
    }
}
