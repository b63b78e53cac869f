import ArgumentParser
import GazetteSearch

/// The options `entities`, `mentions` and `related` share (--type, --index, --limit, --json, --format), as their
/// direct readers read them (`DirectArguments`).
struct DirectListingOptions {
    var types: [EntityTypeOption] = []
    var indexes: [String] = []
    var limit: Int?
    var json = false
    var format: ExportFormat?

    enum Outcome { case read, notMine, refused }

    /// Reads `option`, just scanned, when it is one of these; `refused` for a value that does not convert or a
    /// limit below 0 (the commands' `validate` refuses it).
    mutating func read(_ option: String, from scan: inout DirectArguments) -> Outcome {
        switch option {
        case "--type":
            guard let text = scan.value(unconditional: false), let type = EntityTypeOption(argument: text) else {
                return .refused
            }
            types.append(type)
        case "--index":
            guard let path = scan.value(unconditional: false) else { return .refused }
            indexes.append(path)
        case "--limit":
            // Read `.unconditional`ly: "--limit -1" is a value, refused by `validate`.
            guard let text = scan.value(unconditional: true), let number = Int(argument: text), number >= 0 else {
                return .refused
            }
            limit = number
        case "--format":
            guard let text = scan.value(unconditional: false), let chosen = ExportFormat(argument: text) else {
                return .refused
            }
            format = chosen
        case "--json":
            guard scan.isFlag else { return .refused }
            json = true
        default:
            return .notMine
        }
        return .read
    }

    /// The output asked for; nil when --json and another --format contradict each other.
    var resolvedFormat: ExportFormat? {
        if json, let format, format != .json { return nil }
        return format ?? (json ? .json : .text)
    }

    var index: [String] { indexes.isEmpty ? ["index"] : indexes }
}
