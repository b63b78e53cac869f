/// A document as stored for display: enough to print a hit and rebuild its token positions for snippets.
public struct StoredDocument: Sendable, Equatable {
    public var path: String
    public var title: String?
    /// The text's UTF-8 bytes as stored. Kept as bytes: a search shows a few hundred characters of texts that
    /// can run to megabytes, and validating a whole text into a `String` would cost more than the search.
    public var utf8Text: [UInt8]
    /// The text as a `String` (decoded on each access).
    public var text: String {
        get { String(decoding: utf8Text, as: UTF8.self) }
        set { utf8Text = Array(newValue.utf8) }
    }
    /// UTF-8 byte ranges of `text`'s blocks (paragraphs), as the document was indexed.
    public var blocks: [Range<Int>]
    /// Entity mentions recognised in `text` when the document was indexed.
    public var entities: [StoredEntitySpan]
    /// Tokens in each block (empty when unknown).
    public var blockTokenCounts: [Int] = []
    /// Publication date, author and source (empty for documents indexed before the index kept them).
    public var metadata: ArticleMetadata = .none

    public init(path: String, title: String?, text: String, blocks: [Range<Int>], entities: [StoredEntitySpan] = []) {
        self.path = path
        self.title = title
        self.utf8Text = Array(text.utf8)
        self.blocks = blocks
        self.entities = entities
    }
}

/// Stored-documents layout (`.store`), described in docs/FORMAT.md: records packed into blocks of about
/// 16 KB, each block compressed by zstd, then a fixed-width block index searched in place and a trailer.
///
///     header | [dictionary | u32 crc32 of it] | compressedBlock * blockCount | blockEntry * blockCount | trailer | footer
///                  (codec 3 only: the dictionary runs from the header to the first block)
///     blockEntry := u32 firstDocument | u64 offset | u32 compressedLength | u32 uncompressedLength | u32 crc32
///     trailer    := u64 blockIndexOffset | u32 blockCount | u32 documentCount | u8 codec | u8 frameSizeLog2
///                   | u8 0 * 2 | u32 crc32 (of the block index and the trailer before it)
///     compressedBlock := frame                                  (codec 1, or a block of at most one frame size)
///                      | (u32 frameLength, u32 frameCRC32) * frameCount | frame * frameCount
///                                                               (codec 2, a larger block; the block's CRC is the table's)
///     block      := u32 recordStart * documentsInBlock | record * documentsInBlock     (uncompressed)
///     record     := varint fieldCount | (varint tag, varint length, bytes) * fieldCount
enum StoredDocumentsLayout {
    static let blockEntrySize = 24
    static let trailerSize = 24
    /// Each block one zstd frame (stores written before codec 2).
    static let codecZstd: UInt8 = 1
    /// A block larger than the frame size is cut into frames of that many uncompressed bytes, each compressed
    /// on its own, so that a search decompresses only the part of a long document it shows.
    static let codecZstdFrames: UInt8 = 2
    /// As codec 2, every frame compressed with the store's own dictionary, trained on its first records and
    /// stored after the header: frames half as long as codec 2's for the same size, so that a search
    /// decompresses half as much around a match.
    static let codecZstdDictionary: UInt8 = 3
    /// A store whose records reach this many bytes trains a dictionary on them (codec 3); a smaller one keeps
    /// codec 2, since a dictionary of its size would weigh more than it saves.
    static let dictionaryTrainingBytes = 1 << 20
    static let dictionaryCapacity = 64 * 1024
    /// Frames of codec 3: 16 KB (on `make bench`'s documentation, 16 KB frames with a dictionary take 6 % less
    /// than 32 KB frames without one; 8 KB frames 2 % more).
    static let dictionaryFrameSizeLog2 = 14
    /// Refuse a dictionary larger than this, whatever a damaged store claims.
    static let maximumDictionarySize = 1 << 20
    /// Blocks between two places of a record's block skips: placing a match walks at most this many blocks
    /// from the nearest (a manual page has thousands, about 100 instructions each to walk).
    static let blockSkipInterval = 128
    static let defaultBlockSize = 16 * 1024
    /// 32 KB frames: on `make bench`'s long pages, 16 KB frames compress 11 % worse than whole documents,
    /// 32 KB 5 %, 64 KB 2 %; 32 KB is a few paragraphs, about what a snippet needs around a match.
    static let defaultFrameSizeLog2 = 15
    static let frameSizeLog2Range = 6...24
    /// Refuse to allocate more than this for one block, whatever a damaged index claims.
    static let maximumBlockSize = 1 << 31

    /// Field tags of a record. A reader skips tags it does not know, so a field can be added without breaking
    /// older readers: give it the next number, write it in `StoredDocumentsWriter.encode`, decode it in
    /// `StoredDocumentsReader.decodeRecord`, and add it to `StoredDocument`.
    enum Field: UInt64 {
        case path = 1
        case title = 2    // absent when the document has no title
        case text = 3
        case blocks = 4   // varint count | (varint startDelta, varint length) * count
        /// varint nameCount | lenPrefixed name * nameCount | varint count | (varint startDelta, varint length,
        ///   varint typeName, varint canonicalName) * count
        ///   — absent when the document has no entity
        case entities = 5
        /// varint tokenCount * blockCount — the tokens of each text block, so a position's block is found by
        /// arithmetic instead of tokenising the text up to it
        case blockTokens = 6
        /// (varint key, lenPrefixed value) until the field ends; keys 1 date, 2 date source, 3 author, 4 source
        ///   — absent when the document gives none of them
        case metadata = 7
        /// varint interval | (varint blocksOffsetDelta, varint countsOffsetDelta, varint textEndDelta,
        ///   varint tokensDelta, varint countedBlocksDelta) * ((blockCount - 1) / interval) — where the walk over
        ///   the blocks and their token counts stands before every `interval`-th block, so that placing a match
        ///   deep in a long document starts near it; absent without token counts or with few blocks
        case blockSkips = 8
    }
}

struct StoredDocumentsWriter {
    private typealias Layout = StoredDocumentsLayout
    private let compressionLevel: Int
    private let blockSize: Int
    /// log2 of the frame size (codecs 2 and 3), or nil to write codec 1 (each block one frame).
    private var frameSizeLog2: Int?
    /// Records' bytes from which a dictionary is trained (nil: none is), the blocks held uncompressed until
    /// then (concatenated, with their lengths and first documents), and the dictionary once trained.
    private let trainingBytes: Int?
    private var held: [UInt8] = []
    private var heldBlocks: [(length: Int, firstDocument: Int)] = []
    private var decided: Bool
    private var dictionary: Zstd.CompressionDictionary?
    private let dictionaryFrameSizeLog2: Int
    private let output: IndexOutput
    /// One compressed block, for its checksum before it goes to the output.
    private var compressed: [UInt8] = []
    /// Uncompressed records of the block being filled, and where each starts in `pending`.
    private var pending = ByteWriter()
    private var pendingStarts: [Int] = []
    private var index = ByteWriter()
    private var blockCount = 0
    private var documentCount = 0
    /// The record being added, up to its text (which comes last, so that a reader finds every other field
    /// in a record's first frames).
    private var record = ByteWriter()
    private var field = ByteWriter()
    private var spans = ByteWriter()
    private var block: [UInt8] = []

