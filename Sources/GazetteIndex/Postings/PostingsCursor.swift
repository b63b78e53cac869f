/// Walks one term's postings in a segment: documents in increasing order, each with its frequency, and on
/// request its positions. Layout in `PostingsLayout` and docs/FORMAT.md.
///
/// - Documents come in blocks of 128 (bit-packed gaps and frequencies) then a varint tail of `df % 128`.
///   Skip entries, 32 to a group placed just before the group's blocks, give each block's last document, bit
///   widths, number of positions and where its positions start, so `advance(to:)` passes over whole blocks
///   (and whole groups) without decoding them.
/// - Positions are decoded only by `readPositions` (and, up to a bound, `countPositions`), one 128-value block at
///   a time, found from the skip entry of the current doc block; documents passed over never have their
///   positions touched.
/// - Every skip group, doc block, tail and positions block carries a CRC-32 checked when it is decoded, and every
///   offset, width and count is bounds-checked: damage makes the cursor report `corruption` (naming the file) and
///   behave as exhausted — never a trap, never a wrong document.
///
/// Buffers are allocated once per cursor; `next`, `advance`, `countPositions` and `readPositions` allocate nothing
/// (apart from growing the caller's output array).
public struct PostingsCursor {
    public static let exhausted = UInt32.max

    private let postings: UnsafeRawBufferPointer
    private let positions: UnsafeRawBufferPointer
    private let info: TermInfo
    private let postingsPath: String
    private let positionsPath: String
    /// Documents of the segment: a posting naming one at or past it is damage. Without this check a damaged
    /// (or hostile) block whose checksum matches would hand callers a document id that indexes past the norms
    /// and the catalog (found by fuzzing, Fuzz/regressions/index).
    private let documentLimit: UInt64

    public let documentFrequency: UInt32
    @inlinable public var document: UInt32 { currentDocument }
    @inlinable public var frequency: UInt32 { currentFrequency }
    @usableFromInline var currentDocument: UInt32 = 0
    @usableFromInline var currentFrequency: UInt32 = 0
    /// Whether `next` or `advance` was called.
    @inlinable public var started: Bool { hasStarted }
    @usableFromInline var hasStarted = false
    /// What was found damaged, naming the file; the cursor then reports itself exhausted.
    public private(set) var corruption: IndexError?
    public var isCorrupt: Bool { corruption != nil }

    /// Full (bit-packed) doc blocks; block number `fullBlocks` is the varint tail.
    private let fullBlocks: Int
    private let tailCount: Int
    /// Documents at `0..<capacity`, frequencies at `capacity..<2*capacity`.
    @usableFromInline var buffer: [UInt32]
    @usableFromInline let capacity: Int
    /// Index in `buffer` of the current document; `count` documents are decoded there.
    @usableFromInline var index = -1
    @usableFromInline var count = 0
    private var block = -1
    private var blockLastDocument: UInt32 = 0

    // Skip group: `Skip.stride` UInt64 fields per entry.
    private var skip: [UInt64]
    private var group = -1
    private var groupEnd = 0
    private var runningLastDocument: UInt64 = 0
    private var runningPositions: UInt64 = 0
    private var runningPositionsOffset: UInt64 = 0

    // Positions of the current doc block.
    private var blockPositionStart: UInt64 = 0
    private var anchorPositionBlock: UInt64 = 0
    private var anchorPositionOffset: UInt64 = 0
    private var positionCacheIndex = 0
    private var positionCacheValue: UInt64 = 0
    // The positions block decoded in `positionValues`.
    private var positionValues: [UInt32] = []
    private var positionBlock = UInt64.max
    private var positionBlockEnd = 0

    private enum Skip {
        static let stride = 8
        static let lastDocument = 0, base = 1, widths = 2, positionStart = 3, positionOffset = 4,
            blockOffset = 5, positionCount = 6
    }

