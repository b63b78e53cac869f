import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import GazetteIngest
import GazetteKit
import GazetteSearch

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index; prints ranked hits with highlighted snippets.",
        discussion: """
            Query syntax: bare words must all match (AND; AND and && may be written); "exact phrase"; \
            "a phrase"~N (the words within N moves of each other, in any order); a OR b (||); -word, NOT word \
            and -"phrase" exclude; +word requires; ( ) group; title:word and body:"a phrase" restrict to a \
            field; prefix* matches words starting with prefix (2+ characters); person:, org:, place:, norp:, \
            date: and entity: match documents mentioning an entity. NOT binds tighter than AND, AND tighter \
            than OR. A query starting with '-' goes after '--': gazette search -- -word other.

            Ranking: BM25F over title and body (a title occurrence weighs --title-boost body occurrences), \
            plus a boost for bare words standing close together (--proximity); equal scores in path order.

            Exit status: 0 when something matched, 1 when nothing did, 2 on an error.
            """)

    @Argument(help: "The query, e.g. '\"security guarantees\" Lavrov -Johnson'.")
    var query: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Run one query per line of FILE ('-' for stdin) in one process; print NDJSON.", valueName: "file"),
        completion: .file())
    var batch: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Index folder to read; repeat to search several indexes as one (statistics over all of them).",
            valueName: "dir"),
        completion: .directory)
    var index: [String] = ["index"]

    @Option(
        name: [.short, .long], parsing: .unconditional,
        help: ArgumentHelp("Number of hits to show (default 10; with --paths: every match).", valueName: "n"))
    var limit: Int?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Skip the first N hits (for paging).", valueName: "n"))
    var offset: Int = 0

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Order of the hits: score (best first), date (oldest first) or -date (newest first); undated last.",
            valueName: "order"))
    var sort: SearchSort = .score

    @Option(
        name: .long,
        help: ArgumentHelp(
            "After the hits, the top values over every matching document: person, org, place, norp, date, source, folder (comma-separated; all when no list is given).",
            valueName: "list"))
    var facets: String?

    @Flag(name: .long, help: "Print paths only, one per line, best first (like rg -l).")
    var paths = false

    @Flag(name: .long, help: "Print only the number of matching documents.")
    var count = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Snippets per hit: up to N non-overlapping excerpts.", valueName: "n"))
    var snippets: Int = 1

    @Flag(name: .long, help: "Break each hit's score down by clause, field and factor.")
    var explain = false

    @Flag(name: .long, help: "Match accents as typed (café is not cafe), as =word does for one word.")
    var exact = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Weight of a title occurrence against a body one (BM25F).", valueName: "x"))
    var titleBoost: Double = 2

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Weight of the boost for bare words standing close together (0 turns it off).", valueName: "x"))
    var proximity: Double = Ranking().proximityWeight

    @Option(name: .long, parsing: .unconditional, help: .private)
    var proximityWindow: Int = Ranking().proximityWindow

    @OptionGroup var output: OutputFormatOptions

    private var json: Bool { output.resolved == .json }

    @Option(name: .long, help: "When to colour the output: auto, always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        if let facets { _ = try Self.facetKinds(facets) }
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        guard offset >= 0 else { throw ValidationError("--offset must be 0 or more") }
        guard snippets >= 0 else { throw ValidationError("--snippets must be 0 or more") }
        guard titleBoost.isFinite, titleBoost >= 0 else { throw ValidationError("--title-boost must be 0 or more") }
        guard proximity.isFinite, proximity >= 0 else { throw ValidationError("--proximity must be 0 or more") }
        guard (query == nil) != (batch == nil) else {
            throw ValidationError("give either a query or --batch FILE")
        }
        if paths && count { throw ValidationError("--paths and --count cannot be combined") }
        if paths && output.resolved != .text {
            throw ValidationError("--paths prints plain paths; use --format \(output.resolved.rawValue) alone")
        }
        if count && (output.resolved == .csv || output.resolved == .ndjson) {
            throw ValidationError("--count prints a number; --json gives it as an object")
        }
        if facets != nil && (paths || count) {
            throw ValidationError("--facets prints after the hits; drop --paths/--count (--limit 0 shows the facets alone)")
        }
        if facets != nil && (output.resolved == .csv || output.resolved == .ndjson) {
            throw ValidationError("--facets prints with text or JSON output, not \(output.resolved.rawValue)")
        }
        if (paths || count) && explain { throw ValidationError("--explain needs the hits: drop --paths/--count") }
        if batch != nil && (paths || count || explain) {
            throw ValidationError("--batch prints NDJSON; --paths, --count and --explain do not apply")
        }
    }

    var ranking: Ranking {
        Ranking(titleBoost: titleBoost, proximityWeight: proximity, proximityWindow: proximityWindow)
    }

    func run() throws {
        let session: SearchSession
        do {
            session = try SearchSession(indexFolders: index, ranking: ranking)
        } catch {
            throw Console.fail(error)
        }
        if let batch {
            try runBatch(batch, session: session)
            return
        }
        let query = exact ? QueryParser.markingExact(query ?? "") : query ?? ""
        let width = Console.outputWidth
        var options = SearchOptions(
            limit: limit ?? 10, offset: offset, snippetWidth: Console.snippetWidth(lineWidth: width),
            snippets: snippets, explain: explain)
        options.sort = sort
        options.listsEntities = output.resolved != .text
        if count {
            options.limit = 0
            options.offset = 0
        } else if paths {
            options.limit = limit ?? Int.max
            options.snippets = 0
            options.readsDocuments = false
        }
        let result: SearchResult
        do {
            result = try session.search(query, options: options)
        } catch {
            throw Console.fail(error)
        }
        for notice in result.notices { Console.warn(Terminal.sanitizeLine(notice)) }
        var facetReport: FacetReport?
        let facetKinds = try facets.map { try Self.facetKinds($0) } ?? []
        if !facetKinds.isEmpty {
            do {
                facetReport = try session.facets(query, types: facetKinds.compactMap(\.entityType), perGroup: 10)
            } catch {
                throw Console.fail(error)
            }
        }
        if count {
            if json {
                var writer = JSONWriter()
                writer.beginObject()
                writer.field("query", result.query)
                writer.field("total", result.total)
                writer.endObject()
                Console.write(writer.output + "\n")
            } else {
                Console.write("\(result.total)\n")
            }
        } else if paths {
            // Paths that open from here, as rg -l's do: relative to the current folder when the file is under
            // it, else absolute; the stored path when the index records no corpus folder.
            let here = CorpusWalker.realPath(".").map { $0.hasSuffix("/") ? $0 : $0 + "/" }
            var lines = ""
            for hit in result.hits {
                var path = hit.file ?? hit.path
                if let here, hit.file != nil, path.hasPrefix(here) { path.removeFirst(here.count) }
                lines += Terminal.sanitizeLine(path) + "\n"
            }
            Console.write(lines)
        } else if output.resolved == .csv {
            Console.write(ExportRenderer.csv(result))
        } else if output.resolved == .ndjson {
            Console.write(ExportRenderer.ndjson(result, multipleSnippets: snippets > 1))
        } else if json {
            Console.write(
                JSONRenderer.render(
                    result, multipleSnippets: snippets > 1, facets: facetReport.map { ($0, facetKinds) }) + "\n")
        } else {
            let useColor = shouldUseColor(color, isTTY: Console.stdoutIsTerminal, environment: Console.colorEnvironment)
            let renderer = TerminalRenderer(color: useColor, width: width)
            var text = renderer.render(result)
            if let facetReport { text += "\n" + renderer.render(facets: facetReport, kinds: facetKinds) }
            Console.write(text)
        }
        // Everything is written (Console writes unbuffered); leaving now skips tearing down the mapped index
        // and the searcher's buffers, which a one-shot search would otherwise pay for on its way out.
        Glibc.exit(result.total == 0 ? 1 : 0)
    }
}