    init() { self.init(compressionLevel: Zstd.defaultLevel) }

    /// `blockSize` is the uncompressed size at which a block is closed, `frameSizeLog2` log2 of the frame size
    /// (nil: codec 1, blocks compressed whole); small values are for tests.
    /// `trainingBytes`: train a dictionary once the records reach that many bytes, and then write codec 3 with
    /// frames of 2^`dictionaryFrameSizeLog2` bytes; nil for none. Only with frames (`frameSizeLog2` not nil).
    init(
        compressionLevel: Int, blockSize: Int = StoredDocumentsLayout.defaultBlockSize,
        frameSizeLog2: Int? = StoredDocumentsLayout.defaultFrameSizeLog2,
        trainingBytes: Int? = StoredDocumentsLayout.dictionaryTrainingBytes,
        dictionaryFrameSizeLog2: Int = StoredDocumentsLayout.dictionaryFrameSizeLog2
    ) {
        self.init(
            output: IndexOutput(kind: .store), compressionLevel: compressionLevel, blockSize: blockSize,
            frameSizeLog2: frameSizeLog2, trainingBytes: trainingBytes, dictionaryFrameSizeLog2: dictionaryFrameSizeLog2)
    }

    init(
        output: IndexOutput, compressionLevel: Int = Zstd.defaultLevel,
        blockSize: Int = StoredDocumentsLayout.defaultBlockSize,
        frameSizeLog2: Int? = StoredDocumentsLayout.defaultFrameSizeLog2,
        trainingBytes: Int? = StoredDocumentsLayout.dictionaryTrainingBytes,
        dictionaryFrameSizeLog2: Int = StoredDocumentsLayout.dictionaryFrameSizeLog2
    ) {
        precondition(output.kind == .store)
        precondition(frameSizeLog2.map(StoredDocumentsLayout.frameSizeLog2Range.contains) ?? true)
        precondition(StoredDocumentsLayout.frameSizeLog2Range.contains(dictionaryFrameSizeLog2))
        self.output = output
        self.compressionLevel = compressionLevel
        self.blockSize = max(1, blockSize)
        self.frameSizeLog2 = frameSizeLog2
        self.trainingBytes = frameSizeLog2 == nil ? nil : trainingBytes.map { max(1, $0) }
        self.dictionaryFrameSizeLog2 = dictionaryFrameSizeLog2
        decided = self.trainingBytes == nil
    }

    /// Memory held: the output (all compressed blocks, while it is in memory), the block index, and the
    /// buffers of the block being filled.
    var memoryBytes: Int {
        output.memoryBytes + index.bytes.capacity + pending.bytes.capacity + record.bytes.capacity
            + spans.bytes.capacity + field.bytes.capacity + block.capacity + compressed.capacity + pendingStarts.capacity * 8
            + held.capacity
    }

    /// Moves the file being written from memory to `file` (see `IndexOutput.moveToFile`).
    func moveToFile(_ file: any WritableFile) throws(IndexError) {
        try output.moveToFile(file)
    }

    mutating func add(_ document: DocumentToIndex) {
        encode(document)
        let head = record
        var text = document.text
        text.withUTF8 { text in
            head.bytes.withUnsafeBytes { head in add(parts: [head, UnsafeRawBufferPointer(text)]) }
        }
        // A document far larger than a block leaves buffers of its size behind: give them back.
        if record.bytes.capacity > 4 * blockSize {
            record = ByteWriter()
            field = ByteWriter()
            spans = ByteWriter()
        }
    }

    /// Adds a record already encoded (as a merge copies one from another segment's store).
    mutating func add(record bytes: UnsafeRawBufferPointer) {
        add(parts: [bytes])
    }

    /// Adds the record that is the concatenation of `parts`. A record as large as a block gets a block of its
    /// own, compressed from its parts where they are: a 200 MB document's text is not copied into a record,
    /// a pending block and a block buffer on its way to zstd. Smaller records fill blocks up to the size.
    private mutating func add(parts: [UnsafeRawBufferPointer]) {
        precondition(documentCount < Int(UInt32.max), "a segment holds at most 2^32 - 1 documents")
        let length = parts.reduce(0) { $0 + $1.count }
        if length >= blockSize {
            if !pendingStarts.isEmpty { flushBlock() }
            writeSingleRecordBlock(parts, length: length)
            documentCount += 1
            return
        }
        pendingStarts.append(pending.count)
        for part in parts { pending.writeBytes(part) }
        documentCount += 1
        if pending.count >= blockSize { flushBlock() }
    }

    /// Writes the last block, the block index and the trailer, and finishes the file; a writer in memory returns
    /// its bytes.
    @discardableResult
    mutating func finish() throws(IndexError) -> [UInt8] {
        if !pendingStarts.isEmpty { flushBlock() }
        // Too few records to train on: the blocks held go out as codec 2's.
        if !decided { decide(trainingOn: []) }
        let indexOffset = output.count
        var tail = index
        index = ByteWriter()
        tail.writeUInt64(UInt64(indexOffset))
        tail.writeUInt32(UInt32(blockCount))
        tail.writeUInt32(UInt32(documentCount))
        tail.writeUInt8(
            dictionary != nil ? Layout.codecZstdDictionary : frameSizeLog2 == nil ? Layout.codecZstd : Layout.codecZstdFrames)
        tail.writeUInt8(UInt8(frameSizeLog2 ?? 0))
        tail.writeUInt8(0)
        tail.writeUInt8(0)
        let crc = tail.bytes.withUnsafeBytes { CRC32.checksum($0) }
        tail.writeUInt32(crc)
        output.writeBytes(tail)
        return try output.finish()
    }

    /// Encodes the record up to its text: every other field, then the text's tag and length. The text (most of
    /// a large record) is never copied into a buffer of its own.
    private mutating func encode(_ document: DocumentToIndex) {
        record.removeAll()
        let hasCounts = !document.blockTokenCounts.isEmpty && document.blockTokenCounts.count == document.blocks.count
        let hasSkips = hasCounts && document.blocks.count >= 2 * Layout.blockSkipInterval
        record.writeVarUInt(
            (document.title == nil ? 3 : 4) + (document.entities.isEmpty ? 0 : 1) + (hasCounts ? 1 : 0)
                + (hasSkips ? 1 : 0) + (document.metadata.isEmpty ? 0 : 1))
        writeField(.path, document.path.utf8)
        if let title = document.title { writeField(.title, title.utf8) }
        if !document.metadata.isEmpty {
            field.removeAll()
            for (key, value) in ArticleMetadataField.entries(of: document.metadata) {
                field.writeVarUInt(key.rawValue)
                field.writeLengthPrefixed(value.utf8)
            }
            record.writeVarUInt(Layout.Field.metadata.rawValue)
            record.writeLengthPrefixed(field.bytes)
        }
        encodeSpans(document, hasCounts: hasCounts, hasSkips: hasSkips)
        record.writeVarUInt(Layout.Field.text.rawValue)
        record.writeVarUInt(document.text.utf8.count)
    }

