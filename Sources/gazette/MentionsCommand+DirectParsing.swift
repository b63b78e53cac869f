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
        var options = DirectListingOptions()
        var by: FacetReport.DateUnit?
        var color = ColorChoice.auto
        var scan = DirectArguments(arguments, repeatable: ["--type", "--index"])
        while let item = scan.next() {
            switch item {
            case .positional(let argument):
                guard name == nil else { return nil }
                name = argument
            case .option(let option):
                switch options.read(option, from: &scan) {
                case .read: continue
                case .refused: return nil
                case .notMine: break
                }
                if option == "--by", let text = scan.value(unconditional: false), let unit = FacetReport.DateUnit(argument: text) {
                    by = unit
                } else if option == "--color", let text = scan.value(unconditional: false),
                          let choice = ColorChoice(argument: text) {
                    color = choice
                } else {
                    return nil
                }
            case .refused:
                return nil
            }
        }
        guard let name, let format = options.resolvedFormat else { return nil }
        if by != nil && (format == .csv || format == .ndjson) { return nil }
        return MentionsRequest(
            name: name, types: options.types.map(\.type), limit: options.limit ?? 20, format: format, by: by,
            index: options.index, color: color)
    }
}
