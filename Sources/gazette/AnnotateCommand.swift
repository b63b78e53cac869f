import ArgumentParser
import GazetteEntities
import GazetteIngest
import GazetteSearch

#if canImport(Glibc)
import Glibc
#endif

struct AnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Recognise the entities in files without indexing them.",
        discussion: """
            With --json, one line per file: {"path", "text", "entities": [{"start", "end", "type", "text", \
            "entity"}]}, offsets in Unicode scalars of "text". For a plain-text file "text" is the file's \
            decoded content unchanged, so offsets line up with the file.
            """)

    @Argument(help: "Files to annotate (.txt, .md, .html…).")
    var files: [String]

    @Flag(name: .long, help: "Print NDJSON instead of text.")
    var json = false

    func run() throws {
        let recognizer = EntityRecognizer()
        var failed = false
        for path in files {
            let extracted: ExtractedDocument
            do {
                extracted = try Self.read(path)
            } catch {
                Console.warn("gazette: error: " + Terminal.sanitizeLine(error.description))
                failed = true
                continue
            }
            let mentions = recognizer.recognize(text: extracted.text, blocks: extracted.blocks, firstPosition: 0)
            let offsets = ScalarOffsets(extracted.text)
            if json {
                var writer = JSONWriter()
                writer.beginObject()
                writer.key("path"); writer.string(path)
                writer.key("text"); writer.string(extracted.text)
                writer.key("entities")
                writer.beginArray()
                for mention in mentions {
                    writer.beginObject()
                    writer.key("start"); writer.number(offsets.scalarOffset(mention.range.lowerBound))
                    writer.key("end"); writer.number(offsets.scalarOffset(mention.range.upperBound))
                    writer.key("type"); writer.string(mention.type.rawValue)
                    writer.key("text"); writer.string(offsets.text(mention.range))
                    writer.key("entity"); writer.string(mention.canonical)
                    writer.endObject()
                }
                writer.endArray()
                writer.endObject()
                Console.write(writer.output + "\n")
            } else {
                var text = Terminal.sanitizeLine(path) + ": \(mentions.count) entities\n"
                for mention in mentions {
                    let surface = Terminal.sanitizeText(offsets.text(mention.range))
                    text += "  " + mention.type.rawValue + String(repeating: " ", count: max(1, 8 - mention.type.rawValue.count))
                        + surface
                    if mention.canonical != surface { text += " → " + Terminal.sanitizeText(mention.canonical) }
                    text += "\n"
                }
                Console.write(text)
            }
        }
        if failed { throw ExitCode(2) }
    }

    static func read(_ path: String) throws(IngestError) -> ExtractedDocument {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .unreadable(path: path, errno: errno) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .unreadable(path: path, errno: EISDIR) }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let file = CorpusFile(
            relativePath: name, absolutePath: path, kind: DocumentKind(fileName: name) ?? .plainText,
            size: Int64(info.st_size), modificationTimeNanoseconds: 0)
        return try DocumentReader.read(file) { Console.warn(Terminal.sanitizeLine($0.description)) }
    }
}

/// Converts UTF-8 byte offsets of a text into Unicode-scalar offsets, for JSON consumers that count characters.
struct ScalarOffsets {
    private let bytes: [UInt8]
    private let scalarsBefore: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var table = [Int](repeating: 0, count: bytes.count + 1)
        var scalars = 0
        for (index, byte) in bytes.enumerated() {
            table[index] = scalars
            if byte & 0xC0 != 0x80 { scalars += 1 }
        }
        table[bytes.count] = scalars
        scalarsBefore = table
    }

    func scalarOffset(_ byteOffset: Int) -> Int {
        scalarsBefore[min(max(0, byteOffset), bytes.count)]
    }

    func text(_ range: Range<Int>) -> String {
        let lower = min(max(0, range.lowerBound), bytes.count), upper = min(max(lower, range.upperBound), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}
