/// Walks one term's postings in a segment: documents in increasing order, each with its frequency, and on
/// request its positions. Positions live in their own stream and are decoded only for documents whose
/// positions are asked for (phrase candidates); the others are skipped over.
///
/// Postings layout (`.post`), per term: (varint docDelta, varint frequency) * documentFrequency.
/// Positions layout (`.pos`), per term and document: varint positionDelta * frequency.
public struct PostingsCursor {
    public static let exhausted = UInt32.max

    private var postings: ByteReader
    private var positions: ByteReader
    private var remaining: UInt32
    /// Position varints of documents passed over without reading them; skipped lazily.
    private var positionsToSkip: Int = 0
    private var positionsRead = true
    public private(set) var document: UInt32 = 0
    public private(set) var frequency: UInt32 = 0
    public private(set) var started = false
    /// Set when the stream could not be decoded; the cursor then reports itself exhausted.
    public private(set) var isCorrupt = false
    public let documentFrequency: UInt32

    init(postings: UnsafeRawBufferPointer, positions: UnsafeRawBufferPointer, info: TermInfo) {
        self.postings = ByteReader(postings, offset: Int(clamping: info.postingsOffset))
        self.positions = ByteReader(positions, offset: Int(clamping: info.positionsOffset))
        if info.postingsOffset > UInt64(postings.count) || info.positionsOffset > UInt64(positions.count) {
            isCorrupt = true
            remaining = 0
        } else {
            remaining = info.documentFrequency
        }
        documentFrequency = info.documentFrequency
    }

    /// Moves to the next document; returns it, or `exhausted`.
    @discardableResult
    public mutating func next() -> UInt32 {
        if started, !positionsRead { positionsToSkip += Int(frequency) }
        guard remaining > 0 else {
            document = Self.exhausted
            started = true
            return document
        }
        guard let delta = postings.readVarUInt32(), let freq = postings.readVarUInt32() else {
            return fail()
        }
        let (sum, overflow) = (started ? document : 0).addingReportingOverflow(delta)
        if overflow || (started && delta == 0) || sum == Self.exhausted { return fail() }
        document = sum
        frequency = freq
        started = true
        positionsRead = false
        remaining -= 1
        return document
    }

    /// Moves to the first document >= target; returns it, or `exhausted`.
    @discardableResult
    public mutating func advance(to target: UInt32) -> UInt32 {
        if started, document >= target { return document }
        while next() < target {}
        return document
    }

    /// The current document's positions, in increasing order, appended to `into` after clearing it.
    public mutating func readPositions(into output: inout [UInt32]) {
        output.removeAll(keepingCapacity: true)
        guard started, document != Self.exhausted, !positionsRead else { return }
        while positionsToSkip > 0 {
            guard positions.readVarUInt64() != nil else { _ = fail(); return }
            positionsToSkip -= 1
        }
        var position: UInt32 = 0
        for _ in 0..<frequency {
            guard let delta = positions.readVarUInt32() else { _ = fail(); return }
            position &+= delta
            output.append(position)
        }
        positionsRead = true
    }

    private mutating func fail() -> UInt32 {
        isCorrupt = true
        remaining = 0
        document = Self.exhausted
        started = true
        return document
    }
}
