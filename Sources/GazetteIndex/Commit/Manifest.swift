/// The commit point of an index: which segments make up the current state, and which deletion file applies
/// to each. It is small, human-readable text, replaced atomically on every commit; the last line is a CRC-32
/// of the lines before it so a torn or edited manifest is refused rather than half-read.
///
///     gazette-index 2
///     generation 4
///     next-segment 9
///     segment s7 documents 25 deleted 2 delgen 3
///     segment s8 documents 3 deleted 0 delgen 0
///     entities 4          (optional: the commit whose entities.4.res is in force)
///     root /srv/news      (optional, repeated: the corpus folders the documents come from; %-escaped)
///     analysis 1 3        (optional: the text analysis and entity recogniser versions that wrote it)
///     crc 1a2b3c4d
public struct Manifest: Sendable, Equatable {
    public static let fileName = "gazette.manifest"

    public struct Segment: Sendable, Equatable {
        public var name: String
        public var documentCount: Int
        public var deletedCount: Int
        /// 0 when the segment has no deletions; otherwise its deletions are in `<name>.<delgen>.del`.
        public var deletionGeneration: UInt64

        public init(name: String, documentCount: Int, deletedCount: Int = 0, deletionGeneration: UInt64 = 0) {
            self.name = name
            self.documentCount = documentCount
            self.deletedCount = deletedCount
            self.deletionGeneration = deletionGeneration
        }

        public var liveDocumentCount: Int { documentCount - deletedCount }

        public var deletionFileName: String? {
            deletionGeneration == 0 ? nil : "\(name).\(deletionGeneration).del"
        }

        /// Every file of the segment as committed.
        public var fileNames: [String] {
            SegmentFiles.kinds.map { "\(name).\($0.fileExtension)" } + (deletionFileName.map { [$0] } ?? [])
        }
    }

    public var formatVersion: UInt32
    public var generation: UInt64
    public var nextSegmentNumber: UInt64
    public var segments: [Segment]
    /// The commit that wrote the entity resolution in force (`entities.<n>.res`), or 0 when there is none.
    public var resolutionGeneration: UInt64 = 0
    /// The absolute paths of the corpus folders whose documents the index holds (empty for an index written
    /// before roots were recorded). Document paths are relative to them.
    public var roots: [String] = []
    /// What analysed the documents (nil for an index written before it was recorded: `AnalysisVersion.unrecorded`).
    public var analysis: AnalysisVersion?

    public init(generation: UInt64, nextSegmentNumber: UInt64, segments: [Segment], resolutionGeneration: UInt64 = 0) {
        self.formatVersion = IndexFileFormat.version
        self.generation = generation
        self.nextSegmentNumber = nextSegmentNumber
        self.segments = segments
        self.resolutionGeneration = resolutionGeneration
    }

    /// The entity resolution file this commit names, if any.
    public var resolutionFileName: String? {
        resolutionGeneration == 0 ? nil : EntityResolution.fileName(generation: resolutionGeneration)
    }

    public static let empty = Manifest(generation: 0, nextSegmentNumber: 1, segments: [])

    func serialized() -> [UInt8] {
        var text = "gazette-index \(formatVersion)\ngeneration \(generation)\nnext-segment \(nextSegmentNumber)\n"
        for segment in segments {
            text += "segment \(segment.name) documents \(segment.documentCount) deleted \(segment.deletedCount) delgen \(segment.deletionGeneration)\n"
        }
        if resolutionGeneration > 0 { text += "entities \(resolutionGeneration)\n" }
        for root in roots { text += "root " + Self.escape(root) + "\n" }
        if let analysis {
            text += "analysis \(analysis.text) \(analysis.entities)" + (analysis.stemmer.map { " stem=\($0)" } ?? "") + "\n"
        }
        let body = Array(text.utf8)
        let crc = body.withUnsafeBytes { CRC32.checksum($0) }
        return body + Array("crc \(String(crc, radix: 16))\n".utf8)
    }

    /// The non-empty runs of `text` between `separator` bytes (an ASCII byte, so every run is whole UTF-8).
    private static func split(_ text: Substring, on separator: UInt8) -> [Substring] {
        var runs: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex, index = start
        while index != utf8.endIndex {
            if utf8[index] == separator {
                if start != index { runs.append(Substring(utf8[start..<index])) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start != utf8.endIndex { runs.append(Substring(utf8[start..<utf8.endIndex])) }
        return runs
    }

    static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws(IndexError) -> Manifest {
        let all = Array(bytes)
        let magic = "gazette-index "
        guard !all.isEmpty else { throw .corrupt(file: path, reason: "manifest is empty") }
        guard all.starts(with: magic.utf8) else { throw .foreignFile(file: path) }
        guard let text = String(validating: all, as: UTF8.self) else {
            throw .corrupt(file: path, reason: "manifest is not valid UTF-8")
        }
        // Split on the bytes, not on Characters: splitting a String walks its grapheme clusters, most of the
        // parse's cost for nothing a manifest holds. (A "\r\n", one Character, would not split there; such a
        // file fails its checksum either way.)
        var lines = Self.split(text[...], on: UInt8(ascii: "\n"))
        guard let version = UInt32(lines[0].dropFirst(magic.count)) else {
            throw .corrupt(file: path, reason: "unreadable format version")
        }
        // The checksum is checked before the version, so that a damaged version number reads as damage; only a
        // manifest intact under another version is one this build does not read. The checksum line must read
        // exactly as written (lower-case hex, no leading zeros): a changed byte there is damage even when the
        // number still parses to the same value ("1A2B" for "1a2b").
        guard let crcLine = lines.popLast(), crcLine.hasPrefix("crc "),
              let storedCRC = UInt32(crcLine.dropFirst(4), radix: 16),
              crcLine.dropFirst(4) == String(storedCRC, radix: 16),
              all.count >= crcLine.utf8.count + 1
        else {
            guard version == IndexFileFormat.version else {
                throw .unsupportedVersion(file: path, found: version, supported: IndexFileFormat.version)
            }
            throw .corrupt(file: path, reason: "manifest has no checksum line")
        }
        let bodyLength = all.count - (crcLine.utf8.count + 1)
        let computed = all.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<bodyLength])) }
        guard computed == storedCRC else { throw .corrupt(file: path, reason: "manifest checksum mismatch") }
        guard version == IndexFileFormat.version else {
            throw .unsupportedVersion(file: path, found: version, supported: IndexFileFormat.version)
        }

