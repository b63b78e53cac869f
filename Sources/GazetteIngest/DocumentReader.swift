#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns one corpus file into an `ExtractedDocument`: decides the encoding, rejects binaries, and hands the
/// decoded bytes to the plain-text or HTML extractor.
public enum DocumentReader {
    /// Reads and extracts one file. Throws for unreadable, binary and unparseable files; errors name the
    /// file by its absolute path.
    public static func read(_ file: CorpusFile) throws(IngestError) -> ExtractedDocument {
        let bytes = try FileContents.read(file.absolutePath)
        // withUnsafeBytes rethrows untyped errors, so the typed error travels out in a Result.
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(IngestError) in try extract(raw, kind: file.kind, path: file.absolutePath) }
        }
        return try result.get()
    }

    /// The file's raw bytes, for callers that also need them (e.g. to hash them) before `extract`.
    public static func readBytes(_ file: CorpusFile) throws(IngestError) -> [UInt8] {
        try FileContents.read(file.absolutePath)
    }

    /// Extraction from bytes already in memory. `path` names the document in errors and decides, for plain
    /// text, whether it is Markdown (".md").
    public static func extract(_ bytes: UnsafeRawBufferPointer, kind: DocumentKind, path: String)
        throws(IngestError) -> ExtractedDocument
    {
        guard !bytes.isEmpty else { return .empty }
        switch kind {
        case .plainText: return try extractPlainText(bytes, path: path)
        case .html: return try extractHTML(bytes, path: path)
        }
    }

    // MARK: Plain text

    private static func extractPlainText(_ bytes: UnsafeRawBufferPointer, path: String) throws(IngestError)
        -> ExtractedDocument
    {
        let isMarkdown = path.utf8.count >= 3 && path.lowercased().hasSuffix(".md")
        if let (encoding, bomLength) = TextEncoding.byteOrderMark(bytes), encoding != .utf8 {
            let utf8 = try decodeUTF16(bytes, bomLength: bomLength, bigEndian: encoding == .utf16BigEndian, path: path)
            return utf8.withUnsafeBytes { plainText($0, isMarkdown: isMarkdown) }
        }
        let offset = TextEncoding.byteOrderMark(bytes)?.length ?? 0
        let content = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        try rejectBinary(content, path: path, offset: offset)
        let summary = UTF8Scanner.scan(content)
        if summary.isValid { return plainText(content, isMarkdown: isMarkdown) }
        let decoded = summary.isMostlyUTF8 ? UTF8Scanner.repaired(content) : Windows1252.decodeToUTF8(content)
        return decoded.withUnsafeBytes { plainText($0, isMarkdown: isMarkdown) }
    }

    private static func plainText(_ utf8: UnsafeRawBufferPointer, isMarkdown: Bool) -> ExtractedDocument {
        let result = PlainTextExtractor.extract(utf8, isMarkdown: isMarkdown)
        return ExtractedDocument(title: result.title, text: String(decoding: utf8, as: UTF8.self), blocks: result.blocks)
    }

    // MARK: HTML

    private static func extractHTML(_ bytes: UnsafeRawBufferPointer, path: String) throws(IngestError)
        -> ExtractedDocument
    {
        if let (encoding, bomLength) = TextEncoding.byteOrderMark(bytes) {
            if encoding == .utf8 {
                let content = UnsafeRawBufferPointer(rebasing: bytes[bomLength...])
                try rejectBinary(content, path: path, offset: bomLength)
                return try parseHTML(content, as: .utf8, path: path)
            }
            let utf8 = try decodeUTF16(bytes, bomLength: bomLength, bigEndian: encoding == .utf16BigEndian, path: path)
            let result = utf8.withUnsafeBytes { raw in
                Result { () throws(IngestError) in try parseHTML(raw, as: .utf8, path: path) }
            }
            return try result.get()
        }
        try rejectBinary(bytes, path: path, offset: 0)
        return try parseHTML(bytes, as: EncodingSniffer.declaredEncoding(bytes), path: path)
    }

    /// Parses with the declared encoding, falling back to what the bytes themselves say when the label is
    /// unknown or wrong. Content beats labels in two common cases: a page labelled UTF-8 that is not, and a
    /// page labelled Latin-1 whose bytes are valid, non-ASCII UTF-8 (a mislabel no Latin-1 text produces).
    private static func parseHTML(_ bytes: UnsafeRawBufferPointer, as declared: TextEncoding?, path: String)
        throws(IngestError) -> ExtractedDocument
    {
        if case .other(let name)? = declared {
            switch HTMLExtractor.extract(bytes, encoding: name) {
            case .document(let document): return document
            case .unparseable: throw .unparseable(path: path)
            case .encodingFailed: break
            }
        }
        let summary = UTF8Scanner.scan(bytes)
        let useUTF8: Bool
        switch declared {
        case .windows1252?: useUTF8 = summary.isValid && summary.multibyteScalars > 0
        default: useUTF8 = summary.isMostlyUTF8
        }
        let outcome: HTMLExtractor.Outcome
        if useUTF8 && summary.isValid {
            outcome = HTMLExtractor.extract(bytes, encoding: nil)
        } else {
            let decoded = useUTF8 ? UTF8Scanner.repaired(bytes) : Windows1252.decodeToUTF8(bytes)
            outcome = decoded.withUnsafeBytes { HTMLExtractor.extract($0, encoding: nil) }
        }
        guard case .document(let document) = outcome else { throw .unparseable(path: path) }
        return document
    }

    // MARK: Shared

    /// A NUL byte never occurs in text, so it marks a binary file (or a misnamed UTF-16 one without a BOM).
    private static func rejectBinary(_ bytes: UnsafeRawBufferPointer, path: String, offset: Int) throws(IngestError) {
        guard let base = bytes.baseAddress, let hit = memchr(base, 0, bytes.count) else { return }
        throw .binary(path: path, offset: offset + (UnsafeRawPointer(hit) - base))
    }

    private static func decodeUTF16(_ bytes: UnsafeRawBufferPointer, bomLength: Int, bigEndian: Bool, path: String)
        throws(IngestError) -> [UInt8]
    {
        let unitCount = (bytes.count - bomLength) / 2
        var units = [UInt16](repeating: 0, count: unitCount)
        for k in 0..<unitCount {
            let (a, b) = (UInt16(bytes[bomLength + 2 * k]), UInt16(bytes[bomLength + 2 * k + 1]))
            let unit = bigEndian ? a << 8 | b : b << 8 | a
            if unit == 0 { throw .binary(path: path, offset: bomLength + 2 * k) }
            units[k] = unit
        }
        // An odd trailing byte is half a character: it decodes as U+FFFD rather than vanishing silently.
        if (bytes.count - bomLength) % 2 == 1 { units.append(0xFFFD) }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }
}
