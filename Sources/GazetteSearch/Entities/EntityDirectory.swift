import GazetteEntities
import GazetteIndex

/// The corpus's entities, gathered from every segment of every index given: one entry per (type, folded canonical
/// name), with its aliases and counts summed. Serves `gazette entities` and `gazette mentions`.
public struct EntityDirectory: Sendable {
    public struct Entity: Sendable, Equatable {
        public var key: EntityKey
        public var type: String
        /// The canonical name as most often written.
        public var canonical: String
        public var aliases: [String]
        public var documentCount: Int
        public var mentionCount: Int
        /// Per index, the identities stored in its segments and documents that stand for this entity: its
        /// canonical spellings, and those the index's corpus-wide resolution sends here ("Howard" for "John
        /// Howard"). Each index resolves on its own evidence, so one index's join does not reach into another.
        var sources: [Set<EntityIdentity>]
    }

    public struct Mention: Sendable, Equatable {
        /// UTF-8 byte range in the document text.
        public var range: Range<Int>
        public var text: String
        /// 1-based line of the text where the mention starts.
        public var line: Int
        /// The sentence around the mention, whitespace collapsed, and the mention's Unicode-scalar offsets in it.
        public var sentence: String
        public var sentenceStart: Int
        public var sentenceEnd: Int
    }

    public struct DocumentMentions: Sendable, Equatable {
        public var path: String
        /// The index folder holding the document, when several indexes are read.
        public var index: String?
        public var title: String?
        public var mentions: [Mention]
        /// The document's publication date, author and source.
        public var metadata: ArticleMetadata = .none
    }

    public let indexes: [IndexReader]
    public private(set) var entities: [Entity] = []

    public init(index: IndexReader) throws(IndexError) {
        try self.init(indexes: [index])
    }

    public init(indexes: [IndexReader]) throws(IndexError) {
        self.indexes = indexes
        var gatherer = Gatherer(indexCount: indexes.count)
        for (indexNumber, index) in indexes.enumerated() {
            let resolution = try index.entityResolution()
            for segment in index.segments {
                let hasDeletions = segment.liveDocumentCount < segment.documentCount
                gatherer.beginSegment()
                try segment.entityIndex.forEachRecord { (view: EntityRecordView) throws(IndexError) in
                    // Counts are of live documents, as the corpus-wide resolution's are: a segment with deletions
                    // has its postings read to leave the deleted documents out.
                    var (documents, mentions) = (view.documentFrequency, view.mentionCount)
                    if hasDeletions { (documents, mentions) = try EntityGroups.liveCounts(of: view, in: segment) }
                    gatherer.add(
                        view.record, postings: view.postings, resolution: resolution, index: indexNumber,
                        documents: documents, mentions: mentions)
                }
                try gatherer.endSegment(segment)
            }
        }
        entities = gatherer.finish()
    }

    /// Entities gathered from stored records, one per key, their counts and aliases summed: the whole directory,
    /// or the few entities an answer about them shows (`EntityGroups.entities(of:)`).
    struct Gatherer {
        // Entities are gathered in an array and updated in place, by index: a dictionary of entities would copy an
        // entity (and its sets) on every update, and sorting the entities themselves moves their five
        // reference-counted fields at every step; their indices sort instead.
        private var gathered: [Entity] = []
        private var aliasSets: [Set<String>] = []
        private var spellingCounts: [[String: Int]] = []
        private var indexByKey: [EntityKey: Int] = [:]
        private let indexCount: Int
        /// Per entity, the segment its last record came from, with that record's postings and document count:
        /// two records of one entity in a segment ("Howard" and "John Howard") may name the same documents,
        /// which are counted once when the segment ends.
        private var lastSegment: [Int] = []
        private var lastRecord: [(postings: EntityPostingsReference, documents: Int)] = []
        private var overlaps: [Int: [(postings: EntityPostingsReference, documents: Int)]] = [:]
        private var segment = -1

        init(indexCount: Int) {
            self.indexCount = indexCount
        }

        /// Starts the records of another segment.
        mutating func beginSegment() {
            segment += 1
            overlaps = [:]
        }

