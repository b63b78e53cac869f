import GazetteEntities
import GazetteKit
import GazetteSearch

/// What `gazette entities` is asked for, however its arguments were read: by ArgumentParser (`EntitiesCommand`)
/// or, for its common forms, directly (`EntitiesCommand.parsedDirectly`).
struct EntitiesRequest: Equatable {
    var types: [EntityType]
    var limit: Int
    var format: ExportFormat
    var index: [String]

    func run() throws {
        let all: [EntityDirectory.Entity], total: Int
        do {
            (all, total) = try SearchSession(indexFolders: index).rankedEntities(types: Set(types), limit: limit)
        } catch {
            throw Console.fail(error)
        }
        switch format {
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
