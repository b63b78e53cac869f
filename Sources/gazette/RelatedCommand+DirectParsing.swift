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
        var options = DirectListingOptions()
        var minimumShared: Int?
        // --type is one value here: a second is a repeat, refused.
        var scan = DirectArguments(arguments, repeatable: ["--index"])
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
                // Read `.unconditional`ly, as --limit.
                guard option == "--min-shared", let text = scan.value(unconditional: true), let number = Int(argument: text),
                      number >= 1
                else { return nil }
                minimumShared = number
            case .refused:
                return nil
            }
        }
        guard let name, let format = options.resolvedFormat else { return nil }
        return RelatedRequest(
            name: name, type: options.types.first?.type, limit: options.limit ?? 20, minimumShared: minimumShared ?? 2,
            format: format, index: options.index)
    }
}
