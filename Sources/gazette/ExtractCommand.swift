import ArgumentParser
import GazetteIngest
import GazetteSearch

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print what ingest extracts from each file of a corpus, as NDJSON (one object per document).",
        discussion: """
            Each line: {"path", "title", "date", "date_source", "author", "source", "text", "blocks": [[start, end],
            ...]} with blocks as UTF-8 byte ranges of text; "date" is ISO 8601 (2001-12-03, or with the time as
            given, 2001-12-03T10:22:05+11:00), and a field the document does not state is null. Useful to see what
            gets indexed, and to feed the very same text to other engines.
            """)

    @Argument(help: "The corpus directory.")
    var corpus: String

    func run() throws {
        let walker = CorpusWalker(root: corpus)
        let files: [CorpusFile]
        do {
            files = try walker.files { warning in Console.warn(Terminal.sanitizeLine(warning.description)) }
        } catch {
            throw Console.fail(error)
        }
        for file in files {
            let document: ExtractedDocument
            do {
                document = try DocumentReader.read(file) { Console.warn(Terminal.sanitizeLine($0.description)) }
            } catch {
                Console.warn(Terminal.sanitizeLine("warning: skipped " + error.description))
                continue
            }
            var json = JSONWriter()
            json.beginObject()
            json.key("path"); json.string(file.relativePath)
            json.key("title")
            if let title = document.title { json.string(title) } else { json.null() }
            let metadata = document.metadata
            json.key("date")
            if let date = metadata.date { json.string(date.iso8601) } else { json.null() }
            json.key("date_source")
            if let source = metadata.dateSource { json.string(source.description) } else { json.null() }
            json.key("author")
            if let author = metadata.author { json.string(author) } else { json.null() }
            json.key("source")
            if let source = metadata.source { json.string(source) } else { json.null() }
            json.key("text"); json.string(document.text)
            json.key("blocks")
            json.beginArray()
            for block in document.blocks {
                json.beginArray()
                json.number(block.lowerBound)
                json.number(block.upperBound)
                json.endArray()
            }
            json.endArray()
            json.endObject()
            Console.write(json.output + "\n")
        }
    }
}
