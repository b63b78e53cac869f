#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser

struct Gazette: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette",
        abstract: "Full-text search for article collections: ranked phrase search with highlighted snippets.",
        discussion: "Exit status: 0 when something was found or done, 1 when nothing was found, 2 on an error.",
        version: "0.1.0",
        subcommands: [
            IndexCommand.self, SearchCommand.self, MentionsCommand.self, EntitiesCommand.self, AnnotateCommand.self,
            EntityCommand.self, StatsCommand.self, VerifyCommand.self, OptimizeCommand.self, ExtractCommand.self,
            RelatedCommand.self, ServeCommand.self,
        ]
    )

    /// Exits as ArgumentParser would, except that a usage error exits 2, as grep's and ripgrep's do: scripts
    /// tell "nothing found" (1) from "could not run" (2) by the status alone.
    static func exitReportingUsage(_ error: Error) -> Never {
        // A status the command chose (nothing found, or an error it has already reported) needs no message:
        // asking ArgumentParser for one builds the help of every command first, 5 M instructions, more than
        // a whole one-shot search that finds something.
        if let status = error as? ExitCode { Glibc.exit(status.rawValue) }
        guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
        Console.warn(fullMessage(for: error))
        Glibc.exit(2)
    }

    /// A message for a first argument that is no command ("searh"), naming the closest command when one is near
    /// it; nil when the first argument is a command, an option or absent.
    static func unknownSubcommand(in arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), first != "help" else { return nil }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName }
        guard !names.contains(first) else { return nil }
        let scored = names.map { (name: $0, distance: editDistance(first.lowercased(), $0)) }
        if let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= max(1, best.name.count / 3) {
            return "'\(first)' is not a gazette command; did you mean '\(best.name)'?"
        }
        return "'\(first)' is not a gazette command; commands: " + names.joined(separator: ", ")
    }

    /// Damerau–Levenshtein distance (adjacent transpositions count one), on Unicode scalars.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var table = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { table[i][0] = i }
        for j in 0...y.count { table[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[x.count][y.count]
    }
}
