import CPrefetch

/// One entity as a segment knows it: identity (type and canonical name), the surface forms it was written
/// as, and where its postings are.
public struct EntityRecord: Sendable, Equatable {
    public var type: String
    public var canonical: String
    public var aliases: [String]
    public var documentFrequency: Int
    public var mentionCount: Int
    let postingsOffset: Int
    let postingsLength: Int
}

/// An entity record read in place from the mapped file: its names as bytes, so that a pass over every entity of
/// a segment (facets, co-mentions, finding a name) allocates nothing per record. Valid while the segment that
/// gave it is open.
public struct EntityRecordView {
    public let type: UnsafeRawBufferPointer
    public let canonical: UnsafeRawBufferPointer
    /// `aliasCount` length-prefixed names, checked when the record was read.
    let aliasBytes: UnsafeRawBufferPointer
    public let aliasCount: Int
    public let documentFrequency: Int
    public let mentionCount: Int
    let postingsOffset: Int
    let postingsLength: Int
    /// Where the record starts in its directory: `EntityIndexReader.record(at:)` reads it again from there.
    public let directoryOffset: Int

    /// Where its postings are, to walk them later without reading the directory again.
    public var postings: EntityPostingsReference {
        EntityPostingsReference(
            offset: postingsOffset, directoryOffset: directoryOffset, length: UInt32(truncatingIfNeeded: postingsLength),
            documents: UInt32(truncatingIfNeeded: documentFrequency))
    }

    /// Each alias's bytes, in stored order.
    public func forEachAlias(_ body: (UnsafeRawBufferPointer) -> Void) {
        var reader = ByteReader(aliasBytes)
        for _ in 0..<aliasCount {
            guard let alias = reader.readLengthPrefixed() else { return }
            body(alias)
        }
    }

    /// The record with its names as strings.
    public var record: EntityRecord {
        var aliases: [String] = []
        aliases.reserveCapacity(aliasCount)
        forEachAlias { aliases.append(String(decoding: $0, as: UTF8.self)) }
        return EntityRecord(
            type: String(decoding: type, as: UTF8.self), canonical: String(decoding: canonical, as: UTF8.self),
            aliases: aliases, documentFrequency: documentFrequency, mentionCount: mentionCount,
            postingsOffset: postingsOffset, postingsLength: postingsLength)
    }
}

/// An entity record's postings and the record itself, as a pass over every entity keeps them (24 bytes, tens
/// of thousands at a time). A document count fits 32 bits, document numbers being 32-bit; so does the length
/// of one entity's postings, which a reader checks.
public struct EntityPostingsReference: Sendable {
    let offset: Int
    let directoryOffset: Int
    let length: UInt32
    let documents: UInt32

    public var documentCount: Int { Int(documents) }
}

/// One document's mentions of an entity: token positions (absolute, in the document's position space) of the
/// first token of each mention and its length in tokens.
public struct EntityPosting: Sendable, Equatable {
    public var document: UInt32
    public var mentions: [(start: UInt32, length: UInt32)]

    public static func == (a: EntityPosting, b: EntityPosting) -> Bool {
        a.document == b.document && a.mentions.elementsEqual(b.mentions) { $0 == $1 }
    }
}

/// Entity layout (`.ents`): the entity dictionary and the entity postings of a segment.
///
///     header | postings * entityCount | directory | u64 directoryOffset | footer
///     postings  := (varint documentDelta, varint mentionCount, (varint startDelta, varint extraTokens) * n) * df
///     directory := varint entityCount, (lenPrefixed type, lenPrefixed canonical, varint aliasCount,
///                  lenPrefixed alias * aliasCount, varint df, varint mentions, varint offset, varint length) *
///
/// Entities are sorted by (type, canonical). The file is read only by entity queries and commands, which
/// check its checksum in full when they load it.
struct EntityIndexWriter {
    private struct Accumulator {
        var type: String
        var canonical: String
        var aliases: Set<String> = []
        var mentionCount = 0
        var documentCount = 0
        var lastDocument: UInt32 = 0
        var postings: SliceStream
    }

