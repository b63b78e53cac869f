/// Where a term's data lives in its segment.
public struct TermInfo: Sendable, Equatable {
    public var documentFrequency: UInt32
    public var postingsOffset: UInt64
    public var positionsOffset: UInt64
}

/// Term dictionary layout (`.terms`): sorted terms in blocks of `blockSize`, each term front-coded against
/// the previous one in its block (shared-prefix length, suffix), followed by its metadata with offsets
/// delta-coded within the block. After the blocks, a sparse index of (block offset, first term) that the reader
/// keeps in memory: a lookup is a binary search over blocks, then a scan of at most `blockSize` terms.
///
///     header | block* | blockIndex: (varint offset, varint len, first term bytes)* | u64 blockIndexOffset
///            | u32 blockCount | u64 termCount | footer
///     block  := varint termCount, (varint shared, varint suffixLen, suffix, varint df,
///               varint postingsOffsetDelta, varint positionsOffsetDelta)*
enum TermDictionaryLayout {
    static let blockSize = 32
}

struct TermDictionaryWriter {
    private var writer = ByteWriter()
    private var index = ByteWriter()
    private var block = ByteWriter()
    private var blockTerms = 0
    private var blockCount: UInt32 = 0
    private var termCount: UInt64 = 0
    private var previousTerm: [UInt8] = []
    private var previousInfo = TermInfo(documentFrequency: 0, postingsOffset: 0, positionsOffset: 0)

    init() {
        IndexFileFormat.writeHeader(.terms, into: &writer)
    }

    mutating func add(term: UnsafeBufferPointer<UInt8>, info: TermInfo) {
        if blockTerms == TermDictionaryLayout.blockSize { flushBlock() }
        if blockTerms == 0 {
            index.writeVarUInt(UInt64(writer.count))
            index.writeLengthPrefixed(term)
            previousTerm.removeAll(keepingCapacity: true)
            previousInfo = TermInfo(documentFrequency: 0, postingsOffset: 0, positionsOffset: 0)
        }
        var shared = 0
        let limit = min(previousTerm.count, term.count)
        while shared < limit, previousTerm[shared] == term[shared] { shared += 1 }
        block.writeVarUInt(shared)
        block.writeLengthPrefixed(UnsafeBufferPointer(rebasing: term[shared...]))
        block.writeVarUInt(info.documentFrequency)
        block.writeVarUInt(info.postingsOffset - previousInfo.postingsOffset)
        block.writeVarUInt(info.positionsOffset - previousInfo.positionsOffset)
        previousTerm.removeAll(keepingCapacity: true)
        previousTerm.append(contentsOf: term)
        previousInfo = info
        blockTerms += 1
        termCount += 1
    }

    private mutating func flushBlock() {
        guard blockTerms > 0 else { return }
        writer.writeVarUInt(blockTerms)
        block.bytes.withUnsafeBytes { writer.writeBytes($0) }
        block.removeAll()
        blockTerms = 0
        blockCount += 1
    }

    mutating func finish() -> [UInt8] {
        flushBlock()
        let indexOffset = UInt64(writer.count)
        index.bytes.withUnsafeBytes { writer.writeBytes($0) }
        writer.writeUInt64(indexOffset)
        writer.writeUInt32(blockCount)
        writer.writeUInt64(termCount)
        IndexFileFormat.appendFooter(to: &writer)
        return writer.bytes
    }
}

/// Reads a `.terms` file in place through its mapping; only the block index is decoded at open.
public struct TermDictionaryReader: Sendable {
    private let file: MappedFile
    private let blockOffsets: [Int]
    /// (start, length) of each block's first term inside the mapping.
    private let firstTerms: [(Int, Int)]
    public let termCount: UInt64