    /// The text blocks, their token counts, the skips over them and the entity spans.
    private mutating func encodeSpans(_ document: DocumentToIndex, hasCounts: Bool, hasSkips: Bool) {
        field.removeAll()
        field.writeVarUInt(document.blocks.count)
        let blocksStart = field.count
        var previousEnd = 0
        // Where the walk stands before every interval-th block: offsets into the blocks field (past its count)
        // and the counts field, the text's end so far, tokens and blocks with tokens so far.
        var skips: [(blocks: Int, counts: Int, textEnd: Int, tokens: Int, counted: Int)] = []
        var countsOffset = 0, tokens = 0, counted = 0
        for (index, range) in document.blocks.enumerated() {
            precondition(range.lowerBound >= previousEnd, "document blocks must be in order and not overlap")
            if hasSkips, index > 0, index % Layout.blockSkipInterval == 0 {
                skips.append((field.count - blocksStart, countsOffset, previousEnd, tokens, counted))
            }
            field.writeVarUInt(range.lowerBound - previousEnd)
            field.writeVarUInt(range.count)
            previousEnd = range.upperBound
            if hasSkips {
                let count = document.blockTokenCounts[index]
                countsOffset += ByteWriter.varUIntLength(UInt64(count))
                tokens += count
                if count > 0 { counted += 1 }
            }
        }
        record.writeVarUInt(Layout.Field.blocks.rawValue)
        record.writeLengthPrefixed(field.bytes)
        if hasCounts {
            field.removeAll()
            for count in document.blockTokenCounts { field.writeVarUInt(count) }
            record.writeVarUInt(Layout.Field.blockTokens.rawValue)
            record.writeLengthPrefixed(field.bytes)
        }
        if hasSkips {
            field.removeAll()
            field.writeVarUInt(Layout.blockSkipInterval)
            var previous = (blocks: 0, counts: 0, textEnd: 0, tokens: 0, counted: 0)
            for skip in skips {
                field.writeVarUInt(skip.blocks - previous.blocks)
                field.writeVarUInt(skip.counts - previous.counts)
                field.writeVarUInt(skip.textEnd - previous.textEnd)
                field.writeVarUInt(skip.tokens - previous.tokens)
                field.writeVarUInt(skip.counted - previous.counted)
                previous = skip
            }
            record.writeVarUInt(Layout.Field.blockSkips.rawValue)
            record.writeLengthPrefixed(field.bytes)
        }
        guard !document.entities.isEmpty else { return }
        // Types and canonical names repeat across a document's spans, so each string is written once in a
        // small table and spans refer to it by index.
        // Looked up by FNV fingerprint: a Dictionary's SipHash of each span's two strings cost more than the rest.
        var names: [String] = []
        var nameSlots = FingerprintTable(capacity: 16)
        func index(of name: String) -> Int {
            let fingerprint = fnv1a(utf8: name)
            if let known = nameSlots.value(for: fingerprint) {
                if names[Int(known)] == name { return Int(known) }
                // Two names with one fingerprint: the second is found by search.
                if let found = names.firstIndex(of: name) { return found }
            }
            names.append(name)
            nameSlots.insert(fingerprint, value: Int32(names.count - 1))
            return names.count - 1
        }
        spans.removeAll()
        previousEnd = 0
        for span in document.entities {
            precondition(span.range.lowerBound >= previousEnd, "entity spans must be in order and not overlap")
            spans.writeVarUInt(span.range.lowerBound - previousEnd)
            spans.writeVarUInt(span.range.count)
            spans.writeVarUInt(index(of: span.type))
            spans.writeVarUInt(index(of: span.canonical))
            previousEnd = span.range.upperBound
        }
        field.removeAll()
        field.writeVarUInt(names.count)
        for name in names { field.writeLengthPrefixed(name.utf8) }
        field.writeVarUInt(document.entities.count)
        field.writeBytes(spans.bytes)
        record.writeVarUInt(Layout.Field.entities.rawValue)
        record.writeLengthPrefixed(field.bytes)
    }

    private mutating func writeField<C: Collection>(_ tag: Layout.Field, _ bytes: C) where C.Element == UInt8 {
        record.writeVarUInt(tag.rawValue)
        record.writeLengthPrefixed(bytes)
    }

    /// One record as a block of its own, laid out as `flushBlock` would (a one-entry table, then the record),
    /// compressed from the parts where they are.
    private mutating func writeSingleRecordBlock(_ parts: [UnsafeRawBufferPointer], length: Int) {
        let tableSize = 4
        let uncompressedLength = tableSize + length
        precondition(uncompressedLength <= Layout.maximumBlockSize, "stored document too large (\(uncompressedLength) bytes)")
        withUnsafeBytes(of: UInt32(tableSize).littleEndian) { table in
            writeBlock([table] + parts, length: uncompressedLength, firstDocument: documentCount)
        }
    }

    private mutating func flushBlock() {
        let tableSize = 4 * pendingStarts.count
        let uncompressedLength = tableSize + pending.count
        precondition(uncompressedLength <= Layout.maximumBlockSize, "stored document too large (\(uncompressedLength) bytes)")
        block.removeAll(keepingCapacity: true)
        block.reserveCapacity(uncompressedLength)
        for start in pendingStarts {
            withUnsafeBytes(of: UInt32(tableSize + start).littleEndian) { block.append(contentsOf: $0) }
        }
        block.append(contentsOf: pending.bytes)
        let bytes = block
        bytes.withUnsafeBytes { writeBlock([$0], length: uncompressedLength, firstDocument: documentCount - pendingStarts.count) }
        // A document far larger than a block leaves buffers of its size behind: give them back.
        let keep = uncompressedLength <= 4 * blockSize
        pending.removeAll(keepingCapacity: keep)
        pendingStarts.removeAll(keepingCapacity: true)
        if !keep { block = [] }
    }

    /// Adds the block that is the concatenation of `parts` (`length` bytes): held uncompressed while the records
    /// are too few to train a dictionary on, compressed once it is decided whether one is used.
    private mutating func writeBlock(_ parts: [UnsafeRawBufferPointer], length: Int, firstDocument: Int) {
        if !decided, let trainingBytes {
            if held.count + length < trainingBytes {
                for part in parts { held.append(contentsOf: part) }
                heldBlocks.append((length, firstDocument))
                return
            }
            decide(trainingOn: parts)
        }
        compressBlock(parts, length: length, firstDocument: firstDocument)
    }

