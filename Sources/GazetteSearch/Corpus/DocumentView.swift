import GazetteEntities
import GazetteIndex

/// One stored document as a reader sees it: its text, its entities as the corpus resolves them and, when a query
/// is given, where the query matches it. Offsets count Unicode scalars of `text`, end exclusive (Python string
/// indices), as every offset Gazette prints does.
public struct DocumentView: Sendable, Equatable {
    public struct Entity: Sendable, Equatable {
        public var type: String
        /// The corpus's canonical name; empty for a span that names no entity (a date without a year).
        public var canonical: String
        public var text: String
        public var start: Int
        public var end: Int
    }

    public var path: String
    /// The index folder holding the document, when several indexes are read.
    public var index: String?
    public var title: String?
    public var text: String
    /// In text order; an identity the user ignored is left out.
    public var entities: [Entity]
    /// The query's matches (words, phrases and entity filters), in text order.
    public var matches: [Range<Int>]
    /// The corpus folder the index records for the document, and its file there (nil when it records none).
    public var folder: String? = nil
    public var file: String? = nil
}

extension Searcher {
    /// A live document of the corpus: its segment (in the order of all the indexes' segments) and its id there.
    public struct DocumentLocation: Sendable, Hashable {
        public var segment: Int
        public var document: UInt32
    }

    /// The live document stored under `path` (compared as bytes, as the index compares paths), in the index whose
    /// folder is `index` when given, else in the first index holding it; nil when there is none. A path is
    /// looked up in the file catalogs only, never on disk, so no path can reach a file outside the index.
    public func locate(path: String, index: String? = nil) throws(SearchError) -> DocumentLocation? {
        let wanted = Array(path.utf8)
        for (number, segment) in corpus.segments.enumerated() {
            if let index, indexes[corpus.owner(ofSegment: number)].directory.path != index { continue }
            for doc in 0..<UInt32(segment.catalog.documentCount) where !segment.isDeleted(doc) {
                let bytes: UnsafeRawBufferPointer
                do {
                    bytes = try segment.catalog.pathBytes(doc)
                } catch {
                    throw .index(error)
                }
                if bytes.elementsEqual(wanted) { return DocumentLocation(segment: number, document: doc) }
            }
        }
        return nil
    }

    /// The document at `location` with its resolved entities and, for `query`, the ranges it matches.
    public func documentView(at location: DocumentLocation, query: String? = nil) throws(SearchError) -> DocumentView {
        let segment = corpus.segments[location.segment]
        let stored: StoredDocument
        do {
            stored = try segment.store.document(location.document)
        } catch {
            throw .index(error)
        }
        let resolution = try corpus.resolution(ofSegment: location.segment)
        var byteMatches: [Range<Int>] = []
        if let query, !query.isEmpty {
            let parsed: QueryNode
            do {
                parsed = try QueryParser.parse(query)
            } catch {
                throw .query(error)
            }
            var planner = SearchPlanner(index: corpus)
            let plan = try planner.plan(parsed)
            byteMatches = try matchRanges(
                plan.positiveLeaves, document: location.document, stored: LazyStoredDocument(stored), segment: segment,
                analyzer: &analyzer)
            let wanted = plan.positiveEntities
            for span in stored.entities where wanted.contains(EntityIdentity(type: span.type, canonical: span.canonical)) {
                byteMatches.append(span.range)
            }
        }
        let owner = indexes.count > 1 ? indexes[corpus.owner(ofSegment: location.segment)].directory.path : nil
        var entitySpans: [(range: Range<Int>, type: String, canonical: String)] = []
        for span in stored.entities {
            guard span.namesEntity else {
                entitySpans.append((span.range, span.type, ""))
                continue
            }
            guard let target = resolution.resolve(EntityIdentity(type: span.type, canonical: span.canonical)) else { continue }
            entitySpans.append((span.range, target.type, target.canonical))
        }
        var byteOffsets: [Int] = []
        for span in entitySpans { byteOffsets += [span.range.lowerBound, span.range.upperBound] }
        for range in byteMatches { byteOffsets += [range.lowerBound, range.upperBound] }
        let offsets = ScalarOffsets(utf8: stored.utf8Text, byteOffsets: byteOffsets)
        let text = stored.text
        let entities = entitySpans.map { span -> DocumentView.Entity in
            let start = min(span.range.lowerBound, stored.utf8Text.count)
            let end = min(max(span.range.upperBound, start), stored.utf8Text.count)
            return DocumentView.Entity(
                type: span.type, canonical: span.canonical,
                text: String(decoding: stored.utf8Text[start..<end], as: UTF8.self),
                start: offsets.scalar(at: span.range.lowerBound), end: offsets.scalar(at: span.range.upperBound))
        }
        var matches: [Range<Int>] = []
        for range in byteMatches {
            let start = offsets.scalar(at: range.lowerBound), end = offsets.scalar(at: range.upperBound)
            if end > start { matches.append(start..<end) }
        }
        matches.sort { (a: Range<Int>, b: Range<Int>) -> Bool in
            a.lowerBound != b.lowerBound ? a.lowerBound < b.lowerBound : a.upperBound < b.upperBound
        }
        var view = DocumentView(
            path: stored.path, index: owner, title: stored.title, text: text, entities: entities, matches: matches)
        let roots = CorpusRoots(indexes.isEmpty ? [] : indexes[corpus.owner(ofSegment: location.segment)].manifest.roots)
        if let place = roots.location(ofStoredPath: stored.path) {
            view.folder = place.folder
            view.file = place.folder + "/" + place.relativePath
        }
        return view
    }