        /// Ends the segment's records: documents its entities name under several records are counted once.
        mutating func endSegment(_ reader: SegmentReader) throws(IndexError) {
            for (slot, records) in overlaps {
                var documents = Set<UInt32>()
                for record in records {
                    try reader.entityIndex.forEachDocument(of: record.postings) { document, _ in
                        if !reader.isDeleted(document) { documents.insert(document) }
                    }
                }
                gathered[slot].documentCount += documents.count - records.reduce(0) { $0 + $1.documents }
            }
            overlaps = [:]
        }

        /// Adds a record of index `index` with its live counts, in the segment begun last.
        mutating func add(
            _ record: EntityRecord, postings: EntityPostingsReference, resolution: EntityResolution, index indexNumber: Int,
            documents: Int, mentions: Int
        ) {
            let source = EntityIdentity(type: record.type, canonical: record.canonical)
            // An identity the user ignored is no entity; one the corpus resolves elsewhere joins that entity.
            guard documents > 0, let target = resolution.resolve(source), let type = EntityType(rawValue: target.type)
            else { return }
            let key = EntityKey(canonical: target.canonical, type: type)
            let slot: Int
            if let known = indexByKey[key] {
                slot = known
            } else {
                slot = gathered.count
                indexByKey[key] = slot
                gathered.append(Entity(
                    key: key, type: target.type, canonical: target.canonical, aliases: [], documentCount: 0,
                    mentionCount: 0, sources: Array(repeating: [], count: indexCount)))
                aliasSets.append([])
                spellingCounts.append([:])
                lastSegment.append(-1)
                lastRecord.append((postings, 0))
            }
            if lastSegment[slot] == segment {
                overlaps[slot, default: [lastRecord[slot]]].append((postings, documents))
            }
            lastSegment[slot] = segment
            lastRecord[slot] = (postings, documents)
            gathered[slot].documentCount += documents
            gathered[slot].mentionCount += mentions
            gathered[slot].sources[indexNumber].insert(source)
            aliasSets[slot].formUnion(record.aliases)
            if target != source { aliasSets[slot].insert(record.canonical) }
            spellingCounts[slot][target.canonical, default: 0] += mentions
        }

        /// The entities, ranked.
        func finish() -> [Entity] {
            var entities = gathered
            for slot in entities.indices {
                entities[slot].aliases = aliasSets[slot].sorted()
                entities[slot].canonical = spellingCounts[slot].max {
                    $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key
                }!.key
            }
            let order = entities.indices.sorted { EntityDirectory.ranking(entities[$0], entities[$1]) }
            return order.map { entities[$0] }
        }
    }

    /// Most documents first, then most mentions, then by name.
    static func ranking(_ a: Entity, _ b: Entity) -> Bool {
        if a.documentCount != b.documentCount { return a.documentCount > b.documentCount }
        if a.mentionCount != b.mentionCount { return a.mentionCount > b.mentionCount }
        if a.canonical != b.canonical { return a.canonical < b.canonical }
        return a.type < b.type
    }

    /// The entities `name` refers to: exact matches of a canonical name or alias if there are any, otherwise
    /// surname / first-name matches ("Lavrov" → "Sergei Lavrov"). With `type`, only entities of that type.
    public func resolve(_ name: String, type: String? = nil) -> [Entity] {
        let candidates = entities.filter { type == nil || $0.type == type }
        let query = EntityNameMatcher.NormalizedQuery(name)
        let exact = candidates.filter { query.matchesExactly(canonical: $0.canonical, aliases: $0.aliases) }
        if !exact.isEmpty { return exact }
        return candidates.filter { query.matches(canonical: $0.canonical, aliases: $0.aliases) }
    }

    /// Every live document mentioning the entity, in path order (then index order), with each mention in context.
    public func mentions(of entity: Entity) throws(IndexError) -> [DocumentMentions] {
        try EntityGroups(indexes: indexes).mentions(of: entity)
    }

