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
enum NormsWriter {
    static func serialize(titleLengths: [UInt32], bodyLengths: [UInt32], statistics: SegmentStatistics) -> [UInt8] {
        var writer = ByteWriter(reservingCapacity: titleLengths.count * 8 + 80)
        IndexFileFormat.writeHeader(.norms, into: &writer)
        var titleSum: UInt64 = 0, bodySum: UInt64 = 0
        for (title, body) in zip(titleLengths, bodyLengths) {
            writer.writeUInt32(title)
            writer.writeUInt32(body)
            titleSum += UInt64(title)
            bodySum += UInt64(body)
        }
        writer.writeUInt64(statistics.documentCount)
        writer.writeUInt64(statistics.termCount)
        writer.writeUInt64(statistics.postingCount)
        writer.writeUInt64(statistics.positionCount)
        writer.writeUInt64(titleSum)
        writer.writeUInt64(bodySum)
        IndexFileFormat.appendFooter(to: &writer)
        return writer.bytes
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
