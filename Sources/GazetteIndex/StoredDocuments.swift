/// A document as stored for display: enough to print a hit and rebuild its token positions for snippets.
public struct StoredDocument: Sendable, Equatable {
    public var path: String
    public var title: String?
    public var text: String
    public var blocks: [Range<Int>]
}

/// Stored-documents layout (`.store`): one record per document, then a table of u64 record offsets so any
/// document is one seek away.
///
///     header | record* | u64 offset * (documentCount + 1) | u64 tableOffset | u32 documentCount | footer
///     record := lenPrefixed path | u8 hasTitle | [lenPrefixed title] | lenPrefixed text
///               | varint blockCount | (varint startDelta, varint length)*
struct StoredDocumentsWriter {
    private var writer = ByteWriter()
    private var offsets: [UInt64] = []

    init() {
        IndexFileFormat.writeHeader(.store, into: &writer)
    }

    mutating func add(_ document: DocumentToIndex) {
        offsets.append(UInt64(writer.count))
        writer.writeLengthPrefixed(document.path.utf8)
        if let title = document.title {
            writer.writeUInt8(1)
            writer.writeLengthPrefixed(title.utf8)
        } else {
            writer.writeUInt8(0)
        }
        writer.writeLengthPrefixed(document.text.utf8)
        writer.writeVarUInt(document.blocks.count)
        var previousEnd = 0
        for block in document.blocks {
            writer.writeVarUInt(block.lowerBound - previousEnd)
            writer.writeVarUInt(block.count)
            previousEnd = block.upperBound
        }
    }

    mutating func finish() -> [UInt8] {
        offsets.append(UInt64(writer.count))
        let tableOffset = UInt64(writer.count)
        for offset in offsets { writer.writeUInt64(offset) }
        writer.writeUInt64(tableOffset)
        writer.writeUInt32(UInt32(offsets.count - 1))
        IndexFileFormat.appendFooter(to: &writer)
        return writer.bytes
    }
}

public struct StoredDocumentsReader: Sendable {
    private let file: MappedFile
    private let tableOffset: Int
    public let documentCount: Int

    init(file: MappedFile, verifyChecksum: Bool) throws(IndexError) {
        self.file = file
        let body = try IndexFileFormat.validate(file, kind: .store, verifyChecksum: verifyChecksum)
        guard body.count >= 12 else { throw .corrupt(file: file.path, reason: "store too short") }
        var trailer = ByteReader(body, offset: body.count - 12)
        let table = trailer.readUInt64()!
        let count = Int(trailer.readUInt32()!)
        let bodyEnd = IndexFileFormat.headerSize + body.count - 12
        guard table >= UInt64(IndexFileFormat.headerSize),
              table + UInt64(count + 1) * 8 == UInt64(bodyEnd)
        else { throw .corrupt(file: file.path, reason: "bad stored-document table") }
        tableOffset = Int(table)
        documentCount = count
    }

    public func document(_ doc: UInt32) throws(IndexError) -> StoredDocument {
        let index = Int(doc)
        guard index < documentCount else {
            throw .corrupt(file: file.path, reason: "document \(doc) out of range")
        }
        var table = ByteReader(file.bytes, offset: tableOffset + index * 8)
        let start = Int(table.readUInt64()!)
        let end = Int(table.readUInt64()!)
        guard start >= IndexFileFormat.headerSize, start <= end, end <= tableOffset else {
            throw .corrupt(file: file.path, reason: "bad offset for document \(doc)")
        }
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: file.bytes[0..<end]), offset: start)
        guard let path = reader.readLengthPrefixed(), let hasTitle = reader.readUInt8() else {
            throw .corrupt(file: file.path, reason: "bad record for document \(doc)")
        }
        var title: String?
        if hasTitle == 1 {
            guard let titleBytes = reader.readLengthPrefixed() else {
                throw .corrupt(file: file.path, reason: "bad record for document \(doc)")
            }
            title = String(decoding: titleBytes, as: UTF8.self)
        }
        guard let text = reader.readLengthPrefixed(), let blockCount = reader.readVarInt() else {
            throw .corrupt(file: file.path, reason: "bad record for document \(doc)")
        }
        var blocks: [Range<Int>] = []
        blocks.reserveCapacity(blockCount)
        var previousEnd = 0
        for _ in 0..<blockCount {
            guard let delta = reader.readVarInt(), let length = reader.readVarInt(),
                  previousEnd + delta + length <= text.count
            else { throw .corrupt(file: file.path, reason: "bad blocks for document \(doc)") }
            let blockStart = previousEnd + delta
            blocks.append(blockStart..<(blockStart + length))
            previousEnd = blockStart + length
        }
        return StoredDocument(
            path: String(decoding: path, as: UTF8.self), title: title,
            text: String(decoding: text, as: UTF8.self), blocks: blocks)
    }
}
