import ArgumentParser
import GazetteIndex
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

    @Option(name: .long, help: "Only entities of this type (person, org, place, norp, date, money, percent).")
    var type: EntityTypeOption?

    @Option(name: .long, help: "Show at most N documents per entity.")
    var limit: Int = 20

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    @Option(name: .long, help: "Index folder to read.")
    var index: String = "index"

    @Option(name: .long, help: "When to colour the output: auto, always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let directory: EntityDirectory
        var found: [(EntityDirectory.Entity, [EntityDirectory.DocumentMentions])] = []
        do {
            directory = try EntityDirectory(index: try IndexReader(directory: index))
            for entity in directory.resolve(name, type: type?.type.rawValue) {
                found.append((entity, try directory.mentions(of: entity)))
            }
        } catch {
            throw Console.fail(error.description)
        }
        if json {
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("query"); writer.string(name)
            writer.key("ambiguous"); writer.bool(found.count > 1)
            writer.key("entities")
            writer.beginArray()
            for (entity, documents) in found {
                writer.beginObject()
                writer.key("entity"); writer.string(entity.canonical)
                writer.key("type"); writer.string(entity.type)
                writer.key("aliases")
                writer.beginArray()
                for alias in entity.aliases { writer.string(alias) }
                writer.endArray()
                writer.key("documents"); writer.number(documents.count)
                writer.key("mentions"); writer.number(documents.reduce(0) { $0 + $1.mentions.count })
                writer.key("occurrences")
                writer.beginArray()
                for document in documents.prefix(limit) {
                    writer.beginObject()
                    writer.key("path"); writer.string(document.path)
                    writer.key("title")
                    if let title = document.title { writer.string(title) } else { writer.null() }
                    writer.key("count"); writer.number(document.mentions.count)
                    writer.key("mentions")
                    writer.beginArray()
                    for mention in document.mentions {
                        writer.beginObject()
                        writer.key("text"); writer.string(mention.text)
                        writer.key("line"); writer.number(mention.line)
                        writer.key("sentence"); writer.string(mention.sentence)
                        writer.key("start"); writer.number(mention.sentenceStart)
                        writer.key("end"); writer.number(mention.sentenceEnd)
                        writer.endObject()
                    }
                    writer.endArray()
                    writer.endObject()
                }
                writer.endArray()
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
            Console.write(writer.output + "\n")
        } else {
            let useColor = shouldUseColor(color, isTTY: Console.stdoutIsTerminal, environment: Console.environment)
            Console.write(render(found, color: useColor))
        }
        if found.isEmpty { throw ExitCode(1) }
    }

    private func render(_ found: [(EntityDirectory.Entity, [EntityDirectory.DocumentMentions])], color: Bool) -> String {
        guard !found.isEmpty else { return "no entity matches '\(Terminal.sanitizeLine(name))'\n" }
        var text = ""
        if found.count > 1 {
            text += "'\(Terminal.sanitizeLine(name))' matches \(found.count) entities:\n"
            for (entity, documents) in found {
                text += "  \(Terminal.sanitizeText(entity.canonical)) (\(Terminal.sanitizeLine(entity.type))), \(documents.count) documents\n"
            }
            text += "\n"
        }
        for (entity, documents) in found {
            let mentions = documents.reduce(0) { $0 + $1.mentions.count }
            let style = color ? TerminalStyle.entity(entity.type) : ""
            let reset = color ? TerminalStyle.reset : ""
            text += (color ? TerminalStyle.bold : "") + Terminal.sanitizeText(entity.canonical) + reset
                + " (\(Terminal.sanitizeLine(entity.type))): \(mentions) mention\(mentions == 1 ? "" : "s") in \(documents.count) document\(documents.count == 1 ? "" : "s")"
            let others = entity.aliases.filter { $0 != entity.canonical }
            if !others.isEmpty { text += "; also written " + others.map { Terminal.sanitizeText($0) }.joined(separator: ", ") }
            text += "\n"
            for document in documents.prefix(limit) {
                text += "\n  " + (color ? TerminalStyle.dim : "") + Terminal.sanitizeLine(document.path) + reset
                if let title = document.title { text += "  " + Terminal.sanitizeText(title) }
                text += "  (\(document.mentions.count))\n"
                for mention in document.mentions {
                    let scalars = Array(mention.sentence.unicodeScalars)
                    let before = String(String.UnicodeScalarView(scalars[0..<mention.sentenceStart]))
                    let inside = String(String.UnicodeScalarView(scalars[mention.sentenceStart..<mention.sentenceEnd]))
                    let after = String(String.UnicodeScalarView(scalars[mention.sentenceEnd...]))
                    text += "    \(mention.line): " + Terminal.sanitizeText(before) + style
                        + Terminal.sanitizeText(inside) + reset + Terminal.sanitizeText(after) + "\n"
                }
            }
            if documents.count > limit { text += "\n  … \(documents.count - limit) more documents (--limit)\n" }
            text += "\n"
        }
        return text
    }
}
