import ArgumentParser
import GazetteSearch

extension MentionsCommand {
    /// `gazette mentions NAME` with --type, --limit, --json, --format, --by, --index and --color, read without
    /// ArgumentParser, whose reflection over the command was a fifth of a one-shot look-up (as for `search`,
    /// `SearchCommand.parsedDirectly`). Anything else — help, `--`, a second name or none, a repeated option other
    /// than --type and --index, a value that does not convert, a combination the command refuses — returns nil,
    /// and ArgumentParser reads the arguments as before, so that every message and exit status stays its own.
    static func parsedDirectly(_ arguments: [String]) -> MentionsRequest? {
        var name: String?
        var types: [EntityTypeOption] = []
        var indexes: [String] = []
        var limit: Int?
        var json = false
        var format: ExportFormat?
        var by: FacetReport.DateUnit?
        var color = ColorChoice.auto
        var seen: Set<String> = []
        var position = 0
        while position < arguments.count {
            let argument = arguments[position]
            position += 1
            guard argument.hasPrefix("-") else {
                guard name == nil else { return nil }
                name = argument
                continue
            }
            guard argument.hasPrefix("--") else { return nil }
            var option = argument
            var attached: String?
            if let equals = argument.firstIndex(of: "=") {
                option = String(argument[..<equals])
                attached = String(argument[argument.index(after: equals)...])
            }
            if option != "--type" && option != "--index" {
                guard seen.insert(option).inserted else { return nil }
            }
            // The option's value: the next argument, which for --limit (read `.unconditional`ly) may start with
            // '-' and for the others may not.
            func value(unconditional: Bool) -> String? {
                if let attached { return attached }
                guard position < arguments.count else { return nil }
                let next = arguments[position]
                if !unconditional, next.hasPrefix("-") { return nil }
                position += 1
                return next
            }
            switch option {
            case "--type":
                guard let text = value(unconditional: false), let type = EntityTypeOption(argument: text) else { return nil }
                types.append(type)
            case "--index":
                guard let path = value(unconditional: false) else { return nil }
                indexes.append(path)
            case "--limit":
                guard let text = value(unconditional: true), let number = Int(argument: text), number >= 0 else {
                    return nil
                }
                limit = number
            case "--format":
                guard let text = value(unconditional: false), let chosen = ExportFormat(argument: text) else { return nil }
                format = chosen
            case "--by":
                guard let text = value(unconditional: false), let unit = FacetReport.DateUnit(argument: text) else {
                    return nil
                }
                by = unit
            case "--color":
                guard let text = value(unconditional: false), let choice = ColorChoice(argument: text) else { return nil }
                color = choice
            case "--json":
                guard attached == nil else { return nil }
                json = true
            default:
                return nil
            }
        }
        guard let name else { return nil }
        if json, let format, format != .json { return nil }
        let resolved = format ?? (json ? .json : .text)
        if by != nil && (resolved == .csv || resolved == .ndjson) { return nil }
        return MentionsRequest(
            name: name, types: types.map(\.type), limit: limit ?? 20, format: resolved, by: by,
            index: indexes.isEmpty ? ["index"] : indexes, color: color)
    }
}
