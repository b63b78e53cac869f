import ArgumentParser
import GazetteKit
import GazetteSearch

struct MentionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentions",
        abstract: "Show every mention of an entity across the corpus, in context, grouped by document.",
        discussion: """
            The name may be the canonical name or any form it was written as ("Sergei Lavrov", "Lavrov", \
            "U.S."). When it matches several entities, each is listed with its mentions; --type narrows it.
            """)

    @Argument(help: "The entity's name.")
    var name: String

    @Option(
        name: .long,
        help: "Only entities of this type (person, org, place, norp, date, money, percent); repeat for several.")
    var type: [EntityTypeOption] = []

    @Option(name: .long, parsing: .unconditional, help: "Show at most N documents per entity (0: the counts only).")
    var limit: Int = 20

    @OptionGroup var output: OutputFormatOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Count the mentions per day, month or year of the documents' publication dates instead of listing them.",
            valueName: "period"))
    var by: FacetReport.DateUnit?

    @Option(
        name: .long,
        help: ArgumentHelp("Index folder to read; repeat to read several indexes as one.", valueName: "dir"),
        completion: .directory)
    var index: [String] = ["index"]

    @Option(name: .long, help: "When to colour the output: auto, always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
        if by != nil && (output.resolved == .csv || output.resolved == .ndjson) {
            throw ValidationError("--by prints with text or JSON output, not \(output.resolved.rawValue)")
        }
    }

    func run() throws {
        try MentionsRequest(
            name: name, types: type.map(\.type), limit: limit, format: output.resolved, by: by, index: index, color: color
        ).run()
    }
}

extension FacetReport.DateUnit: ExpressibleByArgument {}
