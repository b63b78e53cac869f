import Dispatch
import GazetteEntities
import GazetteIndex

/// Every entity of a set of segments as small integers: each stored record is mapped, through its index's
/// corpus-wide resolution, to the group of the entity it stands for — one group per type and normalised name,
/// the key `EntityDirectory` gathers by. Built in one pass over the records read in place, hashing their bytes
/// instead of making strings of them, so that a question about every entity (facets of a result set, who is
/// named with whom) costs a few milliseconds where gathering the whole directory costs a tenth of a second on a
/// corpus of 60,000 entity records. Strings are made only for the groups an answer shows.
struct EntityGroups {
    /// A segment, the resolution of the index it belongs to, and which of the indexes read that is.
    struct Source {
        let segment: SegmentReader
        let resolution: EntityResolution
        let index: Int
        /// The index folder, shown before a path when several indexes are read.
        let label: String?
    }

    struct Group {
        let type: EntityType
        /// The normalised name, in `nameBytes`.
        let name: Range<Int>
        /// Live documents naming the entity under any of its records, and its mentions, as `EntityDirectory`
        /// counts them.
        var documents = 0
        var mentions = 0
    }

    let sources: [Source]
    /// Per source, per record in stored order: its group, or -1 when it names no entity here (ignored by a
    /// user's correction, of a type this version does not know, or named only in deleted documents).
    private(set) var recordGroups: [[Int32]] = []
    /// Per source, per record: its postings, walked again without reading the directory.
    private(set) var recordPostings: [[EntityPostingsReference]] = []
    private(set) var groups: [Group] = []
    /// Per group, the documents of `matching` it names (empty without `matching`).
    private(set) var matchCounts: [Int] = []
    private var nameBytes: [UInt8] = []
    private var groupTable = FingerprintTable()
    /// The rare groups whose fingerprint another one already holds.
    private var collidedGroups: [String: Int32] = [:]
    /// Whether the groups were read from a commit's table. Such groups are looked up by name only for the few an
    /// answer shows: a scan of the groups costs less than the fingerprint table (`groupTable` stays empty).
    private var readFromTable = false

    /// The entities of every segment of `indexes`.
    init(indexes: [IndexReader], types: Set<EntityType> = Set(EntityType.allCases)) throws(IndexError) {
        var sources: [Source] = []
        for (number, index) in indexes.enumerated() {
            let resolution = try index.entityResolution()
            let label = indexes.count > 1 ? index.directory.path : nil
            sources += index.segments.map { Source(segment: $0, resolution: resolution, index: number, label: label) }
        }
        self = try Self.make(sources: sources, table: indexes.count == 1 ? indexes[0].entityGroupTable() : nil, types: types)
    }

    /// The entities of `sources`, read from `table` when it files their records (the commit's stored groups:
    /// nothing to normalise or hash), else computed from the records.
    static func make(
        sources: [Source], table: EntityGroupTable?, types: Set<EntityType> = Set(EntityType.allCases),
        countingDocuments: Bool = true, matching: [[Bool]]? = nil
    ) throws(IndexError) -> EntityGroups {
        if let table, let stored = try EntityGroups(sources: sources, table: table, types: types, matching: matching) {
            return stored
        }
        return try EntityGroups(sources: sources, types: types, countingDocuments: countingDocuments, matching: matching)
    }

    /// The groups `table` files the records of `sources` under (each source the table's segment of the same
    /// place), those of other `types` left out; nil when the table does not describe these segments' records.
    private init?(
        sources: [Source], table: EntityGroupTable, types: Set<EntityType>, matching: [[Bool]]?
    ) throws(IndexError) {
        guard table.segments.count == sources.count,
              zip(table.segments, sources).allSatisfy({ $0.name == $1.segment.name })
        else { return nil }
        self.sources = sources
        // The table's groups of wanted types, renumbered in order.
        let typeOfNumber = table.types.map { EntityType(rawValue: $0).flatMap { types.contains($0) ? $0 : nil } }
        var renumbered = [Int32](repeating: -1, count: table.groupCount)
        groups.reserveCapacity(table.groupCount)
        nameBytes = table.nameBytes
        readFromTable = true
        for number in 0..<table.groupCount {
            guard let type = typeOfNumber[Int(table.groupTypes[number])] else { continue }
            let name = Int(table.nameStarts[number])..<Int(table.nameStarts[number + 1])
            let made = Int32(groups.count)
            renumbered[number] = made
            groups.append(Group(
                type: type, name: name, documents: Int(table.groupDocuments[number]),
                mentions: Int(table.groupMentions[number])))
        }
        recordGroups = table.segments.map { segment in segment.recordGroups.map { $0 >= 0 ? renumbered[Int($0)] : -1 } }
        // Each segment's records are read (for their postings, and what of `matching` they name) on a thread.
        let scans = Locked([Result<StoredScan, IndexError>](
            repeating: .failure(.corrupt(file: "entities", reason: "not read")), count: sources.count))
        let assigned = recordGroups
        DispatchQueue.concurrentPerform(iterations: sources.count) { number in
            let scan = Result { () throws(IndexError) in
                try StoredScan(sources[number].segment, groups: assigned[number], matching: matching.map { $0[number] })
            }
            scans.withLock { $0[number] = scan }
        }
        var scanned: [StoredScan] = []
        for result in scans.withLock({ $0 }) { scanned.append(try result.get()) }
        guard zip(scanned, assigned).allSatisfy({ $0.postings.count == $1.count }) else { return nil }
        recordPostings = scanned.map(\.postings)
        guard let matching else { return }
        matchCounts = [Int](repeating: 0, count: groups.count)
        for (number, scan) in scanned.enumerated() {
            for (record, group) in assigned[number].enumerated() where group >= 0 {
                matchCounts[Int(group)] += Int(scan.matches[record])
            }
            let matches = matching[number]
            try countSharedDocumentsOnce(source: number, in: &matchCounts, records: scan.matches) {
                Int($0) < matches.count && matches[Int($0)]
            }
        }
    }