    /// Trains the dictionary on the blocks held and the start of `parts` (up to `trainingBytes` in all), in
    /// samples of a frame each; writes it (and its CRC-32) after the header when zstd made one; then compresses
    /// the blocks held.
    private mutating func decide(trainingOn parts: [UnsafeRawBufferPointer]) {
        decided = true
        if let trainingBytes, held.count + parts.reduce(0, { $0 + $1.count }) >= trainingBytes {
            var samples = held
            for part in parts where samples.count < trainingBytes {
                samples.append(contentsOf: UnsafeRawBufferPointer(rebasing: part[0..<min(part.count, trainingBytes - samples.count)]))
            }
            let frameSize = 1 << dictionaryFrameSizeLog2
            let sizes = stride(from: 0, to: samples.count, by: frameSize).map { min(frameSize, samples.count - $0) }
            let trained = samples.withUnsafeBytes {
                Zstd.trainDictionary(samples: $0, sampleSizes: sizes, capacity: Layout.dictionaryCapacity)
            }
            if let trained, let digested = Zstd.CompressionDictionary(trained, level: compressionLevel) {
                dictionary = digested
                frameSizeLog2 = dictionaryFrameSizeLog2
                output.writeBytes(trained)
                output.writeUInt32(trained.withUnsafeBytes { CRC32.checksum($0) })
            }
        }
        var start = 0
        let blocks = heldBlocks
        let bytes = held
        held = []
        heldBlocks = []
        bytes.withUnsafeBytes { bytes in
            for (length, firstDocument) in blocks {
                compressBlock(
                    [UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)])], length: length,
                    firstDocument: firstDocument)
                start += length
            }
        }
    }

    /// Compresses the block that is the concatenation of `parts` (`length` bytes) and adds it to the file and the
    /// block index: one zstd frame, or under codecs 2 and 3 a block larger than a frame as a table of frame
    /// lengths and one frame per `frameSize` bytes.
    private mutating func compressBlock(_ parts: [UnsafeRawBufferPointer], length: Int, firstDocument: Int) {
        compressed.removeAll(keepingCapacity: true)
        let frameSize = frameSizeLog2.map { 1 << $0 } ?? Int.max
        if length <= frameSize {
            _ = parts.count == 1
                ? Zstd.compress(parts[0], level: compressionLevel, dictionary: dictionary, appendingTo: &compressed)
                : Zstd.compress(parts: parts, level: compressionLevel, dictionary: dictionary, appendingTo: &compressed)
        } else {
            let frameCount = (length + frameSize - 1) / frameSize
            let tableSize = 8 * frameCount
            compressed.append(contentsOf: repeatElement(0, count: tableSize))
            var part = 0, partOffset = 0
            var slices: [UnsafeRawBufferPointer] = []
            for frame in 0..<frameCount {
                var wanted = min(frameSize, length - frame * frameSize)
                slices.removeAll(keepingCapacity: true)
                while wanted > 0 {
                    let take = min(wanted, parts[part].count - partOffset)
                    if take > 0 {
                        slices.append(UnsafeRawBufferPointer(rebasing: parts[part][partOffset..<(partOffset + take)]))
                    }
                    partOffset += take
                    wanted -= take
                    if partOffset == parts[part].count {
                        part += 1
                        partOffset = 0
                    }
                }
                let frameStart = compressed.count
                let frameLength = slices.count == 1
                    ? Zstd.compress(slices[0], level: compressionLevel, dictionary: dictionary, appendingTo: &compressed)
                    : Zstd.compress(parts: slices, level: compressionLevel, dictionary: dictionary, appendingTo: &compressed)
                let frameCRC = compressed.withUnsafeBytes {
                    CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[frameStart..<(frameStart + frameLength)]))
                }
                withUnsafeBytes(of: (UInt32(frameLength).littleEndian, frameCRC.littleEndian)) { entry in
                    for (i, byte) in entry.enumerated() { compressed[8 * frame + i] = byte }
                }
            }
        }
        let offset = output.count
        // A block of frames is checked a frame at a time as it is read; its own checksum covers the table.
        let checked = length <= frameSize ? compressed.count : 8 * ((length + frameSize - 1) / frameSize)
        let crc = compressed.withUnsafeBytes { bytes in
            output.writeBytes(bytes)
            return CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<checked]))
        }
        index.writeUInt32(UInt32(firstDocument))
        index.writeUInt64(UInt64(offset))
        index.writeUInt32(UInt32(compressed.count))
        index.writeUInt32(UInt32(length))
        index.writeUInt32(crc)
        blockCount += 1
        if compressed.capacity > 4 * blockSize { compressed = [] }
    }
}

public struct StoredDocumentsReader: Sendable {
    private typealias Layout = StoredDocumentsLayout
    private let file: MappedFile
    private let indexOffset: Int
    private let blockCount: Int
    public let documentCount: Int
    /// Blocks larger than this are stored as frames of this many bytes (codecs 2 and 3); Int.max under codec 1.
    private let frameSize: Int
    /// The store's dictionary (codec 3), digested when a frame is first decompressed.
    private let dictionary: StoreDictionary?

    private struct BlockEntry {
        var firstDocument: Int
        var offset: Int
        var compressedLength: Int
        var uncompressedLength: Int
        var crc: UInt32
    }