    /// Every entity's postings, in one pool (a few pages rather than an array per entity).
    private let pool = ByteSlicePool()
    private var entities: [Accumulator] = []
    /// Accumulator slots by a hash of (type, canonical); a hit is confirmed against the slot's names, and a
    /// colliding identity goes to `collided`.
    private var slotByIdentity = FingerprintTable()
    private var collided: [Identity: Int] = [:]
    /// Surface forms already among an entity's aliases, by a hash of (slot, form): most mentions repeat a
    /// known form, and hashing its bytes is much cheaper than building a `String` to find that out.
    private var knownAliases = FingerprintTable()
    /// The current document's identities (to its first span naming each) and surface forms. A document names
    /// a few entities many times; the segment's tables above are megabytes, where each probe is a cache miss,
    /// so each identity and form is looked up there once per document and then found in these small ones.
    private var documentIdentities = FingerprintTable()
    private var documentAliases = FingerprintTable()
    /// What the accumulators hold besides the pool and the tables: names and alias sets.
    private var accumulatorBytes = 0

    private struct Identity: Hashable {
        var type: String
        var canonical: String
    }

    private static func identityHash(type: String, canonical: String) -> UInt64 {
        fnv1a(utf8: canonical, seed: fnv1a(utf8: type))
    }

    private mutating func slot(type: String, canonical: String, hash: UInt64) -> Int {
        if let found = slotByIdentity.value(for: hash) {
            let slot = Int(found)
            if entities[slot].type == type && entities[slot].canonical == canonical { return slot }
            let key = Identity(type: type, canonical: canonical)
            if let existing = collided[key] { return existing }
            collided[key] = entities.count
        } else {
            slotByIdentity.insert(hash, value: Int32(entities.count))
        }
        // Accumulators live in an array and are mutated in place: copying one out of a dictionary and back
        // would copy its alias set on every document.
        entities.append(Accumulator(type: type, canonical: canonical, postings: pool.makeStream()))
        accumulatorBytes += 2 * (Self.stringBytes(type) + Self.stringBytes(canonical)) + 96
        return entities.count - 1
    }

    /// Memory held, for the segment builder's flush decision. Strings and sets are counted from their sizes
    /// plus their allocation overheads, as measured with malloc statistics.
    var memoryBytes: Int {
        pool.memoryBytes + entities.capacity * MemoryLayout<Accumulator>.stride + slotByIdentity.memoryBytes
            + knownAliases.memoryBytes + documentIdentities.memoryBytes + documentAliases.memoryBytes
            + collided.capacity * 48 + accumulatorBytes
    }

