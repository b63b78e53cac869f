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

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Segments searched at once, a core each, by a query that reads many documents, and threads building six hits or more (default: one per core; 1: one after the other).",
            valueName: "n"))
    var threads: Int = SearchOptions.cores

    @OptionGroup var output: OutputFormatOptions

    @Option(name: .long, help: "When to colour the output: auto, always, never.")
    var color: ColorChoice = .auto

    /// The same values, for `SearchRequest` to check and run.
    var request: SearchRequest {
        SearchRequest(
            query: query, batch: batch, index: index, limit: limit, offset: offset, sort: sort, facets: facets,
            paths: paths, count: count, snippets: snippets, explain: explain, exact: exact, titleBoost: titleBoost,
            proximity: proximity, proximityWindow: proximityWindow, threads: threads, json: output.json,
            format: output.format, color: color)
    }

    func validate() throws {
        try request.validate()
    }

    func run() throws {
        try request.run()
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
