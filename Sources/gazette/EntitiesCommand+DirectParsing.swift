import ArgumentParser
import GazetteSearch

extension EntitiesCommand {
    /// `gazette entities` with --type, --limit, --json, --format and --index, read without ArgumentParser, whose
    /// reflection over the command was a fifth of a one-shot listing (as for `search`,
    /// `SearchCommand.parsedDirectly`). Anything else — help, `--`, an argument, a repeated option other than
    /// --type and --index, a value that does not convert, a combination ArgumentParser refuses — returns nil, and
    /// ArgumentParser reads the arguments as before, so that every message and exit status stays its own.
    static func parsedDirectly(_ arguments: [String]) -> EntitiesRequest? {
        var types: [EntityTypeOption] = []
        var indexes: [String] = []
        var limit: Int?
        var json = false
        var format: ExportFormat?
        var seen: Set<String> = []
        var position = 0
        while position < arguments.count {
            let argument = arguments[position]
            position += 1
            guard argument.hasPrefix("--") else { return nil }
            var name = argument
            var attached: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                attached = String(argument[argument.index(after: equals)...])
            }
            if name != "--type" && name != "--index" {
                guard seen.insert(name).inserted else { return nil }
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
            switch name {
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
            case "--json":
                guard attached == nil else { return nil }
                json = true
            default:
                return nil
            }
        }
        if json, let format, format != .json { return nil }
        return EntitiesRequest(
            types: types.map(\.type), limit: limit ?? 30, format: format ?? (json ? .json : .text),
            index: indexes.isEmpty ? ["index"] : indexes)
    }
}