    /// Adds one document's mentions; documents must come in increasing order. `bodyStart` turns the spans'
    /// body-relative positions into the document's absolute ones.
    mutating func add(document: UInt32, spans allSpans: [EntitySpan], text: String, bodyStart: UInt32) {
        let spans = allSpans.allSatisfy(\.namesEntity) ? allSpans : allSpans.filter(\.namesEntity)
        guard !spans.isEmpty else { return }
        // The spans are taken by identity, in the order identities first appear, each identity's mentions in
        // text order. A span names the identity of an earlier one of the document (found in the small table)
        // or a new one, whose entry in the segment's table is asked for at once and read once all have been
        // asked for; then each new identity's accumulator is asked for before any is read.
        var firstNaming: [Int32] = []
        firstNaming.reserveCapacity(spans.count)
        var hashes: [UInt64] = []
        hashes.reserveCapacity(spans.count)
        documentIdentities.removeAll(expecting: spans.count)
        documentAliases.removeAll(expecting: spans.count)
        // Spans are read field by field, never copied whole: a copy retains and releases its strings.
        for index in spans.indices {
            let hash = Self.identityHash(type: spans[index].type, canonical: spans[index].canonical)
            hashes.append(hash)
            if let first = documentIdentities.value(for: hash) {
                if spans[Int(first)].type == spans[index].type && spans[Int(first)].canonical == spans[index].canonical {
                    firstNaming.append(first)
                    continue
                }
                // Another identity with the same hash: found by search among the document's identities, so
                // that each identity has one first span whatever the hashes.
                if let same = (0..<index).first(where: {
                    firstNaming[$0] == Int32($0) && spans[$0].type == spans[index].type
                        && spans[$0].canonical == spans[index].canonical
                }) {
                    firstNaming.append(Int32(same))
                    continue
                }
            } else {
                documentIdentities.insert(hash, value: Int32(index))
            }
            firstNaming.append(Int32(index))
            slotByIdentity.prefetch(hash)
        }
        // Identities (their first span and slot), and each span's successor naming the same identity.
        var identities: [(first: Int, slot: Int)] = []
        var nextNaming = [Int32](repeating: -1, count: spans.count)
        var lastNaming = [Int32](repeating: -1, count: spans.count)
        for index in spans.indices {
            let first = Int(firstNaming[index])
            if first == index {
                identities.append((index, -1))
            } else {
                nextNaming[Int(lastNaming[first])] = Int32(index)
            }
            lastNaming[first] = Int32(index)
        }
        entities.withUnsafeBufferPointer { accumulators in
            guard let base = accumulators.baseAddress else { return }
            for identity in identities {
                if let found = slotByIdentity.value(for: hashes[identity.first]), Int(found) < accumulators.count {
                    gazette_prefetch(base + Int(found))
                }
            }
        }
        for k in identities.indices {
            let first = identities[k].first
            identities[k].slot = slot(type: spans[first].type, canonical: spans[first].canonical, hash: hashes[first])
        }
        var text = text
        text.withUTF8 { utf8 in
            // Surface forms not yet seen in this document, by a hash of (slot, form): their entries in the
            // segment's table are asked for now and probed below.
            var aliasHashes = [UInt64?](repeating: nil, count: spans.count)
            for (first, slot) in identities {
                var index = first
                while index >= 0 {
                    let range = spans[index].range
                    if range.upperBound <= utf8.count {
                        let surface = UnsafeBufferPointer(rebasing: utf8[range])
                        let hash = fnv1a(surface, seed: UInt64(slot) &* 0x9E37_79B9_7F4A_7C15)
                        if documentAliases.insert(hash, value: 0) {
                            aliasHashes[index] = hash
                            knownAliases.prefetch(hash)
                        }
                    }
                    index = Int(nextNaming[index])
                }
            }
            for (first, slot) in identities {
                var mentions = 0
                var index = first
                while index >= 0 { mentions += 1; index = Int(nextNaming[index]) }
                let delta = document - (entities[slot].documentCount == 0 ? 0 : entities[slot].lastDocument)
                pool.writeVarUInt(delta, to: &entities[slot].postings)
                pool.writeVarUInt(UInt32(mentions), to: &entities[slot].postings)
                var previous: UInt32 = 0
                index = first
                while index >= 0 {
                    let positions = spans[index].positions
                    let start = positions.lowerBound + bodyStart
                    pool.writeVarUInt(start - previous, to: &entities[slot].postings)
                    pool.writeVarUInt(positions.upperBound - positions.lowerBound, to: &entities[slot].postings)
                    previous = start
                    if let aliasHash = aliasHashes[index], knownAliases.insert(aliasHash, value: 0) {
                        let surface = UnsafeBufferPointer(rebasing: utf8[spans[index].range])
                        entities[slot].aliases.insert(String(decoding: surface, as: UTF8.self))
                        accumulatorBytes += Self.stringBytes(surface.count) + 48
                    }
                    index = Int(nextNaming[index])
                }
                entities[slot].lastDocument = document
                entities[slot].documentCount += 1
                entities[slot].mentionCount += mentions
            }
        }
    }

    /// A string's heap share: nothing up to 15 UTF-8 bytes (stored inline), else its bytes and a header.
    private static func stringBytes(_ string: String) -> Int { stringBytes(string.utf8.count) }