    /// The commit's group table: what `EntityGroups` computes over every type of the `segments` of `manifest`,
    /// to give `IndexWriter.commit` as its `grouper`.
    static let grouper: EntityGrouper = { (segments, manifest, resolution) throws(IndexError) in
        let sources = segments.map { Source(segment: $0, resolution: resolution, index: 0, label: nil) }
        return try EntityGroups(sources: sources).table(of: manifest)
    }

    private func table(of manifest: Manifest) -> EntityGroupTable {
        let allTypes = EntityType.allCases
        var nameStarts: [UInt32] = [0], names: [UInt8] = []
        nameStarts.reserveCapacity(groups.count + 1)
        names.reserveCapacity(nameBytes.count)
        for group in groups {
            names.append(contentsOf: nameBytes[group.name])
            nameStarts.append(UInt32(names.count))
        }
        return EntityGroupTable(
            generation: manifest.generation, types: allTypes.map(\.rawValue),
            segments: zip(manifest.segments, recordGroups).map { segment, groups in
                EntityGroupTable.Segment(
                    name: segment.name, deletionGeneration: segment.deletionGeneration,
                    deletedCount: segment.deletedCount, recordGroups: groups)
            },
            groupTypes: groups.map { UInt8($0.type.ordinal) }, nameStarts: nameStarts,
            nameBytes: names, groupDocuments: groups.map { Int32(clamping: $0.documents) },
            groupMentions: groups.map { Int32(clamping: $0.mentions) })
    }

    /// The entities of `sources`; those of other `types` are in no group. Each segment's records are read on a
    /// thread of their own (names resolved and normalised, fingerprints made); the groups are then made in one
    /// pass over the fingerprints, each table slot asked for a few records before it is read. Unless
    /// `countingDocuments`, a group's `documents` may count twice a document two of its records name.
    ///
    /// With `matching` (per source, a flag per document; empty for a source with none), `matchCounts` holds for
    /// each group the number of those documents it names, counted while the records are read.
    init(
        sources: [Source], types: Set<EntityType> = Set(EntityType.allCases), countingDocuments: Bool = true,
        matching: [[Bool]]? = nil
    ) throws(IndexError) {
        self.sources = sources
        // Every slot is written: concurrentPerform returns once each iteration has run.
        let scans = Locked([Result<SourceScan, IndexError>](
            repeating: .failure(.corrupt(file: "entities", reason: "not read")), count: sources.count))
        let readers = sources
        DispatchQueue.concurrentPerform(iterations: sources.count) { number in
            let scan = Result { () throws(IndexError) in
                try SourceScan(readers[number], types: types, matching: matching.map { $0[number] })
            }
            scans.withLock { $0[number] = scan }
        }
        var scanned: [SourceScan] = []
        for result in scans.withLock({ $0 }) { scanned.append(try result.get()) }
        let records = scanned.reduce(0) { $0 + $1.postings.count }
        // Most of a corpus's entities are in every large segment: fewer groups than records, seldom under half.
        groupTable = FingerprintTable(capacity: records * 3 / 4)
        groups.reserveCapacity(records / 2)
        nameBytes.reserveCapacity(records * 8)
        let allTypes = EntityType.allCases
        for (number, scan) in scanned.enumerated() {
            var assigned = [Int32](repeating: -1, count: scan.postings.count)
            let ahead = 8
            for record in 0..<scan.postings.count {
                if record + ahead < scan.postings.count, scan.types[record + ahead] != SourceScan.noGroup {
                    groupTable.prefetch(scan.fingerprints[record + ahead])
                }
                let type = scan.types[record]
                guard type != SourceScan.noGroup else { continue }
                let name = scan.names[Int(scan.nameStarts[record])..<Int(scan.nameStarts[record + 1])]
                let group = group(
                    type: allTypes[Int(type)], normalized: name, fingerprint: scan.fingerprints[record])
                assigned[record] = group
                groups[Int(group)].documents += Int(scan.documents[record])
                groups[Int(group)].mentions += Int(scan.mentions[record])
            }
            recordGroups.append(assigned)
            recordPostings.append(scan.postings)
            if let matching {
                matchCounts.reserveCapacity(groups.count)
                while matchCounts.count < groups.count { matchCounts.append(0) }
                for (record, group) in assigned.enumerated() where group >= 0 {
                    matchCounts[Int(group)] += Int(scan.matches[record])
                }
                let matches = matching[number]
                try countSharedDocumentsOnce(source: number, in: &matchCounts, records: scan.matches) {
                    Int($0) < matches.count && matches[Int($0)]
                }
            }
            if countingDocuments {
                var documents = groups.map(\.documents)
                let segment = sources[number].segment
                try countSharedDocumentsOnce(
                    source: number, in: &documents, records: scan.documents, accepts: { !segment.isDeleted($0) })
                for (group, count) in documents.enumerated() { groups[group].documents = count }
            }
        }
        while matching != nil && matchCounts.count < groups.count { matchCounts.append(0) }
    }

