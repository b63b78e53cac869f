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
    private let output: IndexOutput
    private var offsets: [UInt64] = []
    /// One record, for its checksum.
    private var record = ByteWriter()

    /// A writer whose file stays in memory until `moveToFile` (or `finish`, which then returns it).
    init() {
        self.init(output: IndexOutput(kind: .files))
    }

    init(output: IndexOutput) {
        precondition(output.kind == .files)
        self.output = output
    }

    /// Memory held: the records while the output is in memory, and the offsets table.
    var memoryBytes: Int { output.memoryBytes + offsets.capacity * 8 + record.bytes.capacity }

    /// Moves the file being written from memory to `file` (see `IndexOutput.moveToFile`).
    func moveToFile(_ file: any WritableFile) throws(IndexError) {
        try output.moveToFile(file)
    }

    mutating func add(path: String, fingerprint: FileFingerprint) {
        offsets.append(UInt64(output.count))
        record.removeAll()
        record.writeLengthPrefixed(path.utf8)
        record.writeVarUInt(UInt64(max(0, fingerprint.size)))
        let time = fingerprint.modificationTimeNanoseconds
        record.writeVarUInt(UInt64(bitPattern: (time << 1) ^ (time >> 63)))
        record.writeUInt64(fingerprint.contentHash)
        record.bytes.withUnsafeBytes { bytes in
            output.writeBytes(bytes)
            output.writeUInt32(CRC32.checksum(bytes))
        }
    }

    /// Writes the offsets table and finishes the file; a writer in memory returns its bytes.
    @discardableResult
    mutating func finish() throws(IndexError) -> [UInt8] {
        offsets.append(UInt64(output.count))
        let table = UInt64(output.count)
        for offset in offsets { output.writeUInt64(offset) }
        output.writeUInt64(table)
        output.writeUInt32(UInt32(offsets.count - 1))
        offsets = []
        return try output.finish()
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