    private static func stringBytes(_ count: Int) -> Int { count <= 15 ? 0 : count + 48 }

    var isEmpty: Bool { entities.isEmpty }

    /// Writes the file to `output` — every entity's postings in (type, canonical) order, then the directory —
    /// and finishes it; an output in memory returns its bytes.
    @discardableResult
    func finish(output: IndexOutput) throws(IndexError) -> [UInt8] {
        precondition(output.kind == .entities)
        let sorted = entities.indices.sorted {
            (entities[$0].type, entities[$0].canonical) < (entities[$1].type, entities[$1].canonical)
        }
        var offsets: [Int] = []
        offsets.reserveCapacity(sorted.count)
        for index in sorted {
            offsets.append(output.count)
            var reader = SliceReader(pool, entities[index].postings)
            while !reader.isAtEnd { output.writeUInt8(reader.readByte()) }
        }
        let directoryOffset = output.count
        output.writeVarUInt(sorted.count)
        for (index, offset) in zip(sorted, offsets) {
            let entity = entities[index]
            Self.writeLengthPrefixed(entity.type, to: output)
            Self.writeLengthPrefixed(entity.canonical, to: output)
            let aliases = entity.aliases.sorted()
            output.writeVarUInt(aliases.count)
            for alias in aliases { Self.writeLengthPrefixed(alias, to: output) }
            output.writeVarUInt(entity.documentCount)
            output.writeVarUInt(entity.mentionCount)
            output.writeVarUInt(offset)
            output.writeVarUInt(Int(entity.postings.length))
        }
        output.writeUInt64(UInt64(directoryOffset))
        return try output.finish()
    }

    /// The file in memory (tests).
    func finish() throws(IndexError) -> [UInt8] {
        try finish(output: IndexOutput(kind: .entities))
    }

    static func writeLengthPrefixed(_ string: String, to output: IndexOutput) {
        var copy = string
        copy.withUTF8 { output.writeLengthPrefixed(UnsafeRawBufferPointer($0)) }
    }
}

public struct EntityIndexReader: Sendable {
    let file: MappedFile
    let documentCount: Int

    init(file: MappedFile, documentCount: Int) throws(IndexError) {
        self.file = file
        self.documentCount = documentCount
        _ = try IndexFileFormat.validate(file, kind: .entities, verifyChecksum: false)
    }

    /// Every entity of the segment, sorted by (type, canonical). Checks the whole file's checksum first.
    public func entities() throws(IndexError) -> [EntityRecord] {
        var iterator = try Iterator(self)
        var records: [EntityRecord] = []
        records.reserveCapacity(iterator.count)
        while let record = try iterator.next() { records.append(record) }
        return records
    }

    /// Calls `body` with every entity of the segment in stored order, read in place. Checks the whole file's
    /// checksum first unless a pass earlier in the same process has.
    public func forEachRecord(
        verifyingChecksum: Bool = true, _ body: (EntityRecordView) throws(IndexError) -> Void
    ) throws(IndexError) {
        var iterator = try Iterator(self, verifyChecksum: verifyingChecksum)
        while let view = try iterator.nextView() { try body(view) }
    }

    /// How many entities the segment has, from the directory's head alone.
    public func recordCount() throws(IndexError) -> Int {
        try Iterator(self, verifyChecksum: false).count
    }

    /// The record starting at `directoryOffset` (from an `EntityRecordView` of this segment).
    public func record(at directoryOffset: Int) throws(IndexError) -> EntityRecord {
        var iterator = try Iterator(self, verifyChecksum: false)
        guard let view = try iterator.view(at: directoryOffset) else {
            throw .corrupt(file: file.path, reason: "bad entity record offset")
        }
        return view.record
    }

    /// Walks the entity directory one record at a time (a merge steps through several side by side without
    /// holding any of them whole). Checks the whole file's checksum when created.
    struct Iterator {
        private let file: MappedFile
        private let documentCount: Int
        private let directoryOffset: Int
        private var reader: ByteReader
        private var left: Int
        let count: Int

