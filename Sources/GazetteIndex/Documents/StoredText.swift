/// A stored document with its text left compressed until it is read. Everything but the text is decoded.
public struct LazyStoredDocument {
    public var path: String
    public var title: String?
    /// UTF-8 byte ranges of the text's blocks (paragraphs), as the document was indexed, with the tokens in each.
    public var blocks: StoredBlockList
    /// Entity mentions recognised in the text when the document was indexed.
    public var entities: StoredEntitySpanList
    public var metadata: ArticleMetadata
    public let text: StoredText

    init(
        path: String, title: String?, blocks: StoredBlockList, entities: StoredEntitySpanList,
        metadata: ArticleMetadata, text: StoredText
    ) {
        self.path = path
        self.title = title
        self.blocks = blocks
        self.entities = entities
        self.metadata = metadata
        self.text = text
    }

    /// A document read whole, its text copied.
    public init(_ document: StoredDocument) {
        var names: [String] = []
        var entries: [StoredEntitySpanList.Entry] = []
        for span in document.entities {
            names += [span.type, span.canonical]
            entries.append(.init(range: span.range, type: Int32(names.count - 2), canonical: Int32(names.count - 1)))
        }
        self.init(
            path: document.path, title: document.title,
            blocks: StoredBlockList(blocks: document.blocks, tokenCounts: document.blockTokenCounts),
            entities: StoredEntitySpanList(names: names, entries: entries), metadata: document.metadata,
            text: StoredText(document.utf8Text))
    }
}

/// The UTF-8 text of a stored document, decompressed frame by frame as its bytes are read: a snippet of a
/// 400 kB page decompresses the 32 kB frames around its matches, not the page.
///
/// Reading a byte through the subscript decompresses its frame when needed. A frame that fails to
/// decompress (a damaged file whose checksum still matches) reads as spaces and sets `failure`, which the
/// caller checks once it is done; `ensure` throws instead.
public struct StoredText {
    @usableFromInline let block: LazyBlock
    /// Where the text lies in the block.
    @usableFromInline let range: Range<Int>

    init(block: LazyBlock, range: Range<Int>) {
        self.block = block
        self.range = range
    }

    /// Text already in memory.
    public init(_ bytes: [UInt8]) {
        block = bytes.withUnsafeBytes { LazyBlock(copying: $0) }
        range = 0..<bytes.count
    }

    public var count: Int { range.count }

    /// Inlinable: a snippet reads its text through here a byte at a time.
    @inlinable
    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < range.count, "stored text index out of range")
        return block.byte(at: range.lowerBound + position)
    }

    /// Decompresses what `bytes` (clamped to the text) covers.
    public func ensure(_ bytes: Range<Int>) throws(IndexError) {
        let lower = min(max(bytes.lowerBound, 0), range.count)
        let upper = min(max(bytes.upperBound, lower), range.count)
        try block.ensure((range.lowerBound + lower)..<(range.lowerBound + upper))
    }

    /// The whole text's bytes; only those `ensure` or the subscript made readable hold the text.
    public func withUnsafeBufferPointer<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let bytes = UnsafeRawBufferPointer(rebasing: block.bytes[range]).bindMemory(to: UInt8.self)
        return try body(bytes)
    }

    /// The bytes of `bytes` (which must lie within the text), decompressed as the subscript would decompress
    /// them — a frame that fails reads as spaces and sets `failure` —, for a caller that scans a stretch at a
    /// time rather than a byte at a time. The pointer stays valid as long as this text does.
    public func readableBytes(_ bytes: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        precondition(bytes.lowerBound >= 0 && bytes.upperBound <= range.count, "stored text range out of bounds")
        let absolute = (range.lowerBound + bytes.lowerBound)..<(range.lowerBound + bytes.upperBound)
        block.fill(covering: absolute)
        return UnsafeRawBufferPointer(rebasing: block.bytes[absolute]).bindMemory(to: UInt8.self)
    }

    /// The whole text, decompressed.
    public func allBytes() throws(IndexError) -> [UInt8] {
        try ensure(0..<count)
        return withUnsafeBufferPointer { Array($0) }
    }

    /// The first error met decompressing a frame for the subscript, if any.
    public var failure: IndexError? { block.failure }

    /// Frames decompressed so far (for tests).
    var framesDecompressed: Int { block.framesDecompressed }
}

