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
            "entity"}], "untyped": [{"start", "end", "text"}]}, offsets in Unicode scalars of "text". For a \
            plain-text file "text" is the file's decoded content unchanged, so offsets line up with the file. \
            "untyped" lists the lone capitalised words the file alone gives no type ("… to reject Qantas' \
            offer"): an index types them from the rest of its corpus, or leaves them out.
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
            let (mentions, untyped) = Self.recognize(extracted, with: recognizer)
            var offsets = ScalarOffsets(extracted.text)
            if json {
                var writer = JSONWriter()
                writer.beginObject()
                writer.key("path"); writer.string(path)
                writer.key("text"); writer.string(extracted.text)
                // A span's offsets and text, in scalars of "text"; the caller closes the object.
                func beginSpan(_ range: Range<Int>) {
                    writer.beginObject()
                    writer.key("start"); writer.number(offsets.scalarOffset(range.lowerBound))
                    writer.key("end"); writer.number(offsets.scalarOffset(range.upperBound))
                    writer.key("text"); writer.string(offsets.text(range))
                }
                writer.key("entities")
                writer.beginArray()
                for mention in mentions {
                    beginSpan(mention.range)
                    writer.key("type"); writer.string(mention.type.rawValue)
                    writer.key("entity")
                    if mention.namesEntity { writer.string(mention.canonical) } else { writer.null() }
                    writer.endObject()
                }
                writer.endArray()
                writer.key("untyped")
                writer.beginArray()
                for name in untyped {
                    beginSpan(name.range)
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
                    if mention.namesEntity && mention.canonical != surface { text += " → " + Terminal.sanitizeText(mention.canonical) }
                    text += "\n"
                }
                Console.write(text)
            }
        }
        if failed { throw ExitCode(2) }
    }

    /// Text recognised at a time: as when indexing (`SegmentBuilder.tokenRunLength`), a long file is
    /// recognised in runs of blocks, so that the recogniser's 40 bytes per token are never held for all of it.
    /// A block longer than this is cut at a space.
    static let runBytes = 4 << 20

    static func recognize(
        _ document: ExtractedDocument, with recognizer: EntityRecognizer
    ) -> (mentions: [EntityMention], untyped: [UnconfirmedName]) {
        var text = document.text
        return text.withUTF8 { bytes in
            var mentions: [EntityMention] = []
            var untyped: [UnconfirmedName] = []
            var run: [Range<Int>] = []
            var runSize = 0
            func flush() {
                if !run.isEmpty { mentions += recognizer.recognize(bytes, blocks: run, firstPosition: 0, unconfirmed: &untyped) }
                run.removeAll(keepingCapacity: true)
                runSize = 0
            }
            for block in document.blocks {
                var piece = block.clamped(to: 0..<bytes.count)
                while piece.count > runBytes {
                    var cut = piece.lowerBound + runBytes
                    while cut < piece.upperBound, bytes[cut] != 0x20 { cut += 1 }
                    flush()
                    run.append(piece.lowerBound..<cut)
                    flush()
                    piece = cut..<piece.upperBound
                }
                if runSize + piece.count > runBytes { flush() }
                run.append(piece)
                runSize += piece.count
            }
            flush()
            return (mentions, untyped)
        }
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
/// Counts on from the offset asked for last, so that the ascending offsets of a document's mentions cost one
/// pass over the text, where a table of an Int per byte would take eight times the text's size.
struct ScalarOffsets {
    private let bytes: [UInt8]
    private var byteOffset = 0
    private var scalars = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    mutating func scalarOffset(_ target: Int) -> Int {
        let target = min(max(0, target), bytes.count)
        if target < byteOffset { (byteOffset, scalars) = (0, 0) }
        for byte in bytes[byteOffset..<target] where byte & 0xC0 != 0x80 { scalars += 1 }
        byteOffset = target
        return scalars
    }

    func text(_ range: Range<Int>) -> String {
        let lower = min(max(0, range.lowerBound), bytes.count), upper = min(max(lower, range.upperBound), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}
