/// Builds the `.post` and `.pos` files of one segment, one term at a time: `beginTerm`, `add` per document in
/// increasing order, `endTerm` (which returns the `TermInfo` for the dictionary), and at the end `finish`.
/// Both files stream through their outputs; the writer itself holds one skip group (at most 32 blocks).
/// Layout in `PostingsLayout` and docs/FORMAT.md.
struct PostingsWriter {
    private let postings: IndexOutput
    private let positions: IndexOutput
    /// One positions block, packed here first for its checksum.
    private var staging = ByteWriter()

    // Current doc block: gaps and frequencies of up to 128 documents.
    private var gaps = [UInt32](repeating: 0, count: BitPacking.blockSize)
    private var freqs = [UInt32](repeating: 0, count: BitPacking.blockSize)
    private var buffered = 0
    // Current positions block.
    private var positionValues = [UInt32](repeating: 0, count: BitPacking.blockSize)
    private var bufferedPositions = 0

    // Skip group being built: its entries and its packed blocks, written together when the group is full.
    private var groupEntries = ByteWriter()
    private var groupBlocks = ByteWriter()
    private var groupBlockCount = 0

    // Term state.
    private var inTerm = false
    private var documentFrequency: UInt32 = 0
    private var totalTermFrequency: UInt64 = 0
    private var nextExpected: UInt32 = 0
    private var lastDocument: UInt32 = 0
    private var termPostingsStart = 0
    private var termPositionsStart = 0
    private var blockStartPositions: UInt64 = 0
    private var blockPositionsOffset = 0
    private var previousSkipDocument: UInt32 = 0
    private var previousSkipPositionsOffset = 0

    /// A writer whose files stay in memory (`finish` returns them).
    init() {
        self.init(postings: IndexOutput(kind: .postings), positions: IndexOutput(kind: .positions))
    }

    init(postings: IndexOutput, positions: IndexOutput) {
        precondition(postings.kind == .postings && positions.kind == .positions)
        self.postings = postings
        self.positions = positions
    }

    /// Bytes written so far (headers included), for progress and memory accounting.
    var byteCount: Int { postings.count + positions.count + groupBlocks.count + groupEntries.count }

    mutating func beginTerm() {
        precondition(!inTerm, "beginTerm without endTerm")
        inTerm = true
        documentFrequency = 0
        totalTermFrequency = 0
        nextExpected = 0
        lastDocument = 0
        buffered = 0
        bufferedPositions = 0
        groupBlockCount = 0
        groupEntries.removeAll()
        groupBlocks.removeAll()
        termPostingsStart = postings.count
        termPositionsStart = positions.count
        previousSkipDocument = 0
        previousSkipPositionsOffset = 0
    }

    /// Adds one document of the current term: `document` greater than the previous one, `positions` strictly
    /// increasing and not empty (the frequency is their count).
    mutating func add(document: UInt32, positions documentPositions: UnsafeBufferPointer<UInt32>) {
        precondition(inTerm, "add outside beginTerm/endTerm")
        precondition(documentPositions.count >= 1 && documentPositions.count <= Int(UInt32.max), "a posting needs positions")
        precondition(document >= nextExpected && (documentFrequency == 0 || document > lastDocument)
            && document != UInt32.max, "documents must be strictly increasing")
        if buffered == 0 {
            blockStartPositions = totalTermFrequency
            blockPositionsOffset = positions.count - termPositionsStart
        }
        gaps[buffered] = document - nextExpected
        freqs[buffered] = UInt32(documentPositions.count)
        buffered += 1

        // Positions, delta-coded within the document, go to the positions block in runs that fit it.
        var previous: UInt32 = 0
        var next = 0
        let count = documentPositions.count
        while next < count {
            let take = min(count - next, BitPacking.blockSize - bufferedPositions)
            let start = bufferedPositions
            var increasing = true
            positionValues.withUnsafeMutableBufferPointer { out in
                for k in 0..<take {
                    let position = documentPositions[next &+ k]
                    increasing = increasing && (next &+ k == 0 || position > previous)
                    out[start &+ k] = position &- previous
                    previous = position
                }
            }
            precondition(increasing, "positions must be strictly increasing")
            bufferedPositions += take
            next += take
            if bufferedPositions == BitPacking.blockSize { flushPositionsBlock() }
        }
        totalTermFrequency += UInt64(documentPositions.count)
        documentFrequency += 1
        lastDocument = document
        nextExpected = document + 1
        if buffered == BitPacking.blockSize { flushDocumentBlock() }
    }

    private mutating func flushPositionsBlock() {
        staging.removeAll()
        positionValues.withUnsafeBufferPointer { values in
            let plan = BitPacking.patchPlan(values.baseAddress!)
            PostingsLayout.writeBlockHeader(width: plan.width, exceptions: plan.exceptions, into: &staging)
            BitPacking.packPatched(values.baseAddress!, width: plan.width, into: &staging)
        }
        staging.bytes.withUnsafeBytes { block in
            positions.writeBytes(block)
            positions.writeUInt32(BlockChecksum.checksum(block))
        }
        bufferedPositions = 0
    }

