#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Term dictionary layout (`.terms`): sorted terms in blocks of `blockSize`, each term front-coded against the
/// previous one in its block, followed by its packed metadata; each block ends with a CRC-32 checked whenever
/// the block is scanned. After the blocks, a sparse index of (block offset, first term) that the reader keeps
/// in memory, checksummed as a whole and checked at open: a lookup is a binary search over the first terms,
/// then a scan of one block.
///
///     header | block* | blockIndex | trailer | footer
///     block      := varint termCount, entry{termCount}, u32 crc(termCount varint and entries)
///     entry      := varint shared, varint suffixLength, suffix, varint df, metadata
///     metadata   := df == 0: nothing
///                   df == 1: varint singletonDocument, varint (ttf - 1),
///                            ttf == 1 ? varint singletonPosition : varint positionsOffsetDelta
///                   df >= 2: varint (ttf - df), varint postingsOffsetDelta, varint positionsOffsetDelta
///     blockIndex := (varint blockOffsetDelta, varint firstTermLength, firstTerm){blockCount}
///     trailer    := u64 blockIndexOffset, u32 blockCount, u64 termCount, u32 crc(blockIndex and the 20 bytes before)
///
/// Offsets are absolute file offsets into `.post`/`.pos`, delta-coded within the block against the last term of
/// the block that had one (0 at the start of a block); block offsets are delta-coded against the previous block.
enum TermDictionaryLayout {
    static let blockSize = 32
    static let trailerSize = 24
}

struct TermDictionaryWriter {
    private let writer: IndexOutput
    /// The block index, kept until the end (one entry per 32 terms).
    private var index = ByteWriter()
    /// One block's bytes, from its term count on, for its checksum.
    private var staging = ByteWriter()
    private var blockStart = 0
    private var blockTerms = 0
    private var block = ByteWriter()
    private var blockCount: UInt32 = 0
    private var termCount: UInt64 = 0
    private var previousTerm: [UInt8] = []
    private var previousBlockOffset = 0
    private var runningPostings: UInt64 = 0
    private var runningPositions: UInt64 = 0

    /// A writer whose file stays in memory (`finish` returns it).
    init() {
        self.init(output: IndexOutput(kind: .terms))
    }

    init(output: IndexOutput) {
        precondition(output.kind == .terms)
        writer = output
    }

    /// Adds a term; terms must come in strictly increasing byte order, and (within a block) their postings and
    /// positions offsets must not decrease — the order `PostingsWriter` produces when terms are written in order.
    mutating func add(term: UnsafeBufferPointer<UInt8>, info: TermInfo) {
        if termCount > 0 {
            precondition(
                previousTerm.withUnsafeBytes { TermDictionaryReader.compare($0, UnsafeRawBufferPointer(term)) } < 0,
                "terms must be added in strictly increasing order")
        }
        if blockTerms == TermDictionaryLayout.blockSize { flushBlock() }
        if blockTerms == 0 {
            index.writeVarUInt(writer.count - previousBlockOffset)
            previousBlockOffset = writer.count
            index.writeLengthPrefixed(term)
            previousTerm.removeAll(keepingCapacity: true)
            runningPostings = 0
            runningPositions = 0
        }
        var shared = 0
        let limit = min(previousTerm.count, term.count)
        while shared < limit, previousTerm[shared] == term[shared] { shared += 1 }
        block.writeVarUInt(shared)
        block.writeLengthPrefixed(UnsafeBufferPointer(rebasing: term[shared...]))
        block.writeVarUInt(info.documentFrequency)
        switch info.documentFrequency {
        case 0:
            break
        case 1:
            block.writeVarUInt(info.singletonDocument)
            block.writeVarUInt(info.totalTermFrequency - 1)
        default:
            block.writeVarUInt(info.totalTermFrequency - UInt64(info.documentFrequency))
            precondition(info.postingsOffset >= runningPostings, "postings offsets must not decrease")
            block.writeVarUInt(info.postingsOffset - runningPostings)
            runningPostings = info.postingsOffset
        }
        if info.documentFrequency > 0 {
            if info.totalTermFrequency == 1 {
                block.writeVarUInt(info.singletonPosition)
            } else {
                precondition(info.positionsOffset >= runningPositions, "positions offsets must not decrease")
                block.writeVarUInt(info.positionsOffset - runningPositions)
                runningPositions = info.positionsOffset
            }
        }
        previousTerm.removeAll(keepingCapacity: true)
        previousTerm.append(contentsOf: term)
        blockTerms += 1
        termCount += 1
    }

