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
        case encoded(owner: LazyBlock, blocks: Range<Int>, tokenCounts: Range<Int>?, skips: Range<Int>?)
    }

    /// Where the walk over the blocks stands before block `block`: byte offsets into the blocks field (past
    /// its count) and the counts field, the end of the text's blocks so far, the tokens of the blocks before
    /// and how many of them have tokens.
    private struct Place {
        var block = 0
        var blockAt = 0
        var countAt = 0
        var textEnd = 0
        var tokens = 0
        var counted = 0
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

    /// The encoded fields at `blocks`, `tokenCounts` and `skips` of `owner`'s bytes, the blocks of a text of
    /// `textCount` bytes; reads the block count, which must fit in the field.
    init(
        owner: LazyBlock, blocks: Range<Int>, tokenCounts: Range<Int>?, skips: Range<Int>? = nil, textCount: Int,
        file: String, document: Int
    ) throws(IndexError) {
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: owner.bytes[blocks]))
        guard let count = reader.readVarInt(), count <= reader.remaining else {
            throw .corrupt(file: file, reason: "record of document \(document): bad block count")
        }
        storage = .encoded(
            owner: owner, blocks: (blocks.lowerBound + reader.offset)..<blocks.upperBound, tokenCounts: tokenCounts,
            skips: tokenCounts == nil ? nil : skips)
        self.count = count
        self.textCount = textCount
        self.file = file
        self.document = document
    }

    /// Whether the record has each block's token count (documents stored before they were recorded have not).
    public var hasTokenCounts: Bool {
        switch storage {
        case .decoded(let blocks, let tokenCounts): return !blocks.isEmpty && tokenCounts.count == blocks.count
        case .encoded(_, _, let tokenCounts, _): return tokenCounts != nil
        }
    }

    /// Visits the blocks in text order with their token counts (nil without them) while `body` returns true.
    public func forEach(_ body: (_ range: Range<Int>, _ tokens: Int?) -> Bool) throws(IndexError) {
        switch storage {
        case .decoded(let blocks, let tokenCounts):
            let counted = tokenCounts.count == blocks.count
            for (index, range) in blocks.enumerated() where !body(range, counted ? tokenCounts[index] : nil) { return }
        case .encoded(let owner, let blocksField, let countsField, _):
            try walk(owner, blocksField, countsField, from: Place(), body)
        }
    }

    /// Visits, in text order, each block that holds one of `positions` (sorted ascending): its range and the
    /// position of its first token, the blocks' positions counted from `bodyStart`, each block with tokens after
    /// the first `gap` positions past the one before (as the analyzer numbers them). Needs the token counts (no
    /// block is visited without them); stops when `body` returns false or past the last position. A long manual
    /// page has thousands of blocks before its match: the walk starts at the record's last block skip before the
    /// first position still needed (when it has them), and looks for a further one at each skip it reaches.
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
        case .encoded(let owner, let blocksField, let countsField?, let skipsField):
            let places = try skipsField.map { (field) throws(IndexError) in try self.places(owner, field, blocksField, countsField) } ?? []
            var start = Place()
            var nextPlace = 0
            while true {
                while nextPlace < places.count, places[nextPlace].block <= start.block { nextPlace += 1 }
                // Start from the furthest place whose next block with tokens starts at or before the first position
                // still needed: every block before it ends before that position.
                var jumped = false
                while nextPlace < places.count,
                      Self.firstPosition(after: places[nextPlace], bodyStart: bodyStart, gap: gap) <= positions[next] {
                    start = places[nextPlace]
                    nextPlace += 1
                    jumped = true
                }
                if jumped, start.counted > 0 {
                    emitted = true
                    position = Self.lastPosition(before: start, bodyStart: bodyStart, gap: gap)
                }
                // Walk to the next place at most, then look again for one further on.
                let stop = nextPlace < places.count ? places[nextPlace].block : count
                var reached = start
                var done = false
                try walk(owner, blocksField, countsField, from: start, until: stop) { range, tokens in
                    guard take(range, tokens ?? 0) else {
                        done = true
                        return false
                    }
                    return true
                } at: { reached = $0 }
                if done || reached.block >= count { return }
                start = reached
            }
        case .encoded(_, _, nil, _):
            return
        }
    }

    /// The position the analyzer gives the first token of the first block with tokens from `place` on.
    private static func firstPosition(after place: Place, bodyStart: UInt32, gap: UInt32) -> UInt32 {
        place.counted == 0 ? bodyStart : adding(gap, to: lastPosition(before: place, bodyStart: bodyStart, gap: gap))
    }

    /// One past the position of the last token before `place` (which has a block with tokens before it), as the
    /// analyzer numbers them: saturating, as its positions are.
    private static func lastPosition(before place: Place, bodyStart: UInt32, gap: UInt32) -> UInt32 {
        let sum = UInt64(bodyStart) + UInt64(place.tokens) + UInt64(gap) * UInt64(place.counted - 1)
        return UInt32(clamping: sum)
    }

    /// The record's block skips, each checked against the fields it points into: in order, inside them, and no
    /// more tokens or blocks with tokens than blocks and bytes before it.
    private func places(
        _ owner: LazyBlock, _ skipsField: Range<Int>, _ blocksField: Range<Int>, _ countsField: Range<Int>
    ) throws(IndexError) -> [Place] {
        func bad() -> IndexError { .corrupt(file: file, reason: "record of document \(document): bad block skips") }
        guard let base = owner.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { throw bad() }
        var at = skipsField.lowerBound
        let end = skipsField.upperBound
        guard let interval = ByteReader.varint(base, at: &at, end: end), interval > 0 else { throw bad() }
        let expected = max(count - 1, 0) / interval
        guard expected <= end - at else { throw bad() }
        var places: [Place] = []
        places.reserveCapacity(expected)
        var place = Place()
        for _ in 0..<expected {
            guard let blockDelta = ByteReader.varint(base, at: &at, end: end),
                  let countDelta = ByteReader.varint(base, at: &at, end: end),
                  let textDelta = ByteReader.varint(base, at: &at, end: end),
                  let tokenDelta = ByteReader.varint(base, at: &at, end: end),
                  let countedDelta = ByteReader.varint(base, at: &at, end: end),
                  blockDelta <= blocksField.count - place.blockAt, countDelta <= countsField.count - place.countAt,
                  textDelta <= textCount - place.textEnd, tokenDelta <= textCount - place.tokens,
                  countedDelta <= interval
            else { throw bad() }
            place.block += interval
            place.blockAt += blockDelta
            place.countAt += countDelta
            place.textEnd += textDelta
            place.tokens += tokenDelta
            place.counted += countedDelta
            guard place.counted <= place.block else { throw bad() }
            places.append(place)
        }
        guard at == end else { throw bad() }
        return places
    }

    /// Visits the encoded blocks in text order, each with its token count (nil when `countsField` is nil), every
    /// value checked against the text, while `body` returns true; a walk to the end also checks that both fields
    /// end there. The varints are read in place: a long manual page has thousands of blocks before its match.
    @inline(__always)
    private func walk(
        _ owner: LazyBlock, _ blocksField: Range<Int>, _ countsField: Range<Int>?, from start: Place,
        until stop: Int? = nil, _ body: (_ range: Range<Int>, _ tokens: Int?) -> Bool,
        at reached: (Place) -> Void = { _ in }
    ) throws(IndexError) {
        func bad(_ why: String) -> IndexError { .corrupt(file: file, reason: "record of document \(document): \(why)") }
        guard let base = owner.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            if count > 0 { throw bad("bad text blocks") }
            return
        }
        var blockAt = blocksField.lowerBound + start.blockAt, countAt = (countsField?.lowerBound ?? 0) + start.countAt
        let blocksEnd = blocksField.upperBound, countsEnd = countsField?.upperBound ?? 0
        var previousEnd = start.textEnd
        var tokensSoFar = start.tokens, countedSoFar = start.counted
        let last = min(stop ?? count, count)
        var block = start.block
        while block < last {
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
                tokensSoFar &+= counted
                if counted > 0 { countedSoFar &+= 1 }
            }
            block += 1
            if !body(start..<previousEnd, tokens) { return }
        }
        if block < count {
            reached(Place(
                block: block, blockAt: blockAt - blocksField.lowerBound,
                countAt: countAt - (countsField?.lowerBound ?? 0), textEnd: previousEnd, tokens: tokensSoFar,
                counted: countedSoFar))
            return
        }
        reached(Place(block: block))
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