    /// `postings` and `positions` are the whole mapped `.post` and `.pos` files (the offsets in `info` are absolute
    /// file offsets; a buffer cut before the footer works as well). The paths name the files in errors.
    /// `documentCount` is the segment's: every document the cursor returns is below it.
    init(
        postings: UnsafeRawBufferPointer, positions: UnsafeRawBufferPointer, info: TermInfo,
        postingsPath: String, positionsPath: String, documentCount: Int
    ) {
        self.postings = postings
        self.positions = positions
        self.info = info
        self.postingsPath = postingsPath
        self.positionsPath = positionsPath
        documentLimit = UInt64(min(max(documentCount, 0), Int(Self.exhausted)))
        documentFrequency = info.documentFrequency
        let df = Int(info.documentFrequency)
        fullBlocks = df / BitPacking.blockSize
        tailCount = df % BitPacking.blockSize
        capacity = min(df, BitPacking.blockSize)
        buffer = capacity == 0 ? [] : [UInt32](repeating: 0, count: 2 * capacity)
        skip = fullBlocks == 0 ? [] : [UInt64](repeating: 0, count: Skip.stride * PostingsLayout.blocksPerGroup)
        anchorPositionOffset = info.positionsOffset
        if info.totalTermFrequency < UInt64(info.documentFrequency)
            || (info.documentFrequency == 0) != (info.totalTermFrequency == 0)
            || (info.documentFrequency == 1 && info.totalTermFrequency > UInt64(UInt32.max))
        {
            corruption = .corrupt(file: postingsPath, reason: "term has \(info.documentFrequency) documents but \(info.totalTermFrequency) positions")
            currentDocument = Self.exhausted
            hasStarted = true
        }
    }

    /// Moves to the next document; returns it, or `exhausted`. Inlined into the caller while inside a decoded
    /// block; the next block is decoded out of line.
    @inlinable @discardableResult
    public mutating func next() -> UInt32 {
        let i = index &+ 1
        if i < count {
            index = i
            currentDocument = buffer[i]
            currentFrequency = buffer[capacity &+ i]
            return currentDocument
        }
        return nextBlock()
    }

    @usableFromInline
    mutating func nextBlock() -> UInt32 {
        if hasStarted, currentDocument == Self.exhausted { return currentDocument }
        hasStarted = true
        index += 1
        if index >= count {
            guard loadBlock(block + 1) else { return currentDocument }
            index = 0
        }
        buffer.withUnsafeBufferPointer { b in
            currentDocument = b[index]
            currentFrequency = b[capacity + index]
        }
        return currentDocument
    }

    /// Moves to the first document >= target (staying put when the current one already is); returns it, or
    /// `exhausted`. Whole blocks before the target are passed over using the skip entries only.
    @inlinable @discardableResult
    public mutating func advance(to target: UInt32) -> UInt32 {
        if hasStarted, currentDocument >= target { return currentDocument }
        return seek(target)
    }

    @usableFromInline
    mutating func seek(_ target: UInt32) -> UInt32 {
        hasStarted = true
        if block < 0 || (block < fullBlocks && blockLastDocument < target) {
            var b = block + 1
            while b < fullBlocks {
                let g = b / PostingsLayout.blocksPerGroup
                guard ensureGroup(g) else { return document }
                let groupLast = min(fullBlocks, (g + 1) * PostingsLayout.blocksPerGroup) - 1
                if lastDocument(ofBlock: groupLast) < target {
                    b = groupLast + 1
                    continue
                }
                while lastDocument(ofBlock: b) < target { b += 1 }
                break
            }
            guard loadBlock(b) else { return document }
            index = -1
        }
        while true {
            let found: Bool = buffer.withUnsafeBufferPointer { b in
                var i = index + 1
                while i < count, b[i] < target { i += 1 }
                index = i
                guard i < count else { return false }
                currentDocument = b[i]
                currentFrequency = b[capacity + i]
                return true
            }
            if found { return document }
            guard loadBlock(block + 1) else { return document }
            index = -1
        }
    }

    /// The current document's positions, in increasing order, written to `output` (replacing its contents).
    public mutating func readPositions(into output: inout [UInt32]) {
        guard let frequency = positionCount() else {
            output.removeAll(keepingCapacity: true)
            return
        }
        Self.resize(&output, to: frequency)
        let decoded = output.withUnsafeMutableBufferPointer { out in
            guard let target = out.baseAddress else { return true }
            return decodePositions(frequency, into: target)
        }
        if !decoded { output.removeAll(keepingCapacity: true) }
    }

    /// The current document's positions, in increasing order, written to `output` (replacing its contents): what
    /// `readPositions(into: &array)` does, without an array's uniqueness check and resize per document.
    public mutating func readPositions(into output: inout PositionBuffer) {
        guard let frequency = positionCount() else {
            output.removeAll()
            return
        }
        let target = output.prepare(count: frequency)
        if !decodePositions(frequency, into: target) { output.removeAll() }
    }