    /// Checks header, version and footer (with `verifyChecksum`, the CRC of the whole file), then the block
    /// index: its CRC and that its blocks tile the file and its document ids ascend. Blocks themselves are
    /// checked when read.
    init(file: MappedFile, verifyChecksum: Bool = false) throws(IndexError) {
        self.file = file
        let body = try IndexFileFormat.validate(file, kind: .store, verifyChecksum: verifyChecksum)
        let path = file.path
        guard body.count >= Layout.trailerSize else { throw .corrupt(file: path, reason: "store too short") }
        let trailerStart = IndexFileFormat.headerSize + body.count - Layout.trailerSize
        var trailer = ByteReader(file.bytes, offset: trailerStart)
        let indexOffset = trailer.readUInt64()!
        let blockCount = Int(trailer.readUInt32()!)
        let documentCount = Int(trailer.readUInt32()!)
        let codec = trailer.readUInt8()!
        let frameSizeLog2 = Int(trailer.readUInt8()!)
        _ = trailer.readBytes(2)
        let storedCRC = trailer.readUInt32()!
        // Subtracting, not adding: an offset near 2^64 from a damaged trailer must not overflow (and trap).
        guard indexOffset >= UInt64(IndexFileFormat.headerSize), indexOffset <= UInt64(trailerStart),
              UInt64(trailerStart) - indexOffset == UInt64(blockCount) * UInt64(Layout.blockEntrySize)
        else { throw .corrupt(file: path, reason: "bad block index bounds") }
        let computedCRC = CRC32.checksum(
            UnsafeRawBufferPointer(rebasing: file.bytes[Int(indexOffset)..<(trailerStart + Layout.trailerSize - 4)]))
        guard computedCRC == storedCRC else {
            throw .corrupt(file: path, reason: "block index checksum mismatch")
        }
        switch codec {
        case Layout.codecZstd:
            frameSize = Int.max
        case Layout.codecZstdFrames, Layout.codecZstdDictionary:
            guard Layout.frameSizeLog2Range.contains(frameSizeLog2) else {
                throw .corrupt(file: path, reason: "bad frame size 2^\(frameSizeLog2)")
            }
            frameSize = 1 << frameSizeLog2
        default:
            throw .corrupt(file: path, reason: "unknown stored-document codec \(codec)")
        }
        guard (blockCount == 0) == (documentCount == 0), blockCount <= documentCount else {
            throw .corrupt(file: path, reason: "\(blockCount) blocks for \(documentCount) documents")
        }
        self.indexOffset = Int(indexOffset)
        self.blockCount = blockCount
        self.documentCount = documentCount

        var expectedOffset = IndexFileFormat.headerSize
        if codec == Layout.codecZstdDictionary {
            // The dictionary and its CRC run from the header to the first block; checked when first used.
            let firstBlock = blockCount > 0 ? Self.entryOffset(file, Int(indexOffset)) : 0
            guard blockCount > 0, firstBlock > expectedOffset + 4, firstBlock <= Int(indexOffset),
                  firstBlock - expectedOffset - 4 <= Layout.maximumDictionarySize
            else { throw .corrupt(file: path, reason: "bad dictionary bounds") }
            dictionary = StoreDictionary(file: file, bytes: expectedOffset..<(firstBlock - 4))
            expectedOffset = firstBlock
        } else {
            dictionary = nil
        }
        for block in 0..<blockCount {
            let entry = self.entry(block)
            let nextFirst = block + 1 < blockCount ? self.entry(block + 1).firstDocument : documentCount
            guard block > 0 || entry.firstDocument == 0, entry.firstDocument < nextFirst else {
                throw .corrupt(file: path, reason: "block \(block): document ids out of order")
            }
            guard entry.offset == expectedOffset, entry.compressedLength > 0,
                  entry.compressedLength <= self.indexOffset - expectedOffset
            else { throw .corrupt(file: path, reason: "block \(block): bad offset or length") }
            guard entry.uncompressedLength >= 4 * (nextFirst - entry.firstDocument),
                  entry.uncompressedLength <= Layout.maximumBlockSize
            else { throw .corrupt(file: path, reason: "block \(block): bad uncompressed length") }
            expectedOffset += entry.compressedLength
        }
        guard expectedOffset == self.indexOffset else {
            throw .corrupt(file: path, reason: "blocks do not reach the block index")
        }
    }

    /// The document with id `doc`: one binary search over the block index, one block checked and decompressed.
    public func document(_ doc: UInt32) throws(IndexError) -> StoredDocument {
        let id = Int(doc)
        guard id < documentCount else { throw .corrupt(file: file.path, reason: "document \(doc) out of range") }
        let block = blockContaining(id)
        let buffer = BlockBuffer()
        let bytes = try decompress(block, into: buffer)
        return try decodeRecord(in: bytes, block: block, ordinal: id - entry(block).firstDocument)
    }

    /// Several documents, in the order asked, decompressing each block they fall in once (sorted by block).
    public func documents(_ ids: [UInt32]) throws(IndexError) -> [StoredDocument] {
        var order = Array(ids.indices)
        for id in ids where Int(id) >= documentCount {
            throw .corrupt(file: file.path, reason: "document \(id) out of range")
        }
        order.sort { ids[$0] < ids[$1] }
        var result = [StoredDocument?](repeating: nil, count: ids.count)
        let buffer = BlockBuffer()
        var currentBlock = -1
        var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        for position in order {
            let id = Int(ids[position])
            let block = blockContaining(id)
            if block != currentBlock {
                bytes = try decompress(block, into: buffer)
                currentBlock = block
            }
            result[position] = try decodeRecord(in: bytes, block: block, ordinal: id - entry(block).firstDocument)
        }
        return result.map { $0! }
    }

    /// Every document in id order, each block decompressed once: for merges and `verify`.
    public func forEach(_ body: (UInt32, StoredDocument) throws(IndexError) -> Void) throws(IndexError) {
        let buffer = BlockBuffer()
        for block in 0..<blockCount {
            let first = entry(block).firstDocument
            let end = block + 1 < blockCount ? entry(block + 1).firstDocument : documentCount
            let bytes = try decompress(block, into: buffer)
            for id in first..<end {
                try body(UInt32(id), try decodeRecord(in: bytes, block: block, ordinal: id - first))
            }
        }
    }

    /// Every record in id order, undecoded (for merges, which copy records as they are): each block is
    /// checked and decompressed once; the bytes are valid only during the call.
    func forEachRecord(_ body: (UInt32, UnsafeRawBufferPointer) throws(IndexError) -> Void) throws(IndexError) {
        let buffer = BlockBuffer()
        for block in 0..<blockCount {
            let first = entry(block).firstDocument
            let end = block + 1 < blockCount ? entry(block + 1).firstDocument : documentCount
            let bytes = try decompress(block, into: buffer)
            for id in first..<end {
                try body(UInt32(id), try recordBytes(in: bytes, block: block, ordinal: id - first))
            }
        }
    }

    /// Decodes a record that `forEachRecord` gave for document `doc`.
    func decode(record: UnsafeRawBufferPointer, document doc: UInt32) throws(IndexError) -> StoredDocument {
        try decode(record, document: Int(doc))
    }

    // MARK: - Blocks

