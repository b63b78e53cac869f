import Foundation
import Testing

/// `gazette search` reads its common forms without ArgumentParser (`SearchCommand.parsedDirectly`, for a faster
/// one-shot start). Each case runs the same search twice: as written (the direct reader takes it, or hands it on
/// when it cannot) and with the query after `--`, which the direct reader never takes, so ArgumentParser parses
/// it. Both must print the same bytes and exit the same way, errors included.
@Suite("Search arguments read directly")
struct DirectParsingTests {
    static var index: String { GazetteProcess.sharedIndex }

    /// Runs `direct` (which the direct reader takes, or hands on) and `parsed` (the same, read by ArgumentParser):
    /// the same exit status, stdout and stderr.
    static func expectSameBothWays(
        _ direct: [String], _ parsed: [String], label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let one = try GazetteProcess.run(direct), other = try GazetteProcess.run(parsed)
        #expect(one.status == other.status, "\(label): \(one.status) vs \(other.status)", sourceLocation: sourceLocation)
        #expect(one.stdoutBytes == other.stdoutBytes, "\(label): stdout differs", sourceLocation: sourceLocation)
        #expect(one.stderr == other.stderr, "\(label): \(one.stderr) vs \(other.stderr)", sourceLocation: sourceLocation)
    }

    @Test func directAndArgumentParserReadingsAgree() throws {
        let index = Self.index
        let cases: [(query: String, options: [String])] = [
            ("Lavrov", []),
            ("Lavrov", ["--limit", "3"]),
            ("Lavrov", ["-l", "2"]),
            ("Lavrov", ["--limit=4", "--offset", "1"]),
            ("Lavrov Moscow", ["--offset=2", "--limit", "2", "--snippets", "2"]),
            ("\"security guarantees\"", ["--json", "--snippets", "3"]),
            ("Ukraine", ["--sort", "-date", "--limit", "3", "--json"]),
            ("Ukraine", ["--sort=date", "--paths", "--limit", "5"]),
            ("Ukraine", ["--paths"]),
            ("Ukraine", ["--count"]),
            ("Ukraine", ["--count", "--json"]),
            ("Ukraine", ["--snippets", "0", "--json"]),
            ("Ukraine talks", ["--explain", "--limit", "1"]),
            ("Zelensky", ["--exact", "--json"]),
            ("Kremlin", ["--format", "csv"]),
            ("Kremlin", ["--format=ndjson"]),
            ("Kremlin", ["--color", "always", "--limit", "2"]),
            ("Kremlin", ["--color=never"]),
            ("Kremlin sanctions", ["--title-boost", "5", "--proximity", "0", "--json"]),
            ("Kremlin", ["--index", index, "--json", "--limit", "2"]),
            ("nothingmatchesthisword", []),
            ("\"unclosed", []),
            // Refused the same way: by validate(), by a value that does not convert, by a repeat, by an option
            // the direct reader does not read; facets with and without a list.
            ("Kremlin", ["--paths", "--count"]),
            ("Kremlin", ["--limit", "-1"]),
            ("Kremlin", ["--limit", "many"]),
            ("Kremlin", ["--json", "--format", "csv"]),
            ("Kremlin", ["--sort", "sideways"]),
            ("Kremlin", ["--limit", "2", "--limit", "3"]),
            ("Kremlin", ["--paths=yes"]),
            ("Kremlin", ["--facets", "person"]),
            ("Kremlin", ["--facets", "--json", "--limit", "1"]),
            ("Kremlin", ["--facets=place,org", "--limit", "0"]),
            ("Kremlin", ["--facets", "planets"]),
            ("Kremlin", ["--proximity-window", "4", "--json"]),
            ("Kremlin", ["--threads", "1", "--json"]),
            ("Kremlin", ["--threads", "0"]),
        ]
        for (query, options) in cases {
            // The shared index unless the case names one: the second --index then searches it twice as one.
            let indexOptions = options.contains("--index") ? [] : ["--index", index]
            try Self.expectSameBothWays(["search", query] + options + indexOptions, ["search"] + options + indexOptions + ["--", query], label: "\(query) \(options)")
        }
    }

    @Test func theCommonFormsStillFindWhatTheySay() throws {
        let run = try GazetteProcess.run(["search", "Lavrov", "--index", Self.index, "--limit", "2", "--json"])
        #expect(run.status == 0)
        let hits = try #require(try GazetteProcess.json(run.stdout)["hits"] as? [[String: Any]])
        #expect(hits.count == 2)
        let count = try GazetteProcess.run(["search", "Lavrov", "--index", Self.index, "--count"])
        let total = try #require(Int(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(total >= 2)
        let paths = try GazetteProcess.run(["search", "Lavrov", "--index", Self.index, "--paths"])
        #expect(paths.stdout.split(separator: "\n").count == total)
    }

