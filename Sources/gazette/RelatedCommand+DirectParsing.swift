import ArgumentParser
import GazetteSearch

extension RelatedCommand {
    /// `gazette related NAME` with --type, --limit, --min-shared, --json, --format and --index, read without
    /// ArgumentParser (as for `search`, `SearchCommand.parsedDirectly`). Anything else — help, `--`, a second name
    /// or none, a repeated option other than --index, a value that does not convert, a combination the command
    /// refuses — returns nil, and ArgumentParser reads the arguments as before, so that every message and exit
    /// status stays its own.
    static func parsedDirectly(_ arguments: [String]) -> RelatedRequest? {
        var name: String?
        var type: EntityTypeOption?
        var indexes: [String] = []
        var limit: Int?, minimumShared: Int?
        var json = false
        var format: ExportFormat?
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
            if option != "--index" {
                guard seen.insert(option).inserted else { return nil }
            }
            // The option's value: the next argument, which for --limit and --min-shared (read `.unconditional`ly)
            // may start with '-' and for the others may not.
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
                guard let text = value(unconditional: false), let chosen = EntityTypeOption(argument: text) else { return nil }
                type = chosen
            case "--index":
                guard let path = value(unconditional: false) else { return nil }
                indexes.append(path)
            case "--limit":
                guard let text = value(unconditional: true), let number = Int(argument: text), number >= 0 else {
                    return nil
                }
                limit = number
            case "--min-shared":
                guard let text = value(unconditional: true), let number = Int(argument: text), number >= 1 else {
                    return nil
                }
                minimumShared = number
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
        guard let name else { return nil }
        if json, let format, format != .json { return nil }
        return RelatedRequest(
            name: name, type: type?.type, limit: limit ?? 20, minimumShared: minimumShared ?? 2,
            format: format ?? (json ? .json : .text), index: indexes.isEmpty ? ["index"] : indexes)
    }
}