    /// Index entries were bounds-checked at open, so reading one cannot run off the mapping. The offset is
    /// clamped, not converted: `init` reads entries before checking them, and an offset past `Int.max` trapped
    /// there (found by fuzzing, Fuzz/regressions/index/store-block-offset-past-int-max); clamped, it fails the
    /// check like any other wrong offset.
    private func entry(_ block: Int) -> BlockEntry {
        let start = indexOffset + block * Layout.blockEntrySize
        let bytes = file.bytes
        func uint32(_ at: Int) -> UInt32 {
            UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: start + at, as: UInt32.self))
        }
        let offset = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 4, as: UInt64.self))
        return BlockEntry(
            firstDocument: Int(uint32(0)), offset: Int(clamping: offset),
            compressedLength: Int(uint32(12)), uncompressedLength: Int(uint32(16)), crc: uint32(20))
    }

    /// The offset of the first block as its index entry gives it, clamped as `entry` clamps.
    private static func entryOffset(_ file: MappedFile, _ indexOffset: Int) -> Int {
        Int(clamping: UInt64(littleEndian: file.bytes.loadUnaligned(fromByteOffset: indexOffset + 4, as: UInt64.self)))
    }

    private func firstDocument(_ block: Int) -> Int {
        Int(UInt32(littleEndian: file.bytes.loadUnaligned(
            fromByteOffset: indexOffset + block * Layout.blockEntrySize, as: UInt32.self)))
    }

    /// The last block whose first document is at most `id` (`id` < documentCount, so there is one).
    private func blockContaining(_ id: Int) -> Int {
        var low = 0, high = blockCount  // invariant: firstDocument(low) <= id < firstDocument(high)
        while high - low > 1 {
            let middle = (low + high) / 2
            if firstDocument(middle) <= id { low = middle } else { high = middle }
        }
        return low
    }

    private func decompress(_ block: Int, into buffer: BlockBuffer) throws(IndexError) -> UnsafeRawBufferPointer {
        let frames = try checkedFrames(block)
        let destination = buffer.reserve(frames.uncompressedLength)
        for frame in frames.compressed.indices {
            try frames.decompress(frame, into: UnsafeMutableRawBufferPointer(rebasing: destination[frames.range(of: frame)]))
        }
        return UnsafeRawBufferPointer(destination)
    }

    /// A block's frames, once the CRC of the block (one frame) or of its frame table is checked and the table
    /// found sound. The frames of a table are checked as they are decompressed.
    private func checkedFrames(_ block: Int) throws(IndexError) -> BlockFrames {
        let entry = entry(block)
        let compressed = UnsafeRawBufferPointer(
            rebasing: file.bytes[entry.offset..<(entry.offset + entry.compressedLength)])
        let name = "block \(block) (from document \(entry.firstDocument))"
        var frames = BlockFrames(
            file: file, name: name, uncompressedLength: entry.uncompressedLength, frameSize: frameSize,
            dictionary: try dictionary?.digested(), compressed: [])
        guard entry.uncompressedLength > frameSize else {
            guard CRC32.checksum(compressed) == entry.crc else {
                throw .corrupt(file: file.path, reason: "\(name): checksum mismatch")
            }
            frames.compressed = [compressed]
            return frames
        }
        let frameCount = (entry.uncompressedLength + frameSize - 1) / frameSize
        guard compressed.count >= 8 * frameCount else { throw .corrupt(file: file.path, reason: "\(name): bad frame table") }
        guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: compressed[0..<(8 * frameCount)])) == entry.crc else {
            throw .corrupt(file: file.path, reason: "\(name): checksum mismatch")
        }
        var table = ByteReader(compressed)
        var start = 8 * frameCount
        frames.compressed.reserveCapacity(frameCount)
        frames.checksums.reserveCapacity(frameCount)
        for _ in 0..<frameCount {
            let length = Int(table.readUInt32()!)
            frames.checksums.append(table.readUInt32()!)
            guard length > 0, length <= compressed.count - start else {
                throw .corrupt(file: file.path, reason: "\(name): bad frame table")
            }
            frames.compressed.append(UnsafeRawBufferPointer(rebasing: compressed[start..<(start + length)]))
            start += length
        }
        guard start == compressed.count else { throw .corrupt(file: file.path, reason: "\(name): bad frame table") }
        return frames
    }

    /// The document with id `doc`, its text left compressed until it is read (`StoredText`): a search shows a
    /// few hundred bytes of documents that run to megabytes. Everything but the text is decoded here.
    public func lazyDocument(_ doc: UInt32) throws(IndexError) -> LazyStoredDocument {
        let id = Int(doc)
        guard id < documentCount else { throw .corrupt(file: file.path, reason: "document \(doc) out of range") }
        let blockNumber = blockContaining(id)
        let block = LazyBlock(frames: try checkedFrames(blockNumber))
        let first = entry(blockNumber).firstDocument
        let documentsInBlock = (blockNumber + 1 < blockCount ? entry(blockNumber + 1).firstDocument : documentCount) - first
        try block.ensure(0..<min(4 * documentsInBlock, block.count))
        let recordRange = try self.recordRange(in: block.bytes, block: blockNumber, ordinal: id - first)
        let record = UnsafeRawBufferPointer(rebasing: block.bytes[recordRange])
        let recordStart = recordRange.lowerBound
        let fields = try scanFields(record, document: id) { (range: Range<Int>) throws(IndexError) in
            try block.ensure((recordStart + range.lowerBound)..<(recordStart + range.upperBound))
        }
        let decoded = try decodeFields(fields, in: record, document: id, decodingBlocks: false)
        let text = StoredText(block: block, range: (recordStart + fields.text.lowerBound)..<(recordStart + fields.text.upperBound))
        func inBlock(_ range: Range<Int>) -> Range<Int> { (recordStart + range.lowerBound)..<(recordStart + range.upperBound) }
        let blocks = try StoredBlockList(
            owner: block, blocks: inBlock(fields.blocks!), tokenCounts: fields.counts.map(inBlock),
            skips: fields.counts == nil ? nil : fields.skips.map(inBlock), textCount: fields.text.count,
            file: file.path, document: id)
        return LazyStoredDocument(
            path: decoded.path, title: decoded.title, blocks: blocks, entities: decoded.entities,
            metadata: decoded.metadata, text: text)
    }

    // MARK: - Records

    private func decodeRecord(in block: UnsafeRawBufferPointer, block blockNumber: Int, ordinal: Int) throws(IndexError) -> StoredDocument {
        let record = try recordBytes(in: block, block: blockNumber, ordinal: ordinal)
        return try decode(record, document: entry(blockNumber).firstDocument + ordinal)
    }

    /// The bytes of the `ordinal`-th record of a decompressed block.
    private func recordBytes(
        in block: UnsafeRawBufferPointer, block blockNumber: Int, ordinal: Int
    ) throws(IndexError) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: block[try recordRange(in: block, block: blockNumber, ordinal: ordinal)])
    }

    /// Where the `ordinal`-th record lies in a block whose record table (at least) is decompressed.
    private func recordRange(
        in block: UnsafeRawBufferPointer, block blockNumber: Int, ordinal: Int
    ) throws(IndexError) -> Range<Int> {
        let first = entry(blockNumber).firstDocument
        let documentsInBlock = (blockNumber + 1 < blockCount ? entry(blockNumber + 1).firstDocument : documentCount) - first
        let doc = first + ordinal
        func bad(_ why: String) -> IndexError { .corrupt(file: file.path, reason: "record of document \(doc): \(why)") }

        let tableSize = 4 * documentsInBlock
        guard block.count >= tableSize else { throw bad("block shorter than its record table") }
        func start(_ i: Int) -> Int {
            Int(UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
        }
        let recordStart = start(ordinal)
        let recordEnd = ordinal + 1 < documentsInBlock ? start(ordinal + 1) : block.count
        guard recordStart >= tableSize, recordStart <= recordEnd, recordEnd <= block.count else {
            throw bad("offsets out of bounds")
        }
        return recordStart..<recordEnd
    }

    private func decode(_ record: UnsafeRawBufferPointer, document doc: Int) throws(IndexError) -> StoredDocument {
        let fields = try scanFields(record, document: doc) { (_: Range<Int>) throws(IndexError) in }
        let decoded = try decodeFields(fields, in: record, document: doc)
        try checkBlockSkips(fields, in: record, document: doc)
        var document = StoredDocument(
            path: decoded.path, title: decoded.title, text: "", blocks: decoded.blocks, entities: decoded.entities.spans)
        document.utf8Text = Array(UnsafeRawBufferPointer(rebasing: record[fields.text]))
        document.blockTokenCounts = decoded.blockTokenCounts
        document.metadata = decoded.metadata
        return document
    }

    /// Checks a record's block skips, if it has them, against its blocks and token counts (which `decodeFields`
    /// found sound): every place where a walk from the first block stands, and no place more. A search reads
    /// only the places near its matches and checks them against the fields' bounds; a whole read (`document`,
    /// `forEach`, `gazette verify`) checks them all.
    private func checkBlockSkips(
        _ fields: RecordFields, in record: UnsafeRawBufferPointer, document doc: Int
    ) throws(IndexError) {
        guard let skipsField = fields.skips, let countsField = fields.counts, let blocksField = fields.blocks else {
            return
        }
        func bad() -> IndexError { .corrupt(file: file.path, reason: "record of document \(doc): bad block skips") }
        func reader(_ range: Range<Int>) -> ByteReader { ByteReader(UnsafeRawBufferPointer(rebasing: record[range])) }
        var skips = reader(skipsField), blocks = reader(blocksField), counts = reader(countsField)
        guard let count = blocks.readVarInt(), let interval = skips.readVarInt(), interval > 0 else { throw bad() }
        let blocksStart = blocks.offset
        var walked = [0, 0, 0, 0, 0]  // blocks offset, counts offset, text end, tokens, blocks with tokens
        var stored = [0, 0, 0, 0, 0]
        for block in 0..<count {
            if block > 0, block % interval == 0 {
                walked[0] = blocks.offset - blocksStart
                walked[1] = counts.offset
                for index in stored.indices {
                    guard let delta = skips.readVarInt(), delta <= Int.max - stored[index] else { throw bad() }
                    stored[index] += delta
                }
                guard stored == walked else { throw bad() }
            }
            guard let delta = blocks.readVarInt(), let length = blocks.readVarInt(), let tokens = counts.readVarInt()
            else { throw bad() }
            walked[2] += delta + length
            walked[3] += tokens
            if tokens > 0 { walked[4] += 1 }
        }
        guard skips.isAtEnd else { throw bad() }
    }

    /// Where each field's value lies in a record. `ensure` is called, before they are read, for the bytes of
    /// every tag and length and of every value but the text's, so that a record still compressed in part is
    /// decompressed only where it is read.
    private func scanFields(
        _ record: UnsafeRawBufferPointer, document doc: Int, ensure: (Range<Int>) throws(IndexError) -> Void
    ) throws(IndexError) -> RecordFields {
        func bad(_ why: String) -> IndexError { .corrupt(file: file.path, reason: "record of document \(doc): \(why)") }
        var reader = ByteReader(record)
        /// A varint is at most 10 bytes.
        func ensureVarInt() throws(IndexError) { try ensure(reader.offset..<min(reader.offset + 10, record.count)) }
        try ensureVarInt()
        guard let fieldCount = reader.readVarInt(), fieldCount <= reader.remaining else { throw bad("bad field count") }
        var fields = RecordFields()
        var text: Range<Int>?
        for _ in 0..<fieldCount {
            try ensureVarInt()
            guard let tag = reader.readVarUInt64() else { throw bad("truncated field") }
            try ensureVarInt()
            guard let length = reader.readVarInt(), length <= reader.remaining else { throw bad("truncated field") }
            let value = reader.offset..<(reader.offset + length)
            reader.offset += length
            let field = Layout.Field(rawValue: tag)
            if field != .text, field != nil { try ensure(value) }
            switch field {
            case .path: guard fields.path == nil else { throw bad("path twice") }; fields.path = value
            case .title: guard fields.title == nil else { throw bad("title twice") }; fields.title = value
            case .text: guard text == nil else { throw bad("text twice") }; text = value
            case .blocks: guard fields.blocks == nil else { throw bad("blocks twice") }; fields.blocks = value
            case .entities: guard fields.entities == nil else { throw bad("entities twice") }; fields.entities = value
            case .blockTokens: guard fields.counts == nil else { throw bad("token counts twice") }; fields.counts = value
            case .metadata: guard fields.metadata == nil else { throw bad("metadata twice") }; fields.metadata = value
            case .blockSkips: guard fields.skips == nil else { throw bad("block skips twice") }; fields.skips = value
            case nil: continue  // a field from a later writer
            }
        }
        guard reader.isAtEnd else { throw bad("trailing bytes") }
        guard fields.path != nil, let text, fields.blocks != nil else { throw bad("missing field") }
        fields.text = text
        return fields
    }

    /// Every field of a record but its text, from the ranges `scanFields` found (which it made readable); the
    /// blocks and their token counts only when `decodingBlocks` (else they are left empty, for a `StoredBlockList`
    /// to read as it goes).
    private func decodeFields(
        _ fields: RecordFields, in record: UnsafeRawBufferPointer, document doc: Int, decodingBlocks: Bool = true
    ) throws(IndexError) -> DecodedFields {
        func bad(_ why: String) -> IndexError { .corrupt(file: file.path, reason: "record of document \(doc): \(why)") }
        func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: record[range]) }
        let textCount = fields.text.count

        // A count is at most the bytes left, so a damaged one cannot ask for more memory than the record's size.
        var blocks: [Range<Int>] = []
        var previousEnd = 0
        if decodingBlocks {
            var blockReader = ByteReader(bytes(fields.blocks!))
            guard let count = blockReader.readVarInt(), count <= blockReader.remaining else { throw bad("bad block count") }
            let decodedBlocks = Self.filledArray(count: count) { _ -> Range<Int>? in
                guard let delta = blockReader.readVarInt(), let length = blockReader.readVarInt(),
                      delta <= textCount - previousEnd, length <= textCount - previousEnd - delta
                else { return nil }
                let blockStart = previousEnd + delta
                previousEnd = blockStart + length
                return blockStart..<previousEnd
            }
            guard let decoded = decodedBlocks else { throw bad("bad text blocks") }
            guard blockReader.isAtEnd else { throw bad("trailing bytes in text blocks") }
            blocks = decoded
        }

        var entities = StoredEntitySpanList.empty
        if let entitiesField = fields.entities {
            var entityReader = ByteReader(bytes(entitiesField))
            guard let nameCount = entityReader.readVarInt(), nameCount <= entityReader.remaining else {
                throw bad("bad entity name table")
            }
            var names: [String] = []
            names.reserveCapacity(nameCount)
            for _ in 0..<nameCount {
                guard let name = entityReader.readLengthPrefixed() else { throw bad("bad entity name table") }
                names.append(String(decoding: name, as: UTF8.self))
            }
            guard let count = entityReader.readVarInt(), count <= entityReader.remaining else {
                throw bad("bad entity count")
            }
            previousEnd = 0
            let decodedEntries = Self.filledArray(count: count) { _ -> StoredEntitySpanList.Entry? in
                guard let delta = entityReader.readVarInt(), let length = entityReader.readVarInt(),
                      delta <= textCount - previousEnd, length <= textCount - previousEnd - delta,
                      let type = entityReader.readVarInt(), type < names.count,
                      let canonical = entityReader.readVarInt(), canonical < names.count
                else { return nil }
                let spanStart = previousEnd + delta
                previousEnd = spanStart + length
                return StoredEntitySpanList.Entry(
                    range: spanStart..<previousEnd, type: Int32(type), canonical: Int32(canonical))
            }
            guard let entries = decodedEntries else { throw bad("bad entity spans") }
            guard entityReader.isAtEnd else { throw bad("trailing bytes in entity spans") }
            entities = StoredEntitySpanList(names: names, entries: entries)
        }

        var counts: [Int] = []
        if decodingBlocks, let countsField = fields.counts {
            var countReader = ByteReader(bytes(countsField))
            guard blocks.count <= countReader.remaining,
                  let decodedCounts = Self.filledArray(count: blocks.count, { index -> Int? in
                      guard let count = countReader.readVarInt(), count <= blocks[index].count else { return nil }
                      return count
                  })
            else { throw bad("bad block token counts") }
            counts = decodedCounts
            guard countReader.isAtEnd else { throw bad("trailing bytes in block token counts") }
        }

        var metadata = ArticleMetadata.none
        if let metadataField = fields.metadata {
            var metadataReader = ByteReader(bytes(metadataField))
            while !metadataReader.isAtEnd {
                guard let key = metadataReader.readVarUInt64(), let value = metadataReader.readLengthPrefixed() else {
                    throw bad("bad metadata")
                }
                let text = String(decoding: value, as: UTF8.self)
                switch ArticleMetadataField(rawValue: key) {
                case .date: metadata.date = text
                case .dateSource: metadata.dateSource = text
                case .author: metadata.author = text
                case .source: metadata.source = text
                case nil: continue  // a key from a later writer
                }
            }
            if metadata.date == nil { metadata.dateSource = nil }
        }
        return DecodedFields(
            path: String(decoding: bytes(fields.path!), as: UTF8.self),
            title: fields.title.map { String(decoding: bytes($0), as: UTF8.self) },
            blocks: blocks, entities: entities, blockTokenCounts: counts, metadata: metadata)
    }

    /// `count` elements made by `element(index)` in order and stored in place, or nil as soon as one is nil (a
    /// damaged record). Filled, not appended to: a long document has thousands of blocks and spans, and an
    /// append's uniqueness and capacity checks were most of their decoding. Never asks for capacity 0:
    /// `Array(unsafeUninitializedCapacity: 0)` writes the count of the empty-array storage every empty array
    /// shares, which ThreadSanitizer reports as a race between two threads decoding documents.
    private static func filledArray<Element>(count: Int, _ element: (Int) -> Element?) -> [Element]? {
        guard count > 0 else { return [] }
        var sound = true
        let array = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                guard let value = element(index) else {
                    sound = false
                    return
                }
                (buffer.baseAddress! + index).initialize(to: value)
                initialized = index + 1
            }
        }
        return sound ? array : nil
    }
}