    /// `gazette entities` too (`EntitiesCommand.parsedDirectly`): each case as written and with a trailing `--`,
    /// which the direct reader never takes; the same bytes and exit either way, errors included.
    @Test func entitiesReadDirectlyAndByArgumentParserAgree() throws {
        let index = Self.index
        let cases: [[String]] = [
            [],
            ["--limit", "5"],
            ["--limit=0"],
            ["--type", "person", "--limit", "4"],
            ["--type=PLACE", "--type", "org", "--json"],
            ["--format", "csv", "--limit", "3"],
            ["--format=ndjson", "--type", "norp"],
            ["--json", "--format", "json", "--limit", "2"],
            ["--index", index, "--limit", "3"],
            // Refused the same way: by validate(), by a value that does not convert, by a repeat, by a combination.
            ["--limit", "-1"],
            ["--limit", "many"],
            ["--limit", "2", "--limit", "3"],
            ["--type", "planet"],
            ["--json", "--format", "csv"],
            ["--json=yes"],
            ["--type"],
            ["stray"],
        ]
        for options in cases {
            let indexOptions = options.contains("--index") ? [] : ["--index", index]
            try Self.expectSameBothWays(["entities"] + options + indexOptions, ["entities"] + options + indexOptions + ["--"], label: "\(options)")
        }
        let listed = try GazetteProcess.run(["entities", "--index", index, "--type", "person", "--limit", "3", "--json"])
        #expect(listed.status == 0)
        let entities = try #require(try GazetteProcess.json(listed.stdout)["entities"] as? [[String: Any]])
        #expect(entities.count == 3 && entities.allSatisfy { $0["type"] as? String == "PERSON" })
    }

    /// `gazette mentions NAME` too (`MentionsCommand.parsedDirectly`): each case as written and with the name after
    /// `--`, which the direct reader never takes; the same bytes and exit either way, errors included.
    @Test func mentionsReadDirectlyAndByArgumentParserAgree() throws {
        let index = Self.index
        let cases: [(name: String, options: [String])] = [
            ("Lavrov", []),
            ("Lavrov", ["--limit", "1"]),
            ("lavrov", ["--limit=0", "--json"]),
            ("Moscow", ["--type", "place", "--limit", "2"]),
            ("Ukraine", ["--type=PLACE", "--type", "norp", "--json", "--limit", "1"]),
            ("Kremlin", ["--format", "csv"]),
            ("Kremlin", ["--format=ndjson", "--limit", "1"]),
            ("Kremlin", ["--by", "month"]),
            ("Kremlin", ["--by=year", "--json"]),
            ("Kremlin", ["--color", "always", "--limit", "1"]),
            ("Kremlin", ["--index", index, "--limit", "1"]),
            ("nobody-at-all", []),
            // Refused the same way: by validate(), by a value that does not convert, by a repeat, by a combination.
            ("Kremlin", ["--limit", "-1"]),
            ("Kremlin", ["--limit", "x"]),
            ("Kremlin", ["--limit", "1", "--limit", "2"]),
            ("Kremlin", ["--by", "week"]),
            ("Kremlin", ["--by", "day", "--format", "csv"]),
            ("Kremlin", ["--json", "--format", "ndjson"]),
            ("Kremlin", ["--type", "planet"]),
            ("Kremlin", ["--color", "sometimes"]),
        ]
        for (name, options) in cases {
            let indexOptions = options.contains("--index") ? [] : ["--index", index]
            try Self.expectSameBothWays(["mentions", name] + options + indexOptions, ["mentions"] + options + indexOptions + ["--", name], label: "\(name) \(options)")
        }
    }

    /// `gazette related NAME` too (`RelatedCommand.parsedDirectly`), the same way as `mentions`.
    @Test func relatedReadDirectlyAndByArgumentParserAgree() throws {
        let index = Self.index
        let cases: [(name: String, options: [String])] = [
            ("Lavrov", []),
            ("Lavrov", ["--limit", "3"]),
            ("Moscow", ["--type", "place", "--min-shared", "1", "--json"]),
            ("Ukraine", ["--min-shared=3", "--limit=2"]),
            ("Kremlin", ["--format", "csv"]),
            ("Kremlin", ["--format=ndjson", "--limit", "1"]),
            ("Kremlin", ["--index", index, "--limit", "2"]),
            ("nobody-at-all", []),
            ("nobody-at-all", ["--json"]),
            // Refused the same way: by validate(), by a value that does not convert, by a repeat, by a combination.
            ("Kremlin", ["--limit", "-1"]),
            ("Kremlin", ["--min-shared", "0"]),
            ("Kremlin", ["--limit", "x"]),
            ("Kremlin", ["--type", "org", "--type", "place"]),
            ("Kremlin", ["--type", "planet"]),
            ("Kremlin", ["--json", "--format", "csv"]),
        ]
        for (name, options) in cases {
            let indexOptions = options.contains("--index") ? [] : ["--index", index]
            try Self.expectSameBothWays(["related", name] + options + indexOptions, ["related"] + options + indexOptions + ["--", name], label: "\(name) \(options)")
        }
    }
}