    /// A group with several records in one segment ("Howard" and "John Howard") has had their counts of
    /// documents (those `accepts` takes) summed in `counts`; a document two of them name is counted once instead.
    private func countSharedDocumentsOnce(
        source number: Int, in counts: inout [Int], records recordCounts: [some BinaryInteger],
        accepts: (UInt32) -> Bool
    ) throws(IndexError) {
        let assigned = recordGroups[number]
        var records = [UInt8](repeating: 0, count: groups.count)
        var several = false
        for group in assigned where group >= 0 && records[Int(group)] < 2 {
            records[Int(group)] += 1
            several = several || records[Int(group)] == 2
        }
        guard several else { return }
        for (record, group) in assigned.enumerated() where group >= 0 && records[Int(group)] == 2 {
            counts[Int(group)] -= Int(recordCounts[record])
        }
        try tally(source: number, counted: { records[Int($0)] == 2 }, accepts: accepts, into: &counts)
    }

    /// A group mask of `wanted`: a look-up per record costs an index, not a hash.
    private func mask(_ wanted: Set<Int32>) -> [Bool] {
        var mask = [Bool](repeating: false, count: groups.count)
        for group in wanted where group >= 0 && Int(group) < mask.count { mask[Int(group)] = true }
        return mask
    }

    /// The group of a type and normalised name, made on first sight.
    private mutating func group(type: EntityType, normalized: ArraySlice<UInt8>, fingerprint: UInt64) -> Int32 {
        switch findGroup(type: type, normalized: normalized, fingerprint: fingerprint) {
        case .found(let group):
            return group
        case .absent(let fingerprint):
            let made = makeGroup(type: type, normalized: normalized)
            groupTable.insert(fingerprint, value: made)
            return made
        case .collided(let key):
            let made = makeGroup(type: type, normalized: normalized)
            collidedGroups[key] = made
            return made
        }
    }

    private enum GroupLookup {
        case found(Int32)
        /// No group has the fingerprint.
        case absent(UInt64)
        /// Another group has the fingerprint; the key is that of the collision table.
        case collided(String)
    }

    private func findGroup(type: EntityType, normalized: ArraySlice<UInt8>, fingerprint: UInt64) -> GroupLookup {
        guard let found = groupTable.value(for: fingerprint) else { return .absent(fingerprint) }
        let known = groups[Int(found)]
        if known.type == type, nameBytes[known.name].elementsEqual(normalized) { return .found(found) }
        let key = type.rawValue + "\u{0}" + String(decoding: normalized, as: UTF8.self)
        return collidedGroups[key].map { .found($0) } ?? .collided(key)
    }

    private mutating func makeGroup(type: EntityType, normalized: ArraySlice<UInt8>) -> Int32 {
        let start = nameBytes.count
        nameBytes.append(contentsOf: normalized)
        groups.append(Group(type: type, name: start..<nameBytes.count))
        return Int32(groups.count - 1)
    }

    /// The group `EntityDirectory` files an entity of this key under, or nil when no record leads there.
    func group(for key: EntityKey) -> Int32? {
        let name = Array(key.name.utf8)
        if readFromTable { return group(named: name, type: key.type, among: groups.indices.lazy.map { Int32($0) }) }
        if case .found(let group) = findGroup(
            type: key.type, normalized: name[...], fingerprint: Self.fingerprint(type: key.type, name: name[...]))
        {
            return group
        }
        return nil
    }

