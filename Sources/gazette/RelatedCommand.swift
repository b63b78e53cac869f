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

    private var json: Bool { output.resolved == .json }

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
        let found: RelatedReport?
        do {
            found = try SearchSession(indexFolders: index).related(
                to: name, type: type?.type, minimumShared: minShared, limit: limit)
        } catch {
            throw Console.fail(error)
        }
        guard let report = found else {
            if json {
                var writer = JSONWriter()
                writer.beginObject()
                writer.field("query", name)
                writer.field("entity", nil as String?)
                writer.key("related")
                writer.beginArray()
                writer.endArray()
                writer.endObject()
                Console.write(writer.output + "\n")
            } else {
                Console.warn("no entity matches '\(Terminal.sanitizeLine(name))'")
            }
            throw ExitCode(1)
        }
        switch output.resolved {
        case .json: Console.write(JSONRenderer.render(related: report) + "\n")
        case .csv: Console.write(ExportRenderer.csv(related: report))
        case .ndjson: Console.write(ExportRenderer.ndjson(related: report))
        case .text: Console.write(render(report))
        }
        if report.related.isEmpty { throw ExitCode(1) }
    }

    /// "14.2": G² to one decimal, rounded half up.
    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    private func render(_ report: RelatedReport) -> String {
        let entity = report.entity
        var text = Terminal.sanitizeText(entity.canonical) + " (\(Terminal.sanitizeLine(entity.type))), "
            + "\(entity.documentCount) document\(entity.documentCount == 1 ? "" : "s")"
        if !report.others.isEmpty {
            text += "; the name also refers to " + report.others.prefix(4).map {
                Terminal.sanitizeText($0.canonical) + " (" + Terminal.sanitizeLine($0.type) + ")"
            }.joined(separator: ", ") + " (--type)"
        }
        text += "\n"
        guard !report.related.isEmpty else {
            return text + "no entity shares \(report.minimumShared) or more of its documents more often than chance (--min-shared)\n"
        }
        text += "\n"
        let width = min(40, report.related.map { $0.entity.canonical.count }.max() ?? 0)
        for (rank, co) in report.related.enumerated() {
            let name = Terminal.sanitizeText(co.entity.canonical)
            let padding = String(repeating: " ", count: max(1, width - name.count + 1))
            let type = Terminal.sanitizeLine(co.entity.type)
            let typeColumn: String = type + String(repeating: " ", count: max(1, 8 - type.count))
            let shared: String = "\(co.sharedDocuments) shared".leftPadded(to: 10)
            let documents: String = "\(co.entity.documentCount)".leftPadded(to: 4)
            let rankColumn: String = "\(rank + 1)".leftPadded(to: 4)
            text += rankColumn + ". " + name + padding + typeColumn + shared + " of " + documents
            text += "   G² " + Self.oneDecimal(co.score) + "\n"
            if let first = co.examples.first {
                text += "        " + Terminal.sanitizeLine(first)
                    + (co.sharedDocuments > 1 ? " and \(co.sharedDocuments - 1) more" : "") + "\n"
            }
        }
        return text
    }
}