extension SearchCommand {
    /// One NDJSON line per query: {"query", "total", "took_us", "hits": [{"path", "score"}]} (each hit also with
    /// "index" when several indexes are searched), or {"query", "error"} for a query that cannot run. Timing covers
    /// parsing, matching, ranking and snippets (--snippets 0: no stored document is read). --limit, --offset,
    /// --snippets and the ranking options apply.
    func runBatch(_ path: String, session: SearchSession) throws {
        let lines: [String]
        do {
            lines = try BatchFile.lines(path)
        } catch {
            throw Console.fail(error)
        }
        var options = SearchOptions(limit: limit ?? 10, offset: offset, snippets: snippets)
        options.sort = sort
        // A line shows paths and scores only: without snippets no stored document needs reading (the paths come
        // from the file catalog), which leaves the time of matching and ranking alone.
        options.readsDocuments = snippets > 0
        let clock = ContinuousClock()
        var failed = 0
        for line in lines where !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
            var json = JSONWriter()
            json.beginObject()
            json.key("query"); json.string(line)
            let started = clock.now
            do {
                let result = try session.search(exact ? QueryParser.markingExact(line) : line, options: options)
                let elapsed = clock.now - started
                json.key("total"); json.number(result.total)
                json.key("took_us"); json.number(Int(elapsed / .microseconds(1)))
                json.key("hits")
                json.beginArray()
                for hit in result.hits {
                    json.beginObject()
                    json.key("path"); json.string(hit.path)
                    if let index = hit.index { json.key("index"); json.string(index) }
                    json.key("score"); json.number(hit.score)
                    json.endObject()
                }
                json.endArray()
            } catch {
                json.key("error"); json.string(error.description)
                failed += 1
            }
            json.endObject()
            Console.write(json.output + "\n")
        }
        // Every query got its line; the status says whether any of them could not run.
        if failed > 0 {
            Console.warn("gazette: \(failed) quer\(failed == 1 ? "y" : "ies") of the batch could not run (\"error\" on their lines)")
            throw ExitCode(2)
        }
    }
}