        var generation: UInt64?
        var nextSegment: UInt64?
        var segments: [Segment] = []
        var resolutionGeneration: UInt64 = 0
        var roots: [String] = []
        var analysis: AnalysisVersion?
        for line in lines.dropFirst() {
            let fields = Self.split(line, on: UInt8(ascii: " "))
            switch fields.first {
            case "generation":
                guard fields.count == 2, let value = UInt64(fields[1]) else {
                    throw .corrupt(file: path, reason: "bad line '\(line)'")
                }
                generation = value
            case "next-segment":
                guard fields.count == 2, let value = UInt64(fields[1]) else {
                    throw .corrupt(file: path, reason: "bad line '\(line)'")
                }
                nextSegment = value
            case "segment":
                guard fields.count == 8, fields[2] == "documents", fields[4] == "deleted", fields[6] == "delgen",
                      let count = Int(fields[3]), let deleted = Int(fields[5]), let delgen = UInt64(fields[7]),
                      count >= 0, deleted >= 0, deleted <= count, (deleted == 0) || delgen > 0,
                      SegmentFiles.isValidName(fields[1])
                else { throw .corrupt(file: path, reason: "bad line '\(line)'") }
                segments.append(Segment(
                    name: String(fields[1]), documentCount: count, deletedCount: deleted, deletionGeneration: delgen))
            case "entities":
                guard fields.count == 2, let value = UInt64(fields[1]), value > 0 else {
                    throw .corrupt(file: path, reason: "bad line '\(line)'")
                }
                resolutionGeneration = value
            case "root":
                guard fields.count == 2, let root = Self.unescape(fields[1]), root.hasPrefix("/") else {
                    throw .corrupt(file: path, reason: "bad line '\(line)'")
                }
                roots.append(root)
            case "analysis":
                guard fields.count == 3 || fields.count == 4, analysis == nil, let text = UInt32(fields[1]), text > 0,
                      let entities = UInt32(fields[2])
                else { throw .corrupt(file: path, reason: "bad line '\(line)'") }
                var stemmer: String?
                if fields.count == 4 {
                    let name = fields[3].dropFirst(5)
                    guard fields[3].hasPrefix("stem="), !name.isEmpty,
                          name.utf8.allSatisfy({ ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "_") })
                    else { throw .corrupt(file: path, reason: "bad line '\(line)'") }
                    stemmer = String(name)
                }
                analysis = AnalysisVersion(text: text, entities: entities, stemmer: stemmer)
            default:
                throw .corrupt(file: path, reason: "bad line '\(line)'")
            }
        }
        guard let generation, let nextSegment else {
            throw .corrupt(file: path, reason: "manifest lacks its generation")
        }
        guard Set(segments.map(\.name)).count == segments.count else {
            throw .corrupt(file: path, reason: "a segment is listed twice")
        }
        var manifest = Manifest(
            generation: generation, nextSegmentNumber: nextSegment, segments: segments,
            resolutionGeneration: resolutionGeneration)
        manifest.formatVersion = version
        manifest.roots = roots
        manifest.analysis = analysis
        return manifest
    }

    /// A root as one word of a line: `%`, white space and control characters as `%XX` of their UTF-8 bytes.
    static func escape(_ root: String) -> String {
        let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
        var escaped: [UInt8] = []
        for byte in root.utf8 {
            if byte == UInt8(ascii: "%") || byte <= 0x20 || byte == 0x7F {
                escaped.append(UInt8(ascii: "%"))
                escaped.append(digits[Int(byte >> 4)])
                escaped.append(digits[Int(byte & 0x0F)])
            } else {
                escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// The root `escape` wrote; nil for a malformed escape or bytes that are not UTF-8.
    static func unescape(_ word: Substring) -> String? {
        var bytes: [UInt8] = []
        var rest = Array(word.utf8)[...]
        while let byte = rest.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard rest.count >= 2, let high = hexValue(rest[rest.startIndex]), let low = hexValue(rest[rest.startIndex + 1])
            else { return nil }
            bytes.append(high << 4 | low)
            rest = rest.dropFirst(2)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// Names of the files that make up a segment.
public enum SegmentFiles {
    /// The files every segment has (deletions are optional and separate).
    public static let kinds: [IndexFileFormat.Kind] = [.terms, .postings, .positions, .norms, .store, .files, .entities]

    /// Segment names are `s` followed by digits: nothing else in an index folder is ever deleted by Gazette.
    static func isValidName<S: StringProtocol>(_ name: S) -> Bool {
        name.count > 1 && name.first == "s" && name.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func name(number: UInt64) -> String { "s\(number)" }

    /// The name of the file of `kind` of segment `name`.
    static func fileName(_ name: String, kind: IndexFileFormat.Kind) -> String {
        name + "." + kind.fileExtension
    }
}