    /// The group of this key among `wanted`, or nil: for mapping the entities an answer shows back to their groups.
    func group(for key: EntityKey, among wanted: Set<Int32>) -> Int32? {
        group(named: Array(key.name.utf8), type: key.type, among: wanted)
    }

    private func group(named name: [UInt8], type: EntityType, among wanted: some Sequence<Int32>) -> Int32? {
        for candidate in wanted where candidate >= 0 && Int(candidate) < groups.count {
            let group = groups[Int(candidate)]
            if group.type == type, group.name.count == name.count, nameBytes[group.name].elementsEqual(name) {
                return candidate
            }
        }
        return nil
    }

    fileprivate static func fingerprint(type: UnsafeRawBufferPointer, canonical: UnsafeRawBufferPointer) -> UInt64 {
        fnv1a(bytes: canonical, seed: fnv1a(bytes: type) &* 31)
    }

    fileprivate static func fingerprint(_ identity: EntityIdentity) -> UInt64 {
        var type = identity.type, canonical = identity.canonical
        return type.withUTF8 { type in
            canonical.withUTF8 { fingerprint(type: UnsafeRawBufferPointer(type), canonical: UnsafeRawBufferPointer($0)) }
        }
    }

    /// A group's fingerprint: its type and normalised name.
    fileprivate static func fingerprint(type: EntityType, name: ArraySlice<UInt8>) -> UInt64 {
        var typeName = type.rawValue
        let seed = typeName.withUTF8 { fnv1a(bytes: UnsafeRawBufferPointer($0)) }
        return name.withUnsafeBytes { fnv1a(bytes: $0, seed: seed) }
    }

    /// Live documents and mentions of a record in a segment with deletions.
    static func liveCounts(of view: EntityRecordView, in segment: SegmentReader) throws(IndexError) -> (Int, Int) {
        try liveCounts(of: view.postings, in: segment)
    }

    static func liveCounts(
        of postings: EntityPostingsReference, in segment: SegmentReader
    ) throws(IndexError) -> (Int, Int) {
        var documents = 0, mentions = 0
        try segment.entityIndex.forEachDocument(of: postings) { document, count in
            guard !segment.isDeleted(document) else { return }
            documents += 1
            mentions += count
        }
        return (documents, mentions)
    }

    /// The canonical spelling of each of `wanted` groups, as `EntityDirectory` spells it.
    func spellings(of wanted: Set<Int32>) throws(IndexError) -> [Int32: String] {
        var names: [Int32: String] = [:]
        for entity in try entities(of: wanted) {
            if let group = group(for: entity.key, among: wanted) { names[group] = entity.canonical }
        }
        return names
    }

    // MARK: Counting documents

    /// For source `number`, adds to `counts[group]` the documents `accepts` takes that each group `counted` takes
    /// names — a document once per group however many of the group's records name it ("Howard" and
    /// "John Howard").
    func tally(
        source number: Int, counted: (Int32) -> Bool, accepts: (UInt32) -> Bool, into counts: inout [Int]
    ) throws(IndexError) {
        let assigned = recordGroups[number]
        // Documents of a group with several records here are deduplicated; the others are counted as met.
        var records = [UInt8](repeating: 0, count: groups.count)
        for group in assigned where group >= 0 && records[Int(group)] < 2 { records[Int(group)] += 1 }
        var pairs: [UInt64] = []
        let entityIndex = sources[number].segment.entityIndex
        for (record, postings) in recordPostings[number].enumerated() {
            let group = assigned[record]
            guard group >= 0, counted(group) else { continue }
            if records[Int(group)] == 1 {
                try entityIndex.forEachDocument(of: postings) { document, _ in
                    if accepts(document) { counts[Int(group)] += 1 }
                }
            } else {
                try entityIndex.forEachDocument(of: postings) { document, _ in
                    if accepts(document) { pairs.append(UInt64(UInt32(group)) << 32 | UInt64(document)) }
                }
            }
        }
        pairs.sort()
        var last = UInt64.max
        for pair in pairs where pair != last {
            counts[Int(pair >> 32)] += 1
            last = pair
        }
    }

