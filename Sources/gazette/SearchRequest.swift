import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import GazetteIngest
import GazetteKit
import GazetteSearch

/// What `gazette search` is asked to do, as plain values: checked and run the same way whether ArgumentParser
/// read the arguments (`SearchCommand.request`) or `SearchCommand.parsedDirectly` did. The direct reader builds
/// this and never a `SearchCommand`, whose property wrappers' set-up (ArgumentParser's name sets and generic
/// metadata) was about a twentieth of a one-shot search.
struct SearchRequest {
    var query: String?
    var batch: String?
    var index: [String] = ["index"]
    var limit: Int?
    var offset = 0
    var sort = SearchSort.score
    var facets: String?
    var paths = false
    var count = false
    var snippets = 1
    var explain = false
    var exact = false
    var titleBoost = 2.0
    var proximity = Ranking().proximityWeight
    var proximityWindow = Ranking().proximityWindow
    var threads = SearchOptions.cores
    /// --json and --format as given; `OutputFormatOptions` documents them.
    var json = false
    var format: ExportFormat?
    var color = ColorChoice.auto

    /// The output asked for: --format, else JSON with --json, else text.
    var output: ExportFormat { format ?? (json ? .json : .text) }

    func validate() throws {
        if json, let format, format != .json {
            throw ValidationError("--json and --format \(format.rawValue) ask for different outputs; give one of them")
        }
        if let facets { _ = try SearchCommand.facetKinds(facets) }
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        guard offset >= 0 else { throw ValidationError("--offset must be 0 or more") }
        guard snippets >= 0 else { throw ValidationError("--snippets must be 0 or more") }
        guard titleBoost.isFinite, titleBoost >= 0 else { throw ValidationError("--title-boost must be 0 or more") }
        guard proximity.isFinite, proximity >= 0 else { throw ValidationError("--proximity must be 0 or more") }
        guard threads >= 1 else { throw ValidationError("--threads must be 1 or more") }
        guard (query == nil) != (batch == nil) else {
            throw ValidationError("give either a query or --batch FILE")
        }
        if paths && count { throw ValidationError("--paths and --count cannot be combined") }
        if paths && output != .text {
            throw ValidationError("--paths prints plain paths; use --format \(output.rawValue) alone")
        }
        if count && (output == .csv || output == .ndjson) {
            throw ValidationError("--count prints a number; --json gives it as an object")
        }
        if facets != nil && (paths || count) {
            throw ValidationError("--facets prints after the hits; drop --paths/--count (--limit 0 shows the facets alone)")
        }
        if facets != nil && (output == .csv || output == .ndjson) {
            throw ValidationError("--facets prints with text or JSON output, not \(output.rawValue)")
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
        options.threads = threads
        options.listsEntities = output != .text
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
        let facetKinds = try facets.map { try SearchCommand.facetKinds($0) } ?? []
        if !facetKinds.isEmpty {
            do {
                facetReport = try session.facets(query, types: facetKinds.compactMap(\.entityType), perGroup: 10)
            } catch {
                throw Console.fail(error)
            }
        }
        if count {
            if output == .json {
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
        } else if output == .csv {
            Console.write(ExportRenderer.csv(result))
        } else if output == .ndjson {
            Console.write(ExportRenderer.ndjson(result, multipleSnippets: snippets > 1))
        } else if output == .json {
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
        options.threads = threads
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
