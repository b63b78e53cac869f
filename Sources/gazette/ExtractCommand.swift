import ArgumentParser
import GazetteIngest
import GazetteSearch

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print what ingest extracts from each file of a corpus, as NDJSON (one object per document).",
        discussion: """
            Each line: {"path", "title", "text", "blocks": [[start, end], ...]} with blocks as UTF-8 byte ranges
            of text. Useful to see what gets indexed, and to feed the very same text to other engines.
            """)

    @Argument(help: "The corpus directory.")
    var corpus: String

    func run() throws {
        let walker = CorpusWalker(root: corpus)
        let files: [CorpusFile]
        do {
            files = try walker.files { warning in Console.warn(Terminal.sanitizeLine(warning.description)) }
        } catch {
            throw Console.fail(error.description)
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
