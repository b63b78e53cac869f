import Foundation
import Testing

/// Each operator of the query language, run through the binary on corpus/ against document sets checked by hand
/// (grep over the corpus, and for slop an independent computation of Lucene's sloppy distance over the extracted
/// text).
@Suite("Query language on the sample corpus", .serialized)
struct SearchLanguageTests {
    static var index: String { GazetteProcess.sharedIndex }

    /// Paths of every match, sorted, and the exit status.
    static func matches(_ query: String) throws -> (paths: [String], status: Int32) {
        // From the corpus folder, --paths prints the paths as the index stores them.
        let run = try GazetteProcess.run(["search", "--index", index, "--paths", "--", query], directory: GazetteProcess.corpus)
        return (run.stdout.split(separator: "\n").map(String.init).sorted(), run.status)
    }

    static func paths(_ query: String) throws -> [String] { try matches(query).paths }

    static let lavrov = [
        "diplomacy/abu-dhabi-talks-second-round.txt", "diplomacy/black-sea-maritime-ceasefire.md",
        "diplomacy/istanbul-draft-revisited.txt", "diplomacy/peskov-moscow-invitation.txt",
        "diplomacy/witkoff-moscow-visit.txt", "diplomacy/zelenskyy-berlin-european-leaders.html",
        "elections/moldova-pas-keeps-majority.txt", "lavrov-security-guarantees.txt",
    ]
    static let peskov = [
        "courts/cjeu-sanctions-family-members.txt", "diplomacy/peskov-moscow-invitation.txt",
        "diplomacy/witkoff-moscow-visit.txt", "diplomacy/zelenskyy-berlin-european-leaders.html",
        "elections/moldova-pas-keeps-majority.txt", "elections/romania-nicusor-dan-wins-rerun.md",
        "energy/eu-lowers-oil-price-cap.txt", "energy/eu-russian-lng-ban.html",
        "energy/lukoil-foreign-assets-sale.txt", "lavrov-security-guarantees.txt",
    ]
    static let rosneft = [
        "diplomacy/peskov-moscow-invitation.txt", "energy/eu-lowers-oil-price-cap.txt",
        "energy/lukoil-foreign-assets-sale.txt", "energy/opec-plus-pauses-increases.html",
        "energy/orban-us-waiver-russian-oil.html", "energy/rosneft-lukoil-sanctions-asian-buyers.txt",
        "lavrov-security-guarantees.txt",
    ]

    static func and(_ a: [String], _ b: [String]) -> [String] { a.filter(b.contains) }
    static func or(_ a: [String], _ b: [String]) -> [String] { Array(Set(a + b)).sorted() }
    static func minus(_ a: [String], _ b: [String]) -> [String] { a.filter { !b.contains($0) } }

    @Test func wordsAndTheirCombinations() throws {
        #expect(try Self.paths("Lavrov") == Self.lavrov)
        #expect(try Self.paths("peskov") == Self.peskov)
        #expect(try Self.paths("Lavrov Peskov") == Self.and(Self.lavrov, Self.peskov))
        #expect(try Self.paths("Lavrov AND Peskov") == Self.and(Self.lavrov, Self.peskov))
        #expect(try Self.paths("Lavrov && Peskov") == Self.and(Self.lavrov, Self.peskov))
        #expect(try Self.paths("Lavrov OR Peskov") == Self.or(Self.lavrov, Self.peskov))
        #expect(try Self.paths("Lavrov || Peskov") == Self.or(Self.lavrov, Self.peskov))
        #expect(try Self.paths("+Lavrov +Peskov") == Self.and(Self.lavrov, Self.peskov))
    }