    init(file: MappedFile, verifyChecksum: Bool) throws(IndexError) {
        self.file = file
        let body = try IndexFileFormat.validate(file, kind: .terms, verifyChecksum: verifyChecksum)
        let bytes = file.bytes
        let bodyEnd = IndexFileFormat.headerSize + body.count
        var trailer = ByteReader(bytes, offset: bodyEnd - 20)
        guard body.count >= 20,
              let indexOffset = trailer.readUInt64(), let blockCount = trailer.readUInt32(),
              let terms = trailer.readUInt64(),
              indexOffset >= UInt64(IndexFileFormat.headerSize), indexOffset <= UInt64(bodyEnd - 20)
        else { throw .corrupt(file: file.path, reason: "bad term dictionary trailer") }
        termCount = terms
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[0..<(bodyEnd - 20)]), offset: Int(indexOffset))
        var offsets: [Int] = []
        var firsts: [(Int, Int)] = []
        offsets.reserveCapacity(Int(blockCount))
        firsts.reserveCapacity(Int(blockCount))
        for _ in 0..<blockCount {
            guard let offset = reader.readVarInt(), offset >= IndexFileFormat.headerSize,
                  offset < Int(indexOffset),
                  let length = reader.readVarInt()
            else { throw .corrupt(file: file.path, reason: "bad term block index") }
            let start = reader.offset
            guard reader.readBytes(length) != nil else {
                throw .corrupt(file: file.path, reason: "bad term block index")
            }
            offsets.append(offset)
            firsts.append((start, length))
        }
        guard reader.isAtEnd else { throw .corrupt(file: file.path, reason: "bad term block index length") }
        blockOffsets = offsets
        firstTerms = firsts
    }

    var blockCount: Int { blockOffsets.count }

    /// The last block whose first term is <= `term`, or 0.
    func firstBlock(atOrBefore term: UnsafeRawBufferPointer) -> Int {
        let bytes = file.bytes
        var low = 0, high = blockOffsets.count - 1, candidate = 0
        while low <= high {
            let mid = (low + high) >> 1
            let (start, length) = firstTerms[mid]
            let first = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)])
            if Self.compare(first, term) <= 0 {
                candidate = mid
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        return candidate
    }

    /// The term's metadata, or nil when the segment does not contain it.
    public func lookup(_ term: UnsafeRawBufferPointer) throws(IndexError) -> TermInfo? {
        guard blockOffsets.count > 0 else { return nil }
        let candidate = firstBlock(atOrBefore: term)
        var found: TermInfo?
        var failed = false
        try scanBlock(candidate) { current, info in
            let order = Self.compare(current, term)
            if order == 0 { found = info }
            return order < 0
        } onCorrupt: { failed = true }
        if failed { throw .corrupt(file: file.path, reason: "unreadable term block \(candidate)") }
        return found
    }

    /// Visits every term in order (used by `verify` and, later, prefix expansion and merges).
    public func forEach(_ body: (UnsafeRawBufferPointer, TermInfo) -> Void) throws(IndexError) {
        for block in 0..<blockOffsets.count {
            var failed = false
            try scanBlock(block) { term, info in
                body(term, info)
                return true
            } onCorrupt: { failed = true }
            if failed { throw .corrupt(file: file.path, reason: "unreadable term block \(block)") }
        }
    }

    /// Decodes one block, calling `visit` per term until it returns false.
    private func scanBlock(
        _ block: Int,
        visit: (UnsafeRawBufferPointer, TermInfo) -> Bool,
        onCorrupt: () -> Void
    ) throws(IndexError) {
        let bytes = file.bytes
        let end = block + 1 < blockOffsets.count ? blockOffsets[block + 1] : bytes.count - IndexFileFormat.footerSize
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[0..<end]), offset: blockOffsets[block])
        var term = [UInt8]()
        term.reserveCapacity(64)
        var info = TermInfo(documentFrequency: 0, postingsOffset: 0, positionsOffset: 0)
        guard let count = reader.readVarInt() else { return onCorrupt() }
        for _ in 0..<count {
            guard let shared = reader.readVarInt(), shared <= term.count,
                  let suffix = reader.readLengthPrefixed(),
                  let df = reader.readVarUInt32(),
                  let postingsDelta = reader.readVarUInt64(),
                  let positionsDelta = reader.readVarUInt64()
            else { return onCorrupt() }
            term.removeSubrange(shared...)
            term.append(contentsOf: suffix)
            info.documentFrequency = df
            info.postingsOffset &+= postingsDelta
            info.positionsOffset &+= positionsDelta
            let keepGoing = term.withUnsafeBytes { visit($0, info) }
            if !keepGoing { return }
        }
    }

    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        for i in 0..<common {
            let x = a[i], y = b[i]
            if x != y { return x < y ? -1 : 1 }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}

extension TermDictionaryReader {
    /// Terms that start with `prefix`, in order, at most `limit` of them; `truncated` tells whether more exist.
    public func terms(
        withPrefix prefix: UnsafeRawBufferPointer, limit: Int
    ) throws(IndexError) -> (terms: [([UInt8], TermInfo)], truncated: Bool) {
        var result: [([UInt8], TermInfo)] = []
        var truncated = false
        var done = false
        let start = firstBlock(atOrBefore: prefix)
        for block in start..<blockCount where !done {
            var failed = false
            try scanBlock(block) { term, info in
                if Self.compare(term, prefix) < 0 { return true }
                guard term.count >= prefix.count, Self.compare(
                    UnsafeRawBufferPointer(rebasing: term[0..<prefix.count]), prefix) == 0
                else { done = true; return false }
                if result.count == limit { truncated = true; done = true; return false }
                result.append((Array(term), info))
                return true
            } onCorrupt: { failed = true }
            if failed { throw .corrupt(file: file.path, reason: "unreadable term block \(block)") }
        }
        return (result, truncated)
    }
}