        init(_ index: EntityIndexReader, verifyChecksum: Bool = true) throws(IndexError) {
            file = index.file
            documentCount = index.documentCount
            let body = try IndexFileFormat.validate(file, kind: .entities, verifyChecksum: verifyChecksum)
            let bodyEnd = IndexFileFormat.headerSize + body.count
            guard body.count >= 8 else { throw .corrupt(file: file.path, reason: "entity index too short") }
            var trailer = ByteReader(file.bytes, offset: bodyEnd - 8)
            let directoryOffset = Int(truncatingIfNeeded: trailer.readUInt64()!)
            guard directoryOffset >= IndexFileFormat.headerSize, directoryOffset <= bodyEnd - 8 else {
                throw .corrupt(file: file.path, reason: "bad entity directory offset")
            }
            self.directoryOffset = directoryOffset
            reader = ByteReader(UnsafeRawBufferPointer(rebasing: file.bytes[0..<(bodyEnd - 8)]), offset: directoryOffset)
            guard let count = reader.readVarInt(), count <= reader.remaining else {
                throw .corrupt(file: file.path, reason: "bad entity count")
            }
            self.count = count
            left = count
        }

        /// The next record, or nil after the last (then checks that the directory ends there).
        mutating func next() throws(IndexError) -> EntityRecord? {
            try nextView()?.record
        }

        /// The next record in place, or nil after the last (then checks that the directory ends there).
        mutating func nextView() throws(IndexError) -> EntityRecordView? {
            guard left > 0 else {
                guard reader.isAtEnd else { throw .corrupt(file: file.path, reason: "trailing bytes in entity directory") }
                return nil
            }
            left -= 1
            return try readView()
        }

        /// The record at a directory offset a view gave earlier.
        mutating func view(at offset: Int) throws(IndexError) -> EntityRecordView? {
            guard offset >= directoryOffset, offset < reader.base.count else { return nil }
            reader.offset = offset
            return try readView()
        }

        private mutating func readView() throws(IndexError) -> EntityRecordView {
            let start = reader.offset
            guard let type = reader.readLengthPrefixed(), let canonical = reader.readLengthPrefixed(),
                  let aliasCount = reader.readVarInt(), aliasCount <= reader.remaining
            else { throw .corrupt(file: file.path, reason: "bad entity record") }
            let aliasStart = reader.offset
            for _ in 0..<aliasCount {
                guard reader.readLengthPrefixed() != nil else {
                    throw .corrupt(file: file.path, reason: "bad entity alias")
                }
            }
            let aliasBytes = UnsafeRawBufferPointer(rebasing: reader.base[aliasStart..<reader.offset])
            guard let df = reader.readVarInt(), let mentions = reader.readVarInt(),
                  let offset = reader.readVarInt(), let length = reader.readVarInt(),
                  offset >= IndexFileFormat.headerSize, offset <= directoryOffset, length <= directoryOffset - offset,
                  length <= Int(UInt32.max), df <= documentCount, mentions >= df
            else { throw .corrupt(file: file.path, reason: "bad entity record") }
            return EntityRecordView(
                type: type, canonical: canonical, aliasBytes: aliasBytes, aliasCount: aliasCount,
                documentFrequency: df, mentionCount: mentions, postingsOffset: offset, postingsLength: length,
                directoryOffset: start)
        }
    }