/// The frames of one compressed block: one under codec 1 or for a block no larger than a frame, else one per
/// `frameSize` uncompressed bytes.
struct BlockFrames {
    /// Keeps the mapping the frames point into alive.
    let file: MappedFile
    /// "block N (from document D)", for errors.
    let name: String
    let uncompressedLength: Int
    let frameSize: Int
    /// The store's dictionary (codec 3), nil for frames compressed without one.
    let dictionary: Zstd.DecompressionDictionary?
    var compressed: [UnsafeRawBufferPointer]
    /// CRC-32 of each frame of a table (empty for a block of one frame, checked whole when it was opened).
    var checksums: [UInt32] = []

    func range(of frame: Int) -> Range<Int> {
        guard compressed.count > 1 else { return 0..<uncompressedLength }
        return (frame * frameSize)..<min((frame + 1) * frameSize, uncompressedLength)
    }

    func decompress(_ frame: Int, into destination: UnsafeMutableRawBufferPointer) throws(IndexError) {
        let which = compressed.count > 1 ? ", frame \(frame)" : ""
        if frame < checksums.count, CRC32.checksum(compressed[frame]) != checksums[frame] {
            throw .corrupt(file: file.path, reason: "\(name)\(which): checksum mismatch")
        }
        if let problem = Zstd.decompress(compressed[frame], into: destination, dictionary: dictionary) {
            throw .corrupt(file: file.path, reason: "\(name)\(which): \(problem)")
        }
    }
}

/// One block's uncompressed bytes, filled a frame at a time.
@usableFromInline
final class LazyBlock {
    private let frames: BlockFrames?
    @usableFromInline let storage: UnsafeMutableRawBufferPointer
    @usableFromInline var ready: [Bool]
    /// Byte offset → frame: a shift by log2 of the frame size (62 when the block is one frame).
    @usableFromInline let frameShift: Int
    private(set) var failure: IndexError?
    private(set) var framesDecompressed = 0

    init(frames: BlockFrames) {
        self.frames = frames
        storage = .allocate(byteCount: max(frames.uncompressedLength, 1), alignment: 16)
        ready = Array(repeating: false, count: frames.compressed.count)
        frameShift = frames.compressed.count > 1 ? frames.frameSize.trailingZeroBitCount : 62
        #if DEBUG
        // Bytes not yet decompressed read as invalid UTF-8 in tests, so that reading one by mistake shows.
        storage.initializeMemory(as: UInt8.self, repeating: 0xFF)
        #endif
    }

    init(copying bytes: UnsafeRawBufferPointer) {
        frames = nil
        storage = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
        if let base = bytes.baseAddress { storage.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
        ready = [true]
        frameShift = 62
    }

    deinit { storage.deallocate() }

    var count: Int { frames?.uncompressedLength ?? storage.count }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[0..<count]) }

    func ensure(_ range: Range<Int>) throws(IndexError) {
        guard !range.isEmpty else { return }
        for frame in (range.lowerBound >> frameShift)...((range.upperBound - 1) >> frameShift) where !ready[frame] {
            try load(frame)
        }
    }

    @inlinable
    func byte(at offset: Int) -> UInt8 {
        if !ready[offset >> frameShift] { fill(offset >> frameShift) }
        return storage[offset]
    }

    /// `fill` for every frame `range` touches that is not decompressed yet.
    func fill(covering range: Range<Int>) {
        guard !range.isEmpty else { return }
        for frame in (range.lowerBound >> frameShift)...((range.upperBound - 1) >> frameShift) where !ready[frame] {
            fill(frame)
        }
    }

    /// Decompresses a frame for `byte(at:)`, which cannot throw.
    @usableFromInline
    func fill(_ frame: Int) {
        do {
            try load(frame)
        } catch {
            if failure == nil { failure = error }
            UnsafeMutableRawBufferPointer(rebasing: storage[frames!.range(of: frame)])
                .initializeMemory(as: UInt8.self, repeating: 0x20)
            ready[frame] = true
        }
    }

    private func load(_ frame: Int) throws(IndexError) {
        guard let frames else { return }
        try frames.decompress(frame, into: UnsafeMutableRawBufferPointer(rebasing: storage[frames.range(of: frame)]))
        ready[frame] = true
        framesDecompressed += 1
    }
}