    /// The documents at `offsets` of those `mentions(of:)` lists, with their mentions in context, and how many
    /// documents and mentions there are in all — counted from the entity postings, reading only the stored
    /// documents of the page.
    public func mentions(
        of entity: Entity, offsets: Range<Int>
    ) throws(IndexError) -> (documents: [DocumentMentions], documentCount: Int, mentionCount: Int) {
        let groups = try EntityGroups(indexes: indexes)
        let listed = try groups.mentionedDocuments(of: entity)
        let page = listed[min(max(0, offsets.lowerBound), listed.count)..<min(max(0, offsets.upperBound), listed.count)]
        return (try groups.mentions(in: page, of: entity), listed.count, listed.reduce(0) { $0 + $1.mentions })
    }

    /// The 1-based line at a byte offset, counted on from the last offset asked for.
    struct LineCounter {
        private var offset = 0
        private var line = 1

        mutating func line(at target: Int, in bytes: [UInt8]) -> Int {
            if target < offset { (offset, line) = (0, 1) }
            for byte in bytes[offset..<target] where byte == 0x0A { line += 1 }
            offset = target
            return line
        }
    }

    /// Line number and sentence of a mention, found on the UTF-8 bytes.
    static func context(of range: Range<Int>, in bytes: [UInt8], lines: inout LineCounter) -> Mention {
        let start = min(range.lowerBound, bytes.count), end = min(max(range.upperBound, start), bytes.count)
        let line = lines.line(at: start, in: bytes)
        // A sentence ends at ". ", "! ", "? " or a line break; look at most 400 bytes each way.
        var sentenceStart = start
        while sentenceStart > 0, start - sentenceStart < 400 {
            let previous = bytes[sentenceStart - 1]
            if previous == 0x0A { break }
            if previous == 0x20, sentenceStart >= 2, [0x2E, 0x21, 0x3F].contains(bytes[sentenceStart - 2]) { break }
            sentenceStart -= 1
        }
        var sentenceEnd = end
        while sentenceEnd < bytes.count, sentenceEnd - end < 400 {
            let current = bytes[sentenceEnd]
            if current == 0x0A { break }
            sentenceEnd += 1
            if [0x2E, 0x21, 0x3F].contains(current), sentenceEnd == bytes.count || bytes[sentenceEnd] == 0x20 { break }
        }
        while sentenceStart < start, bytes[sentenceStart] & 0xC0 == 0x80 { sentenceStart += 1 }
        while sentenceEnd > end, sentenceEnd < bytes.count, bytes[sentenceEnd] & 0xC0 == 0x80 { sentenceEnd -= 1 }
        let before = String(decoding: bytes[sentenceStart..<start], as: UTF8.self)
        let mention = String(decoding: bytes[start..<end], as: UTF8.self)
        let after = String(decoding: bytes[end..<sentenceEnd], as: UTF8.self)
        let cleanBefore = collapse(before, trimStart: true)
        let cleanMention = collapse(mention, trimStart: false)
        let cleanAfter = collapse(after, trimStart: false)
        let mentionStart = cleanBefore.unicodeScalars.count
        return Mention(
            range: start..<end, text: mention, line: line,
            sentence: (cleanBefore + cleanMention + cleanAfter).trimmingTrailingSpace(),
            sentenceStart: mentionStart, sentenceEnd: mentionStart + cleanMention.unicodeScalars.count)
    }

    /// Runs of white space as one space (none at the start with `trimStart`). Written as UTF-8 bytes, and an ASCII
    /// scalar's white space (tab to carriage return, and the space) told without the Unicode tables: `mentions`
    /// collapses the sentence of every mention it shows.
    private static func collapse(_ text: String, trimStart: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var lastWasSpace = trimStart
        for scalar in text.unicodeScalars {
            if isWhitespace(scalar) {
                if !lastWasSpace { out.append(0x20) }
                lastWasSpace = true
            } else {
                UTF8.encode(scalar) { out.append($0) }
                lastWasSpace = false
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Unicode's White_Space, without its tables for ASCII.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            ? scalar.value == 0x20 || (scalar.value >= 0x09 && scalar.value <= 0x0D)
            : scalar.properties.isWhitespace
    }
}

extension String {
    fileprivate func trimmingTrailingSpace() -> String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }
}