    /// How many positions the current document has, its first located; nil when there is no current document
    /// or on damage (reported).
    @inline(__always)
    private mutating func positionCount() -> Int? {
        guard started, document != Self.exhausted else { return nil }
        if info.totalTermFrequency == 1 { return 1 }
        locateFirstPosition()
        let frequency = Int(self.frequency)
        // A document's positions increase, so every one after its first takes at least a bit of the positions
        // file. A larger frequency is damage, refused before the output grows to it: up to 4 billion from a
        // damaged dictionary entry would be 16 GB.
        guard UInt64(frequency) <= UInt64(positions.count) &* 8 &+ 1 else {
            fail(positions: true, "document \(document) claims \(frequency) positions, more than the file can hold")
            return nil
        }
        return frequency
    }

    /// Writes the current document's `frequency` positions (from `positionCount`) to `target`; false on damage
    /// (reported).
    @inline(__always)
    private mutating func decodePositions(_ frequency: Int, into target: UnsafeMutablePointer<UInt32>) -> Bool {
        if info.totalTermFrequency == 1 {
            target[0] = info.singletonPosition
            return true
        }
        var next = positionCacheValue
        var written = 0
        // Summed in 64 bits and checked once at the end: a damaged delta of 0 or a sum past UInt32.max is found
        // without a test per position.
        var position: UInt64 = 0
        var sawZero = false
        while written < frequency {
            guard let (offset, available) = positionRun(at: next) else { return false }
            let take = min(frequency - written, available)
            positionValues.withUnsafeBufferPointer { values in
                guard let source = values.baseAddress else { return }
                var k = 0
                if written == 0 {
                    position = UInt64(source[offset])
                    target[0] = UInt32(truncatingIfNeeded: position)
                    k = 1
                }
                var zero = false
                while k < take {
                    let delta = source[offset &+ k]
                    zero = zero || delta == 0
                    position &+= UInt64(delta)
                    target[written &+ k] = UInt32(truncatingIfNeeded: position)
                    k &+= 1
                }
                sawZero = sawZero || zero
            }
            written &+= take
            next &+= UInt64(take)
            // At most 128 deltas of 32 bits between checks: the 64-bit sum cannot wrap before this one.
            if position > UInt64(UInt32.max) { break }
        }
        if sawZero || position > UInt64(UInt32.max) {
            fail(positions: true, "positions of document \(document) are not increasing")
            return false
        }
        return true
    }

    /// Keeps, at the front of `targets` (increasing), each value `x` for which `x + shift` is one of the current
    /// document's positions; returns how many. The positions are summed from their deltas and compared as they
    /// come, never stored, and only up to the last target: a phrase's common word ("the" in "the linux", hundreds
    /// of times a page) is checked against the rarer word's few candidates without an array of its positions or
    /// a merge of two lists. Damage met on the way is reported as `readPositions` reports it, and nothing is kept.
    public mutating func keepPositions(of targets: UnsafeMutableBufferPointer<Int>, shiftedBy shift: Int) -> Int {
        guard started, document != Self.exhausted, !targets.isEmpty else { return 0 }
        // The position wanted next: a target shifted, or past every position once the targets run out.
        var t = 0, kept = 0
        var wanted = targets[0] &+ shift
        if info.totalTermFrequency == 1 {
            let position = Int(info.singletonPosition)
            while t < targets.count {
                if targets[t] &+ shift == position {
                    targets[0] = targets[t]
                    return 1
                }
                t &+= 1
            }
            return 0
        }
        locateFirstPosition()
        let frequency = Int(self.frequency)
        var next = positionCacheValue
        var seen = 0
        var position = 0
        var damaged = false
        reading: while seen < frequency {
            guard let (offset, available) = positionRun(at: next) else { return 0 }
            let take = min(frequency - seen, available)
            var done = false
            positionValues.withUnsafeBufferPointer { values in
                guard let source = values.baseAddress?.advanced(by: offset) else { return }
                // A document's first value is its first position, the sum of it and 0; the others are deltas,
                // never 0 in an undamaged file (a minimum over them is vectorised).
                var smallest = UInt32.max
                for d in (seen == 0 ? 1 : 0)..<take { smallest = min(smallest, source[d]) }
                if smallest == 0 {
                    damaged = true
                    return
                }
                var k = 0
                while k < take {
                    position &+= Int(source[k])
                    k &+= 1
                    // Most positions of a common word fall short of the next target: one predictable branch.
                    if position < wanted { continue }
                    while wanted < position {
                        t &+= 1
                        if t == targets.count { done = true; return }
                        wanted = targets[t] &+ shift
                    }
                    if wanted == position {
                        targets[kept] = targets[t]
                        kept &+= 1
                        t &+= 1
                        if t == targets.count { done = true; return }
                        wanted = targets[t] &+ shift
                    }
                }
            }
            // At most 128 deltas of 32 bits between checks: the 64-bit sum cannot wrap before this one.
            if damaged || position > Int(UInt32.max) {
                fail(positions: true, "positions of document \(document) are not increasing")
                return 0
            }
            if done { break reading }
            seen &+= take
            next &+= UInt64(take)
        }
        return kept
    }