    private mutating func flushBlock() {
        guard blockTerms > 0 else { return }
        staging.removeAll()
        staging.writeVarUInt(blockTerms)
        staging.writeBytes(block.bytes)
        staging.bytes.withUnsafeBytes { bytes in
            writer.writeBytes(bytes)
            writer.writeUInt32(BlockChecksum.checksum(bytes))
        }
        block.removeAll()
        blockTerms = 0
        blockCount += 1
    }

    /// Writes the last block, the block index and the trailer, and finishes the file; a writer in memory
    /// returns its bytes.
    @discardableResult
    mutating func finish() throws(IndexError) -> [UInt8] {
        flushBlock()
        let indexOffset = writer.count
        index.writeUInt64(UInt64(indexOffset))
        index.writeUInt32(blockCount)
        index.writeUInt64(termCount)
        index.bytes.withUnsafeBytes { bytes in
            writer.writeBytes(bytes)
            writer.writeUInt32(BlockChecksum.checksum(bytes))
        }
        index.removeAll(keepingCapacity: false)
        return try writer.finish()
    }
}

/// Reads a `.terms` file in place through its mapping; only the block index is decoded at open.
public struct TermDictionaryReader: Sendable {
    private let file: MappedFile
    /// Where each block starts in the file, and its first term (as an offset from the block index, which holds
    /// the first terms).
    private struct BlockEntry {
        var offset: Int
        var firstTermStart: UInt32
        var firstTermLength: UInt32
    }
    private let blocks: [BlockEntry]
    private let indexOffset: Int
    public let termCount: UInt64

    /// Checks header, version, footer magic, trailer and the CRC of the block index (not the whole file's CRC:
    /// each block's own CRC is checked when it is read, and `verify` reads them all).
    init(file: MappedFile) throws(IndexError) {
        self.file = file
        _ = try IndexFileFormat.validate(file, kind: .terms, verifyChecksum: false)
        let bytes = file.bytes
        let bodyEnd = bytes.count - IndexFileFormat.footerSize
        let trailerStart = bodyEnd - TermDictionaryLayout.trailerSize
        guard trailerStart >= IndexFileFormat.headerSize else {
            throw .corrupt(file: file.path, reason: "too short for a term dictionary")
        }
        var trailer = ByteReader(bytes, offset: trailerStart)
        let indexOffset64 = trailer.readUInt64()!
        let blockCount = trailer.readUInt32()!
        termCount = trailer.readUInt64()!
        let storedCRC = trailer.readUInt32()!
        guard indexOffset64 >= UInt64(IndexFileFormat.headerSize), indexOffset64 <= UInt64(trailerStart) else {
            throw .corrupt(file: file.path, reason: "bad term dictionary trailer")
        }
        let indexOffset = Int(indexOffset64)
        let computed = BlockChecksum.checksum(UnsafeRawBufferPointer(rebasing: bytes[indexOffset..<(bodyEnd - 4)]))
        guard computed == storedCRC else {
            throw .corrupt(file: file.path, reason: "checksum mismatch in the term block index")
        }
        guard Int(blockCount) <= trailerStart - indexOffset,
              UInt64(blockCount) <= termCount,
              termCount <= UInt64(blockCount) * UInt64(TermDictionaryLayout.blockSize)
        else { throw .corrupt(file: file.path, reason: "term dictionary counts do not add up") }
        // Decoded into one array of 16-byte entries filled in place, the varints read straight from the mapping:
        // every search opens every segment's dictionary, so what the index costs to hold is paid by each
        // one-shot search in fresh pages (two arrays, of 8 and 16 bytes an entry, took 5 more page faults).
        let count = Int(blockCount)
        guard trailerStart - indexOffset <= Int(UInt32.max) else {
            throw .corrupt(file: file.path, reason: "term block index too large")
        }
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var at = indexOffset
        var failed = false
        // Never capacity 0: see `StoredDocumentsReader.filledArray`.
        let entries = count == 0 ? [] : [BlockEntry](unsafeUninitializedCapacity: count) { buffer, made in
            var previous = 0
            var block = 0
            while block < count {
                guard let delta = ByteReader.varint(base, at: &at, end: trailerStart), delta <= indexOffset,
                      case let offset = previous + delta,
                      offset >= IndexFileFormat.headerSize, offset < indexOffset,
                      block == 0 || delta > 0,
                      let length = ByteReader.varint(base, at: &at, end: trailerStart), length <= trailerStart - at
                else {
                    failed = true
                    return
                }
                (buffer.baseAddress! + block).initialize(to: BlockEntry(
                    offset: offset, firstTermStart: UInt32(truncatingIfNeeded: at - indexOffset),
                    firstTermLength: UInt32(truncatingIfNeeded: length)))
                at += length
                previous = offset
                block += 1
                made = block
            }
        }
        guard !failed else { throw .corrupt(file: file.path, reason: "bad term block index") }
        guard at == trailerStart else { throw .corrupt(file: file.path, reason: "bad term block index length") }
        guard entries.first.map({ $0.offset == IndexFileFormat.headerSize }) ?? (indexOffset == IndexFileFormat.headerSize)
        else { throw .corrupt(file: file.path, reason: "term blocks do not start after the header") }
        blocks = entries
        self.indexOffset = indexOffset
    }

