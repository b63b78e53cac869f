import Foundation
import Testing

/// `gazette related`: its shared-document counts agree with entity filters run through `search`, and its G²
/// with the statistic computed here from those counts.
@Suite("Related entities")
struct RelatedCommandTests {
    let root = GazetteProcess.temporaryDirectory()
    var index: String { root + "/index" }

    func json(_ arguments: [String]) throws -> [String: Any] {
        let run = try GazetteProcess.run(arguments + ["--index", index, "--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
    }

    func count(_ query: String) throws -> Int {
        let run = try GazetteProcess.run(["search", query, "--count", "--index", index])
        return Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    static func filter(_ type: String, _ name: String) -> String? {
        let field = ["PERSON": "person", "ORG": "org", "PLACE": "place", "NORP": "norp"][type]
        return field.map { "\($0):\"\(name)\"" }
    }

    static func logLikelihoodRatio(_ k11: Double, _ k12: Double, _ k21: Double, _ k22: Double) -> Double {
        func xLogX(_ x: Double) -> Double { x <= 0 ? 0 : x * log(x) }
        func entropy(_ values: [Double]) -> Double { xLogX(values.reduce(0, +)) - values.map(xLogX).reduce(0, +) }
        let rows = entropy([k11 + k12, k21 + k22]), columns = entropy([k11 + k21, k12 + k22])
        return 2 * (rows + columns - entropy([k11, k12, k21, k22]))
    }

    @Test func sharedCountsAndScoresAgreeWithFiltersOverTheSampleCorpus() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let indexed = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index])
        #expect(indexed.status == 0, "\(indexed.stderr)")
        let total = try count("the OR a OR of OR and OR in")
        let report = try json(["related", "Zelenskyy", "--limit", "8"])
        #expect(report["entity"] as? String == "Volodymyr Zelenskyy")
        let own = try #require(report["documents"] as? Int)
        #expect(try count("person:\"Volodymyr Zelenskyy\"") == own)
        let related = try #require(report["related"] as? [[String: Any]])
        #expect(related.count == 8)
        var previous = Double.infinity
        var checked = 0
        for entry in related {
            let name = try #require(entry["entity"] as? String), type = try #require(entry["type"] as? String)
            let shared = try #require(entry["shared_documents"] as? Int), score = try #require(entry["llr"] as? Double)
            #expect(score <= previous + 1e-9, "ranked by G²")
            previous = score
            #expect(shared >= 2)
            #expect((entry["examples"] as? [String])?.count == min(shared, 5))
            guard let other = Self.filter(type, name) else { continue }
            let both = try count("person:\"Volodymyr Zelenskyy\" " + other)
            let theirs = try count(other)
            #expect(both == shared, "\(name): \(both) documents by filter, \(shared) by related")
            let expected = Self.logLikelihoodRatio(
                Double(shared), Double(own - shared), Double(theirs - shared), Double(total - own - theirs + shared))
            #expect(abs(expected - score) < 0.002, "\(name): G² \(score), computed \(expected)")
            checked += 1
        }
        #expect(checked >= 5)
    }

    /// Related and facet counts come from integer groups built over every segment: they must still agree with
    /// the filters when the corpus is in several segments, some documents are deleted and a user's merge joins
    /// two names.
    @Test func countsHoldAcrossSegmentsDeletionsAndACorrection() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let staged = try StagedCorpus(root: root, index: index)
        try staged.indexFirstFolders()
        try staged.indexMoreFolders()
        try staged.indexDeletions()
        let merged = try GazetteProcess.run(["entity", "merge", "Kremlin", "Moscow", "--index", index])
        #expect(merged.status == 0, "\(merged.stderr)")
        let stats = try GazetteProcess.run(["stats", "--index", index])
        let segments = stats.stdout.split(separator: "\n").filter { $0.hasPrefix("segment ") }
        #expect(segments.count >= 2, "\(stats.stdout)")
        #expect(segments.contains { $0.contains("deleted") }, "\(stats.stdout)")

