/// Merges segments into one without re-analysing text: live documents are renumbered in input order, postings
/// are copied term by term through the cursors (positions included), stored records, norms and catalog entries
/// follow their documents, and entity postings are copied entity by entity. Deleted documents are left behind,
/// which is how tombstones get purged.
///
/// Everything streams: the inputs are read front to back (dictionaries and entity directories side by side, a
/// k-way merge in sorted order) and every output file is written through a small buffer as it goes, so a merge
/// holds a few buffers and one document map per input (4 bytes a document) — not its output, nor its inputs'
/// dictionaries. The inputs' mapped pages are released as they are consumed (`releaseResidentPages`), so what
/// the merge reads does not pile up in its resident set either. The result is byte for byte what a segment
/// builder writes for the same live documents.
enum SegmentMerger {
    /// Bytes of input read (about) between two releases of the inputs' mapped pages.
    static let releaseInterval = 8 << 20

    static func merge(
        _ inputs: [SegmentReader], into directory: any Directory, name: String
    ) throws(IndexError) -> Manifest.Segment {
        func create(_ kind: IndexFileFormat.Kind) throws(IndexError) -> IndexOutput {
            try IndexOutput(kind: kind, name: SegmentFiles.fileName(name, kind: kind), in: directory, for: .merge)
        }
        let release = ReleaseSchedule(inputs: inputs)

        // Stored records, catalog entries and norms, document by document; old → new document, per input
        // (UInt32.max for deleted ones).
        var documentMaps: [[UInt32]] = []
        var aliasLiveness: [AliasLiveness?] = []
        var store = StoredDocumentsWriter(output: try create(.store))
        var catalog = FileCatalogWriter(output: try create(.files))
        var norms = NormsWriter(output: try create(.norms))
        var nextDocument: UInt32 = 0
        for input in inputs {
            var map = [UInt32](repeating: UInt32.max, count: input.documentCount)
            var liveness = input.deletions == nil ? nil : try AliasLiveness(deletedDocumentsOf: input)
            try input.store.forEachRecord { doc, record throws(IndexError) in
                guard !input.isDeleted(doc) else { return }
                if liveness != nil { liveness!.sawLive(try input.store.decode(record: record, document: doc)) }
                store.add(record: record)
                let entry = try input.catalog.entry(doc)
                catalog.add(path: entry.path, fingerprint: entry.fingerprint)
                norms.add(titleLength: input.norms.titleLength(doc), bodyLength: input.norms.bodyLength(doc))
                map[Int(doc)] = nextDocument
                nextDocument += 1
                // Stored text compresses about 2:1 or 3:1; count high, release early.
                release.consumed(record.count / 2)
            }
            documentMaps.append(map)
            aliasLiveness.append(liveness)
            release.now()
        }
        try store.finish()
        try catalog.finish()

        // Terms: a k-way merge of the inputs' dictionaries visits every distinct term once, in order.
        var postings = PostingsWriter(postings: try create(.postings), positions: try create(.positions))
        var dictionary = TermDictionaryWriter(output: try create(.terms))
        var termCount: UInt64 = 0, postingCount: UInt64 = 0, positionCount: UInt64 = 0
        var positions: [UInt32] = []
        var queue = try TermQueue(inputs.map { TermDictionaryReader.Iterator($0.terms) })
        var group: [Int] = []
        var term: [UInt8] = []
        while try queue.popSmallest(into: &group, term: &term) {
            postings.beginTerm()
            var added = 0
            for index in group {
                var cursor = inputs[index].postings(queue.info(index))
                while cursor.next() != PostingsCursor.exhausted {
                    let mapped = documentMaps[index][Int(cursor.document)]
                    guard mapped != UInt32.max else { continue }
                    cursor.readPositions(into: &positions)
                    if let corruption = cursor.corruption { throw corruption }
                    positions.withUnsafeBufferPointer { postings.add(document: mapped, positions: $0) }
                    added += 1
                    positionCount += UInt64(positions.count)
                }
                if let corruption = cursor.corruption { throw corruption }
            }
            let info = postings.endTerm()
            if added > 0 {
                term.withUnsafeBufferPointer { dictionary.add(term: $0, info: info) }
                termCount += 1
                postingCount += UInt64(added)
            }
            // About a byte per position and two per posting, packed.
            release.consumed(Int(info.totalTermFrequency) + 2 * added)
            try queue.advance(group)
        }
        try postings.finish()
        try dictionary.finish()
        try norms.finish(statistics: SegmentStatistics(
            documentCount: UInt64(nextDocument), termCount: termCount,
            postingCount: postingCount, positionCount: positionCount))
        release.now()

        try EntityMerge(inputs: inputs, documentMaps: documentMaps, aliasLiveness: aliasLiveness, release: release)
            .write(to: try create(.entities))
        return Manifest.Segment(name: name, documentCount: Int(nextDocument))
    }
}

