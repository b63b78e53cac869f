import ArgumentParser
import GazetteIndex
import GazetteSearch

struct EntitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "List the corpus's entities, ranked by the number of documents that mention them.")

    @Option(name: .long, help: "Only entities of this type (person, org, place, norp, date, money, percent).")
    var type: EntityTypeOption?

    @Option(name: .long, help: "Show at most N entities.")
    var limit: Int = 30

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    @Option(name: .long, help: "Index folder to read.")
    var index: String = "index"

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let directory: EntityDirectory
        do {
            directory = try EntityDirectory(index: try IndexReader(directory: index))
        } catch {
            throw Console.fail(error.description)
        }
        let all = directory.entities.filter { type == nil || $0.type == type!.type.rawValue }
        let shown = all.prefix(limit)
        if json {
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("total"); writer.number(all.count)
            writer.key("entities")
            writer.beginArray()
            for entity in shown {
                writer.beginObject()
                writer.key("entity"); writer.string(entity.canonical)
                writer.key("type"); writer.string(entity.type)
                writer.key("documents"); writer.number(entity.documentCount)
                writer.key("mentions"); writer.number(entity.mentionCount)
                writer.key("aliases")
                writer.beginArray()
                for alias in entity.aliases { writer.string(alias) }
                writer.endArray()
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
            Console.write(writer.output + "\n")
            return
        }
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
        text += "\(all.count) entities" + (all.count > shown.count ? " (showing \(shown.count); --limit)" : "") + "\n"
        Console.write(text)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