        let total = try count("the OR a OR of OR and OR in")
        let report = try json(["related", "Moscow", "--limit", "10", "--min-shared", "1"])
        #expect(report["entity"] as? String == "Moscow")
        let own = try #require(report["documents"] as? Int)
        #expect(try count("place:Moscow") == own)
        var checked = 0
        for entry in try #require(report["related"] as? [[String: Any]]) {
            let name = try #require(entry["entity"] as? String), type = try #require(entry["type"] as? String)
            let shared = try #require(entry["shared_documents"] as? Int), score = try #require(entry["llr"] as? Double)
            guard let other = Self.filter(type, name) else { continue }
            #expect(try count("place:Moscow " + other) == shared, "\(name)")
            let theirs = try count(other)
            let expected = Self.logLikelihoodRatio(
                Double(shared), Double(own - shared), Double(theirs - shared), Double(total - own - theirs + shared))
            #expect(abs(expected - score) < 0.002, "\(name): G² \(score), computed \(expected)")
            checked += 1
        }
        #expect(checked >= 5)

        let facets = try GazetteProcess.run(["search", "Russia OR sanctions", "--facets", "--json", "--index", index])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(facets.stdout.utf8)) as? [String: Any])
        let groups = try #require((object["facets"] as? [String: Any])?["entities"] as? [String: [[String: Any]]])
        let places = try #require(groups["PLACE"])
        #expect(places.contains { $0["entity"] as? String == "Moscow" }, "the merged name is counted under Moscow")
        for (type, entries) in groups {
            for entry in entries.prefix(4) {
                let name = try #require(entry["entity"] as? String), documents = try #require(entry["documents"] as? Int)
                let filter = try #require(Self.filter(type, name))
                #expect(try count("(Russia OR sanctions) " + filter) == documents, "\(type) \(name)")
            }
        }
    }

    /// Each entity's documents and shared documents, computed here from `annotate --json` (`AnnotatedCorpus`),
    /// independently of the index.
    @Test(arguments: [("Moscow", "PLACE"), ("Lavrov", "PERSON"), ("European Union", "ORG")])
    func countsAgreeWithAnnotate(name: String, type: String) throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index, "--quiet"])
        let annotated = try AnnotatedCorpus.sample()
        let report = try json(["related", name, "--min-shared", "1", "--limit", "30"])
        let entity = try #require(report["entity"] as? String)
        let own = annotated.entities.filter { $0.value.contains([type, AnnotatedCorpus.normalized(entity)]) }
        #expect(report["documents"] as? Int == own.count, "\(entity)")
        let related = try #require(report["related"] as? [[String: Any]])
        #expect(related.count >= 10, "\(entity)")
        for entry in related {
            let other = [try #require(entry["type"] as? String), AnnotatedCorpus.normalized(try #require(entry["entity"] as? String))]
            let theirs = annotated.entities.values.filter { $0.contains(other) }.count
            let shared = own.values.filter { $0.contains(other) }.count
            #expect(entry["documents"] as? Int == theirs, "\(entity) with \(other)")
            #expect(entry["shared_documents"] as? Int == shared, "\(entity) with \(other)")
        }
    }

    @Test func anUnknownNameOrAnImpossibleMinimumIsSaid() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index, "--quiet"])
        let unknown = try GazetteProcess.run(["related", "Nobody Atall", "--index", index])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no entity matches 'Nobody Atall'"))
        let none = try GazetteProcess.run(["related", "Lavrov", "--min-shared", "1000", "--index", index])
        #expect(none.status == 1)
        #expect(none.stdout.contains("Sergei Lavrov (PERSON)"))
        #expect(none.stdout.contains("--min-shared"))
        let bad = try GazetteProcess.run(["related", "Lavrov", "--min-shared", "0", "--index", index])
        #expect(bad.status == 2)
    }
}
