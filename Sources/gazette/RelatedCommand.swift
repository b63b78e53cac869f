import ArgumentParser
import GazetteKit
import GazetteSearch

struct RelatedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "related",
        abstract: "Show the entities named in the same documents as an entity, strongest association first.",
        discussion: """
            Ranked by Dunning's log-likelihood ratio (G²) over documents: how much more often than chance the two \
            are named together, so the corpus's most frequent names do not top every list. Only entities sharing at \
            least --min-shared documents count; each line gives the documents shared, the other entity's documents \
            and G², then the first shared documents.
            """)

    @Argument(help: "The entity's name: canonical or any form it was written as.")
    var name: String

    @Option(name: .long, help: "The entity's type, when the name refers to several (person, org, place, norp, date, money, percent).")
    var type: EntityTypeOption?

    @Option(name: .long, parsing: .unconditional, help: "Show at most N related entities.")
    var limit: Int = 20

    @Option(name: .long, parsing: .unconditional, help: "Count only entities sharing at least N documents.")
    var minShared: Int = 2

    @OptionGroup var output: OutputFormatOptions

    @Option(
        name: .long,
        help: ArgumentHelp("Index folder to read; repeat to read several indexes as one.", valueName: "dir"),
        completion: .directory)
    var index: [String] = ["index"]

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
        guard minShared >= 1 else { throw ValidationError("--min-shared must be 1 or more") }
    }

    func run() throws {
        try RelatedRequest(
            name: name, type: type?.type, limit: limit, minimumShared: minShared, format: output.resolved, index: index
        ).run()
    }

    /// "14.2": G² to one decimal, rounded half up.
    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
