/// Counts that describe a segment as a whole (for BM25 and `gazette stats`).
public struct SegmentStatistics: Sendable, Equatable {
    public var documentCount: UInt64
    public var termCount: UInt64
    public var postingCount: UInt64
    public var positionCount: UInt64
}

/// Norms layout (`.norms`): per document, its title and body lengths in tokens (two u32, so a lookup is an
/// index, no decoding), then the segment statistics and the summed lengths that give average lengths.
///
///     header | (u32 titleLength, u32 bodyLength) * documentCount
///            | u64 documentCount | u64 termCount | u64 postingCount | u64 positionCount
///            | u64 titleLengthSum | u64 bodyLengthSum | footer
struct NormsWriter {
    private let output: IndexOutput
    private var titleSum: UInt64 = 0
    private var bodySum: UInt64 = 0

    init(output: IndexOutput) {
        precondition(output.kind == .norms)
        self.output = output
    }

    /// The next document's field lengths.
    mutating func add(titleLength: UInt32, bodyLength: UInt32) {
        output.writeUInt32(titleLength)
        output.writeUInt32(bodyLength)
        titleSum += UInt64(titleLength)
        bodySum += UInt64(bodyLength)
    }

    /// Writes the statistics and finishes the file; a writer in memory returns its bytes.
    @discardableResult
    mutating func finish(statistics: SegmentStatistics) throws(IndexError) -> [UInt8] {
        output.writeUInt64(statistics.documentCount)
        output.writeUInt64(statistics.termCount)
        output.writeUInt64(statistics.postingCount)
        output.writeUInt64(statistics.positionCount)
        output.writeUInt64(titleSum)
        output.writeUInt64(bodySum)
        return try output.finish()
    }
}

public struct NormsReader: Sendable {
    private let file: MappedFile
    public let statistics: SegmentStatistics
    public let titleLengthSum: UInt64
    public let bodyLengthSum: UInt64

    init(file: MappedFile, verifyChecksum: Bool) throws(IndexError) {
        self.file = file
        let body = try IndexFileFormat.validate(file, kind: .norms, verifyChecksum: verifyChecksum)
        guard body.count >= 48 else { throw .corrupt(file: file.path, reason: "norms too short") }
        var trailer = ByteReader(body, offset: body.count - 48)
        let stats = SegmentStatistics(
            documentCount: trailer.readUInt64()!, termCount: trailer.readUInt64()!,
            postingCount: trailer.readUInt64()!, positionCount: trailer.readUInt64()!)
        titleLengthSum = trailer.readUInt64()!
        bodyLengthSum = trailer.readUInt64()!
        guard stats.documentCount <= UInt64(Int32.max),
              UInt64(body.count - 48) == stats.documentCount * 8
        else { throw .corrupt(file: file.path, reason: "norms size does not match the document count") }
        statistics = stats
    }

    public var documentCount: Int { Int(statistics.documentCount) }

    public func titleLength(_ doc: UInt32) -> UInt32 { load(Int(doc) * 8) }

    public func bodyLength(_ doc: UInt32) -> UInt32 { load(Int(doc) * 8 + 4) }

    func load(_ offset: Int) -> UInt32 {
        UInt32(littleEndian: file.bytes.loadUnaligned(
            fromByteOffset: IndexFileFormat.headerSize + offset, as: UInt32.self))
    }
}