/// Releases the inputs' mapped pages each time about `SegmentMerger.releaseInterval` bytes were consumed.
private final class ReleaseSchedule {
    let inputs: [SegmentReader]
    var sinceLast = 0

    init(inputs: [SegmentReader]) {
        self.inputs = inputs
    }

    func consumed(_ bytes: Int) {
        sinceLast += bytes
        if sinceLast >= SegmentMerger.releaseInterval { now() }
    }

    func now() {
        for input in inputs { input.releaseResidentPages() }
        sinceLast = 0
    }
}

/// The inputs' dictionaries side by side, smallest current term first (a binary heap of input numbers; equal
/// terms by input number, the order their documents are renumbered in).
private struct TermQueue {
    private var iterators: [TermDictionaryReader.Iterator]
    private var heap: [Int] = []

    init(_ iterators: [TermDictionaryReader.Iterator]) throws(IndexError) {
        self.iterators = iterators
        for index in iterators.indices {
            if try self.iterators[index].next() { push(index) }
        }
    }

    func info(_ index: Int) -> TermInfo { iterators[index].info }

    /// Takes every input whose current term is the smallest, in input order, and that term's bytes; false when
    /// every dictionary is done.
    mutating func popSmallest(into group: inout [Int], term: inout [UInt8]) throws(IndexError) -> Bool {
        group.removeAll(keepingCapacity: true)
        guard let first = heap.first else { return false }
        term.removeAll(keepingCapacity: true)
        iterators[first].withTerm { term.append(contentsOf: $0) }
        while let top = heap.first, compare(top, term) == 0 {
            group.append(top)
            pop()
        }
        group.sort()
        return true
    }

    /// Moves the inputs of `group` to their next terms.
    mutating func advance(_ group: [Int]) throws(IndexError) {
        for index in group {
            if try iterators[index].next() { push(index) }
        }
    }

    private func compare(_ index: Int, _ term: [UInt8]) -> Int {
        iterators[index].withTerm { current in
            term.withUnsafeBytes { TermDictionaryReader.compare(current, $0) }
        }
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        let order = iterators[a].withTerm { x in iterators[b].withTerm { y in TermDictionaryReader.compare(x, y) } }
        return order != 0 ? order < 0 : a < b
    }

