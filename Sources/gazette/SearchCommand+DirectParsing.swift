import ArgumentParser
import GazetteSearch

extension SearchCommand {
    /// The common one-shot forms of `gazette search` (a query with --index, --limit, --json, --paths, --facets, …), read
    /// without ArgumentParser.
    ///
    /// ArgumentParser builds its picture of a command by reflection (a `Mirror` over every property, generic
    /// metadata for every `Option<T>`, dynamic casts whose conformance look-ups scan the whole binary's
    /// conformance records): about a quarter of a one-shot search's time. Anything this reader does not know for
    /// sure — help, `--`, a repeated option, an option it does not read, a value that does not convert, a
    /// combination `validate()` refuses — returns nil, and ArgumentParser parses the arguments as before, so
    /// that every message and exit status stays ArgumentParser's. An accepted command is the one ArgumentParser
    /// would build from the same arguments (checked by `DirectParsingTests`), as the `SearchRequest` it stands for
    /// (no `SearchCommand` is built: its property wrappers' set-up is what this reader saves).
    static func parsedDirectly(_ arguments: [String]) -> SearchRequest? {
        var query: String?
        var indexes: [String] = []
        var limit: Int?
        var offset = 0
        var sort = SearchSort.score
        var paths = false, count = false, explain = false, exact = false, json = false
        var snippets = 1
        var titleBoost = 2.0
        var proximity = Ranking().proximityWeight
        var format: ExportFormat?
        var facets: String?
        var color = ColorChoice.auto

        var scan = DirectArguments(arguments, repeatable: ["--index"], shortNames: ["-l": "--limit"])
        while let item = scan.next() {
            guard case .option(let name) = item else {
                guard case .positional(let argument) = item, query == nil else { return nil }
                query = argument
                continue
            }
            // The option's value; options read `.unconditional`ly take one starting with '-' (`--limit -1`,
            // `--sort -date`).
            func value(unconditional: Bool) -> String? { scan.value(unconditional: unconditional) }
            func flag() -> Bool? { scan.isFlag ? true : nil }
            switch name {
            case "--index":
                guard let path = value(unconditional: false) else { return nil }
                indexes.append(path)
            case "--limit", "-l":
                guard let text = value(unconditional: true), let number = Int(argument: text) else { return nil }
                limit = number
            case "--offset":
                guard let text = value(unconditional: true), let number = Int(argument: text) else { return nil }
                offset = number
            case "--snippets":
                guard let text = value(unconditional: true), let number = Int(argument: text) else { return nil }
                snippets = number
            case "--sort":
                guard let text = value(unconditional: true), let order = SearchSort(argument: text) else { return nil }
                sort = order
            case "--title-boost":
                guard let text = value(unconditional: true), let number = Double(argument: text) else { return nil }
                titleBoost = number
            case "--proximity":
                guard let text = value(unconditional: true), let number = Double(argument: text) else { return nil }
                proximity = number
            case "--format":
                guard let text = value(unconditional: false), let chosen = ExportFormat(argument: text) else { return nil }
                format = chosen
            case "--facets":
                // A bare --facets has its "all" already (`givingBareFacetsAValue`).
                guard let list = value(unconditional: false) else { return nil }
                facets = list
            case "--color":
                guard let text = value(unconditional: false), let choice = ColorChoice(argument: text) else { return nil }
                color = choice
            case "--paths":
                guard let set = flag() else { return nil }
                paths = set
            case "--count":
                guard let set = flag() else { return nil }
                count = set
            case "--explain":
                guard let set = flag() else { return nil }
                explain = set
            case "--exact":
                guard let set = flag() else { return nil }
                exact = set
            case "--json":
                guard let set = flag() else { return nil }
                json = set
            default:
                return nil
            }
        }
        guard query != nil else { return nil }

        let request = SearchRequest(
            query: query, batch: nil, index: indexes.isEmpty ? ["index"] : indexes, limit: limit, offset: offset,
            sort: sort, facets: facets, paths: paths, count: count, snippets: snippets, explain: explain, exact: exact,
            titleBoost: titleBoost, proximity: proximity, proximityWindow: Ranking().proximityWindow, json: json,
            format: format, color: color)
        do {
            try request.validate()
        } catch {
            return nil
        }
        return request
    }
}
