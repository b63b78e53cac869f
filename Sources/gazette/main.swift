#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser

/// `gazette search` is the command run once per query from scripts and shells, so its start-up counts:
/// parsing it as a subcommand of the whole tool makes ArgumentParser reflect over every command, a sizeable
/// share of a one-shot search. A search is therefore read directly when it has one of the common forms
/// (`SearchCommand.parsedDirectly`), else parsed by its own command; when that fails too (a usage error, help,
/// a completion request) the whole tool parses it again, so messages and help read exactly as for any other
/// command. `gazette entities`, `mentions` and `related` are read directly too when they can be, and handed to
/// ArgumentParser as a whole when not.
let arguments = SearchCommand.givingBareFacetsAValue(Array(CommandLine.arguments.dropFirst()))
let rest = Array(arguments.dropFirst())
let direct: (any DirectRequest)? = switch arguments.first {
case "search": SearchCommand.parsedDirectly(rest) ?? (try? SearchCommand.parse(rest))?.request
case "entities": EntitiesCommand.parsedDirectly(rest)
case "mentions": MentionsCommand.parsedDirectly(rest)
case "related": RelatedCommand.parsedDirectly(rest)
default: nil
}
if let direct {
    do {
        try direct.run()
    } catch {
        Gazette.exitReportingUsage(error)
    }
} else {
    if let unknown = Gazette.unknownSubcommand(in: arguments) {
        Console.warn("gazette: error: " + Terminal.sanitizeLine(unknown))
        exit(2)
    }
    do {
        var command = try Gazette.parseAsRoot(arguments)
        try command.run()
    } catch {
        Gazette.exitReportingUsage(error)
    }
}