    /// Per group, the documents of `matching` (per source, a flag per document) it names, each once — exact for
    /// every group that can be among the `perType` most-named of its type or tie the last of them; the others are
    /// left at 0, since they name fewer. A type's groups are visited in decreasing order of `documents` (the
    /// documents naming them, never fewer than those of a result set), and the visit stops once a group's
    /// `documents` fall below the `perType`-th largest count found. For a result set covering most of the corpus,
    /// a few dozen groups' postings are read instead of every record's (`facets` of a frequent word); for a small
    /// one the bound rules out little, and reading every record in order (`make(matching:)`) costs less.
    func countMatches(of matching: [[Bool]], perType: Int) throws(IndexError) -> [Int] {
        let groups = self.groups, recordGroups = self.recordGroups, recordPostings = self.recordPostings
        var counts = [Int](repeating: 0, count: groups.count)
        guard perType > 0 else { return counts }
        // Per source, each group's records: `records[starts[g]..<starts[g + 1]]`.
        var firstRecords: [[Int32]] = [], recordsByGroup: [[Int32]] = []
        for assigned in recordGroups {
            var starts = [Int32](repeating: 0, count: groups.count + 1)
            var records = [Int32](repeating: 0, count: assigned.count)
            starts.withUnsafeMutableBufferPointer { starts in
                for group in assigned where group >= 0 { starts[Int(group) + 1] &+= 1 }
                for group in 0..<groups.count { starts[group + 1] &+= starts[group] }
                var next = Array(starts)
                records.withUnsafeMutableBufferPointer { records in
                    for (record, group) in assigned.enumerated() where group >= 0 {
                        records[Int(next[Int(group)])] = Int32(record)
                        next[Int(group)] &+= 1
                    }
                }
            }
            firstRecords.append(starts)
            recordsByGroup.append(records)
        }
        // Per type, its groups as (documents, group) keys in a heap: popped in decreasing order of documents, only
        // as far as the visit goes.
        var heaps = [[UInt64]](repeating: [], count: EntityType.allCases.count)
        for (group, entity) in groups.enumerated() {
            heaps[entity.type.ordinal].append(UInt64(UInt32(clamping: entity.documents)) << 32 | UInt64(group))
        }
        var shared: [UInt32] = []
        for var heap in heaps where !heap.isEmpty {
            Self.makeMaxHeap(&heap)
            // The `perType` largest counts so far, smallest first.
            var top: [Int] = []
            top.reserveCapacity(min(perType, heap.count) + 1)
            while let key = Self.popMax(&heap) {
                let group = Int(key & 0xFFFF_FFFF)
                if top.count == perType, Int(key >> 32) < top[0] { break }
                var count = 0
                for number in sources.indices where !matching[number].isEmpty {
                    let matches = matching[number]
                    let records = recordsByGroup[number][Int(firstRecords[number][group])..<Int(firstRecords[number][group + 1])]
                    let entityIndex = sources[number].segment.entityIndex
                    if records.count == 1 {
                        try entityIndex.forEachDocument(of: recordPostings[number][Int(records.first!)]) { document, _ in
                            if Int(document) < matches.count && matches[Int(document)] { count += 1 }
                        }
                    } else if records.count > 1 {
                        // "Howard" and "John Howard": a document both name counts once.
                        shared.removeAll(keepingCapacity: true)
                        for record in records {
                            try entityIndex.forEachDocument(of: recordPostings[number][Int(record)]) { document, _ in
                                if Int(document) < matches.count && matches[Int(document)] { shared.append(document) }
                            }
                        }
                        shared.sort()
                        var last = UInt32.max
                        for document in shared where document != last {
                            count += 1
                            last = document
                        }
                    }
                }
                counts[group] = count
                if top.count < perType || count > top[0] {
                    top.insert(count, at: top.firstIndex { $0 >= count } ?? top.count)
                    if top.count > perType { top.removeFirst() }
                }
            }
        }
        return counts
    }

    /// Orders `heap` as a binary max-heap, in linear time.
    private static func makeMaxHeap(_ heap: inout [UInt64]) {
        heap.withUnsafeMutableBufferPointer { heap in
            var node = heap.count / 2
            while node > 0 {
                node -= 1
                siftDown(heap, from: node)
            }
        }
    }

