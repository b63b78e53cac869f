/// A stored document's text blocks (paragraphs) and the tokens in each, read from the record only as far as they
/// are asked for: a manual page stores thousands of blocks, and placing a search's matches needs the blocks up to
/// the last one, without an array of them all (decoding every block of the ten hits of a one-shot search was
/// a tenth of its page faults).
///
/// Damage in the record (a count or a range past the text) is found when the blocks are read, and thrown then.
public struct StoredBlockList {
    private enum Storage {
        case decoded(blocks: [Range<Int>], tokenCounts: [Int])
        /// The encoded fields in a decompressed block, which `owner` keeps alive: the blocks field past its leading
        /// count, and the token counts field if the record has one.
        case encoded(owner: LazyBlock, blocks: Range<Int>, tokenCounts: Range<Int>?)
    }

    private let storage: Storage
    /// How many blocks there are.
    public let count: Int
    /// The length of the text the blocks lie in.
    private let textCount: Int
    /// Names the record in errors: "record of document N" of the store file.
    private let file: String
    private let document: Int

    /// Blocks already decoded; `tokenCounts` empty when none were stored, else one per block.
    public init(blocks: [Range<Int>], tokenCounts: [Int]) {
        storage = .decoded(blocks: blocks, tokenCounts: tokenCounts)
        count = blocks.count
        textCount = 0
        file = ""
        document = 0
    }

    /// The encoded fields at `blocks` and `tokenCounts` of `owner`'s bytes, the blocks of a text of `textCount`
    /// bytes; reads the block count, which must fit in the field.
    init(
        owner: LazyBlock, blocks: Range<Int>, tokenCounts: Range<Int>?, textCount: Int, file: String, document: Int
    ) throws(IndexError) {
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: owner.bytes[blocks]))
        guard let count = reader.readVarInt(), count <= reader.remaining else {
            throw .corrupt(file: file, reason: "record of document \(document): bad block count")
        }
        storage = .encoded(
            owner: owner, blocks: (blocks.lowerBound + reader.offset)..<blocks.upperBound, tokenCounts: tokenCounts)
        self.count = count
        self.textCount = textCount
        self.file = file
        self.document = document
    }

    /// Whether the record has each block's token count (documents stored before they were recorded have not).
    public var hasTokenCounts: Bool {
        switch storage {
        case .decoded(let blocks, let tokenCounts): return !blocks.isEmpty && tokenCounts.count == blocks.count
        case .encoded(_, _, let tokenCounts): return tokenCounts != nil
        }
    }

    /// Visits the blocks in text order with their token counts (nil without them) while `body` returns true.
    public func forEach(_ body: (_ range: Range<Int>, _ tokens: Int?) -> Bool) throws(IndexError) {
        switch storage {
        case .decoded(let blocks, let tokenCounts):
            let counted = tokenCounts.count == blocks.count
            for (index, range) in blocks.enumerated() where !body(range, counted ? tokenCounts[index] : nil) { return }
        case .encoded(let owner, let blocksField, let countsField):
            try walk(owner, blocksField, countsField, body)
        }
    }

    /// Visits, in text order, each block that holds one of `positions` (sorted ascending): its range and the
    /// position of its first token, the blocks' positions counted from `bodyStart`, each block with tokens after
    /// the first `gap` positions past the one before (as the analyzer numbers them). Needs the token counts (no
    /// block is visited without them); stops when `body` returns false or past the last position. The walk up
    /// to the last block needed stays in this loop: a long manual page has thousands of blocks before its match.
    public func forEachBlock(
        holding positions: [UInt32], bodyStart: UInt32, gap: UInt32,
        _ body: (_ range: Range<Int>, _ firstPosition: UInt32) -> Bool
    ) throws(IndexError) {
        guard hasTokenCounts, !positions.isEmpty else { return }
        var next = 0
        var position = bodyStart
        var emitted = false
        /// Takes a block of `tokens` tokens at `range`: false when the walk is over.
        func take(_ range: Range<Int>, _ tokens: Int) -> Bool {
            guard tokens > 0 else { return true }
            // Saturating, as the analyzer's positions are: a damaged count must not trap.
            let first = emitted ? Self.adding(gap, to: position) : position
            let end = Self.adding(UInt32(clamping: tokens), to: first)
            position = end
            emitted = true
            while next < positions.count, positions[next] < first { next += 1 }
            guard next < positions.count else { return false }
            guard positions[next] < end else { return true }
            guard body(range, first) else { return false }
            while next < positions.count, positions[next] < end { next += 1 }
            return next < positions.count
        }
        switch storage {
        case .decoded(let blocks, let tokenCounts):
            for (index, range) in blocks.enumerated() where !take(range, tokenCounts[index]) { return }
        case .encoded(let owner, let blocksField, let countsField?):
            try walk(owner, blocksField, countsField) { range, tokens in take(range, tokens ?? 0) }
        case .encoded(_, _, nil):
            return
        }
    }

    /// Visits the encoded blocks in text order, each with its token count (nil when `countsField` is nil), every
    /// value checked against the text, while `body` returns true; a walk to the end also checks that both fields
    /// end there. The varints are read in place: a long manual page has thousands of blocks before its match.
    @inline(__always)
    private func walk(
        _ owner: LazyBlock, _ blocksField: Range<Int>, _ countsField: Range<Int>?,
        _ body: (_ range: Range<Int>, _ tokens: Int?) -> Bool
    ) throws(IndexError) {
        func bad(_ why: String) -> IndexError { .corrupt(file: file, reason: "record of document \(document): \(why)") }
        guard let base = owner.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            if count > 0 { throw bad("bad text blocks") }
            return
        }
        var blockAt = blocksField.lowerBound, countAt = countsField?.lowerBound ?? 0
        let blocksEnd = blocksField.upperBound, countsEnd = countsField?.upperBound ?? 0
        var previousEnd = 0
        for _ in 0..<count {
            guard let delta = ByteReader.varint(base, at: &blockAt, end: blocksEnd),
                  let length = ByteReader.varint(base, at: &blockAt, end: blocksEnd),
                  delta <= textCount - previousEnd, length <= textCount - previousEnd - delta
            else { throw bad("bad text blocks") }
            let start = previousEnd + delta
            previousEnd = start + length
            var tokens: Int?
            if countsField != nil {
                // A block holds no more tokens than bytes.
                guard let counted = ByteReader.varint(base, at: &countAt, end: countsEnd), counted <= length else {
                    throw bad("bad block token counts")
                }
                tokens = counted
            }
            if !body(start..<previousEnd, tokens) { return }
        }
        guard blockAt == blocksEnd else { throw bad("trailing bytes in text blocks") }
        if countsField != nil, countAt != countsEnd { throw bad("trailing bytes in block token counts") }
    }

    private static func adding(_ value: UInt32, to base: UInt32) -> UInt32 {
        let (sum, overflow) = base.addingReportingOverflow(value)
        return overflow ? .max : sum
    }

    /// Every block's range.
    public func ranges() throws(IndexError) -> [Range<Int>] {
        if case .decoded(let blocks, _) = storage { return blocks }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(count)
        try forEach { range, _ in
            ranges.append(range)
            return true
        }
        return ranges
    }

    /// Every block's token count; empty when the record has none.
    public func tokenCounts() throws(IndexError) -> [Int] {
        if case .decoded(_, let tokenCounts) = storage { return tokenCounts }
        guard hasTokenCounts else { return [] }
        var counts: [Int] = []
        counts.reserveCapacity(count)
        try forEach { _, tokens in
            counts.append(tokens ?? 0)
            return true
        }
        return counts
    }
}
