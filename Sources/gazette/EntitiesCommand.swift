import ArgumentParser
import GazetteKit
import GazetteSearch

struct EntitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "List the corpus's entities, ranked by the number of documents that mention them.")

    @Option(
        name: .long,
        help: "Only entities of this type (person, org, place, norp, date, money, percent); repeat for several.")
    var type: [EntityTypeOption] = []

    @Option(name: .long, parsing: .unconditional, help: "Show at most N entities (0: the count only).")
    var limit: Int = 30

    @OptionGroup var output: OutputFormatOptions

    @Option(
        name: .long,
        help: ArgumentHelp("Index folder to read; repeat to read several indexes as one.", valueName: "dir"),
        completion: .directory)
    var index: [String] = ["index"]

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        try EntitiesRequest(types: type.map(\.type), limit: limit, format: output.resolved, index: index).run()
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
