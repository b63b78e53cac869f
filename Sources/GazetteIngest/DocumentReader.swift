#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns one corpus file into an `ExtractedDocument`: decides the encoding, rejects binaries, and hands the
/// decoded bytes to the plain-text or HTML extractor.
public enum DocumentReader {
    /// Files are read up to this size; of a larger one only the first 256 MB are used (with a warning). One
    /// document is held in memory whole while it is indexed, so this bounds what it costs; it also keeps its
    /// stored record, its positions and its entity spans within the format's limits (blocks under 2 GiB,
    /// 32-bit positions) whatever its bytes are.
    public static let maximumFileSize = 256 << 20

    /// Reads and extracts one file. Throws for unreadable, binary and unparseable files; errors name the
    /// file by its absolute path. `warn` hears of a file used only in part.
    public static func read(_ file: CorpusFile, warn: (IngestWarning) -> Void = { _ in }) throws(IngestError)
        -> ExtractedDocument
    {
        let bytes = try readBytes(file, warn: warn)
        // withUnsafeBytes rethrows untyped errors, so the typed error travels out in a Result.
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(IngestError) in try extract(raw, kind: file.kind, path: file.absolutePath) }
        }
        return try result.get()
    }

    /// The file's raw bytes (up to `maximumFileSize`), for callers that also need them (e.g. to hash them)
    /// before `extract`.
    public static func readBytes(_ file: CorpusFile, warn: (IngestWarning) -> Void = { _ in }) throws(IngestError)
        -> [UInt8]
    {
        let contents = try FileContents.read(file.absolutePath, limit: maximumFileSize)
        if contents.isTruncated {
            warn(IngestWarning(
                path: file.absolutePath, reason: "larger than \(maximumFileSize >> 20) MB: only the first \(maximumFileSize >> 20) MB are read",
                skipped: false))
        }
        return contents.bytes
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
        return ExtractedDocument(
            title: result.title, text: UTF8Scanner.string(decoding: utf8), blocks: result.blocks,
            metadata: result.metadata)
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
            case .libraryUnavailable(let reason): throw .htmlParserUnavailable(path: path, reason: reason)
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
        switch outcome {
        case .document(let document): return document
        case .libraryUnavailable(let reason): throw .htmlParserUnavailable(path: path, reason: reason)
        case .unparseable, .encodingFailed: throw .unparseable(path: path)
        }
    }

    // MARK: Shared

    /// A NUL byte never occurs in text, so it marks a binary file (or a misnamed UTF-16 one without a BOM).
    private static func rejectBinary(_ bytes: UnsafeRawBufferPointer, path: String, offset: Int) throws(IngestError) {
        guard let base = bytes.baseAddress, let hit = memchr(base, 0, bytes.count) else { return }
        throw .binary(path: path, offset: offset + (UnsafeRawPointer(hit) - base))
    }

    /// UTF-16 to UTF-8 in two passes over the bytes — the exact output length, then the output — so that a
    /// large file costs one output buffer of the right size and no intermediate array of code units or String.
    /// Unpaired surrogates become U+FFFD; a NUL code unit means the file is binary after all.
    private static func decodeUTF16(_ bytes: UnsafeRawBufferPointer, bomLength: Int, bigEndian: Bool, path: String)
        throws(IngestError) -> [UInt8]
    {
        let body = UnsafeRawBufferPointer(rebasing: bytes[bomLength...])
        let unitCount = body.count / 2
        @inline(__always) func unit(_ k: Int) -> UInt32 {
            let (a, b) = (UInt32(body[2 * k]), UInt32(body[2 * k + 1]))
            return bigEndian ? a << 8 | b : b << 8 | a
        }
        @inline(__always) func isPair(_ k: Int) -> Bool {
            let high = unit(k)
            guard high >= 0xD800 && high <= 0xDBFF && k + 1 < unitCount else { return false }
            let low = unit(k + 1)
            return low >= 0xDC00 && low <= 0xDFFF
        }
        var length = 0
        var k = 0
        while k < unitCount {
            let u = unit(k)
            if u == 0 { throw .binary(path: path, offset: bomLength + 2 * k) }
            if u < 0x80 {
                length += 1
            } else if u < 0x800 {
                length += 2
            } else if isPair(k) {
                length += 4
                k += 1
            } else {
                length += 3  // the rest of the BMP, and U+FFFD for an unpaired surrogate
            }
            k += 1
        }
        // An odd trailing byte is half a character: it decodes as U+FFFD rather than vanishing silently.
        let oddByte = body.count % 2 == 1
        if oddByte { length += 3 }
        // Not `unsafeUninitializedCapacity: 0`, which writes the count of the storage all empty arrays share (a
        // race ThreadSanitizer reports when two threads read empty files).
        guard length > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: length) { out, initialized in
            var n = 0
            @inline(__always) func put(_ scalar: UInt32) {
                if scalar < 0x80 {
                    out[n] = UInt8(scalar)
                    n += 1
                } else if scalar < 0x800 {
                    out[n] = UInt8(0xC0 | scalar >> 6)
                    out[n + 1] = UInt8(0x80 | scalar & 0x3F)
                    n += 2
                } else if scalar < 0x10000 {
                    out[n] = UInt8(0xE0 | scalar >> 12)
                    out[n + 1] = UInt8(0x80 | (scalar >> 6) & 0x3F)
                    out[n + 2] = UInt8(0x80 | scalar & 0x3F)
                    n += 3
                } else {
                    out[n] = UInt8(0xF0 | scalar >> 18)
                    out[n + 1] = UInt8(0x80 | (scalar >> 12) & 0x3F)
                    out[n + 2] = UInt8(0x80 | (scalar >> 6) & 0x3F)
                    out[n + 3] = UInt8(0x80 | scalar & 0x3F)
                    n += 4
                }
            }
            var k = 0
            while k < unitCount {
                let u = unit(k)
                if isPair(k) {
                    put(0x10000 + ((u - 0xD800) << 10) + (unit(k + 1) - 0xDC00))
                    k += 2
                    continue
                }
                put(u >= 0xD800 && u <= 0xDFFF ? 0xFFFD : u)
                k += 1
            }
            if oddByte { put(0xFFFD) }
            initialized = n
        }
    }
}