    /// The raw bytes of an entity's postings (bounds checked when the record was read).
    func postingsBytes(_ record: EntityRecord) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[record.postingsOffset..<(record.postingsOffset + record.postingsLength)])
    }

    /// The documents of an entity's postings, in order, without building each one's mention list: what facets
    /// and co-mention counts need.
    public func forEachDocument(of record: EntityRecord, _ body: (UInt32) -> Void) throws(IndexError) {
        try walkPostings(
            offset: record.postingsOffset, length: record.postingsLength, documents: record.documentFrequency,
            name: record.canonical, document: { document, _ in body(document) }, mention: nil)
    }

    /// `forEachDocument` for a record read in place, with each document's mention count.
    public func forEachDocument(of view: EntityRecordView, _ body: (UInt32, Int) -> Void) throws(IndexError) {
        try forEachDocument(of: view.postings, body)
    }

    /// `forEachDocument` for postings a pass over the records noted, with each document's mention count.
    public func forEachDocument(of postings: EntityPostingsReference, _ body: (UInt32, Int) -> Void) throws(IndexError) {
        try walkPostings(
            offset: postings.offset, length: Int(postings.length), documents: Int(postings.documents),
            name: (try? record(at: postings.directoryOffset).canonical) ?? "?", document: body, mention: nil)
    }

    /// The record whose postings these are.
    public func record(of postings: EntityPostingsReference) throws(IndexError) -> EntityRecord {
        try record(at: postings.directoryOffset)
    }

    public func postings(_ record: EntityRecord) throws(IndexError) -> [EntityPosting] {
        var result: [EntityPosting] = []
        result.reserveCapacity(record.documentFrequency)
        var mentions: [(start: UInt32, length: UInt32)] = []
        try walkPostings(
            offset: record.postingsOffset, length: record.postingsLength, documents: record.documentFrequency,
            name: record.canonical,
            document: { document, count in
                // The previous document's mentions are complete when the next one starts.
                if let last = result.indices.last { result[last].mentions = mentions }
                mentions = []
                mentions.reserveCapacity(count)
                result.append(EntityPosting(document: document, mentions: []))
            },
            mention: { start, length in mentions.append((start, length)) })
        if let last = result.indices.last { result[last].mentions = mentions }
        return result
    }

    /// Decodes an entity's postings, checking every value: `document` with each document and its mention count,
    /// then `mention` with each mention's first token position and length. Without `mention` (a facet count or
    /// a resolution wants the documents only) the mentions are skipped by counting the bytes that end their
    /// numbers (`ByteReader.skipVarUInts`): their values go unchecked there — `postings`, which `verify` reads,
    /// checks them — but the postings' length still has to come out right.
    private func walkPostings(
        offset: Int, length: Int, documents: Int, name: @autoclosure () -> String,
        document onDocument: (UInt32, Int) -> Void, mention onMention: ((UInt32, UInt32) -> Void)?
    ) throws(IndexError) {
        let end = offset + length
        guard end <= file.bytes.count else { throw .corrupt(file: file.path, reason: "entity postings out of bounds") }
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: file.bytes[0..<end]), offset: offset)
        var document: UInt32 = 0
        for index in 0..<documents {
            guard let delta = reader.readVarUInt32(), let count = reader.readVarInt(), count <= reader.remaining,
                  index == 0 || delta > 0
            else { throw .corrupt(file: file.path, reason: "bad entity postings for '\(name())'") }
            // In 64 bits: a damaged delta must fail the range check below, not overflow a UInt32 and trap.
            let next = index == 0 ? UInt64(delta) : UInt64(document) + UInt64(delta)
            guard next < UInt64(documentCount) else {
                throw .corrupt(file: file.path, reason: "entity postings name a document past the segment")
            }
            document = UInt32(next)
            onDocument(document, count)
            guard let onMention else {
                // Two numbers a mention: its first token's step from the previous one and its length.
                guard reader.skipVarUInts(2 &* count) else {
                    throw .corrupt(file: file.path, reason: "bad entity postings for '\(name())'")
                }
                continue
            }
            var position: UInt32 = 0
            for _ in 0..<count {
                guard let step = reader.readVarUInt32(), let extra = reader.readVarUInt32(),
                      extra < UInt32.max  // the length is extra + 1
                else {
                    throw .corrupt(file: file.path, reason: "bad entity postings for '\(name())'")
                }
                position &+= step
                onMention(position, extra + 1)
            }
        }
        guard reader.offset == end else { throw .corrupt(file: file.path, reason: "entity postings length mismatch") }
    }
}