    /// The live documents `query` matches, in segment then id order, at most `limit` of them, and how many match
    /// in all (counting goes on past `limit`; only the list stops).
    public func matchingDocuments(_ query: String, limit: Int) throws(SearchError) -> (total: Int, documents: [DocumentLocation]) {
        let parsed: QueryNode
        do {
            parsed = try QueryParser.parse(query)
        } catch {
            throw .query(error)
        }
        var planner = SearchPlanner(index: corpus)
        let plan = try planner.plan(parsed)
        var total = 0
        var documents: [DocumentLocation] = []
        for (number, segment) in corpus.segments.enumerated() {
            let root = try instantiate(plan, in: segment, scorer: scorer(forSegment: number))
            var doc = root.next()
            while doc != PostingsCursor.exhausted {
                if !segment.isDeleted(doc) {
                    total += 1
                    if documents.count < limit { documents.append(DocumentLocation(segment: number, document: doc)) }
                }
                doc = root.next()
            }
            if let corruption = root.corruption { throw .index(corruption) }
        }
        return (total, documents)
    }
}

/// Unicode-scalar offsets of UTF-8 byte offsets in one text, found in one pass over the bytes.
struct ScalarOffsets {
    private var bytes: [Int] = []
    private var scalars: [Int] = []

    init(utf8: [UInt8], byteOffsets: [Int]) {
        let wanted = Array(Set(byteOffsets.map { min(max($0, 0), utf8.count) })).sorted()
        bytes = wanted
        scalars.reserveCapacity(wanted.count)
        var count = 0, position = 0
        for target in wanted {
            while position < target {
                // A byte that does not continue a scalar starts one.
                if utf8[position] & 0xC0 != 0x80 { count += 1 }
                position += 1
            }
            scalars.append(count)
        }
    }

    func scalar(at byteOffset: Int) -> Int {
        var low = 0, high = bytes.count - 1
        while low <= high {
            let mid = (low + high) >> 1
            if bytes[mid] == byteOffset { return scalars[mid] }
            if bytes[mid] < byteOffset { low = mid + 1 } else { high = mid - 1 }
        }
        // Offsets past the end were clamped to it when counted.
        return byteOffset <= 0 ? 0 : (scalars.last ?? 0)
    }
}
