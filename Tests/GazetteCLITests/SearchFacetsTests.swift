import Foundation
import Testing

/// `search --facets`: every count agrees with the same filter added to the query and counted by `search --count`,
/// over every matching document, not only the page shown.
@Suite("Search facets")
struct SearchFacetsTests {
    let root = GazetteProcess.temporaryDirectory()
    var index: String { root + "/index" }

    func count(_ query: String) throws -> Int {
        let run = try GazetteProcess.run(["search", query, "--count", "--index", index])
        return Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    static func quoted(_ value: String) -> String { value.contains(" ") ? "\"" + value + "\"" : value }

    @Test func everyFacetCountIsTheCountOfItsFilter() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let indexed = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index])
        #expect(indexed.status == 0, "\(indexed.stderr)")
        let query = "Russia OR Ukraine OR sanctions"
        let run = try GazetteProcess.run(["search", query, "--facets", "--limit", "1", "--json", "--index", index])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let total = try #require(object["total"] as? Int)
        #expect((object["hits"] as? [Any])?.count == 1)
        let facets = try #require(object["facets"] as? [String: Any])

        let fields = ["PERSON": "person", "ORG": "org", "PLACE": "place", "NORP": "norp"]
        let entities = try #require(facets["entities"] as? [String: [[String: Any]]])
        #expect(Set(entities.keys) == Set(fields.keys))
        var checked = 0
        for (type, entries) in entities {
            #expect(!entries.isEmpty, "\(type)")
            for entry in entries.prefix(3) {
                let name = try #require(entry["entity"] as? String), documents = try #require(entry["documents"] as? Int)
                let filtered = try count("(\(query)) \(fields[type]!):\"\(name)\"")
                #expect(filtered == documents, "\(type) \(name): facet \(documents), filter \(filtered)")
                checked += 1
            }
        }
        let folders = try #require(facets["folders"] as? [[String: Any]])
        #expect(!folders.isEmpty)
        for folder in folders {
            let name = try #require(folder["folder"] as? String), documents = try #require(folder["documents"] as? Int)
            #expect(try count("(\(query)) folder:\(name)") == documents, "folder \(name)")
            checked += 1
        }
        let dates = try #require(facets["dates"] as? [String: Any])
        let periods = try #require(dates["periods"] as? [[String: Any]])
        #expect(!periods.isEmpty)
        var dated = 0
        for period in periods {
            let name = try #require(period["period"] as? String), documents = try #require(period["documents"] as? Int)
            #expect(try count("(\(query)) date:\(name)") == documents, "period \(name)")
            dated += documents
        }
        #expect(dated + (dates["undated"] as? Int ?? -1) == total)
        for source in try #require(facets["sources"] as? [[String: Any]]) {
            let name = try #require(source["source"] as? String), documents = try #require(source["documents"] as? Int)
            #expect(try count("(\(query)) source:\(Self.quoted(name))") >= documents, "source \(name)")
        }
        #expect(checked >= 12)
    }

    /// Facet counts computed here, independently of the index, from what `annotate --json` says of each file
    /// (`AnnotatedCorpus`): the documents of the result set naming each entity.
    @Test(arguments: ["the", "sanctions", "Russia OR court"])
    func entityFacetsAgreeWithAnnotateOverTheMatchingDocuments(query: String) throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index, "--quiet"]).status == 0)
        let annotated = try AnnotatedCorpus.sample()
        let search = try GazetteProcess.run(["search", query, "--json", "--limit", "1000", "--index", index])
        let hits = try #require(try GazetteProcess.json(search.stdout)["hits"] as? [[String: Any]])
        var expected: [[String]: Int] = [:]
        for hit in hits {
            let path = try #require(hit["path"] as? String)
            for key in try #require(annotated.entities[path], "\(path) not annotated") { expected[key, default: 0] += 1 }
        }
        let facets = try GazetteProcess.run(
            ["search", query, "--facets", "person,org,place,norp", "--json", "--limit", "1", "--index", index])
        let entities = try #require(
            (try GazetteProcess.json(facets.stdout)["facets"] as? [String: Any])?["entities"] as? [String: [[String: Any]]])
        var checked = 0
        for (type, entries) in entities {
            for entry in entries {
                let name = try #require(entry["entity"] as? String), documents = try #require(entry["documents"] as? Int)
                #expect(expected[[type, AnnotatedCorpus.normalized(name)]] == documents, "\(query): \(type) \(name)")
                checked += 1
            }
        }
        #expect(checked >= 30, "\(query)")
    }

    @Test func onATerminalDatesGetABarPerPeriodAndUnknownFacetsAreRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index, "--quiet"])
        let run = try GazetteProcess.run(["search", "Lavrov OR Zelenskyy", "--facets", "date,person", "--index", index])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Over all 15 matching documents:"), "\(run.stdout)")
        #expect(run.stdout.contains("People         Volodymyr Zelenskyy 15"), "\(run.stdout)")
        #expect(run.stdout.contains("Dates (month)  2025-05 \u{2587}"), "\(run.stdout)")
        #expect(run.stdout.contains("2025-06  0"), "a quiet month is listed without a bar: \(run.stdout)")
        #expect(!run.stdout.contains("Folders"))
        let bad = try GazetteProcess.run(["search", "Lavrov", "--facets", "persons", "--index", index])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown facet 'persons'"), "\(bad.stderr)")
        let withCount = try GazetteProcess.run(["search", "Lavrov", "--facets", "--count", "--index", index])
        #expect(withCount.status == 2)
        #expect(withCount.stderr.contains("--limit 0 shows the facets alone"), "\(withCount.stderr)")
    }
}