    @Test func notAndMinusExclude() throws {
        let expected = Self.minus(Self.lavrov, Self.peskov)
        #expect(expected == [
            "diplomacy/abu-dhabi-talks-second-round.txt", "diplomacy/black-sea-maritime-ceasefire.md",
            "diplomacy/istanbul-draft-revisited.txt",
        ])
        #expect(try Self.paths("Lavrov -Peskov") == expected)
        #expect(try Self.paths("Lavrov NOT Peskov") == expected)
        #expect(try Self.paths("Lavrov !Peskov") == expected)
        #expect(try Self.paths("-Peskov Lavrov") == expected)
        #expect(try Self.paths("Lavrov -\"Dmitry Peskov\"") == expected)
    }

    @Test func precedenceIsNotThenAndThenOr() throws {
        // a OR b c = a OR (b c)
        let orOfAnd = Self.or(Self.lavrov, Self.and(Self.rosneft, Self.peskov))
        #expect(try Self.paths("Lavrov OR Rosneft Peskov") == orOfAnd)
        #expect(try Self.paths("Lavrov OR (Rosneft Peskov)") == orOfAnd)
        #expect(try Self.paths("Rosneft Peskov OR Lavrov") == orOfAnd)
        // Parentheses change it.
        let andOfOr = Self.and(Self.or(Self.lavrov, Self.rosneft), Self.peskov)
        #expect(try Self.paths("(Lavrov OR Rosneft) Peskov") == andOfOr)
        #expect(Self.minus(orOfAnd, andOfOr) == [
            "diplomacy/abu-dhabi-talks-second-round.txt", "diplomacy/black-sea-maritime-ceasefire.md",
            "diplomacy/istanbul-draft-revisited.txt",
        ])
        // NOT binds to the next clause only: -a b OR c = ((NOT a) b) OR c.
        #expect(try Self.paths("-Peskov Lavrov OR Rosneft") == Self.or(Self.minus(Self.lavrov, Self.peskov), Self.rosneft))
        #expect(try Self.paths("Lavrov -(Peskov OR Rosneft)") == Self.minus(Self.lavrov, Self.or(Self.peskov, Self.rosneft)))
    }

    @Test func phrasesAndSlop() throws {
        let crude = [
            "diplomacy/peskov-moscow-invitation.txt", "energy/eu-lowers-oil-price-cap.txt",
            "energy/opec-plus-pauses-increases.html", "energy/orban-us-waiver-russian-oil.html",
            "energy/rosneft-lukoil-sanctions-asian-buyers.txt", "sanctions/eu-20th-sanctions-package.txt",
        ]
        #expect(try Self.paths("\"russian crude\"") == crude)
        #expect(try Self.paths("\"russian crude\"~2") == crude)
        // Three moves apart in one more document.
        #expect(try Self.paths("\"russian crude\"~3") == (crude + ["energy/eu-russian-lng-ban.html"]).sorted())
        // No exact phrase; "ceasefire at sea" is one move, "ceasefire “in the air, at sea" four.
        #expect(try Self.matches("\"ceasefire sea\"").status == 1)
        #expect(try Self.paths("\"ceasefire sea\"~1") == ["diplomacy/black-sea-maritime-ceasefire.md"])
        #expect(try Self.paths("\"ceasefire sea\"~3") == ["diplomacy/black-sea-maritime-ceasefire.md"])
        #expect(try Self.paths("\"ceasefire sea\"~4") == [
            "diplomacy/abu-dhabi-talks-second-round.txt", "diplomacy/black-sea-maritime-ceasefire.md",
        ])
        // Reversed order costs two moves: "oil russian"~2 finds every "Russian oil".
        #expect(try Self.paths("\"oil russian\"~1") == ["energy/eu-russian-lng-ban.html"])
        let reversed = try Self.paths("\"oil russian\"~2")
        #expect(reversed.count == 9)
        #expect(reversed.contains("energy/orban-us-waiver-russian-oil.html"))
    }

    @Test func sloppyInstancesRankBelowExactOnes() throws {
        let run = try GazetteProcess.run(
            ["search", "\"ceasefire sea\"~4", "--index", Self.index, "--json", "--explain"])
        let hits = try #require(try GazetteProcess.json(run.stdout)["hits"] as? [[String: Any]])
        #expect(hits.map { $0["path"] as? String } == [
            "diplomacy/black-sea-maritime-ceasefire.md", "diplomacy/abu-dhabi-talks-second-round.txt",
        ])
        // 1 / (1 + distance): one move weighs 1/2, four moves 1/5.
        let frequencies = hits.compactMap { hit -> Double? in
            let explain = hit["explain"] as? [String: Any]
            let fields = explain?["children"] as? [[String: Any]]
            return fields?.compactMap { ($0["factors"] as? [String: Any])?["tf"] as? Double }.reduce(0, +)
        }
        #expect(frequencies == [0.5, 0.2])
    }

    @Test func fieldsOnTermsAndPhrases() throws {
        let titled = [
            "courts/cjeu-sanctions-family-members.txt", "energy/rosneft-lukoil-sanctions-asian-buyers.txt",
            "sanctions/eu-20th-sanctions-package.txt",
        ]
        #expect(try Self.paths("title:sanctions") == titled)
        #expect(try Self.paths("Title:Sanctions") == titled)
        let anywhere = try Self.paths("sanctions")
        #expect(anywhere.count == 15)
        #expect(try Self.paths("body:sanctions") == anywhere)
        #expect(try Self.paths("title:\"price cap\"") == ["energy/eu-lowers-oil-price-cap.txt"])
        #expect(try Self.paths("body:\"price cap\"").count == 6)
        #expect(try Self.paths("title:crude") == ["energy/eu-lowers-oil-price-cap.txt"])
        #expect(try Self.paths("crude -title:crude").count == 7)
        #expect(try Self.paths("title:(sanctions OR crude)") == (titled + ["energy/eu-lowers-oil-price-cap.txt"]).sorted())
        #expect(try Self.paths("title:sanctions body:Peskov") == ["courts/cjeu-sanctions-family-members.txt"])
    }

    @Test func prefixExpandsThroughTheDictionary() throws {
        // corpus/ holds sanction, sanctioned, sanctioning and sanctions.
        let union = try ["sanction", "sanctioned", "sanctioning", "sanctions"].map(Self.paths).reduce([], Self.or)
        #expect(try Self.paths("sanct*") == union)
        #expect(try Self.paths("Sanct*") == union)
        #expect(try Self.paths("title:sanct*") == [
            "courts/cjeu-sanctions-family-members.txt", "energy/rosneft-lukoil-sanctions-asian-buyers.txt",
            "sanctions/eu-20th-sanctions-package.txt",
        ])
        #expect(try Self.matches("zzqx*").status == 1)
    }

    @Test func prefixCapPrintsANoticeOnStderr() throws {
        let corpus = GazetteProcess.temporaryDirectory() + "/many"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let words = (0..<600).map { String(format: "zq%04d", $0) }.joined(separator: " ")
        try words.write(toFile: corpus + "/many.txt", atomically: true, encoding: .utf8)
        // The last terms in alphabetical order are the most frequent: the cap keeps them.
        try "zq0599 zq0598".write(toFile: corpus + "/other.txt", atomically: true, encoding: .utf8)
        let index = GazetteProcess.temporaryDirectory() + "/idx"
        #expect(try GazetteProcess.run(["index", corpus, "--index", index]).status == 0)
        let run = try GazetteProcess.run(["search", "zq*", "--index", index, "--count"])
        #expect(run.status == 0)
        #expect(run.stdout == "2\n")
        #expect(run.stderr.contains("note: 'zq*' matches 600 terms; the 512 most frequent were searched"), "\(run.stderr)")
        let quiet = try GazetteProcess.run(["search", "zq01*", "--index", index, "--count"])
        #expect(quiet.stderr.isEmpty)
    }

    /// `word~N` finds the words N edits away and `?`/`*` inside a word match any character or run, checked
    /// against the document sets of the words themselves; field filters refuse them with the column.
    @Test func fuzzyWordsAndPatterns() throws {
        let lavrov = try Self.paths("Lavrov")
        #expect(lavrov == Self.lavrov)
        for query in ["Lavorv~1", "Lvarov~1", "Lavrov~0", "Lvrov~1", "Lavrvo~2", "Lav?ov", "L*rov", "lavr*v"] {
            #expect(try Self.paths(query) == lavrov, "\(query)")
        }
        #expect(try Self.paths("Lavorv~0").isEmpty)
        #expect(try Self.paths("sanct?ons") == Self.paths("sanctions"))
        #expect(try Self.paths("title:Lavorv~1") == Self.paths("title:Lavrov"))
        // Nothing found: each word no document holds gets the most frequent term one (else two) edits away.
        let typo = try GazetteProcess.run(["search", "--index", Self.index, "--", "Lavorv sanctons"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("no document has 'Lavorv'; did you mean 'lavrov' (8 documents)?"), "\(typo.stderr)")
        #expect(typo.stderr.contains("did you mean 'sanctions'"), "\(typo.stderr)")
        // The suggestion keeps the word's first letter (as Lucene's spell checker does by default).
        let firstLetter = try GazetteProcess.run(["search", "--index", Self.index, "--", "Kavrov"])
        #expect(firstLetter.status == 1 && !firstLetter.stderr.contains("lavrov"), "\(firstLetter.stderr)")
        // Only when nothing matched, and only with a near term.
        #expect(try GazetteProcess.run(["search", "--index", Self.index, "--", "Lavrov OR Lavorv"]).stderr.isEmpty)
        #expect(try GazetteProcess.run(["search", "--index", Self.index, "--", "zzqxqq"]).stderr.isEmpty)
        for (query, message) in [("Lavrov~3", "at most 2 edits"), ("person:Lav?ov", "takes a name"), ("Lav~x", "after '~'")] {
            let run = try GazetteProcess.run(["search", "--index", Self.index, "--", query])
            #expect(run.status == 2, "\(query)")
            #expect(run.stderr.contains("column") && run.stderr.contains(message), "\(query): \(run.stderr)")
        }
    }

    @Test func errorsNameTheColumnAndWhatWasExpected() throws {
        let cases: [(String, String)] = [
            ("Lavrov \"security", "query column 17: expected closing quote for the quote opened at column 8"),
            ("Lavrov AND", "query column 11: expected a term or phrase after 'AND'"),
            ("Lavrov OR OR Peskov", "query column 11: expected a term or phrase after 'OR'"),
            ("(Lavrov OR Peskov", "query column 18: expected ')' to close the '(' opened at column 1"),
            ("Lavrov )", "query column 8: unmatched ')'"),
            ("\"price cap\"~", "query column 13: expected a number after '~'"),
            ("\"price cap\"~100", "query column 13: slop must be between 0 and "),
            ("titel:cap", "query column 1: unknown field 'titel'"),
            ("title:", "query column 7: expected a term, phrase or '(' after 'title:'"),
            ("s*", "query column 1: prefix needs at least 2 characters before '*'"),
            ("()", "query column 1: empty parentheses"),
            ("Lavrov OR -Peskov", "query column 11: a NOT clause cannot stand alone inside OR"),
            ("-Lavrov", "query column 1: a query needs at least one term or phrase that must match"),
        ]
        for (query, message) in cases {
            let run = try GazetteProcess.run(["search", "--index", Self.index, "--", query])
            #expect(run.status == 2, "\(query)")
            #expect(run.stdout.isEmpty, "\(query)")
            #expect(run.stderr.hasPrefix("gazette: error: " + message), "\(query): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(query)")
        }
    }
}
