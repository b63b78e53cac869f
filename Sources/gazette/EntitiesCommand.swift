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

    private var json: Bool { output.resolved == .json }

    @Option(
        name: .long,
        help: ArgumentHelp("Index folder to read; repeat to read several indexes as one.", valueName: "dir"),
        completion: .directory)
    var index: [String] = ["index"]

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        let all: [EntityDirectory.Entity], total: Int
        do {
            (all, total) = try SearchSession(indexFolders: index).rankedEntities(types: Set(type.map(\.type)), limit: limit)
        } catch {
            throw Console.fail(error)
        }
        switch output.resolved {
        case .json:
            Console.write(JSONRenderer.render(entities: all, limit: limit, total: total) + "\n")
            return
        case .csv:
            Console.write(ExportRenderer.csv(entities: all, limit: limit))
            return
        case .ndjson:
            Console.write(ExportRenderer.ndjson(entities: all, limit: limit))
            return
        case .text:
            break
        }
        let shown = all.prefix(limit)
        var text = ""
        let width = min(40, shown.map { $0.canonical.count }.max() ?? 0)
        for (rank, entity) in shown.enumerated() {
            let name = Terminal.sanitizeText(entity.canonical)
            let padding = String(repeating: " ", count: max(1, width - name.count + 1))
            let type = Terminal.sanitizeLine(entity.type)
            let kind = type + String(repeating: " ", count: max(1, 8 - type.count))
            var line = "\(rank + 1)".leftPadded(to: 4) + ". " + name + padding + kind
                + "\(entity.documentCount) docs".leftPadded(to: 8) + "  " + "\(entity.mentionCount) mentions".leftPadded(to: 13)
            let others = entity.aliases.filter { $0 != entity.canonical }
            if !others.isEmpty {
                line += "  (" + others.prefix(6).map { Terminal.sanitizeText($0) }.joined(separator: ", ")
                    + (others.count > 6 ? ", …" : "") + ")"
            }
            text += line + "\n"
        }
        text += "\(total) entities" + (total > shown.count ? " (showing \(shown.count); --limit)" : "") + "\n"
        Console.write(text)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