    /// The closeness of another word's occurrences to this term's in the current document, as a bare-word query's
    /// proximity counts it: each of `others` (that word's positions here, increasing) is paired with the nearest of
    /// this term's positions on either side and adds `closeness[moves]` when moves ≤ `window`, to the first sum
    /// when it is below `split` (the title) and to the second otherwise, in the order of `others`. Moves are
    /// Lucene's sloppy distance of the pair in query order (`othersComeFirst`: the other word is the pair's first):
    /// 0 when adjacent in order, one more per position between, and 2 more when reversed. This term's positions
    /// are summed from their deltas as the walk goes, never stored, and only until the last of `others` has its
    /// nearest on both sides — the same sums as reading them into a list and merging, without writing the more
    /// frequent word's list and reading it back. Damage met on the way is reported as `readPositions` reports it,
    /// and both sums are then 0. `closeness` must hold at least `window + 1` values.
    public mutating func sumCloseness(
        of others: UnsafeBufferPointer<UInt32>, othersComeFirst: Bool, window: Int,
        closeness: UnsafeBufferPointer<Double>, split: UInt32
    ) -> (below: Double, from: Double) {
        guard started, document != Self.exhausted, !others.isEmpty else { return (0, 0) }
        var below = 0.0, from = 0.0
        var i = 0
        var left: UInt32 = 0, hasLeft = false
        /// Pairs `others[i]`, and every one after it up to `right`, with `left` and `right` (nil: none is left).
        @inline(__always)
        func pair(upTo right: UInt32?) {
            while i < others.count {
                let s = others[i]
                var best = Int.max
                if let right {
                    if s > right { return }
                    if right != s {
                        let gap = Int(right &- s)
                        best = othersComeFirst ? gap &- 1 : gap &+ 1
                    }
                }
                if hasLeft {
                    let gap = Int(s &- left)
                    best = Swift.min(best, othersComeFirst ? gap &+ 1 : gap &- 1)
                }
                if best <= window {
                    if s < split { below += closeness[best] } else { from += closeness[best] }
                }
                i &+= 1
            }
        }
        if info.totalTermFrequency == 1 {
            pair(upTo: info.singletonPosition)
            left = info.singletonPosition
            hasLeft = true
            pair(upTo: nil)
            return (below, from)
        }
        locateFirstPosition()
        let frequency = Int(self.frequency)
        var next = positionCacheValue
        var seen = 0
        var position: UInt64 = 0
        var damaged = false
        reading: while seen < frequency {
            guard let (offset, available) = positionRun(at: next) else { return (0, 0) }
            let take = Swift.min(frequency - seen, available)
            var done = false
            positionValues.withUnsafeBufferPointer { values in
                guard let source = values.baseAddress?.advanced(by: offset) else { return }
                // A document's first value is its first position; the others are deltas, never 0 undamaged.
                var smallest = UInt32.max
                for d in (seen == 0 ? 1 : 0)..<take { smallest = Swift.min(smallest, source[d]) }
                if smallest == 0 {
                    damaged = true
                    return
                }
                var k = 0
                while k < take {
                    position &+= UInt64(source[k])
                    k &+= 1
                    let current = UInt32(truncatingIfNeeded: position)
                    // Most of a frequent word's positions come before the next of the other's: one predictable branch.
                    if others[i] <= current {
                        pair(upTo: current)
                        if i == others.count { done = true; return }
                    }
                    left = current
                    hasLeft = true
                }
            }
            // At most 128 deltas of 32 bits between checks: the 64-bit sum cannot wrap before this one.
            if damaged || position > UInt64(UInt32.max) {
                fail(positions: true, "positions of document \(document) are not increasing")
                return (0, 0)
            }
            if done { return (below, from) }
            seen &+= take
            next &+= UInt64(take)
        }
        pair(upTo: nil)
        return (below, from)
    }