extension ColorChoice: ExpressibleByArgument {}

extension Console {
    /// Columns to lay text out in: the terminal's width, else $COLUMNS, else 100.
    static var outputWidth: Int {
        if let width = terminalWidth { return width }
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 { return columns }
        return 100
    }

    static func snippetWidth(lineWidth: Int) -> Int {
        TerminalRenderer.snippetWidth(lineWidth: lineWidth)
    }
}

extension SearchSort: ExpressibleByArgument {}

extension SearchCommand {
    /// `--facets person,date`: the kinds asked for, in the order given; "all" (or a bare `--facets`) for every kind.
    static func facetKinds(_ list: String) throws -> [FacetKind] {
        if list == "all" { return FacetKind.allCases }
        var kinds: [FacetKind] = []
        for name in list.split(separator: ",", omittingEmptySubsequences: true) {
            let trimmed = String(name.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed()).lowercased()
            guard let kind = FacetKind(rawValue: trimmed) else {
                throw ValidationError(
                    "--facets: unknown facet '\(trimmed)' (known: \(FacetKind.allCases.map(\.rawValue).joined(separator: ", ")), all)")
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        guard !kinds.isEmpty else { throw ValidationError("--facets needs a facet (\(FacetKind.allCases.map(\.rawValue).joined(separator: ",")))") }
        return kinds
    }

    /// `gazette search q --facets` with no list means every facet: ArgumentParser has no option with an optional
    /// value, so a `--facets` followed by nothing or by another option gets "all" inserted after it. Only for
    /// `search`, and never after `--`.
    static func givingBareFacetsAValue(_ arguments: [String]) -> [String] {
        guard arguments.first == "search" else { return arguments }
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            result.append(argument)
            if argument == "--" {
                result.append(contentsOf: arguments[(index + 1)...])
                break
            }
            if argument == "--facets" {
                let next = index + 1 < arguments.count ? arguments[index + 1] : nil
                if next == nil || next!.hasPrefix("-") {
                    result.append("all")
                }
            }
            index += 1
        }
        return result
    }
}