    var blockCount: Int { blocks.count }

    private func firstTerm(_ block: Int) -> UnsafeRawBufferPointer {
        let entry = blocks[block]
        let start = indexOffset + Int(entry.firstTermStart), length = Int(entry.firstTermLength)
        return UnsafeRawBufferPointer(rebasing: file.bytes[start..<(start + length)])
    }

    /// The last block whose first term is <= `term`, or nil when `term` sorts before every term.
    func lastBlock(atOrBefore term: UnsafeRawBufferPointer) -> Int? {
        var low = 0, high = blocks.count - 1
        var candidate: Int?
        while low <= high {
            let mid = (low + high) >> 1
            if Self.compare(firstTerm(mid), term) <= 0 {
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
        guard let candidate = lastBlock(atOrBefore: term) else { return nil }
        var found: TermInfo?
        try scanBlock(candidate) { current, info in
            let order = Self.compare(current, term)
            if order == 0 { found = info }
            return order < 0
        }
        return found
    }

    /// Visits every term in order (merges, `verify`).
    public func forEach(_ body: (UnsafeRawBufferPointer, TermInfo) -> Void) throws(IndexError) {
        for block in 0..<blocks.count {
            try scanBlock(block) { term, info in
                body(term, info)
                return true
            }
        }
    }

    /// Visits the terms from the first at or after `start`, in order, each answered by what to do next: go on,
    /// stop, or skip to the first term at or after a later key (a fuzzy match that knows no term with some
    /// prefix can match skips them all, so the walk reads only the blocks where a match can be).
    public func walk(
        from start: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, TermInfo) -> TermWalkStep
    ) throws(IndexError) {
        var target = Array(start)
        var block = target.withUnsafeBytes { lastBlock(atOrBefore: $0) } ?? 0
        var stopped = false
        // Terms are compared with the target only until one reaches it, after the start and after each skip.
        var seeking = !target.isEmpty
        while block < blockCount, !stopped {
            var jump: Int?
            try scanBlock(block) { term, info in
                if seeking {
                    if target.withUnsafeBytes({ Self.compare(term, $0) }) < 0 { return true }
                    seeking = false
                }
                switch body(term, info) {
                case .next:
                    return true
                case .stop:
                    stopped = true
                    return false
                case .skip(let key):
                    target = key
                case .skipPast(let length):
                    // The successor of the prefix: past every term that starts with it.
                    target.removeAll(keepingCapacity: true)
                    target.append(contentsOf: term.prefix(length))
                    while let last = target.last, last == 0xFF { target.removeLast() }
                    guard !target.isEmpty else {
                        stopped = true
                        return false
                    }
                    target[target.count - 1] += 1
                }
                seeking = true
                // Far ahead: jump to the block that may hold it rather than read the ones between. Most skips land
                // in this block or the next, which the next block's first term tells without a search.
                let beyondNext = block + 1 < blockCount
                    && target.withUnsafeBytes({ Self.compare(firstTerm(block + 1), $0) }) < 0
                if beyondNext, let next = target.withUnsafeBytes({ lastBlock(atOrBefore: $0) }), next > block {
                    jump = next
                    return false
                }
                return true
            }
            block = jump ?? block + 1
        }
    }

    /// Terms that start with `prefix`, in order, at most `limit` of them; `truncated` tells whether more exist.
    public func terms(
        withPrefix prefix: UnsafeRawBufferPointer, limit: Int
    ) throws(IndexError) -> (terms: [([UInt8], TermInfo)], truncated: Bool) {
        var result: [([UInt8], TermInfo)] = []
        var truncated = false
        var done = false
        let start = lastBlock(atOrBefore: prefix) ?? 0
        var block = start
        while block < blockCount, !done {
            try scanBlock(block) { term, info in
                if Self.compare(term, prefix) < 0 { return true }
                guard term.count >= prefix.count,
                      Self.compare(UnsafeRawBufferPointer(rebasing: term[0..<prefix.count]), prefix) == 0
                else { done = true; return false }
                if result.count >= limit { truncated = true; done = true; return false }
                result.append((Array(term), info))
                return true
            }
            block += 1
        }
        return (result, truncated)
    }

    /// Reads every block: checks each block's CRC, that each decodes exactly to its end, that terms are in
    /// strictly increasing order, that each block starts with its indexed first term, that the metadata is
    /// consistent and that the term count matches the trailer.
    public func verify() throws(IndexError) {
        var previous: [UInt8] = []
        var seen: UInt64 = 0
        var problem: String?
        for block in 0..<blocks.count {
            var first = true
            try scanBlock(block) { term, info in
                if first {
                    first = false
                    if Self.compare(term, firstTerm(block)) != 0 {
                        problem = "block \(block) does not start with its indexed term"
                        return false
                    }
                }
                if seen > 0, previous.withUnsafeBytes({ Self.compare($0, term) }) >= 0 {
                    problem = "terms out of order in block \(block)"
                    return false
                }
                if info.documentFrequency == 0 || info.totalTermFrequency < UInt64(info.documentFrequency) {
                    problem = "term \(seen) has \(info.documentFrequency) documents and \(info.totalTermFrequency) positions"
                    return false
                }
                previous.removeAll(keepingCapacity: true)
                previous.append(contentsOf: term)
                seen += 1
                return true
            }
            if let problem { throw .corrupt(file: file.path, reason: problem) }
        }
        guard seen == termCount else {
            throw .corrupt(file: file.path, reason: "holds \(seen) terms, its trailer says \(termCount)")
        }
    }

    /// Checks block `block`'s CRC, then decodes it, calling `visit` per term until it returns false.
    fileprivate func scanBlock(
        _ block: Int, visit: (UnsafeRawBufferPointer, TermInfo) -> Bool
    ) throws(IndexError) {
        let bytes = file.bytes
        let start = blocks[block].offset
        let end = block + 1 < blocks.count ? blocks[block + 1].offset : indexOffset
        guard end - start >= 5 else {
            throw .corrupt(file: file.path, reason: "term block \(block) is too short")
        }
        let crcOffset = end - 4
        let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: crcOffset, as: UInt32.self))
        guard BlockChecksum.checksum(UnsafeRawBufferPointer(rebasing: bytes[start..<crcOffset])) == stored else {
            throw .corrupt(file: file.path, reason: "checksum mismatch in term block \(block)")
        }
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[0..<crcOffset]), offset: start)
        guard let count = reader.readVarInt(), count >= 1, count <= TermDictionaryLayout.blockSize else {
            throw .corrupt(file: file.path, reason: "bad term count in block \(block)")
        }
        // The current term is the first `length` bytes of a buffer that only grows: front coding replaces its
        // tail for each term, and array range replacement cost a fuzzy walk a tenth of its time.
        var term = [UInt8](repeating: 0, count: 64)
        var length = 0
        var runningPostings: UInt64 = 0
        var runningPositions: UInt64 = 0
        for i in 0..<count {
            guard let shared = reader.readVarInt(), shared <= length, i > 0 || shared == 0,
                  let suffix = reader.readLengthPrefixed(),
                  let df = reader.readVarUInt32()
            else { throw .corrupt(file: file.path, reason: "undecodable term block \(block)") }
            var info = TermInfo(documentFrequency: df, totalTermFrequency: 0, postingsOffset: 0, positionsOffset: 0)
            var ok = true
            switch df {
            case 0:
                break
            case 1:
                if let document = reader.readVarUInt32(), let extra = reader.readVarUInt64(), extra < UInt64.max {
                    info.singletonDocument = document
                    info.totalTermFrequency = extra + 1
                } else {
                    ok = false
                }
            default:
                if let extra = reader.readVarUInt64(), let delta = reader.readVarUInt64() {
                    let (ttf, overflow) = extra.addingReportingOverflow(UInt64(df))
                    let (offset, overflow2) = runningPostings.addingReportingOverflow(delta)
                    ok = !overflow && !overflow2
                    info.totalTermFrequency = ttf
                    info.postingsOffset = offset
                    runningPostings = offset
                } else {
                    ok = false
                }
            }
            if ok, df > 0 {
                if info.totalTermFrequency == 1 {
                    if let position = reader.readVarUInt32() { info.singletonPosition = position } else { ok = false }
                } else if let delta = reader.readVarUInt64() {
                    let (offset, overflow) = runningPositions.addingReportingOverflow(delta)
                    ok = !overflow
                    info.positionsOffset = offset
                    runningPositions = offset
                } else {
                    ok = false
                }
            }
            guard ok else { throw .corrupt(file: file.path, reason: "undecodable term block \(block)") }
            length = shared + suffix.count
            if length > term.count { term.append(contentsOf: repeatElement(0, count: length - term.count + 64)) }
            term.withUnsafeMutableBytes { buffer in
                UnsafeMutableRawBufferPointer(rebasing: buffer[shared..<length]).copyMemory(from: suffix)
            }
            let keepGoing = term.withUnsafeBytes { visit(UnsafeRawBufferPointer(rebasing: $0[0..<length]), info) }
            if !keepGoing { return }
        }
        guard reader.isAtEnd else {
            throw .corrupt(file: file.path, reason: "term block \(block) has bytes after its last term")
        }
    }

    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let order = memcmp(a.baseAddress!, b.baseAddress!, common)
            if order != 0 { return order < 0 ? -1 : 1 }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}