/// Where a record's fields lie, as offsets into the record.
private struct RecordFields {
    var path: Range<Int>?
    var title: Range<Int>?
    var text: Range<Int> = 0..<0
    var blocks: Range<Int>?
    var entities: Range<Int>?
    var counts: Range<Int>?
    var skips: Range<Int>?
    var metadata: Range<Int>?
}

/// A record's fields but its text, decoded.
private struct DecodedFields {
    var path: String
    var title: String?
    var blocks: [Range<Int>]
    var entities: StoredEntitySpanList
    var blockTokenCounts: [Int]
    var metadata: ArticleMetadata
}

/// Keys inside a stored record's metadata field.
enum ArticleMetadataField: UInt64 {
    case date = 1, dateSource = 2, author = 3, source = 4

    static func entries(of metadata: ArticleMetadata) -> [(ArticleMetadataField, String)] {
        var entries: [(ArticleMetadataField, String)] = []
        if let date = metadata.date {
            entries.append((.date, date))
            if let dateSource = metadata.dateSource { entries.append((.dateSource, dateSource)) }
        }
        if let author = metadata.author { entries.append((.author, author)) }
        if let source = metadata.source { entries.append((.source, source)) }
        return entries
    }
}

/// Scratch memory for one decompressed block, reused across the blocks of one call and freed with it.
private final class BlockBuffer {
    private var storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    func reserve(_ count: Int) -> UnsafeMutableRawBufferPointer {
        if storage.count < count {
            storage.deallocate()
            storage = .allocate(byteCount: count, alignment: 16)
        }
        return UnsafeMutableRawBufferPointer(rebasing: storage[0..<count])
    }

