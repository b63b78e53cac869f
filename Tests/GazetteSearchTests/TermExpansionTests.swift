import Testing
@testable import GazetteSearch

/// Fuzzy words (`word~N`) and patterns (`Ara?at`): the parsed leaves, the errors, and the fuzzy walk, which
/// skips runs of terms, checked against the distance computed for every term.
@Suite("Term expansion")
struct TermExpansionTests {
    static func leaf(_ query: String) throws -> QueryLeaf {
        guard case .leaf(let leaf) = try QueryParser.parse(query) else {
            Issue.record("\(query) is not one leaf")
            throw QueryParseError(column: 0, message: "not a leaf")
        }
        return leaf
    }

    @Test func fuzzyWordsAndPatternsParse() throws {
        #expect(try Self.leaf("Arafta~1").kind == .fuzzy("Arafta", distance: 1))
        #expect(try Self.leaf("title:kernel~2").kind == .fuzzy("kernel", distance: 2))
        #expect(try Self.leaf("Ara?at").kind == .pattern("Ara?at"))
        #expect(try Self.leaf("co*tion").kind == .pattern("co*tion"))
        #expect(try Self.leaf("sanc*").kind == .prefix("sanc"))
        // Not one word: left to the tokenizer as before.
        #expect(try Self.leaf("example.com/page?id=3").kind == .word("example.com/page?id=3"))
        #expect(try Self.leaf("Arafta~1").description == "Arafta~1")
    }

    @Test(arguments: [("foo~bar", 5), ("foo~3", 5), ("foo~12", 5), ("~1", 1), ("foo~", 5), ("*?", 1), ("fo?o~1", 1)])
    func malformedWordsAreErrorsAtTheirColumn(_ query: String, _ column: Int) {
        #expect {
            _ = try QueryParser.parse(query)
        } throws: { error in
            (error as? QueryParseError)?.column == column
        }
    }

    /// Damerau–Levenshtein (optimal string alignment) over scalars, the plain way.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }

    @Test(arguments: [("lavrov", 1), ("lavrov", 2), ("sanctions", 2), ("zürich", 1), ("ab", 2), ("x", 1), ("ba", 0)])
    func theFuzzyWalkFindsWhatEveryTermsDistanceFinds(_ word: String, _ k: Int) {
        // A dictionary of near and far words, with shared starts, accents and transpositions.
        var words = ["lavrov", "lavorv", "lvarov", "lavrova", "lavr", "avrov", "zurich", "zürich", "zuerich", "zürch",
                     "sanctions", "sanction", "snactions", "sanctoins", "santions", "ba", "ab", "abc", "b", "x", "xy",
                     "yx", "kernel", "kernels", "colonel", "lava", "laval", "lavish", "lavrovs", "lavrovich",
                     String(repeating: "lavrov", count: 200), "sanctionsss", "sanctionssssssss"]
        var state: UInt64 = 42
        let letters = Array("abcilnorstuvxzü".unicodeScalars)
        for _ in 0..<3000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var scalars = String.UnicodeScalarView()
            for _ in 0..<(1 + Int(state >> 61)) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                scalars.append(letters[Int(state >> 33) % letters.count])
            }
            words.append(String(scalars))
        }
        let sorted = Array(Set(words.map { Array($0.utf8) })).sorted { $0.lexicographicallyPrecedes($1) }
        // The walk as the term dictionary runs it: on to the next term, or past every term with a prefix.
        var matcher = FuzzyTermMatcher(word, distance: k)
        var found = Set<String>()
        var visited = 0
        var index = 0
        while index < sorted.count {
            visited += 1
            let verdict = sorted[index].withUnsafeBytes { matcher.step($0) }
            switch verdict {
            case .match(let distance):
                let term = String(decoding: sorted[index], as: UTF8.self)
                #expect(distance == Self.distance(word, term), "\(term)")
                found.insert(term)
                index += 1
            case .next:
                index += 1
            case .stop:
                index = sorted.count
            case .skipPast(let length):
                let prefix = sorted[index].prefix(length)
                #expect(length > 0 && length <= sorted[index].count)
                while index < sorted.count, sorted[index].starts(with: prefix) { index += 1 }
            }
        }
        let expected = Set(sorted.map { String(decoding: $0, as: UTF8.self) }.filter { Self.distance(word, $0) <= k })
        #expect(found == expected)
        #expect(visited < sorted.count || k >= word.unicodeScalars.count, "the walk skipped nothing")
    }

    @Test func globMatchesWholeTerms() {
        let pattern = Array("ara?at".unicodeScalars)
        #expect(SearchPlanner.glob(pattern, matches: "arafat"))
        #expect(!SearchPlanner.glob(pattern, matches: "araat"))
        #expect(!SearchPlanner.glob(pattern, matches: "arafats"))
        let star = Array("co*tion".unicodeScalars)
        #expect(SearchPlanner.glob(star, matches: "cotion"))
        #expect(SearchPlanner.glob(star, matches: "cooperation"))
        #expect(!SearchPlanner.glob(star, matches: "cooperations"))
        #expect(SearchPlanner.glob(Array("*ü?".unicodeScalars), matches: "zürüx"))
        #expect(!SearchPlanner.glob(Array("*ü?".unicodeScalars), matches: "zürü"))
    }
}

/// A search with a time limit stops past it with an error, before reading postings or while expanding words;
/// without one, or within it, it answers as before.
@Suite("Search time limit")
struct SearchTimeLimitTests {
    @Test func aQueryPastItsTimeLimitIsAnError() throws {
        let index = try HandMadeIndex((0..<40).map { number in
            (path: "d\(number).txt", title: nil, paragraphs: ["alpha word\(number) beta gamma delta \(number)"])
        })
        let searcher = Searcher(index: index.reader)
        var options = SearchOptions(limit: 5)
        #expect(try searcher.search("alpha", options: options).total == 40)
        options.timeLimit = .seconds(30)
        #expect(try searcher.search("word* OR alph~1", options: options).total == 40)
        options.timeLimit = .zero
        for query in ["alpha", "word*", "alph~1", "w?rd3"] {
            #expect(throws: SearchError.timeLimit(.zero), "\(query)") {
                _ = try searcher.search(query, options: options)
            }
        }
        #expect(SearchError.timeLimit(.seconds(5)).description.hasPrefix("the query took longer than 5 s"))
    }
}
