import ArgumentParser
import GazetteIndex
import GazetteSearch

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show what the index holds: documents, terms, postings, positions, and bytes per segment and file.")

    @OptionGroup var indexFolder: IndexFolderOption
    var index: String { indexFolder.folder }

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let reader: IndexReader
        do {
            reader = try IndexReader(directory: index)
        } catch {
            throw Console.fail(error)
        }
        var documents = 0, deleted = 0
        var terms: UInt64 = 0, postings: UInt64 = 0, positions: UInt64 = 0
        var totalBytes = 0
        for segment in reader.segments {
            let stats = segment.norms.statistics
            documents += segment.liveDocumentCount
            deleted += segment.documentCount - segment.liveDocumentCount
            terms += stats.termCount
            postings += stats.postingCount
            positions += stats.positionCount
            totalBytes += segment.files.reduce(0) { $0 + $1.bytes }
        }
        if json {
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("index"); writer.string(index)
            writer.key("generation"); writer.number(Int(reader.manifest.generation))
            writer.key("documents"); writer.number(documents)
            writer.key("deleted"); writer.number(deleted)
            writer.key("terms"); writer.number(Int(terms))
            writer.key("postings"); writer.number(Int(postings))
            writer.key("positions"); writer.number(Int(positions))
            writer.key("bytes"); writer.number(totalBytes)
            let analysis = reader.manifest.analysis ?? .unrecorded
            writer.key("analysis")
            writer.beginObject()
            writer.key("text"); writer.number(Int(analysis.text))
            writer.key("entities"); writer.number(Int(analysis.entities))
            writer.key("stemming")
            if let stemmer = analysis.stemmer { writer.string(stemmer) } else { writer.null() }
            writer.endObject()
            writer.key("segments")
            writer.beginArray()
            for segment in reader.segments {
                let stats = segment.norms.statistics
                writer.beginObject()
                writer.key("name"); writer.string(segment.name)
                writer.key("documents"); writer.number(segment.documentCount)
                writer.key("deleted"); writer.number(segment.documentCount - segment.liveDocumentCount)
                writer.key("terms"); writer.number(Int(stats.termCount))
                writer.key("postings"); writer.number(Int(stats.postingCount))
                writer.key("positions"); writer.number(Int(stats.positionCount))
                writer.key("files")
                writer.beginArray()
                for file in segment.files {
                    writer.beginObject()
                    writer.key("name"); writer.string(file.name)
                    writer.key("bytes"); writer.number(file.bytes)
                    writer.endObject()
                }
                writer.endArray()
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
            Console.write(writer.output + "\n")
            return
        }
        var text = "index      \(Terminal.sanitizeLine(index)), generation \(reader.manifest.generation)\n"
        text += "documents  \(documents)" + (deleted > 0 ? " (+\(deleted) deleted, purged by the next merge)" : "") + "\n"
        text += "terms      \(terms) (summed over segments)\n"
        text += "postings   \(postings)\n"
        text += "positions  \(positions)\n"
        text += "size       \(formatBytes(totalBytes))\n"
        text += "analysis   \(reader.manifest.analysis ?? .unrecorded)\n"
        for segment in reader.segments {
            let stats = segment.norms.statistics
            text += "segment \(Terminal.sanitizeLine(segment.name)): \(segment.documentCount) documents"
            if segment.liveDocumentCount < segment.documentCount {
                text += " (\(segment.documentCount - segment.liveDocumentCount) deleted)"
            }
            text += ", \(stats.termCount) terms, \(stats.postingCount) postings, \(stats.positionCount) positions\n"
            let width = segment.files.map(\.name.count).max() ?? 0
            for file in segment.files {
                let name = Terminal.sanitizeLine(file.name)
                text += "  " + name + String(repeating: " ", count: max(2, width - name.count + 2)) + formatBytes(file.bytes) + "\n"
            }
        }
        Console.write(text)
    }
}

func formatBytes(_ bytes: Int) -> String {
    let value = Double(bytes)
    if value >= 1_048_576 { return formatNumber(value / 1_048_576, 1) + " MB" }
    if value >= 1024 { return formatNumber(value / 1024, 1) + " KB" }
    return "\(bytes) bytes"
}

func formatNumber(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let fraction = text[text.index(after: dot)...]
        if fraction.count < decimals { text += String(repeating: "0", count: decimals - fraction.count) }
    } else if decimals > 0 {
        text += "." + String(repeating: "0", count: decimals)
    }
    return text
}
