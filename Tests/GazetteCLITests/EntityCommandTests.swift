import Foundation
import Testing

@Suite("Entity commands on the sample corpus", .serialized)
struct EntityCommandTests {
    @Test func mentionsOfLavrovResolveToSergeiLavrov() throws {
        let run = try GazetteProcess.run(["mentions", "Lavrov", "--json", "--index", GazetteProcess.sharedIndex, "--limit", "50"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try GazetteProcess.json(run.stdout)
        let entities = try #require(object["entities"] as? [[String: Any]])
        let lavrov = try #require(entities.first { $0["entity"] as? String == "Sergei Lavrov" })
        #expect(lavrov["type"] as? String == "PERSON")
        let occurrences = try #require(lavrov["occurrences"] as? [[String: Any]])
        let seed = try #require(occurrences.first { $0["path"] as? String == "lavrov-security-guarantees.txt" })
        let mentions = try #require(seed["mentions"] as? [[String: Any]])
        // The seed names him 7 times: once in full, then as "Lavrov" or "Lavrov’s".
        #expect(mentions.count >= 6)
        #expect(mentions.contains { $0["text"] as? String == "Sergei Lavrov" })
        #expect(mentions.contains { $0["text"] as? String == "Lavrov" })
        for mention in mentions {
            let sentence = try #require(mention["sentence"] as? String)
            let start = try #require(mention["start"] as? Int), end = try #require(mention["end"] as? Int)
            let scalars = Array(sentence.unicodeScalars)
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == mention["text"] as? String)
            #expect((mention["line"] as? Int ?? 0) >= 1)
        }
    }

    @Test func entitiesAreRankedWithTypesAndAliases() throws {
        let run = try GazetteProcess.run(["entities", "--json", "--limit", "500", "--index", GazetteProcess.sharedIndex])
        #expect(run.status == 0)
        let object = try GazetteProcess.json(run.stdout)
        let entities = try #require(object["entities"] as? [[String: Any]])
        let documents = entities.compactMap { $0["documents"] as? Int }
        #expect(documents == documents.sorted(by: >))
        let us = try #require(entities.first { $0["entity"] as? String == "United States" })
        let aliases = try #require(us["aliases"] as? [String])
        #expect(aliases.contains("US") && aliases.contains("U.S."))
        let types = Set(entities.compactMap { $0["type"] as? String })
        #expect(types.isSuperset(of: ["PERSON", "ORG", "PLACE", "NORP", "DATE"]))
        let people = try GazetteProcess.run(["entities", "--type", "person", "--json", "--index", GazetteProcess.sharedIndex])
        let onlyPeople = try #require(try GazetteProcess.json(people.stdout)["entities"] as? [[String: Any]])
        #expect(!onlyPeople.isEmpty && onlyPeople.allSatisfy { $0["type"] as? String == "PERSON" })
    }

    @Test func aTypeFilterThatFindsNothingSaysUnderWhichTypeTheNameIs() throws {
        let run = try GazetteProcess.run(["search", "org:Moldova", "--json", "--index", GazetteProcess.sharedIndex])
        #expect(run.status == 1)
        let object = try GazetteProcess.json(run.stdout)
        #expect(object["total"] as? Int == 0)
        let notices = try #require(object["notices"] as? [String])
        #expect(notices.count == 1)
        #expect(notices.first?.hasPrefix("org:Moldova: no ORG \"Moldova\"; it is a PLACE in 4 documents") == true, "\(notices)")
        #expect(run.stderr.contains("no ORG \"Moldova\"; it is a PLACE in 4 documents"), "\(run.stderr)")
        let anyType = try GazetteProcess.run(["search", "entity:Moldova", "--json", "--index", GazetteProcess.sharedIndex])
        #expect(try GazetteProcess.json(anyType.stdout)["total"] as? Int == 4)
        // A filter that matches says nothing; a name the corpus never mentions has nothing to explain either.
        for quiet in ["place:Moldova", "org:Zzyzx"] {
            let run = try GazetteProcess.run(["search", quiet, "--json", "--index", GazetteProcess.sharedIndex])
            #expect(try GazetteProcess.json(run.stdout)["notices"] == nil, "\(quiet)")
        }
    }

    @Test func datesWithoutAYearAreHighlightedButListedNowhere() throws {
        let run = try GazetteProcess.run(["entities", "--type", "date", "--json", "--limit", "1000", "--index", GazetteProcess.sharedIndex])
        let dates = try #require(try GazetteProcess.json(run.stdout)["entities"] as? [[String: Any]]).compactMap { $0["entity"] as? String }
        #expect(dates.contains("2022") && dates.contains("3 December 2025"))
        for relative in ["Wednesday", "Monday", "this year", "last week", "next year", "October", "November 30"] {
            #expect(!dates.contains(relative), "\(relative)")
        }
        let mentions = try GazetteProcess.run(["mentions", "Wednesday", "--index", GazetteProcess.sharedIndex])
        #expect(mentions.status != 0)
        let search = try GazetteProcess.run(["search", "Wednesday", "--json", "--limit", "20", "--index", GazetteProcess.sharedIndex])
        let hits = try #require(try GazetteProcess.json(search.stdout)["hits"] as? [[String: Any]])
        let highlights = hits.flatMap { $0["highlights"] as? [[String: Any]] ?? [] }
        let dateHighlights = highlights.filter { $0["kind"] as? String == "DATE" && $0["text"] as? String == "Wednesday" }
        #expect(!dateHighlights.isEmpty)
        #expect(dateHighlights.allSatisfy { $0["entity"] == nil })
    }

    @Test func entityFiltersSelectTheRightDocuments() throws {
        let zelenskyy = try GazetteProcess.run(["search", "person:Zelenskyy", "--json", "--limit", "100", "--index", GazetteProcess.sharedIndex])
        let total = try #require(try GazetteProcess.json(zelenskyy.stdout)["total"] as? Int)
        let plain = try GazetteProcess.run(["search", "Zelenskyy", "--json", "--limit", "100", "--index", GazetteProcess.sharedIndex])
        let plainTotal = try #require(try GazetteProcess.json(plain.stdout)["total"] as? Int)
        #expect(total >= 10 && total <= plainTotal)
        let abuDhabi = try GazetteProcess.run(["search", "place:\"Abu Dhabi\" -Lavrov", "--json", "--limit", "100", "--index", GazetteProcess.sharedIndex])
        let hits = try #require(try GazetteProcess.json(abuDhabi.stdout)["hits"] as? [[String: Any]])
        #expect(!hits.isEmpty)
        #expect(!hits.contains { $0["path"] as? String == "lavrov-security-guarantees.txt" })
        for hit in hits {
            let highlights = try #require(hit["highlights"] as? [[String: Any]])
            #expect(highlights.contains { $0["entity"] as? String == "Abu Dhabi" && $0["kind"] as? String == "PLACE" } || highlights.isEmpty)
        }
    }

    @Test func searchHighlightsCarryEntityKinds() throws {
        let run = try GazetteProcess.run(["search", "\"security guarantees\"", "--json", "--limit", "20", "--index", GazetteProcess.sharedIndex])
        let hits = try #require(try GazetteProcess.json(run.stdout)["hits"] as? [[String: Any]])
        let kinds = Set(hits.flatMap { ($0["highlights"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String } })
        #expect(kinds.contains("match"))
        #expect(kinds.contains("PERSON") || kinds.contains("PLACE"))
        let entityHighlights = hits.flatMap { ($0["highlights"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String != "match" } }
        // Every entity highlight names its entity but a date without a year, which names none.
        #expect(entityHighlights.allSatisfy { $0["entity"] is String || $0["kind"] as? String == "DATE" })
        #expect(entityHighlights.contains { $0["entity"] is String })
    }

    @Test func annotateOffsetsLineUpWithThePlainTextFile() throws {
        let path = GazetteProcess.corpus + "/lavrov-security-guarantees.txt"
        let run = try GazetteProcess.run(["annotate", path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try GazetteProcess.json(run.stdout)
        let text = try #require(object["text"] as? String)
        #expect(text == (try String(contentsOfFile: path, encoding: .utf8)))
        let entities = try #require(object["entities"] as? [[String: Any]])
        let scalars = Array(text.unicodeScalars)
        for entity in entities {
            let start = try #require(entity["start"] as? Int), end = try #require(entity["end"] as? Int)
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == entity["text"] as? String)
        }
        #expect(entities.contains { $0["text"] as? String == "Sergei Lavrov" && $0["type"] as? String == "PERSON" })
        #expect(entities.contains { $0["text"] as? String == "Abu Dhabi" && $0["type"] as? String == "PLACE" })
        #expect(entities.contains { $0["text"] as? String == "Lavrov" && $0["entity"] as? String == "Sergei Lavrov" })
        let missing = try GazetteProcess.run(["annotate", "/nonexistent/file.txt"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/file.txt"))
    }
}
