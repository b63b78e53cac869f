import Foundation
@testable import GazetteIndex
import Testing

/// `gazette index --stem`: word forms find each other, `=word` still finds one form, the setting is recorded in
/// the manifest and kept by later runs, and a change of it re-indexes every document.
@Suite("Stemming end to end")
struct StemmingSearchTests {
    let root = GazetteProcess.temporaryDirectory()
    var corpus: String { root + "/corpus" }
    var index: String { root + "/index" }

    static let documents: [String: String] = [
        "a.txt": "Dockers walk out\n\nThe strikes continued; striking workers marched. José strikes back.\n",
        "b.txt": "A strike ended\n\nOnly one strike here, at the café.\n",
        "c.txt": "Talks\n\nThe negotiations resumed after negotiating all night.\n",
        "d.txt": "Переговоры\n\nПереговоров не было, переговоры отложены.\n",
    ]

    func makeCorpus() throws {
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        for (name, text) in Self.documents {
            try Data(text.utf8).write(to: URL(fileURLWithPath: corpus + "/" + name))
        }
    }

    func paths(_ query: String, _ extra: [String] = []) throws -> Set<String> {
        let run = try GazetteProcess.run(["search", query, "--paths", "--index", index] + extra)
        #expect(run.status == 0 || run.status == 1, "\(query): \(run.stderr)")
        return Set(run.stdout.split(separator: "\n").map { URL(fileURLWithPath: String($0)).lastPathComponent })
    }

    func manifest() throws -> Manifest {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: index + "/" + Manifest.fileName)))
        return try bytes.withUnsafeBytes { try Manifest.parse($0, path: Manifest.fileName) }
    }

    @Test func wordFormsFindEachOtherAndAnExactWordOneForm() throws {
        try makeCorpus()
        let run = try GazetteProcess.run(["index", corpus, "--index", index, "--stem", "english"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try manifest().analysis?.stemmer == "english")
        #expect(try GazetteProcess.run(["stats", "--index", index]).stdout.contains("english stemming"))
        #expect(try paths("strike") == ["a.txt", "b.txt"])
        #expect(try paths("striking") == ["a.txt", "b.txt"])
        #expect(try paths("negotiation") == ["c.txt"])
        #expect(try paths("\"strike continued\"") == ["a.txt"])
        #expect(try paths("=strikes") == ["a.txt"])
        #expect(try paths("=strike") == ["b.txt"])
        #expect(try paths("=striking") == ["a.txt"])
        #expect(try paths("title:=strike") == ["b.txt"])
        #expect(try paths("=josé") == ["a.txt"])
        #expect(try paths("=jose").isEmpty)
        #expect(try paths("jose") == ["a.txt"])
        #expect(try paths("=café") == ["b.txt"])
        // The highlight covers the form in the text.
        let json = try GazetteProcess.json(try GazetteProcess.run(["search", "striking", "--json", "--index", index]).stdout)
        let hits = try #require(json["hits"] as? [[String: Any]])
        let matched = hits.flatMap { ($0["highlights"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "match" } }
            .compactMap { $0["text"] as? String }
        #expect(Set(matched).isSuperset(of: ["strikes", "striking", "strike"]), "\(matched)")
        #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
    }

    @Test func theSettingIsKeptChangedOnlyOnRequestAndAChangeReindexes() throws {
        try makeCorpus()
        #expect(try GazetteProcess.run(["index", corpus, "--index", index, "--stem", "english"]).status == 0)
        let again = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(again.stdout.contains("\(Self.documents.count) unchanged"), "\(again.stdout)")
        #expect(try manifest().analysis?.stemmer == "english")
        let rebuilt = try GazetteProcess.run(["index", corpus, "--index", index, "--full"])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try manifest().analysis?.stemmer == "english")

        let russian = try GazetteProcess.run(["index", corpus, "--index", index, "--stem", "russian"])
        #expect(russian.stderr.contains("every document is indexed again"), "\(russian.stderr)")
        #expect(russian.stdout.contains("\(Self.documents.count) updated"), "\(russian.stdout)")
        #expect(try paths("переговорами") == ["d.txt"])
        #expect(try paths("strikes") == ["a.txt"])

        let none = try GazetteProcess.run(["index", corpus, "--index", index, "--stem", "none"])
        #expect(none.stdout.contains("\(Self.documents.count) updated"), "\(none.stdout)")
        #expect(try manifest().analysis?.stemmer == nil)
        #expect(try paths("strike") == ["b.txt"])
    }

    @Test func anUnknownLanguageAndIndexesStemmedDifferentlyAreErrors() throws {
        try makeCorpus()
        let unknown = try GazetteProcess.run(["index", corpus, "--index", index, "--stem", "klingon"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no Snowball stemmer 'klingon' (known: none, arabic"), "\(unknown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: index + "/" + Manifest.fileName))

        let plain = root + "/plain"
        #expect(try GazetteProcess.run(["index", corpus, "--index", index, "--stem", "english"]).status == 0)
        #expect(try GazetteProcess.run(["index", corpus, "--index", plain]).status == 0)
        let mixed = try GazetteProcess.run(["search", "strike", "--index", index, "--index", plain])
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("the indexes stem their words differently"), "\(mixed.stderr)")

        // A manifest naming an algorithm this build lacks: searches and index runs say so.
        var forged = try manifest()
        forged.analysis?.stemmer = "klingon"
        try Data(forged.serialized()).write(to: URL(fileURLWithPath: index + "/" + Manifest.fileName))
        let refused = try GazetteProcess.run(["search", "strike", "--index", index])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("stems words with 'klingon', which this gazette does not know"), "\(refused.stderr)")
    }
}
