/// The commit point of an index: which segment files make up the current state. It is small, human-readable
/// text, replaced atomically on every commit; the last line is a CRC-32 of the lines before it so a torn or
/// edited manifest is refused rather than half-read.
///
///     gazette-index 1
///     generation 4
///     segment s4 documents 25
///     crc 1a2b3c4d
public struct Manifest: Sendable, Equatable {
    public static let fileName = "gazette.manifest"

    public struct Segment: Sendable, Equatable {
        public var name: String
        public var documentCount: Int
    }

    public var formatVersion: UInt32
    public var generation: UInt64
    public var segments: [Segment]

    public init(generation: UInt64, segments: [Segment]) {
        self.formatVersion = IndexFileFormat.version
        self.generation = generation
        self.segments = segments
    }

    func serialized() -> [UInt8] {
        var text = "gazette-index \(formatVersion)\ngeneration \(generation)\n"
        for segment in segments {
            text += "segment \(segment.name) documents \(segment.documentCount)\n"
        }
        let body = Array(text.utf8)
        let crc = body.withUnsafeBytes { CRC32.checksum($0) }
        return body + Array("crc \(String(crc, radix: 16))\n".utf8)
    }

    static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws(IndexError) -> Manifest {
        let all = Array(bytes)
        guard let text = String(validating: all, as: UTF8.self) else {
            throw .corrupt(file: path, reason: "manifest is not text")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard let first = lines.first, first.hasPrefix("gazette-index ") else {
            throw .foreignFile(file: path)
        }
        guard let version = UInt32(first.dropFirst("gazette-index ".count)) else {
            throw .corrupt(file: path, reason: "unreadable format version")
        }
        guard version == IndexFileFormat.version else {
            throw .unsupportedVersion(file: path, found: version, supported: IndexFileFormat.version)
        }
        guard let crcLine = lines.popLast(), crcLine.hasPrefix("crc "),
              let storedCRC = UInt32(crcLine.dropFirst(4), radix: 16)
        else { throw .corrupt(file: path, reason: "manifest has no checksum line") }
        let bodyLength = all.count - (crcLine.utf8.count + 1)
        let computed = all.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<bodyLength])) }
        guard computed == storedCRC else { throw .corrupt(file: path, reason: "manifest checksum mismatch") }

        var generation: UInt64?
        var segments: [Segment] = []
        for line in lines.dropFirst() {
            let fields = line.split(separator: " ")
            switch fields.first {
            case "generation":
                guard fields.count == 2, let value = UInt64(fields[1]) else {
                    throw .corrupt(file: path, reason: "bad line '\(line)'")
                }
                generation = value
            case "segment":
                guard fields.count == 4, fields[2] == "documents", let count = Int(fields[3]),
                      fields[1].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
                else { throw .corrupt(file: path, reason: "bad line '\(line)'") }
                segments.append(Segment(name: String(fields[1]), documentCount: count))
            default:
                throw .corrupt(file: path, reason: "bad line '\(line)'")
            }
        }
        guard let generation else { throw .corrupt(file: path, reason: "manifest has no generation") }
        var manifest = Manifest(generation: generation, segments: segments)
        manifest.formatVersion = version
        return manifest
    }
}
