import ArgumentParser
import GazetteEntities
import GazetteKit
import GazetteSearch

/// What `gazette related` is asked for, however its arguments were read: by ArgumentParser (`RelatedCommand`)
/// or, for its common forms, directly (`RelatedCommand.parsedDirectly`).
struct RelatedRequest: Equatable {
    var name: String
    var type: EntityType?
    var limit: Int
    var minimumShared: Int
    var format: ExportFormat
    var index: [String]

    private var json: Bool { format == .json }

    func run() throws {
        let found: RelatedReport?
        do {
            found = try SearchSession(indexFolders: index).related(
                to: name, type: type, minimumShared: minimumShared, limit: limit)
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
        switch format {
        case .json: Console.write(JSONRenderer.render(related: report) + "\n")
        case .csv: Console.write(ExportRenderer.csv(related: report))
        case .ndjson: Console.write(ExportRenderer.ndjson(related: report))
        case .text: Console.write(render(report))
        }
        if report.related.isEmpty { throw ExitCode(1) }
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
            text += "   G² " + RelatedCommand.oneDecimal(co.score) + "\n"
            if let first = co.examples.first {
                text += "        " + Terminal.sanitizeLine(first)
                    + (co.sharedDocuments > 1 ? " and \(co.sharedDocuments - 1) more" : "") + "\n"
            }
        }
        return text
    }
}