extension TermDictionaryReader {
    /// Walks the dictionary in term order one term at a time, decoding one block at a time, so that a merge can
    /// step through several dictionaries side by side without holding any of them in memory.
    struct Iterator {
        private let reader: TermDictionaryReader
        private var block = -1
        private var terms: [UInt8] = []
        private var ends: [Int] = []
        private var infos: [TermInfo] = []
        private var index = 0

        init(_ reader: TermDictionaryReader) {
            self.reader = reader
        }

        /// Moves to the next term; false once every term was visited.
        mutating func next() throws(IndexError) -> Bool {
            index += 1
            while index >= infos.count {
                block += 1
                guard block < reader.blockCount else {
                    infos = []
                    index = 0
                    return false
                }
                terms.removeAll(keepingCapacity: true)
                ends.removeAll(keepingCapacity: true)
                infos.removeAll(keepingCapacity: true)
                index = 0
                try reader.scanBlock(block) { term, info in
                    terms.append(contentsOf: term)
                    ends.append(terms.count)
                    infos.append(info)
                    return true
                }
            }
            return true
        }

        /// The current term's metadata (after `next` returned true).
        var info: TermInfo { infos[index] }

        /// The current term's bytes, valid during the call.
        func withTerm<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
            let start = index == 0 ? 0 : ends[index - 1]
            return terms.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<ends[index]])) }
        }
    }
}

/// What a `TermDictionary.walk` does after a term.
public enum TermWalkStep: Sendable {
    case next
    case stop
    /// Go on from the first term at or after these bytes.
    case skip([UInt8])
    /// Go on from the first term that does not start with this many bytes of the current one (what a fuzzy walk
    /// asks for most: no allocation per skip).
    case skipPast(prefixLength: Int)
}