    /// How many of the current document's positions are below `bound`, decoding them only up to the first at or
    /// past it: the title's share of a bare word (positions below the body's start), which is usually none or
    /// the first one or two, without reading the rest. Damage met on the way is reported as `readPositions`
    /// reports it, and the count is then 0.
    public mutating func countPositions(below bound: UInt32) -> Int {
        guard started, document != Self.exhausted else { return 0 }
        if info.totalTermFrequency == 1 { return info.singletonPosition < bound ? 1 : 0 }
        locateFirstPosition()
        let frequency = Int(self.frequency)
        var next = positionCacheValue
        var seen = 0
        var position: UInt64 = 0
        while seen < frequency {
            guard let (offset, available) = positionRun(at: next) else { return 0 }
            let take = min(frequency - seen, available)
            var k = 0
            var reachedBound = false, increasing = true
            positionValues.withUnsafeBufferPointer { values in
                while k < take {
                    let value = UInt64(values[offset &+ k])
                    if seen == 0 && k == 0 {
                        position = value
                    } else {
                        increasing = value > 0
                        position &+= value
                    }
                    if !increasing || position >= UInt64(bound) {
                        reachedBound = true
                        return
                    }
                    k &+= 1
                }
            }
            guard increasing else {
                fail(positions: true, "positions of document \(document) are not increasing")
                return 0
            }
            seen &+= k
            if reachedBound { return seen }
            next &+= UInt64(take)
        }
        return seen
    }

    /// Makes `positionValues` hold the positions block with the term's `next`-th position (counted from its
    /// first); returns where that position is in it and how many of the block's positions start there, or nil
    /// after reporting damage.
    @inline(__always)
    private mutating func positionRun(at next: UInt64) -> (offset: Int, available: Int)? {
        let fullPositionBlocks = info.totalTermFrequency / UInt64(BitPacking.blockSize)
        let positionTail = Int(info.totalTermFrequency % UInt64(BitPacking.blockSize))
        let j = next / UInt64(BitPacking.blockSize)
        let offset = Int(next % UInt64(BitPacking.blockSize))
        guard j == positionBlock || loadPositionBlock(j, full: fullPositionBlocks, tail: positionTail) else {
            return nil
        }
        let available = (j < fullPositionBlocks ? BitPacking.blockSize : positionTail) - offset
        guard available > 0 else {
            fail(positions: true, "positions of document \(document) run past the term's positions")
            return nil
        }
        return (offset, available)
    }

    /// Makes `positionCacheValue` the index, among the term's positions, of the current document's first one,
    /// summing the frequencies of the block's documents passed since it was last asked.
    @inline(__always)
    private mutating func locateFirstPosition() {
        guard positionCacheIndex < index else { return }
        buffer.withUnsafeBufferPointer { b in
            var sum = positionCacheValue
            for i in positionCacheIndex..<index { sum &+= UInt64(b[capacity &+ i]) }
            positionCacheValue = sum
        }
        positionCacheIndex = index
    }

    /// Sets `array.count` to `count` without clearing or reallocating when the capacity suffices.
    @inline(__always)
    private static func resize(_ array: inout [UInt32], to count: Int) {
        let current = array.count
        if current > count {
            array.removeLast(current &- count)
        } else if current < count {
            array.append(contentsOf: repeatElement(0, count: count &- current))
        }
    }

    // MARK: - Doc blocks

