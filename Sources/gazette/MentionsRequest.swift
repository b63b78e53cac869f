import ArgumentParser
import GazetteEntities
import GazetteKit
import GazetteSearch

/// What `gazette mentions` is asked for, however its arguments were read: by ArgumentParser (`MentionsCommand`)
/// or, for its common forms, directly (`MentionsCommand.parsedDirectly`).
struct MentionsRequest: Equatable {
    var name: String
    var types: [EntityType]
    var limit: Int
    var format: ExportFormat
    var by: FacetReport.DateUnit?
    var index: [String]
    var color: ColorChoice

    private var json: Bool { format == .json }

    func run() throws {
        let report: MentionsReport
        do {
            // A series by period needs every document's date; a listing reads only the documents it shows.
            report = try SearchSession(indexFolders: index).mentions(
                of: name, types: Set(types), documentLimit: by == nil ? limit : .max)
        } catch {
            throw Console.fail(error)
        }
        if let by {
            if json {
                Console.write(JSONRenderer.render(report, by: by) + "\n")
            } else {
                let useColor = shouldUseColor(color, isTTY: Console.stdoutIsTerminal, environment: Console.colorEnvironment)
                Console.write(renderSeries(report, by: by, color: useColor))
            }
        } else if json {
            Console.write(JSONRenderer.render(report, documentLimit: limit) + "\n")
        } else if format == .csv {
            Console.write(ExportRenderer.csv(report, documentLimit: limit))
        } else if format == .ndjson {
            Console.write(ExportRenderer.ndjson(report, documentLimit: limit))
        } else {
            let useColor = shouldUseColor(color, isTTY: Console.stdoutIsTerminal, environment: Console.colorEnvironment)
            Console.write(render(report, color: useColor))
        }
        if report.found.isEmpty { throw ExitCode(1) }
    }

    /// Per entity, one line per period: the period, a bar scaled to the busiest period's mentions, the mentions
    /// and the documents.
    private func renderSeries(_ report: MentionsReport, by unit: FacetReport.DateUnit, color: Bool) -> String {
        guard !report.found.isEmpty else { return "no entity matches '\(Terminal.sanitizeLine(name))'\n" }
        let dim = color ? TerminalStyle.dim : "", reset = color ? TerminalStyle.reset : ""
        var text = ""
        for found in report.found {
            let series = MentionSeries(found.documents, by: unit)
            text += (color ? TerminalStyle.bold : "") + Terminal.sanitizeText(found.entity.canonical) + reset
                + " (\(Terminal.sanitizeLine(found.entity.type))): \(found.mentionCount) mentions in \(found.documentCount) documents, by \(unit.rawValue)\n"
            let busiest = max(1, series.periods.map(\.mentions).max() ?? 1)
            let barWidth = 40
            for period in series.periods {
                let length = (period.mentions * barWidth + busiest - 1) / busiest
                let bar = String(repeating: "\u{2587}", count: length)
                let counts = "\(period.mentions) in \(period.documents) doc\(period.documents == 1 ? "" : "s")"
                text += "  " + period.name + " " + bar + (bar.isEmpty ? "" : " ") + dim + counts + reset + "\n"
            }
            if series.periods.isEmpty { text += "  " + dim + "no dated document" + reset + "\n" }
            if series.undatedDocuments > 0 {
                text += "  " + dim + "undated: \(series.undatedMentions) in \(series.undatedDocuments) doc\(series.undatedDocuments == 1 ? "" : "s")" + reset + "\n"
            }
            text += "\n"
        }
        return text
    }

    private func render(_ report: MentionsReport, color: Bool) -> String {
        let found = report.found
        guard !found.isEmpty else { return "no entity matches '\(Terminal.sanitizeLine(name))'\n" }
        var text = ""
        if found.count > 1 {
            text += "'\(Terminal.sanitizeLine(name))' matches \(found.count) entities:\n"
            for entry in found {
                text += "  \(Terminal.sanitizeText(entry.entity.canonical)) (\(Terminal.sanitizeLine(entry.entity.type))), \(entry.documentCount) documents\n"
            }
            text += "\n"
        }
        for entry in found {
            let entity = entry.entity, documents = entry.documents
            let mentions = entry.mentionCount, documentCount = entry.documentCount
            let style = color ? TerminalStyle.entity(entity.type) : ""
            let reset = color ? TerminalStyle.reset : ""
            text += (color ? TerminalStyle.bold : "") + Terminal.sanitizeText(entity.canonical) + reset
                + " (\(Terminal.sanitizeLine(entity.type))): \(mentions) mention\(mentions == 1 ? "" : "s") in \(documentCount) document\(documentCount == 1 ? "" : "s")"
            let others = entity.aliases.filter { $0 != entity.canonical }
            if !others.isEmpty { text += "; also written " + others.map { Terminal.sanitizeText($0) }.joined(separator: ", ") }
            text += "\n"
            for document in documents.prefix(limit) {
                let location = document.index.map { $0 + ": " } ?? ""
                text += "\n  " + (color ? TerminalStyle.dim : "") + Terminal.sanitizeLine(location + document.path) + reset
                if let title = document.title { text += "  " + Terminal.sanitizeText(title) }
                text += "  (\(document.mentions.count))\n"
                for mention in document.mentions {
                    // Cut where the mention's scalar offsets fall, in place, rather than rebuilding each part
                    // scalar by scalar: a listing shows thousands of mentions.
                    let scalars = mention.sentence.unicodeScalars
                    let start = scalars.index(scalars.startIndex, offsetBy: mention.sentenceStart)
                    let end = scalars.index(start, offsetBy: mention.sentenceEnd - mention.sentenceStart)
                    let before = String(scalars[..<start])
                    let inside = String(scalars[start..<end])
                    let after = String(scalars[end...])
                    text += "    \(mention.line): " + Terminal.sanitizeText(before) + style
                        + Terminal.sanitizeText(inside) + reset + Terminal.sanitizeText(after) + "\n"
                }
            }
            if documentCount > limit { text += "\n  … \(documentCount - limit) more documents (--limit)\n" }
            text += "\n"
        }
        return text
    }
}