    private mutating func flushDocumentBlock() {
        var tfSum: UInt64 = 0
        for i in 0..<BitPacking.blockSize {
            tfSum += UInt64(freqs[i])
            freqs[i] -= 1
        }
        let docPlan = gaps.withUnsafeBufferPointer { BitPacking.patchPlan($0.baseAddress!) }
        let freqPlan = freqs.withUnsafeBufferPointer { BitPacking.patchPlan($0.baseAddress!) }
        groupEntries.writeVarUInt(lastDocument - previousSkipDocument)
        PostingsLayout.writeBlockHeader(width: docPlan.width, exceptions: docPlan.exceptions, into: &groupEntries)
        PostingsLayout.writeBlockHeader(width: freqPlan.width, exceptions: freqPlan.exceptions, into: &groupEntries)
        groupEntries.writeVarUInt(tfSum - UInt64(BitPacking.blockSize))
        groupEntries.writeVarUInt(blockPositionsOffset - previousSkipPositionsOffset)
        previousSkipDocument = lastDocument
        previousSkipPositionsOffset = blockPositionsOffset

        let start = groupBlocks.count
        gaps.withUnsafeBufferPointer { BitPacking.packPatched($0.baseAddress!, width: docPlan.width, into: &groupBlocks) }
        freqs.withUnsafeBufferPointer { BitPacking.packPatched($0.baseAddress!, width: freqPlan.width, into: &groupBlocks) }
        let crc = groupBlocks.bytes.withUnsafeBytes { BlockChecksum.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        groupBlocks.writeUInt32(crc)
        buffered = 0
        groupBlockCount += 1
        if groupBlockCount == PostingsLayout.blocksPerGroup { flushGroup() }
    }

    private mutating func flushGroup() {
        guard groupBlockCount > 0 else { return }
        groupEntries.bytes.withUnsafeBytes { entries in
            postings.writeBytes(entries)
            postings.writeUInt32(BlockChecksum.checksum(entries))
        }
        groupBlocks.bytes.withUnsafeBytes { postings.writeBytes($0) }
        groupEntries.removeAll()
        groupBlocks.removeAll()
        groupBlockCount = 0
    }

    /// Ends the current term and tells where its data went.
    mutating func endTerm() -> TermInfo {
        precondition(inTerm, "endTerm without beginTerm")
        inTerm = false
        var info = TermInfo(
            documentFrequency: documentFrequency, totalTermFrequency: totalTermFrequency,
            postingsOffset: 0, positionsOffset: 0)
        guard documentFrequency > 0 else { return info }

        if documentFrequency == 1 {
            info.singletonDocument = lastDocument
        } else {
            flushGroup()
            if buffered > 0 {
                let count = buffered
                gaps.withUnsafeBufferPointer { gaps in
                    freqs.withUnsafeBufferPointer { freqs in
                        // At most 10 bytes per document: encode on the stack, append once.
                        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count * 10 + 4) { out in
                            var n = 0
                            for i in 0..<count {
                                let freq = freqs[i]
                                n = Self.putVarint(UInt64(gaps[i]) << 1 | (freq == 1 ? 1 : 0), out, n)
                                if freq != 1 { n = Self.putVarint(UInt64(freq), out, n) }
                            }
                            Self.appendWithChecksum(UnsafeBufferPointer(rebasing: out[0..<n]), to: postings)
                        }
                    }
                }
            }
            info.postingsOffset = UInt64(termPostingsStart)
        }

        if totalTermFrequency == 1 {
            info.singletonPosition = positionValues[0]
        } else {
            if bufferedPositions > 0 {
                let count = bufferedPositions
                positionValues.withUnsafeBufferPointer { values in
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count * 5 + 4) { out in
                        var n = 0
                        for i in 0..<count { n = Self.putVarint(UInt64(values[i]), out, n) }
                        Self.appendWithChecksum(UnsafeBufferPointer(rebasing: out[0..<n]), to: positions)
                    }
                }
            }
            info.positionsOffset = UInt64(termPositionsStart)
        }
        buffered = 0
        bufferedPositions = 0
        return info
    }

    @inline(__always)
    private static func putVarint(_ value: UInt64, _ out: UnsafeMutableBufferPointer<UInt8>, _ at: Int) -> Int {
        var v = value
        var n = at
        while v >= 0x80 {
            out[n] = UInt8(truncatingIfNeeded: v) | 0x80
            v >>= 7
            n += 1
        }
        out[n] = UInt8(v)
        return n + 1
    }

    private static func appendWithChecksum(_ bytes: UnsafeBufferPointer<UInt8>, to output: IndexOutput) {
        let raw = UnsafeRawBufferPointer(bytes)
        output.writeBytes(raw)
        output.writeUInt32(BlockChecksum.checksum(raw))
    }

    /// Appends the footers and finishes both files; outputs in memory return their bytes.
    @discardableResult
    mutating func finish() throws(IndexError) -> (postings: [UInt8], positions: [UInt8]) {
        precondition(!inTerm, "finish inside a term")
        return (try postings.finish(), try positions.finish())
    }
}