    deinit { storage.deallocate() }
}

/// A codec-3 store's dictionary: its bytes in the mapping, checked (CRC-32) and digested for zstd the first time a
/// frame needs it, once for every thread that reads the store; a damaged one is reported each time it is asked.
final class StoreDictionary: Sendable {
    private let file: MappedFile
    private let bytes: Range<Int>
    private let digest = Locked<Result<Zstd.DecompressionDictionary, IndexError>?>(nil)

    init(file: MappedFile, bytes: Range<Int>) {
        self.file = file
        self.bytes = bytes
    }

    func digested() throws(IndexError) -> Zstd.DecompressionDictionary {
        let result = digest.withLock { made -> Result<Zstd.DecompressionDictionary, IndexError> in
            if let made { return made }
            let dictionary = UnsafeRawBufferPointer(rebasing: file.bytes[bytes])
            let stored = UInt32(littleEndian: file.bytes.loadUnaligned(fromByteOffset: bytes.upperBound, as: UInt32.self))
            let result: Result<Zstd.DecompressionDictionary, IndexError>
            if CRC32.checksum(dictionary) != stored {
                result = .failure(.corrupt(file: file.path, reason: "dictionary checksum mismatch"))
            } else if let digested = Zstd.DecompressionDictionary(dictionary, owner: file) {
                result = .success(digested)
            } else {
                result = .failure(.corrupt(file: file.path, reason: "dictionary zstd cannot read"))
            }
            made = result
            return result
        }
        return try result.get()
    }
}
