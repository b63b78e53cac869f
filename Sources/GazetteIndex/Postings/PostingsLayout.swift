/// Where a term's data lives in its segment: returned by `PostingsWriter.endTerm`, stored in the term
/// dictionary, handed to `PostingsCursor`.
///
/// Pulsing: a term in one document (`documentFrequency == 1`) has no bytes in `.post`; its document is
/// `singletonDocument` (and its frequency `totalTermFrequency`), and `postingsOffset` is 0. A term seen once
/// (`totalTermFrequency == 1`, half the terms of a real corpus) has no bytes in `.pos` either; its position is
/// `singletonPosition` and `positionsOffset` is 0. Both live in the (checksummed) dictionary entry.
public struct TermInfo: Sendable, Equatable {
    public var documentFrequency: UInt32
    /// Sum of the term's frequencies: the number of its positions.
    public var totalTermFrequency: UInt64
    /// Absolute offset in `.post` of the term's postings (0 when `documentFrequency <= 1`).
    public var postingsOffset: UInt64
    /// Absolute offset in `.pos` of the term's positions (0 when `totalTermFrequency <= 1`).
    public var positionsOffset: UInt64
    /// The only document, when `documentFrequency == 1` (else 0).
    public var singletonDocument: UInt32
    /// The only position, when `totalTermFrequency == 1` (else 0).
    public var singletonPosition: UInt32

    public init(
        documentFrequency: UInt32, totalTermFrequency: UInt64, postingsOffset: UInt64, positionsOffset: UInt64,
        singletonDocument: UInt32 = 0, singletonPosition: UInt32 = 0
    ) {
        self.documentFrequency = documentFrequency
        self.totalTermFrequency = totalTermFrequency
        self.postingsOffset = postingsOffset
        self.positionsOffset = positionsOffset
        self.singletonDocument = singletonDocument
        self.singletonPosition = singletonPosition
    }

    /// Whether the postings are pulsed into the dictionary (no bytes in `.post`).
    public var hasInlineDocument: Bool { documentFrequency == 1 }
    /// Whether the positions are pulsed into the dictionary (no bytes in `.pos`).
    public var hasInlinePosition: Bool { totalTermFrequency == 1 }
}

/// Constants of the postings (`.post`) and positions (`.pos`) layouts; see docs/FORMAT.md.
///
/// Postings of a term with `df >= 2`, at `postingsOffset`:
///
///     term   := group* tail?                        groups cover the df / 128 full blocks, 32 blocks each
///     group  := skipEntry{n} u32 crc(entries) block{n}
///     skipEntry := varint lastDocDelta, header(docs), header(freqs), varint (tfSum - 128), varint posBlockDelta
///     block  := patched(docGap) patched(freq - 1) u32 crc(both)
///     header := u8 width | u8 (width | 0x80), u8 exceptionCount
///     patched := packed low bits (16 * width bytes), (u8 index, u8 value >> width){exceptionCount}
///     tail   := (varint (gap << 1 | freq == 1), [varint freq if freq != 1]){df % 128} u32 crc
///
/// `gap` is `doc - (previous doc + 1)` (the first document of the term: `doc - 0`), so consecutive documents
/// cost 0 bits. Positions of a term with `ttf >= 2`, at `positionsOffset`:
///
///     term   := posBlock{ttf / 128} posTail?
///     posBlock := header, patched(values), u32 crc(header and patched bytes)
///     posTail  := varint value{ttf % 128}, u32 crc
///
/// where the values are the positions of each document in turn, delta-coded within the document (the first
/// relative to 0), blocks running across document boundaries.
enum PostingsLayout {
    static let blockSize = BitPacking.blockSize
    /// Full doc blocks described by one skip group.
    static let blocksPerGroup = 32
    static let crcSize = 4

    /// A packed block's header: `u8 width` (0...32), or `u8 (width | 0x80), u8 exceptionCount` (1...128) when the
    /// block is patched.
    static func writeBlockHeader(width: Int, exceptions: Int, into writer: inout ByteWriter) {
        if exceptions > 0 {
            writer.writeUInt8(UInt8(width) | 0x80)
            writer.writeUInt8(UInt8(exceptions))
        } else {
            writer.writeUInt8(UInt8(width))
        }
    }

    /// Reads a block header; nil when it is impossible.
    static func readBlockHeader(_ reader: inout ByteReader) -> (width: Int, exceptions: Int)? {
        guard let byte = reader.readUInt8() else { return nil }
        let width = Int(byte & 0x3F)
        guard width <= BitPacking.maxWidth, byte & 0x40 == 0 else { return nil }
        guard byte & 0x80 != 0 else { return (width, 0) }
        guard let count = reader.readUInt8(), count >= 1, Int(count) <= BitPacking.blockSize else { return nil }
        return (width, Int(count))
    }
}
