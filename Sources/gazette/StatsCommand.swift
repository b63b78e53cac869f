import ArgumentParser
import GazetteIndex
import GazetteSearch

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show what the index holds and how many bytes each file takes.")

    @Option(name: .long, help: "Index folder to read.")
    var index: String = "index"

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let reader: IndexReader
        do {
            reader = try IndexReader(directory: index)
        } catch {
            throw Console.fail(error.description)
        }
        var documents: UInt64 = 0, terms: UInt64 = 0, postings: UInt64 = 0, positions: UInt64 = 0
        var files: [(String, Int)] = []
        for segment in reader.segments {
            let stats = segment.norms.statistics
            documents += stats.documentCount
            terms += stats.termCount
            postings += stats.postingCount
            positions += stats.positionCount
            files += segment.files.map { ($0.name, $0.bytes) }
        }
        let totalBytes = files.reduce(0) { $0 + $1.1 }
        if json {
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("index"); writer.string(index)
            writer.key("generation"); writer.number(Int(reader.manifest.generation))
            writer.key("segments"); writer.number(reader.segments.count)
            writer.key("documents"); writer.number(Int(documents))
            writer.key("terms"); writer.number(Int(terms))
            writer.key("postings"); writer.number(Int(postings))
            writer.key("positions"); writer.number(Int(positions))
            writer.key("bytes"); writer.number(totalBytes)
            writer.key("files")
            writer.beginArray()
            for (name, bytes) in files {
                writer.beginObject()
                writer.key("name"); writer.string(name)
                writer.key("bytes"); writer.number(bytes)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
            Console.write(writer.output + "\n")
            return
        }
        var text = "index       \(Terminal.sanitizeLine(index)) (generation \(reader.manifest.generation), \(reader.segments.count) segment\(reader.segments.count == 1 ? "" : "s"))\n"
        text += "documents   \(documents)\n"
        text += "terms       \(terms) (summed over segments)\n"
        text += "postings    \(postings)\n"
        text += "positions   \(positions)\n"
        text += "files\n"
        let nameWidth = files.map(\.0.count).max() ?? 0
        for (name, bytes) in files {
            text += "  " + name + String(repeating: " ", count: nameWidth - name.count + 2) + formatBytes(bytes) + "\n"
        }
        text += "  " + "total" + String(repeating: " ", count: max(0, nameWidth - 3)) + formatBytes(totalBytes) + "\n"
        Console.write(text)
    }
}

func formatBytes(_ bytes: Int) -> String {
    let value = Double(bytes)
    if value >= 1_048_576 { return formatNumber(value / 1_048_576, 1) + " MB" + " (\(bytes) bytes)" }
    if value >= 1024 { return formatNumber(value / 1024, 1) + " KB" + " (\(bytes) bytes)" }
    return "\(bytes) bytes"
}