    @inline(__always)
    private func lastDocument(ofBlock b: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: skip[(b % PostingsLayout.blocksPerGroup) * Skip.stride + Skip.lastDocument])
    }

    private static func widths(_ packed: UInt64) -> (docs: Int, docExceptions: Int, freqs: Int, freqExceptions: Int) {
        (Int(packed & 0xFF), Int((packed >> 8) & 0xFF), Int((packed >> 16) & 0xFF), Int((packed >> 24) & 0xFF))
    }

    private mutating func fail(positions: Bool, _ reason: String) {
        if corruption == nil {
            corruption = .corrupt(file: positions ? positionsPath : postingsPath, reason: reason)
        }
        currentDocument = Self.exhausted
        hasStarted = true
        count = 0
        index = 0
        block = fullBlocks + 1
    }

    /// Loads block `b` (the tail when `b == fullBlocks`); false at the end or on damage (document is then
    /// `exhausted`).
    private mutating func loadBlock(_ b: Int) -> Bool {
        if corruption != nil { return false }
        if b > fullBlocks || (b == fullBlocks && tailCount == 0) {
            currentDocument = Self.exhausted
            block = fullBlocks + 1
            count = 0
            return false
        }
        let ok = b < fullBlocks ? decodeFullBlock(b) : decodeTail()
        if !ok { return false }
        block = b
        positionCacheIndex = 0
        positionCacheValue = blockPositionStart
        return true
    }

    private mutating func ensureGroup(_ g: Int) -> Bool {
        while group < g {
            if !decodeGroup(group + 1) { return false }
        }
        return group == g
    }

    /// Decodes skip group `g` (which must follow the decoded one) and checks its CRC.
    private mutating func decodeGroup(_ g: Int) -> Bool {
        let firstBlock = g * PostingsLayout.blocksPerGroup
        let n = min(PostingsLayout.blocksPerGroup, fullBlocks - firstBlock)
        guard n > 0 else { fail(positions: false, "skip group \(g) past the term's blocks"); return false }
        let start = g == 0 ? Int(clamping: info.postingsOffset) : groupEnd
        guard start >= 0, start <= postings.count else {
            fail(positions: false, "postings offset \(start) past the end of the file")
            return false
        }
        var reader = ByteReader(postings, offset: start)
        var last = runningLastDocument
        var positionsSeen = runningPositions
        var positionsOffset = runningPositionsOffset
        var ok = true
        var reason = ""
        skip.withUnsafeMutableBufferPointer { entries in
            for k in 0..<n {
                guard let delta = reader.readVarUInt32(),
                      let docs = PostingsLayout.readBlockHeader(&reader),
                      let freqs = PostingsLayout.readBlockHeader(&reader),
                      let extra = reader.readVarUInt64(),
                      let offsetDelta = reader.readVarUInt64()
                else { ok = false; reason = "undecodable skip entry"; return }
                let blockNumber = firstBlock + k
                let base: UInt64 = blockNumber == 0 ? 0 : last + 1
                let newLast = (blockNumber == 0 ? 0 : last) + UInt64(delta)
                let (count, overflow) = extra.addingReportingOverflow(UInt64(BitPacking.blockSize))
                guard newLast >= base + 127, newLast < UInt64(UInt32.max),
                      !overflow, count <= info.totalTermFrequency &- positionsSeen,
                      positionsSeen <= info.totalTermFrequency,
                      offsetDelta <= UInt64(Int32.max)
                else { ok = false; reason = "impossible skip entry for block \(blockNumber)"; return }
                let e = k * Skip.stride
                entries[e + Skip.lastDocument] = newLast
                entries[e + Skip.base] = base
                entries[e + Skip.widths] = UInt64(docs.width) | UInt64(docs.exceptions) << 8
                    | UInt64(freqs.width) << 16 | UInt64(freqs.exceptions) << 24
                entries[e + Skip.positionStart] = positionsSeen
                positionsOffset += offsetDelta
                entries[e + Skip.positionOffset] = info.positionsOffset &+ positionsOffset
                entries[e + Skip.positionCount] = count
                positionsSeen += count
                last = newLast
            }
        }
        guard ok else { fail(positions: false, reason); return false }
        let entriesEnd = reader.offset
        guard let stored = reader.readUInt32() else {
            fail(positions: false, "truncated skip group \(g)")
            return false
        }
        let computed = BlockChecksum.checksum(UnsafeRawBufferPointer(rebasing: postings[start..<entriesEnd]))
        guard computed == stored else {
            fail(positions: false, "checksum mismatch in skip group \(g) at offset \(start)")
            return false
        }
        var offset = reader.offset
        for k in 0..<n {
            let e = k * Skip.stride
            skip[e + Skip.blockOffset] = UInt64(offset)
            let widths = Self.widths(skip[e + Skip.widths])
            offset += BitPacking.byteCount(width: widths.docs, exceptions: widths.docExceptions)
                + BitPacking.byteCount(width: widths.freqs, exceptions: widths.freqExceptions) + PostingsLayout.crcSize
        }
        guard offset <= postings.count else {
            fail(positions: false, "blocks of skip group \(g) run past the end of the file")
            return false
        }
        groupEnd = offset
        runningLastDocument = last
        runningPositions = positionsSeen
        runningPositionsOffset = positionsOffset
        group = g
        return true
    }

    private mutating func decodeFullBlock(_ b: Int) -> Bool {
        guard ensureGroup(b / PostingsLayout.blocksPerGroup) else { return false }
        let e = (b % PostingsLayout.blocksPerGroup) * Skip.stride
        let start = Int(skip[e + Skip.blockOffset])
        let widths = Self.widths(skip[e + Skip.widths])
        let docBytes = BitPacking.byteCount(width: widths.docs, exceptions: widths.docExceptions)
        let packed = docBytes + BitPacking.byteCount(width: widths.freqs, exceptions: widths.freqExceptions)
        guard start + packed + PostingsLayout.crcSize <= postings.count else {
            fail(positions: false, "block \(b) runs past the end of the file")
            return false
        }
        let region = UnsafeRawBufferPointer(rebasing: postings[start..<(start + packed)])
        let stored = UInt32(littleEndian: postings.loadUnaligned(fromByteOffset: start + packed, as: UInt32.self))
        guard BlockChecksum.checksum(region) == stored else {
            fail(positions: false, "checksum mismatch in document block \(b) at offset \(start)")
            return false
        }
        let base = skip[e + Skip.base]
        let expectedLast = skip[e + Skip.lastDocument]
        let expectedPositions = skip[e + Skip.positionCount]
        let capacity = self.capacity
        let (last, positionSum, zeroFrequency) = buffer.withUnsafeMutableBufferPointer { out -> (UInt64, UInt64, Bool) in
            let docs = out.baseAddress!
            let freqs = docs + capacity
            let patchedDocs = BitPacking.unpackPatched(
                region.baseAddress!, width: widths.docs, exceptions: widths.docExceptions, into: docs)
            // One add per document on the dependency chain; the sum is exact in 64 bits, so the last document
            // matching the skip entry proves no intermediate value wrapped.
            var doc = base &- 1
            for i in 0..<BitPacking.blockSize {
                doc &+= UInt64(docs[i]) &+ 1
                docs[i] = UInt32(truncatingIfNeeded: doc)
            }
            let patchedFreqs = BitPacking.unpackPatched(
                region.baseAddress! + docBytes, width: widths.freqs, exceptions: widths.freqExceptions, into: freqs)
            var sum = UInt64(BitPacking.blockSize)
            for i in 0..<BitPacking.blockSize {
                let value = freqs[i]
                freqs[i] = value &+ 1
                sum &+= UInt64(value)
            }
            var zero = !patchedDocs || !patchedFreqs
            if widths.freqs + (widths.freqExceptions > 0 ? 8 : 0) >= 32 {  // only then can value + 1 wrap to 0
                for i in 0..<BitPacking.blockSize where freqs[i] == 0 { zero = true }
            }
            return (doc, sum, zero)
        }
        guard last == expectedLast, positionSum == expectedPositions, !zeroFrequency else {
            fail(positions: false, "document block \(b) disagrees with its skip entry")
            return false
        }
        // Documents increase within a block, so its last one bounds them all.
        guard last < documentLimit else {
            fail(positions: false, "document block \(b) names document \(last), the segment has \(documentLimit)")
            return false
        }
        count = BitPacking.blockSize
        blockLastDocument = UInt32(truncatingIfNeeded: last)
        blockPositionStart = skip[e + Skip.positionStart]
        anchorPositionBlock = blockPositionStart / UInt64(BitPacking.blockSize)
        anchorPositionOffset = skip[e + Skip.positionOffset]
        return true
    }

    private mutating func decodeTail() -> Bool {
        let n = tailCount
        if info.documentFrequency == 1 {
            buffer[0] = info.singletonDocument
            buffer[capacity] = UInt32(truncatingIfNeeded: info.totalTermFrequency)
            guard UInt64(info.singletonDocument) < documentLimit else {
                fail(positions: false, "the term dictionary names document \(info.singletonDocument), the segment has \(documentLimit)")
                return false
            }
            count = 1
            blockLastDocument = Self.exhausted
            blockPositionStart = 0
            anchorPositionBlock = 0
            anchorPositionOffset = info.positionsOffset
            return true
        }
        var start = Int(clamping: info.postingsOffset)
        var expected: UInt64 = 0
        var positionsBefore: UInt64 = 0
        if fullBlocks > 0 {
            let lastGroup = (fullBlocks - 1) / PostingsLayout.blocksPerGroup
            guard ensureGroup(lastGroup) else { return false }
            start = groupEnd
            expected = runningLastDocument + 1
            positionsBefore = runningPositions
            let e = ((fullBlocks - 1) % PostingsLayout.blocksPerGroup) * Skip.stride
            anchorPositionBlock = skip[e + Skip.positionStart] / UInt64(BitPacking.blockSize)
            anchorPositionOffset = skip[e + Skip.positionOffset]
        } else {
            anchorPositionBlock = 0
            anchorPositionOffset = info.positionsOffset
        }
        guard start >= 0, start <= postings.count else {
            fail(positions: false, "postings offset \(start) past the end of the file")
            return false
        }
        var reader = ByteReader(postings, offset: start)
        var sum: UInt64 = 0
        var ok = true
        let capacity = self.capacity
        buffer.withUnsafeMutableBufferPointer { out in
            for i in 0..<n {
                guard let code = reader.readVarUInt64() else { ok = false; return }
                let freq: UInt32
                if code & 1 == 1 {
                    freq = 1
                } else {
                    guard let f = reader.readVarUInt32(), f != 0 else { ok = false; return }
                    freq = f
                }
                let doc = expected + (code >> 1)
                guard doc >= expected, doc < documentLimit else { ok = false; return }
                out[i] = UInt32(doc)
                out[capacity + i] = freq
                expected = doc + 1
                sum += UInt64(freq)
            }
        }
        guard ok else { fail(positions: false, "undecodable document tail at offset \(start)"); return false }
        let end = reader.offset
        guard let stored = reader.readUInt32(),
              BlockChecksum.checksum(UnsafeRawBufferPointer(rebasing: postings[start..<end])) == stored
        else {
            fail(positions: false, "checksum mismatch in document tail at offset \(start)")
            return false
        }
        guard positionsBefore + sum == info.totalTermFrequency else {
            fail(positions: false, "document tail disagrees with the term's position count")
            return false
        }
        count = n
        blockLastDocument = Self.exhausted
        blockPositionStart = positionsBefore
        return true
    }

    // MARK: - Positions blocks

    /// Makes `positionValues` hold positions block `j` of the term.
    private mutating func loadPositionBlock(_ j: UInt64, full: UInt64, tail: Int) -> Bool {
        if j == positionBlock { return true }
        guard j < full || (j == full && tail > 0) else {
            fail(positions: true, "position block \(j) past the term's positions")
            return false
        }
        if positionValues.isEmpty { positionValues = [UInt32](repeating: 0, count: BitPacking.blockSize) }
        var current: UInt64
        var offset: Int
        if positionBlock != UInt64.max, positionBlock < j, positionBlock >= anchorPositionBlock {
            current = positionBlock + 1
            offset = positionBlockEnd
        } else {
            current = anchorPositionBlock
            guard anchorPositionOffset <= UInt64(positions.count) else {
                fail(positions: true, "positions offset \(anchorPositionOffset) past the end of the file")
                return false
            }
            offset = Int(anchorPositionOffset)
        }
        guard current <= j else {
            fail(positions: true, "positions out of order")
            return false
        }
        let bytes = positions
        // Jump over whole blocks by their width byte alone; a damaged width misaligns what follows, which the CRC
        // of the block finally decoded catches.
        while current < j {
            guard offset <= bytes.count else {
                fail(positions: true, "positions run past the end of the file")
                return false
            }
            var reader = ByteReader(bytes, offset: offset)
            guard let header = PostingsLayout.readBlockHeader(&reader) else {
                fail(positions: true, "bad positions block header at offset \(offset)")
                return false
            }
            offset = reader.offset + BitPacking.byteCount(width: header.width, exceptions: header.exceptions)
                + PostingsLayout.crcSize
            current += 1
        }
        if j < full {
            guard offset <= bytes.count else {
                fail(positions: true, "positions run past the end of the file")
                return false
            }
            var reader = ByteReader(bytes, offset: offset)
            guard let header = PostingsLayout.readBlockHeader(&reader) else {
                fail(positions: true, "bad positions block header at offset \(offset)")
                return false
            }
            let dataStart = reader.offset
            let packedEnd = dataStart + BitPacking.byteCount(width: header.width, exceptions: header.exceptions)
            guard packedEnd + PostingsLayout.crcSize <= bytes.count else {
                fail(positions: true, "positions block at offset \(offset) runs past the end of the file")
                return false
            }
            let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: packedEnd, as: UInt32.self))
            guard BlockChecksum.checksum(UnsafeRawBufferPointer(rebasing: bytes[offset..<packedEnd])) == stored else {
                fail(positions: true, "checksum mismatch in positions block at offset \(offset)")
                return false
            }
            let patched = positionValues.withUnsafeMutableBufferPointer { out in
                BitPacking.unpackPatched(
                    bytes.baseAddress! + dataStart, width: header.width, exceptions: header.exceptions,
                    into: out.baseAddress!)
            }
            guard patched else {
                fail(positions: true, "bad exception in positions block at offset \(offset)")
                return false
            }
            positionBlockEnd = packedEnd + PostingsLayout.crcSize
        } else {
            guard offset <= bytes.count else {
                fail(positions: true, "positions run past the end of the file")
                return false
            }
            var reader = ByteReader(bytes, offset: offset)
            var ok = true
            positionValues.withUnsafeMutableBufferPointer { out in
                for i in 0..<tail {
                    guard let value = reader.readVarUInt32() else { ok = false; return }
                    out[i] = value
                }
            }
            let end = reader.offset
            guard ok, let stored = reader.readUInt32(),
                  BlockChecksum.checksum(UnsafeRawBufferPointer(rebasing: bytes[offset..<end])) == stored
            else {
                fail(positions: true, "checksum mismatch in positions tail at offset \(offset)")
                return false
            }
            positionBlockEnd = reader.offset
        }
        positionBlock = j
        return true
    }
}
