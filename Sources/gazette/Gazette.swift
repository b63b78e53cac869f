import ArgumentParser

struct Gazette: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette",
        abstract: "Full-text search for article collections: ranked phrase search with highlighted snippets.",
        version: "0.1.0",
        subcommands: [
            IndexCommand.self, SearchCommand.self, MentionsCommand.self, EntitiesCommand.self, AnnotateCommand.self,
            EntityCommand.self, StatsCommand.self, VerifyCommand.self, OptimizeCommand.self, ExtractCommand.self,
        ]
    )
}
