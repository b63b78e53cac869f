import ArgumentParser
import GazetteIndex
import GazetteSearch

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index; prints ranked hits with highlighted snippets.",
        discussion: """
            Query syntax: "exact phrase", bare words (all must match), OR between clauses, -word / NOT word,
            -"phrase", parentheses, "phrase"~N, title:word, body:"a phrase", prefix*.
            Exit status: 0 when something matched, 1 when nothing did, 2 on an error.
            """)

    @Argument(help: "The query, e.g. '\"security guarantees\" Lavrov -Johnson'.")
    var query: String?

    @Option(name: .long, help: "Run one query per line of FILE ('-' for stdin) in one process; print NDJSON.")
    var batch: String?

    @Option(name: .long, help: "Index folder to read.")
    var index: String = "index"

    @Option(name: [.short, .long], help: "Number of hits to show.")
    var limit: Int = 10

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    @Option(name: .long, help: "When to colour the output: auto, always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
        guard (query == nil) != (batch == nil) else {
            throw ValidationError("give either a query or --batch FILE")
        }
    }

    func run() throws {
        let reader: IndexReader
        do {
            reader = try IndexReader(directory: index)
        } catch {
            throw Console.fail(error.description)
        }
        let searcher = Searcher(index: reader)
        if let batch {
            try runBatch(batch, searcher: searcher)
            return
        }
        let query = query ?? ""
        let width = Console.terminalWidth ?? 100
        let result: SearchResult
        do {
            result = try searcher.search(query, limit: limit, snippetWidth: min(max(width * 2, 120), 300))
        } catch {
            throw Console.fail(error.description)
        }
        for notice in searcher.notices { Console.warn(Terminal.sanitizeLine(notice)) }
        if json {
            Console.write(JSONRenderer.render(result) + "\n")
        } else {
            let useColor = shouldUseColor(color, isTTY: Console.stdoutIsTerminal, environment: Console.environment)
            Console.write(TerminalRenderer(color: useColor, width: width).render(result))
        }
        if result.total == 0 { throw ExitCode(1) }
    }
}

extension SearchCommand {
    /// One NDJSON line per query: {"query", "total", "took_us", "hits": [{"path", "score", "title"}]}, or
    /// {"query", "error"} for a query that cannot run. Timing covers parsing, matching, ranking and snippets.
    func runBatch(_ path: String, searcher: Searcher) throws {
        let lines: [String]
        do {
            lines = try BatchFile.lines(path)
        } catch {
            throw Console.fail(error.description)
        }
        let clock = ContinuousClock()
        for line in lines where !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
            var json = JSONWriter()
            json.beginObject()
            json.key("query"); json.string(line)
            let started = clock.now
            do {
                let result = try searcher.search(line, limit: limit)
                let elapsed = clock.now - started
                json.key("total"); json.number(result.total)
                json.key("took_us"); json.number(Int(elapsed / .microseconds(1)))
                json.key("hits")
                json.beginArray()
                for hit in result.hits {
                    json.beginObject()
                    json.key("path"); json.string(hit.path)
                    json.key("score"); json.number(hit.score)
                    json.endObject()
                }
                json.endArray()
            } catch {
                json.key("error"); json.string(error.description)
            }
            json.endObject()
            Console.write(json.output + "\n")
        }
    }
}

extension ColorChoice: ExpressibleByArgument {}