    private mutating func push(_ index: Int) {
        heap.append(index)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func pop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, less(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}

/// An input's entity directory lists the surface forms of every document it was built from, deleted ones
/// included; a merged segment lists those of its live documents only. A form seen in a deleted document is a
/// candidate for dropping, kept if a live document has it too. Only the forms of deleted documents are held.
private struct AliasLiveness {
    private struct Identity: Hashable {
        var type: String
        var canonical: String
    }

    /// Entity → surface forms seen in deleted documents → whether a live document has it too.
    private var candidates: [Identity: [String: Bool]] = [:]

    init(deletedDocumentsOf input: SegmentReader) throws(IndexError) {
        let deleted = (0..<UInt32(input.documentCount)).filter { input.isDeleted($0) }
        var start = 0
        while start < deleted.count {
            let chunk = Array(deleted[start..<min(start + 256, deleted.count)])
            for document in try input.store.documents(chunk) {
                Self.forEachMention(document) { identity, surface in
                    candidates[identity, default: [:]][surface] = false
                }
            }
            start += chunk.count
        }
    }

    mutating func sawLive(_ document: StoredDocument) {
        guard !candidates.isEmpty else { return }
        Self.forEachMention(document) { identity, surface in
            if candidates[identity]?[surface] == false { candidates[identity]![surface] = true }
        }
    }

    /// Whether the merged segment drops this form of the entity (seen in deleted documents only).
    func drops(type: String, canonical: String, alias: String) -> Bool {
        candidates[Identity(type: type, canonical: canonical)]?[alias] == false
    }

    private static func forEachMention(_ document: StoredDocument, _ body: (Identity, String) -> Void) {
        for span in document.entities where span.namesEntity && span.range.upperBound <= document.utf8Text.count {
            let surface = String(decoding: document.utf8Text[span.range], as: UTF8.self)
            body(Identity(type: span.type, canonical: span.canonical), surface)
        }
    }
}

/// The merged `.ents` file: the inputs' entity directories merged in (type, canonical) order, each entity's
/// postings the concatenation of its inputs' postings with documents renumbered and deleted ones left out.
/// The directory follows the postings in the file, so the merge runs twice over the directories: first
/// writing postings, then the directory (recomputing each entity's merged postings into one reused buffer
/// for its length and counts instead of holding them for every entity).
private struct EntityMerge {
    let inputs: [SegmentReader]
    let documentMaps: [[UInt32]]
    let aliasLiveness: [AliasLiveness?]
    let release: ReleaseSchedule

    func write(to output: IndexOutput) throws(IndexError) {
        var scratch = ByteWriter()
        var entityCount = 0
        var offsets = output.count
        try forEachEntity { group throws(IndexError) in
            let counts = try mergePostings(group, into: &scratch)
            guard counts.documents > 0 else { return }
            output.writeBytes(scratch)
            entityCount += 1
        }
        let directoryOffset = output.count
        output.writeVarUInt(entityCount)
        try forEachEntity { group throws(IndexError) in
            let counts = try mergePostings(group, into: &scratch)
            guard counts.documents > 0 else { return }
            let first = group[0].record
            EntityIndexWriter.writeLengthPrefixed(first.type, to: output)
            EntityIndexWriter.writeLengthPrefixed(first.canonical, to: output)
            var aliases = Set<String>()
            for (input, record) in group {
                for alias in record.aliases {
                    if let liveness = aliasLiveness[input],
                       liveness.drops(type: record.type, canonical: record.canonical, alias: alias) { continue }
                    aliases.insert(alias)
                }
            }
            let sorted = aliases.sorted()
            output.writeVarUInt(sorted.count)
            for alias in sorted { EntityIndexWriter.writeLengthPrefixed(alias, to: output) }
            output.writeVarUInt(counts.documents)
            output.writeVarUInt(counts.mentions)
            output.writeVarUInt(offsets)
            output.writeVarUInt(scratch.count)
            offsets += scratch.count
        }
        output.writeUInt64(UInt64(directoryOffset))
        try output.finish()
    }

    /// Calls `body` with each entity's records from the inputs that have it, in input order, entities in
    /// (type, canonical) order.
    private func forEachEntity(
        _ body: ([(input: Int, record: EntityRecord)]) throws(IndexError) -> Void
    ) throws(IndexError) {
        var iterators: [EntityIndexReader.Iterator] = []
        var current: [EntityRecord?] = []
        for input in inputs {
            // Opening checks the whole file's checksum, which reads all of it.
            var iterator = try EntityIndexReader.Iterator(input.entityIndex)
            input.entityIndex.file.releaseResidentPages()
            current.append(try iterator.next())
            iterators.append(iterator)
        }
        var group: [(input: Int, record: EntityRecord)] = []
        while true {
            var smallest: EntityRecord?
            for record in current {
                guard let record else { continue }
                if smallest == nil || (record.type, record.canonical) < (smallest!.type, smallest!.canonical) {
                    smallest = record
                }
            }
            guard let smallest else { return }
            group.removeAll(keepingCapacity: true)
            for index in current.indices {
                guard let record = current[index], record.type == smallest.type, record.canonical == smallest.canonical
                else { continue }
                group.append((index, record))
                current[index] = try iterators[index].next()
                release.consumed(record.postingsLength + 64)
            }
            try body(group)
        }
    }

    /// Writes the entity's merged postings into `scratch` (replacing what it held).
    private func mergePostings(
        _ group: [(input: Int, record: EntityRecord)], into scratch: inout ByteWriter
    ) throws(IndexError) -> (documents: Int, mentions: Int) {
        scratch.removeAll()
        var documents = 0, mentions = 0
        var last: UInt32 = 0
        for (input, record) in group {
            let file = inputs[input].entityIndex.file.path
            let map = documentMaps[input]
            var reader = ByteReader(inputs[input].entityIndex.postingsBytes(record))
            var document: UInt32 = 0
            for index in 0..<record.documentFrequency {
                guard let delta = reader.readVarUInt32(), let count = reader.readVarInt(), count <= reader.remaining,
                      index == 0 || delta > 0
                else { throw .corrupt(file: file, reason: "bad entity postings for '\(record.canonical)'") }
                document = index == 0 ? delta : document &+ delta
                guard Int(document) < map.count else {
                    throw .corrupt(file: file, reason: "entity postings name a document past the segment")
                }
                let mapped = map[Int(document)]
                if mapped != UInt32.max {
                    scratch.writeVarUInt(mapped - (documents == 0 ? 0 : last))
                    scratch.writeVarUInt(count)
                    last = mapped
                    documents += 1
                    mentions += count
                }
                for _ in 0..<count {
                    guard let step = reader.readVarUInt32(), let extra = reader.readVarUInt32() else {
                        throw .corrupt(file: file, reason: "bad entity postings for '\(record.canonical)'")
                    }
                    if mapped != UInt32.max {
                        scratch.writeVarUInt(step)
                        scratch.writeVarUInt(extra)
                    }
                }
            }
            guard reader.isAtEnd else { throw .corrupt(file: file, reason: "entity postings length mismatch") }
        }
        return (documents, mentions)
    }
}
