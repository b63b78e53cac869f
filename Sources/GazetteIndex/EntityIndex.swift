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
        var postings = ByteWriter()
    }

    private var entities: [Accumulator] = []
    /// Accumulator slots by a hash of (type, canonical); a hit is confirmed against the slot's names, and a
    /// colliding identity goes to `collided`.
    private var slotByIdentity = FingerprintTable()
    private var collided: [Identity: Int] = [:]
    /// Surface forms already among an entity's aliases, by a hash of (slot, form): most mentions repeat a
    /// known form, and hashing its bytes is much cheaper than building a `String` to find that out.
    private var knownAliases = FingerprintTable()

    private struct Identity: Hashable {
        var type: String
        var canonical: String
    }

    private mutating func slot(type: String, canonical: String) -> Int {
        let hash = fnv1a(canonical.utf8, seed: fnv1a(type.utf8))
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
        // would copy its postings buffer on every document.
        entities.append(Accumulator(type: type, canonical: canonical))
        return entities.count - 1
    }

    /// Adds one document's mentions; documents must come in increasing order. `bodyStart` turns the spans'
    /// body-relative positions into the document's absolute ones.
    mutating func add(document: UInt32, spans: [EntitySpan], text: String, bodyStart: UInt32) {
        guard !spans.isEmpty else { return }
        // Each span's accumulator slot, then the spans ordered by slot (stable, so mentions stay in text order).
        var slots: [(slot: Int, span: Int)] = []
        slots.reserveCapacity(spans.count)
        for (index, span) in spans.enumerated() {
            slots.append((slot(type: span.type, canonical: span.canonical), index))
        }
        slots.sort { $0.slot != $1.slot ? $0.slot < $1.slot : $0.span < $1.span }
        var text = text
        text.withUTF8 { utf8 in
            var run = 0
            while run < slots.count {
                let slot = slots[run].slot
                var end = run
                while end < slots.count, slots[end].slot == slot { end += 1 }
                let delta = document - (entities[slot].documentCount == 0 ? 0 : entities[slot].lastDocument)
                entities[slot].postings.writeVarUInt(delta)
                entities[slot].postings.writeVarUInt(end - run)
                var previous: UInt32 = 0
                for item in slots[run..<end] {
                    let mention = spans[item.span]
                    let start = mention.positions.lowerBound + bodyStart
                    entities[slot].postings.writeVarUInt(start - previous)
                    entities[slot].postings.writeVarUInt(mention.positions.upperBound - mention.positions.lowerBound)
                    previous = start
                    if mention.range.upperBound <= utf8.count {
                        let surface = UnsafeBufferPointer(rebasing: utf8[mention.range])
                        let hash = fnv1a(surface, seed: UInt64(slot) &* 0x9E37_79B9_7F4A_7C15)
                        if knownAliases.insert(hash, value: 0) {
                            entities[slot].aliases.insert(String(decoding: surface, as: UTF8.self))
                        }
                    }
                }
                entities[slot].lastDocument = document
                entities[slot].documentCount += 1
                entities[slot].mentionCount += end - run
                run = end
            }
        }
    }

    var isEmpty: Bool { entities.isEmpty }

    func finish() -> [UInt8] {
        var writer = ByteWriter()
        IndexFileFormat.writeHeader(.entities, into: &writer)
        var directory = ByteWriter()
        let sorted = entities.sorted { ($0.type, $0.canonical) < ($1.type, $1.canonical) }
        directory.writeVarUInt(sorted.count)
        for entity in sorted {
            let offset = writer.count
            writer.writeBytes(entity.postings.bytes)
            directory.writeLengthPrefixed(entity.type.utf8)
            directory.writeLengthPrefixed(entity.canonical.utf8)
            let aliases = entity.aliases.sorted()
            directory.writeVarUInt(aliases.count)
            for alias in aliases { directory.writeLengthPrefixed(alias.utf8) }
            directory.writeVarUInt(entity.documentCount)
            directory.writeVarUInt(entity.mentionCount)
            directory.writeVarUInt(offset)
            directory.writeVarUInt(entity.postings.count)
        }
        let directoryOffset = writer.count
        writer.writeBytes(directory.bytes)
        writer.writeUInt64(UInt64(directoryOffset))
        IndexFileFormat.appendFooter(to: &writer)
        return writer.bytes
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
        let body = try IndexFileFormat.validate(file, kind: .entities, verifyChecksum: true)
        let bodyEnd = IndexFileFormat.headerSize + body.count
        guard body.count >= 8 else { throw .corrupt(file: file.path, reason: "entity index too short") }
        var trailer = ByteReader(file.bytes, offset: bodyEnd - 8)
        let directoryOffset = Int(truncatingIfNeeded: trailer.readUInt64()!)
        guard directoryOffset >= IndexFileFormat.headerSize, directoryOffset <= bodyEnd - 8 else {
            throw .corrupt(file: file.path, reason: "bad entity directory offset")
        }
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: file.bytes[0..<(bodyEnd - 8)]), offset: directoryOffset)
        guard let count = reader.readVarInt(), count <= reader.remaining else {
            throw .corrupt(file: file.path, reason: "bad entity count")
        }
        var records: [EntityRecord] = []
        records.reserveCapacity(count)
        for _ in 0..<count {
            guard let type = reader.readLengthPrefixed(), let canonical = reader.readLengthPrefixed(),
                  let aliasCount = reader.readVarInt(), aliasCount <= reader.remaining
            else { throw .corrupt(file: file.path, reason: "bad entity record") }
            var aliases: [String] = []
            for _ in 0..<aliasCount {
                guard let alias = reader.readLengthPrefixed() else {
                    throw .corrupt(file: file.path, reason: "bad entity alias")
                }
                aliases.append(String(decoding: alias, as: UTF8.self))
            }
            guard let df = reader.readVarInt(), let mentions = reader.readVarInt(),
                  let offset = reader.readVarInt(), let length = reader.readVarInt(),
                  offset >= IndexFileFormat.headerSize, offset <= directoryOffset, length <= directoryOffset - offset,
                  df <= documentCount, mentions >= df
            else { throw .corrupt(file: file.path, reason: "bad entity record") }
            records.append(EntityRecord(
                type: String(decoding: type, as: UTF8.self), canonical: String(decoding: canonical, as: UTF8.self),
                aliases: aliases, documentFrequency: df, mentionCount: mentions,
                postingsOffset: offset, postingsLength: length))
        }
        guard reader.isAtEnd else { throw .corrupt(file: file.path, reason: "trailing bytes in entity directory") }
        return records
    }

    public func postings(_ record: EntityRecord) throws(IndexError) -> [EntityPosting] {
        let end = record.postingsOffset + record.postingsLength
        guard end <= file.bytes.count else { throw .corrupt(file: file.path, reason: "entity postings out of bounds") }
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: file.bytes[0..<end]), offset: record.postingsOffset)
        var result: [EntityPosting] = []
        result.reserveCapacity(record.documentFrequency)
        var document: UInt32 = 0
        for index in 0..<record.documentFrequency {
            guard let delta = reader.readVarUInt32(), let count = reader.readVarInt(), count <= reader.remaining,
                  index == 0 || delta > 0
            else { throw .corrupt(file: file.path, reason: "bad entity postings for '\(record.canonical)'") }
            // In 64 bits: a damaged delta must fail the range check below, not overflow a UInt32 and trap.
            let next = index == 0 ? UInt64(delta) : UInt64(document) + UInt64(delta)
            guard next < UInt64(documentCount) else {
                throw .corrupt(file: file.path, reason: "entity postings name a document past the segment")
            }
            document = UInt32(next)
            var mentions: [(start: UInt32, length: UInt32)] = []
            var position: UInt32 = 0
            for _ in 0..<count {
                guard let step = reader.readVarUInt32(), let extra = reader.readVarUInt32(),
                      extra < UInt32.max  // the length is extra + 1
                else {
                    throw .corrupt(file: file.path, reason: "bad entity postings for '\(record.canonical)'")
                }
                position &+= step
                mentions.append((position, extra + 1))
            }
            result.append(EntityPosting(document: document, mentions: mentions))
        }
        guard reader.offset == end else { throw .corrupt(file: file.path, reason: "entity postings length mismatch") }
        return result
    }
}
