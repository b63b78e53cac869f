import ArgumentParser
import GazetteSearch

extension EntitiesCommand {
    /// `gazette entities` with --type, --limit, --json, --format and --index, read without ArgumentParser, whose
    /// reflection over the command was a fifth of a one-shot listing (as for `search`,
    /// `SearchCommand.parsedDirectly`). Anything else — help, `--`, an argument, a repeated option other than
    /// --type and --index, a value that does not convert, a combination ArgumentParser refuses — returns nil, and
    /// ArgumentParser reads the arguments as before, so that every message and exit status stays its own.
    static func parsedDirectly(_ arguments: [String]) -> EntitiesRequest? {
        var options = DirectListingOptions()
        var scan = DirectArguments(arguments, repeatable: ["--type", "--index"])
        while let item = scan.next() {
            guard case .option(let option) = item, options.read(option, from: &scan) == .read else { return nil }
        }
        guard let format = options.resolvedFormat else { return nil }
        return EntitiesRequest(types: options.types.map(\.type), limit: options.limit ?? 30, format: format, index: options.index)
    }
}
