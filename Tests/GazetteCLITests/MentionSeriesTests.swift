import Foundation
import Testing

/// `gazette mentions NAME --by UNIT`: per period, the documents agree with `search` filtered by the entity and
/// the period, and the mentions with the listing `mentions --json` gives of the same documents.
@Suite("Mentions over time")
struct MentionSeriesTests {
    let root = GazetteProcess.temporaryDirectory()
    var index: String { root + "/index" }

    func object(_ arguments: [String]) throws -> [String: Any] {
        let run = try GazetteProcess.run(arguments + ["--index", index, "--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
    }

    @Test func periodsAgreeWithFiltersAndWithTheMentionsListing() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index, "--quiet"])
        let series = try object(["mentions", "Zelenskyy", "--by", "month"])
        #expect(series["by"] as? String == "month")
        let entity = try #require((series["entities"] as? [[String: Any]])?.first)
        let periods = try #require(entity["series"] as? [[String: Any]])
        #expect(periods.count >= 2)
        let names = periods.compactMap { $0["period"] as? String }
        #expect(names == names.sorted() && Set(names).count == names.count)

        let listing = try object(["mentions", "Zelenskyy"])
        let occurrences = try #require(((listing["entities"] as? [[String: Any]])?.first)?["occurrences"] as? [[String: Any]])
        var documentsByMonth: [String: Int] = [:], mentionsByMonth: [String: Int] = [:]
        var undatedDocuments = 0
        for occurrence in occurrences {
            guard let date = occurrence["date"] as? String else {
                undatedDocuments += 1
                continue
            }
            documentsByMonth[String(date.prefix(7)), default: 0] += 1
            mentionsByMonth[String(date.prefix(7)), default: 0] += occurrence["count"] as? Int ?? 0
        }
        for period in periods {
            let name = try #require(period["period"] as? String)
            #expect(period["documents"] as? Int == documentsByMonth[name] ?? 0, "\(name)")
            #expect(period["mentions"] as? Int == mentionsByMonth[name] ?? 0, "\(name)")
            let filtered = try GazetteProcess.run([
                "search", "person:\"Volodymyr Zelenskyy\" date:\(name)", "--count", "--index", index,
            ])
            #expect(Int(filtered.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == documentsByMonth[name] ?? 0)
        }
        #expect(entity["undated_documents"] as? Int == undatedDocuments)

        let terminal = try GazetteProcess.run(["mentions", "Zelenskyy", "--by", "year", "--index", index])
        #expect(terminal.stdout.contains("by year"), "\(terminal.stdout)")
        #expect(terminal.stdout.contains("undated:"), "\(terminal.stdout)")
        let bad = try GazetteProcess.run(["mentions", "Zelenskyy", "--by", "week", "--index", index])
        #expect(bad.status == 2)
    }
}