    /// The largest key of a max-heap, taken out of it.
    private static func popMax(_ heap: inout [UInt64]) -> UInt64? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        return heap.withUnsafeMutableBufferPointer { heap in
            let top = heap[0]
            heap[0] = last
            siftDown(heap, from: 0)
            return top
        }
    }

    private static func siftDown(_ heap: UnsafeMutableBufferPointer<UInt64>, from start: Int) {
        var node = start
        while true {
            let left = 2 * node + 1
            guard left < heap.count else { return }
            var larger = left
            if left + 1 < heap.count, heap[left + 1] > heap[left] { larger = left + 1 }
            guard heap[larger] > heap[node] else { return }
            heap.swapAt(node, larger)
            node = larger
        }
    }

    /// For source `number`, the documents `accepts` takes of each group in `wanted`, in order, each once.
    func documents(
        source number: Int, of wanted: Set<Int32>, accepts: (UInt32) -> Bool
    ) throws(IndexError) -> [Int32: [UInt32]] {
        let assigned = recordGroups[number]
        let mask = mask(wanted)
        var found: [Int32: [UInt32]] = [:]
        let entityIndex = sources[number].segment.entityIndex
        for (record, postings) in recordPostings[number].enumerated() {
            let group = assigned[record]
            guard group >= 0, mask[Int(group)] else { continue }
            try entityIndex.forEachDocument(of: postings) { document, _ in
                if accepts(document) { found[group, default: []].append(document) }
            }
        }
        return found.mapValues { Array(Set($0)).sorted() }
    }

    /// The `limit` entities of `types` (every type when empty) in most documents, ranked as
    /// `EntityDirectory` ranks them, and how many entities of those types there are: strings are made for the
    /// entities shown, and for those tied with the last of them.
    func ranked(types: Set<EntityType>, limit: Int) throws(IndexError) -> (entities: [EntityDirectory.Entity], total: Int) {
        var candidates = groups.indices.filter { types.isEmpty || types.contains(groups[$0].type) }
        let total = candidates.count
        if candidates.count > limit {
            guard limit > 0 else { return ([], total) }
            // The limit-th most (documents, mentions), kept in a heap of the best so far rather than by sorting
            // every group, of which only the first few are shown. Those tied with it are kept too.
            let counts = candidates.lazy.map { (self.groups[$0].documents, self.groups[$0].mentions) }
            let last = Self.kthLargest(counts, limit)
            candidates = candidates.filter { (groups[$0].documents, groups[$0].mentions) >= last }
        }
        let entities = try entities(of: Set(candidates.map { Int32($0) }))
        return (Array(entities.prefix(limit)), total)
    }

    /// The `k`-th largest of `counts` (1 ≤ k ≤ their number), by a min-heap of the `k` largest seen.
    static func kthLargest(_ counts: some Sequence<(Int, Int)>, _ k: Int) -> (Int, Int) {
        var heap: [(Int, Int)] = []
        heap.reserveCapacity(k)
        for count in counts {
            if heap.count < k {
                heap.append(count)
                var child = heap.count - 1
                while child > 0, heap[(child - 1) / 2] > heap[child] {
                    heap.swapAt(child, (child - 1) / 2)
                    child = (child - 1) / 2
                }
            } else if count > heap[0] {
                heap[0] = count
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var smallest = parent
                    if left < heap.count, heap[left] < heap[smallest] { smallest = left }
                    if right < heap.count, heap[right] < heap[smallest] { smallest = right }
                    if smallest == parent { break }
                    heap.swapAt(parent, smallest)
                    parent = smallest
                }
            }
        }
        return heap[0]
    }

    // MARK: Names

    /// The groups `name` refers to, as `EntityDirectory.resolve` finds them: those it names exactly (a
    /// canonical spelling or an alias, normalised) if any, else those whose last words or first word it is.
    /// Not `exactFirst` (a filter such as `person:Howard`): both at once.
    func groups(named name: String, type: EntityType? = nil, exactFirst: Bool = true) throws(IndexError) -> [Int32] {
        let query = Array(EntityNameMatcher.normalize(name).utf8)
        guard !query.isEmpty else { return [] }
        var exact = Set<Int32>(), partial = Set<Int32>()
        func consider(_ group: Int32, _ candidate: UnsafeBufferPointer<UInt8>) {
            if candidate.elementsEqual(query) {
                exact.insert(group)
            } else if !exactFirst || exact.isEmpty, Self.namesPartly(candidate, query: query) {
                partial.insert(group)
            }
        }
        for (number, group) in groups.enumerated() where type == nil || group.type == type {
            nameBytes[group.name].withUnsafeBufferPointer { consider(Int32(number), $0) }
        }
        // Every name of every record is normalised: ASCII ones into one scratch buffer, without an array each.
        var normalized: [UInt8] = []
        var scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
        defer { scratch.deallocate() }
        func consider(_ group: Int32, name: UnsafeRawBufferPointer) {
            // Normalising an ASCII name only shortens it, and a match (whole, or the query's words at either end)
            // is at least as long as the query: most names of a corpus are shorter than a full name asked for.
            if name.count < query.count && Self.isASCII(name) { return }
            if scratch.count < name.count {
                scratch.deallocate()
                scratch = .allocate(capacity: name.count)
            }
            if let range = EntityNameMatcher.normalizeASCII(bytes: name, into: scratch) {
                consider(group, UnsafeBufferPointer(rebasing: scratch[range]))
            } else {
                EntityNameMatcher.normalize(bytes: name, into: &normalized)
                normalized.withUnsafeBufferPointer { consider(group, $0) }
            }
        }
        for (number, source) in sources.enumerated() {
            let assigned = recordGroups[number]
            var record = 0
            try source.segment.entityIndex.forEachRecord(verifyingChecksum: false) { (view: EntityRecordView) in
                let group = assigned[record]
                record += 1
                guard group >= 0, type == nil || groups[Int(group)].type == type else { return }
                // A record's own spelling is an alias of the entity the corpus resolves it to.
                consider(group, name: view.canonical)
                view.forEachAlias { alias in consider(group, name: alias) }
            }
        }
        return Array(!exactFirst ? exact.union(partial) : exact.isEmpty ? partial : exact)
    }

    /// Whether every byte of `bytes` is below 0x80, eight at a time.
    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i + 8 <= bytes.count {
            if bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < bytes.count {
            if bytes[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// The records of `wanted` groups: per source, their postings.
    func records(of wanted: Set<Int32>) -> [[EntityPostingsReference]] {
        let mask = mask(wanted)
        return sources.indices.map { number in
            zip(recordGroups[number], recordPostings[number]).compactMap { group, postings in
                group >= 0 && mask[Int(group)] ? postings : nil
            }
        }
    }

    /// `EntityNameMatcher.matches` without its exact case, on normalised names (words one space apart): the
    /// query is the name's last words, or its first word.
    private static func namesPartly(_ name: UnsafeBufferPointer<UInt8>, query: [UInt8]) -> Bool {
        guard name.count > query.count else { return false }
        let space = UInt8(ascii: " ")
        if name[name.count - query.count - 1] == space, name.suffix(query.count).elementsEqual(query) { return true }
        return !query.contains(space) && name[query.count] == space && name.prefix(query.count).elementsEqual(query)
    }

    // MARK: Entities

    /// The entities of `wanted` groups, gathered from their records exactly as `EntityDirectory` gathers every
    /// entity, ranked as it ranks them.
    func entities(of wanted: Set<Int32>) throws(IndexError) -> [EntityDirectory.Entity] {
        var gatherer = EntityDirectory.Gatherer(indexCount: (sources.map(\.index).max() ?? -1) + 1)
        let mask = mask(wanted)
        for (number, source) in sources.enumerated() {
            let assigned = recordGroups[number]
            let hasDeletions = source.segment.liveDocumentCount < source.segment.documentCount
            gatherer.beginSegment()
            for (record, postings) in recordPostings[number].enumerated() {
                let group = assigned[record]
                guard group >= 0, mask[Int(group)] else { continue }
                let stored = try source.segment.entityIndex.record(of: postings)
                var (documents, mentions) = (stored.documentFrequency, stored.mentionCount)
                if hasDeletions { (documents, mentions) = try Self.liveCounts(of: postings, in: source.segment) }
                gatherer.add(
                    stored, postings: postings, resolution: source.resolution, index: source.index, documents: documents,
                    mentions: mentions)
            }
            try gatherer.endSegment(source.segment)
        }
        return gatherer.finish()
    }
}

/// One segment's records as a thread reads them when the groups come from the commit's table: their postings,
/// and per record the documents of `matching` it names when it is in a group (empty without `matching`).
private struct StoredScan: Sendable {
    var postings: [EntityPostingsReference] = []
    var matches: [Int32] = []

    init(_ segment: SegmentReader, groups: [Int32], matching: [Bool]?) throws(IndexError) {
        postings.reserveCapacity(groups.count)
        if matching != nil { matches.reserveCapacity(groups.count) }
        var record = 0
        try segment.entityIndex.forEachRecord { (view: EntityRecordView) throws(IndexError) in
            defer { record += 1 }
            postings.append(view.postings)
            guard let matching else { return }
            var matched: Int32 = 0
            if record < groups.count, groups[record] >= 0, !matching.isEmpty {
                try segment.entityIndex.forEachDocument(of: view) { document, _ in
                    if Int(document) < matching.count && matching[Int(document)] { matched += 1 }
                }
            }
            matches.append(matched)
        }
    }
}

/// A segment's records' types, compared as bytes: records are sorted by type, so the last one met almost
/// always answers.
private struct TypeCache {
    let wanted: Set<EntityType>
    private var last: [UInt8] = []
    private var lastType: EntityType?

    init(wanted: Set<EntityType>) {
        self.wanted = wanted
    }

    /// The type, or nil when it is not wanted or not known to this version.
    mutating func type(of bytes: UnsafeRawBufferPointer) -> EntityType? {
        if !last.isEmpty, last.elementsEqual(bytes) { return lastType }
        last = Array(bytes)
        lastType = EntityType(rawValue: String(decoding: bytes, as: UTF8.self)).flatMap { wanted.contains($0) ? $0 : nil }
        return lastType
    }
}

/// A resolution's redirects by fingerprint of their source identity, so that the records it leaves alone —
/// nearly all of them — are passed without making a string.
private struct RedirectTable {
    enum Target {
        case itself
        case another(EntityIdentity)
        case ignored
    }

    private static let unconfirmedType = EntityIdentity.unconfirmedType
    private var table = FingerprintTable(capacity: 64)
    private var sources: [(identity: EntityIdentity, target: EntityIdentity?)] = []

    init(_ resolution: EntityResolution) {
        for (source, redirect) in resolution.redirects {
            if table.insert(EntityGroups.fingerprint(source), value: Int32(sources.count)) {
                sources.append((source, redirect.target))
            }
        }
    }

    func target(
        type: UnsafeRawBufferPointer, canonical: UnsafeRawBufferPointer, resolution: EntityResolution
    ) -> Target {
        let untypedRun = type.elementsEqual(Self.unconfirmedType.utf8) && canonical.contains(0x20)
        // Without a redirect an untyped run of words is the PERSON of that name (`EntityIdentity.withoutRedirect`).
        let unredirected: Target = untypedRun
            ? .another(EntityIdentity(type: "PERSON", canonical: String(decoding: canonical, as: UTF8.self))) : .itself
        guard !sources.isEmpty else { return unredirected }
        let fingerprint = EntityGroups.fingerprint(type: type, canonical: canonical)
        guard let found = table.value(for: fingerprint) else { return unredirected }
        let entry = sources[Int(found)]
        let identity: EntityIdentity
        let target: EntityIdentity?
        if entry.identity.type.utf8.elementsEqual(type), entry.identity.canonical.utf8.elementsEqual(canonical) {
            identity = entry.identity
            target = entry.target
        } else {
            // Another identity with the same fingerprint: the resolution itself decides.
            identity = EntityIdentity(
                type: String(decoding: type, as: UTF8.self), canonical: String(decoding: canonical, as: UTF8.self))
            target = resolution.resolve(identity)
        }
        guard let target else { return .ignored }
        return target == identity ? .itself : .another(target)
    }
}

/// One segment's records as a thread reads them, before the groups are made: per record its postings, and
/// unless it names no entity here (ignored, of a type not wanted, or only in deleted documents) the type,
/// normalised name and group fingerprint of the entity it resolves to, with its live counts.
private struct SourceScan: Sendable {
    static let noGroup = UInt8.max

    var postings: [EntityPostingsReference] = []
    /// `EntityType.allCases` index, or `noGroup`.
    var types: [UInt8] = []
    var fingerprints: [UInt64] = []
    var documents: [Int32] = []
    var mentions: [UInt32] = []
    /// Per record, the documents of `matching` it names (empty without `matching`).
    var matches: [Int32] = []
    /// The normalised names one after another; record i's is `names[nameStarts[i]..<nameStarts[i + 1]]`.
    var names: [UInt8] = []
    var nameStarts: [UInt32] = [0]

    init(_ source: EntityGroups.Source, types wanted: Set<EntityType>, matching: [Bool]?) throws(IndexError) {
        let segment = source.segment
        let count = try segment.entityIndex.recordCount()
        postings.reserveCapacity(count)
        types.reserveCapacity(count)
        fingerprints.reserveCapacity(count)
        documents.reserveCapacity(count)
        mentions.reserveCapacity(count)
        nameStarts.reserveCapacity(count + 1)
        names.reserveCapacity(count * 12)
        let redirects = RedirectTable(source.resolution)
        let hasDeletions = segment.liveDocumentCount < segment.documentCount
        var typeCache = TypeCache(wanted: wanted)
        var name: [UInt8] = []
        try segment.entityIndex.forEachRecord { (view: EntityRecordView) throws(IndexError) in
            var (live, said) = (view.documentFrequency, view.mentionCount)
            if hasDeletions { (live, said) = try EntityGroups.liveCounts(of: view, in: segment) }
            var type: EntityType?
            if live > 0 {
                switch redirects.target(type: view.type, canonical: view.canonical, resolution: source.resolution) {
                case .ignored:
                    break
                case .itself:
                    type = typeCache.type(of: view.type)
                    if type != nil { EntityNameMatcher.normalize(bytes: view.canonical, into: &name) }
                case .another(let target):
                    var targetType = target.type, canonical = target.canonical
                    type = targetType.withUTF8 { typeCache.type(of: UnsafeRawBufferPointer($0)) }
                    if type != nil {
                        canonical.withUTF8 { EntityNameMatcher.normalize(bytes: UnsafeRawBufferPointer($0), into: &name) }
                    }
                }
            }
            postings.append(view.postings)
            if let matching {
                var matched: Int32 = 0
                if type != nil && !matching.isEmpty {
                    try segment.entityIndex.forEachDocument(of: view) { document, _ in
                        if Int(document) < matching.count && matching[Int(document)] { matched += 1 }
                    }
                }
                matches.append(matched)
            }
            documents.append(Int32(clamping: live))
            mentions.append(UInt32(clamping: said))
            if let type, names.count + name.count <= Int(UInt32.max) {
                types.append(UInt8(type.ordinal))
                fingerprints.append(EntityGroups.fingerprint(type: type, name: name[...]))
                names.append(contentsOf: name)
            } else {
                types.append(Self.noGroup)
                fingerprints.append(0)
            }
            nameStarts.append(UInt32(names.count))
        }
    }
}
