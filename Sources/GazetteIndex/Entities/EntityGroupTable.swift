/// Every entity record of a commit's segments filed under the entity it stands for once the corpus-wide
/// resolution is applied — one group per type and normalised name — with each group's live documents and
/// mentions. A question about every entity (facets of a result set, `related`, `entities`) then reads small
/// integers instead of normalising and hashing some 60,000 names per query.
///
/// Derived data: written after a commit (and its merges) as `entities.<generation>.groups`, for the manifest of
/// that generation only. A reader uses it when it describes exactly the segments and deletions it opened, and
/// otherwise computes the same groups from the records, so a table missing (an older writer, a crash before it
/// was written) or stale costs time, never a wrong answer. `gazette verify` reads it whole.
///
///     header | varint generation
///            | varint typeCount, lenPrefixed type * typeCount
///            | varint segmentCount, (lenPrefixed name, varint deletionGeneration, varint deletedCount,
///                                    varint recordCount, varint (group + 1) * recordCount) *
///            | varint groupCount, (varint typeNumber, lenPrefixed normalisedName, varint documents,
///                                  varint mentions) *
///            | footer
///
/// A record's group is 0 in the file (-1 in memory) when it names no entity: ignored by a correction, of a type
/// the writer did not know, or named only in deleted documents.
public struct EntityGroupTable: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        public var name: String
        public var deletionGeneration: UInt64
        public var deletedCount: Int
        /// Per record in stored order, its group or -1.
        public var recordGroups: [Int32]

        public init(name: String, deletionGeneration: UInt64, deletedCount: Int, recordGroups: [Int32]) {
            self.name = name
            self.deletionGeneration = deletionGeneration
            self.deletedCount = deletedCount
            self.recordGroups = recordGroups
        }
    }

    /// The manifest generation the table describes.
    public var generation: UInt64
    /// The entity types, as stored in records ("PERSON"…); a group's `groupTypes` entry indexes this list.
    public var types: [String]
    public var segments: [Segment]
    public var groupTypes: [UInt8]
    /// Group g's normalised name is `nameBytes[nameStarts[g]..<nameStarts[g + 1]]`.
    public var nameStarts: [UInt32]
    public var nameBytes: [UInt8]
    public var groupDocuments: [Int32]
    public var groupMentions: [Int32]

    public init(
        generation: UInt64, types: [String], segments: [Segment], groupTypes: [UInt8], nameStarts: [UInt32],
        nameBytes: [UInt8], groupDocuments: [Int32], groupMentions: [Int32]
    ) {
        self.generation = generation
        self.types = types
        self.segments = segments
        self.groupTypes = groupTypes
        self.nameStarts = nameStarts
        self.nameBytes = nameBytes
        self.groupDocuments = groupDocuments
        self.groupMentions = groupMentions
    }

    public var groupCount: Int { groupTypes.count }

    static func fileName(generation: UInt64) -> String { "entities.\(generation).groups" }

    /// Whether `name` is one of the files `fileName(generation:)` makes, or the temporary one a table is
    /// written to before it is renamed into place.
    static func isFileName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 || (parts.count == 4 && parts[3] == "tmp") else { return false }
        return parts[0] == "entities" && parts[2] == "groups" && UInt64(parts[1]) != nil
    }

    /// Whether the table describes exactly these segments with these deletions.
    public func describes(_ manifest: Manifest) -> Bool {
        generation == manifest.generation && segments.count == manifest.segments.count
            && zip(segments, manifest.segments).allSatisfy { table, segment in
                table.name == segment.name && table.deletionGeneration == segment.deletionGeneration
                    && table.deletedCount == segment.deletedCount
            }
    }

    func serialized() -> [UInt8] {
        let records = segments.reduce(0) { $0 + $1.recordGroups.count }
        var writer = ByteWriter(reservingCapacity: 64 + records * 3 + nameBytes.count + groupCount * 6)
        IndexFileFormat.writeHeader(.entityGroups, into: &writer)
        writer.writeVarUInt(generation)
        writer.writeVarUInt(types.count)
        for type in types { writer.writeLengthPrefixed(Array(type.utf8)) }
        writer.writeVarUInt(segments.count)
        for segment in segments {
            writer.writeLengthPrefixed(Array(segment.name.utf8))
            writer.writeVarUInt(segment.deletionGeneration)
            writer.writeVarUInt(segment.deletedCount)
            writer.writeVarUInt(segment.recordGroups.count)
            for group in segment.recordGroups { writer.writeVarUInt(UInt32(bitPattern: group &+ 1)) }
        }
        writer.writeVarUInt(groupCount)
        for group in 0..<groupCount {
            writer.writeVarUInt(Int(groupTypes[group]))
            writer.writeLengthPrefixed(nameBytes[Int(nameStarts[group])..<Int(nameStarts[group + 1])])
            writer.writeVarUInt(UInt32(clamping: groupDocuments[group]))
            writer.writeVarUInt(UInt32(clamping: groupMentions[group]))
        }
        IndexFileFormat.appendFooter(to: &writer)
        return writer.bytes
    }

    /// Reads a table, checking its whole checksum and that every number in it is in range.
    static func read(_ file: MappedFile) throws(IndexError) -> EntityGroupTable {
        let body = try IndexFileFormat.validate(file, kind: .entityGroups, verifyChecksum: true)
        var reader = ByteReader(body)
        func corrupt(_ reason: String) -> IndexError { .corrupt(file: file.path, reason: reason) }
        // The reader is passed in, not captured: a captured variable lives in a box on the heap, and every read
        // of the loops below went through it (the table is read whole by every question about every entity).
        func count(_ reader: inout ByteReader) throws(IndexError) -> Int {
            // No count can exceed the bytes that hold its items.
            guard let value = reader.readVarInt(), value <= body.count else { throw corrupt("bad count") }
            return value
        }
        func text(_ reader: inout ByteReader) throws(IndexError) -> String {
            guard let bytes = reader.readLengthPrefixed(), let text = String(validating: bytes, as: UTF8.self) else {
                throw corrupt("bad name")
            }
            return text
        }
        guard let generation = reader.readVarUInt64() else { throw corrupt("bad generation") }
        var types: [String] = []
        for _ in 0..<(try count(&reader)) { types.append(try text(&reader)) }
        guard types.count <= Int(UInt8.max) else { throw corrupt("too many entity types") }
        var segments: [Segment] = []
        for _ in 0..<(try count(&reader)) {
            let name = try text(&reader)
            guard let deletionGeneration = reader.readVarUInt64(), let deletedCount = reader.readVarInt() else {
                throw corrupt("bad segment entry")
            }
            let recordCount = try count(&reader)
            var groups = [Int32](repeating: -1, count: recordCount)
            for record in 0..<recordCount {
                guard let stored = reader.readVarUInt32(), stored <= UInt32(Int32.max) else {
                    throw corrupt("bad group of a record")
                }
                groups[record] = Int32(stored) - 1
            }
            segments.append(Segment(
                name: name, deletionGeneration: deletionGeneration, deletedCount: deletedCount, recordGroups: groups))
        }
        let groupCount = try count(&reader)
        // Each array written in place, once: appending cost a capacity and uniqueness check per value, and
        // copying each name through `append(contentsOf:)` a call.
        var groupTypes = [UInt8](repeating: 0, count: groupCount), nameStarts = [UInt32](repeating: 0, count: groupCount + 1)
        var documents = [Int32](repeating: 0, count: groupCount), mentions = [Int32](repeating: 0, count: groupCount)
        var grouped = reader
        var badGroup = false
        // The names are fewer bytes than what is left of the file; the pages of the capacity not written are
        // never touched.
        let nameBytes = [UInt8](unsafeUninitializedCapacity: body.count - reader.offset) { names, written in
            written = 0
            groupTypes.withUnsafeMutableBufferPointer { groupTypes in
                nameStarts.withUnsafeMutableBufferPointer { nameStarts in
                    documents.withUnsafeMutableBufferPointer { documents in
                        mentions.withUnsafeMutableBufferPointer { mentions in
                            for group in 0..<groupCount {
                                guard let type = grouped.readVarInt(), type < types.count,
                                      let name = grouped.readLengthPrefixed(), name.count <= names.count - written,
                                      let documentCount = grouped.readVarUInt32(), let mentionCount = grouped.readVarUInt32(),
                                      documentCount <= UInt32(Int32.max), mentionCount <= UInt32(Int32.max)
                                else {
                                    badGroup = true
                                    return
                                }
                                groupTypes[group] = UInt8(type)
                                if let source = name.baseAddress, let destination = names.baseAddress {
                                    UnsafeMutableRawPointer(destination + written).copyMemory(from: source, byteCount: name.count)
                                }
                                written += name.count
                                nameStarts[group + 1] = UInt32(written)
                                documents[group] = Int32(documentCount)
                                mentions[group] = Int32(mentionCount)
                            }
                        }
                    }
                }
            }
        }
        guard !badGroup else { throw corrupt("bad group") }
        reader = grouped
        guard reader.isAtEnd else { throw corrupt("bytes after the last group") }
        for segment in segments where segment.recordGroups.contains(where: { Int($0) >= groupCount }) {
            throw corrupt("a record of \(segment.name) names group past the last of \(groupCount)")
        }
        return EntityGroupTable(
            generation: generation, types: types, segments: segments, groupTypes: groupTypes, nameStarts: nameStarts,
            nameBytes: nameBytes, groupDocuments: documents, groupMentions: mentions)
    }
}
