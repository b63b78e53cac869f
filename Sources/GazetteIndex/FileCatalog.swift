/// The `.files` file of a segment: for each document its path and the fingerprint of the source file it came
/// from. It is uncompressed and indexed by an offset table so that an incremental run can load every path in
/// one pass and a tie between equal scores can be broken by path without touching the document store.
///
///     header | record * documentCount | u64 offset * (documentCount + 1) | u64 tableOffset | u32 count | footer
///     record := varint pathLength, path | varint size | varint modificationTime (zigzag) | u64 contentHash
///               | u32 crc32 (of the record's bytes before it)
///
/// Each record carries its own checksum, checked whenever it is read, so opening the catalog costs nothing
/// however many documents the segment holds.
struct FileCatalogWriter {
    private var writer = ByteWriter()
    private var offsets: [UInt64] = []

    init() {
        IndexFileFormat.writeHeader(.files, into: &writer)
    }

    mutating func add(path: String, fingerprint: FileFingerprint) {
        offsets.append(UInt64(writer.count))
        writer.writeLengthPrefixed(path.utf8)
        writer.writeVarUInt(UInt64(max(0, fingerprint.size)))
        let time = fingerprint.modificationTimeNanoseconds
        writer.writeVarUInt(UInt64(bitPattern: (time << 1) ^ (time >> 63)))
        writer.writeUInt64(fingerprint.contentHash)
        let start = Int(offsets[offsets.count - 1])
        let crc = writer.bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        writer.writeUInt32(crc)
    }

    mutating func finish() -> [UInt8] {
        offsets.append(UInt64(writer.count))
        let table = UInt64(writer.count)
        for offset in offsets { writer.writeUInt64(offset) }
        writer.writeUInt64(table)
        writer.writeUInt32(UInt32(offsets.count - 1))
        IndexFileFormat.appendFooter(to: &writer)
        return writer.bytes
    }
}

public struct FileCatalogReader: Sendable {
    private let file: MappedFile
    private let tableOffset: Int
    public let documentCount: Int

    init(file: MappedFile) throws(IndexError) {
        self.file = file
        let body = try IndexFileFormat.validate(file, kind: .files, verifyChecksum: false)
        guard body.count >= 12 else { throw .corrupt(file: file.path, reason: "file catalog too short") }
        var trailer = ByteReader(body, offset: body.count - 12)
        let table = trailer.readUInt64()!
        let count = Int(trailer.readUInt32()!)
        let bodyEnd = UInt64(IndexFileFormat.headerSize + body.count - 12)
        // Subtracting, not adding: a table offset near 2^64 must not overflow (and trap).
        guard table >= UInt64(IndexFileFormat.headerSize), table <= bodyEnd, bodyEnd - table == UInt64(count + 1) * 8 else {
            throw .corrupt(file: file.path, reason: "bad file catalog table")
        }
        tableOffset = Int(table)
        documentCount = count
    }

    private func recordBounds(_ doc: UInt32) throws(IndexError) -> (Int, Int) {
        guard Int(doc) < documentCount else { throw .corrupt(file: file.path, reason: "document \(doc) out of range") }
        var table = ByteReader(file.bytes, offset: tableOffset + Int(doc) * 8)
        let start = Int(truncatingIfNeeded: table.readUInt64()!)
        let end = Int(truncatingIfNeeded: table.readUInt64()!)
        // Offsets come from the file and may be anything: both are bounded before they are combined, so no
        // arithmetic on them can overflow.
        guard start >= IndexFileFormat.headerSize, start <= tableOffset, end >= IndexFileFormat.headerSize,
              end <= tableOffset, end - start >= 4
        else {
            throw .corrupt(file: file.path, reason: "bad offset for document \(doc)")
        }
        var crcReader = ByteReader(file.bytes, offset: end - 4)
        let stored = crcReader.readUInt32()!
        let computed = CRC32.checksum(UnsafeRawBufferPointer(rebasing: file.bytes[start..<(end - 4)]))
        guard stored == computed else {
            throw .corrupt(file: file.path, reason: "checksum mismatch in the record of document \(doc)")
        }
        return (start, end - 4)
    }

    /// The path's UTF-8 bytes, in place in the mapping.
    public func pathBytes(_ doc: UInt32) throws(IndexError) -> UnsafeRawBufferPointer {
        let (start, end) = try recordBounds(doc)
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: file.bytes[0..<end]), offset: start)
        guard let path = reader.readLengthPrefixed() else {
            throw .corrupt(file: file.path, reason: "bad record for document \(doc)")
        }
        return path
    }

    public func path(_ doc: UInt32) throws(IndexError) -> String {
        String(decoding: try pathBytes(doc), as: UTF8.self)
    }

    public func entry(_ doc: UInt32) throws(IndexError) -> (path: String, fingerprint: FileFingerprint) {
        let (start, end) = try recordBounds(doc)
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: file.bytes[0..<end]), offset: start)
        guard let path = reader.readLengthPrefixed(), let size = reader.readVarUInt64(),
              let zigzag = reader.readVarUInt64(), let hash = reader.readUInt64(), reader.offset == end
        else { throw .corrupt(file: file.path, reason: "bad record for document \(doc)") }
        let time = Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
        return (
            String(decoding: path, as: UTF8.self),
            FileFingerprint(size: Int64(clamping: size), modificationTimeNanoseconds: time, contentHash: hash))
    }
}
