/// Tombstones of one segment: a bitset with one bit per document, set when the document was deleted (its file
/// removed or changed). Segments are immutable, so deletions live beside them in their own small file, written
/// under a new name at each commit that changes them and named by the manifest.
///
///     header | u32 documentCount | u32 deletedCount | u64 word * ceil(documentCount / 64) | footer
public struct DeletionSet: Sendable, Equatable {
    public private(set) var documentCount: Int
    public private(set) var deletedCount: Int = 0
    private var words: [UInt64]

    public init(documentCount: Int) {
        self.documentCount = documentCount
        words = [UInt64](repeating: 0, count: (documentCount + 63) / 64)
    }

    public func contains(_ doc: UInt32) -> Bool {
        let index = Int(doc)
        guard index < documentCount else { return false }
        return words[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    /// Marks a document deleted; returns false when it already was.
    @discardableResult
    public mutating func insert(_ doc: UInt32) -> Bool {
        let index = Int(doc)
        guard index < documentCount, !contains(doc) else { return false }
        words[index >> 6] |= 1 << UInt64(index & 63)
        deletedCount += 1
        return true
    }

    func serialized() -> [UInt8] {
        var writer = ByteWriter(reservingCapacity: 24 + words.count * 8)
        IndexFileFormat.writeHeader(.deletions, into: &writer)
        writer.writeUInt32(UInt32(documentCount))
        writer.writeUInt32(UInt32(deletedCount))
        for word in words { writer.writeUInt64(word) }
        IndexFileFormat.appendFooter(to: &writer)
        return writer.bytes
    }

    /// Deletion files are tiny, so they are checked in full when opened.
    static func read(_ file: MappedFile, expectedDocuments: Int) throws(IndexError) -> DeletionSet {
        let body = try IndexFileFormat.validate(file, kind: .deletions, verifyChecksum: true)
        var reader = ByteReader(body)
        guard let count = reader.readUInt32(), let deleted = reader.readUInt32(), Int(count) == expectedDocuments,
              body.count == 8 + (Int(count) + 63) / 64 * 8
        else { throw .corrupt(file: file.path, reason: "deletion bitset does not fit its segment") }
        var set = DeletionSet(documentCount: Int(count))
        var population = 0
        for i in 0..<set.words.count {
            let word = reader.readUInt64()!
            set.words[i] = word
            population += word.nonzeroBitCount
        }
        guard population == Int(deleted) else {
            throw .corrupt(file: file.path, reason: "deletion count does not match the bitset")
        }
        set.deletedCount = population
        return set
    }
}
