import GazetteAnalysis
import GazetteEntities
import GazetteIndex

/// Runs queries against an open index: plan, match document-at-a-time per segment, keep the top k in a heap,
/// then build snippets for the hits only.
public final class Searcher {
    public let index: IndexReader
    public let bm25: BM25
    private var analyzer = Analyzer()
    private let averageLength: Double
    /// Non-fatal remarks about the last query (e.g. a prefix expansion that hit its cap).
    public private(set) var notices: [String] = []

    public init(index: IndexReader, bm25: BM25 = BM25()) {
        self.index = index
        self.bm25 = bm25
        var tokens = 0.0
        for segment in index.segments {
            tokens += Double(segment.norms.titleLengthSum + segment.norms.bodyLengthSum)
        }
        averageLength = index.documentCount > 0 ? tokens / Double(index.documentCount) : 0
    }

    public func search(_ queryText: String, limit: Int = 10, snippetWidth: Int = 200) throws(SearchError) -> SearchResult {
        let parsed: QueryNode
        do {
            parsed = try QueryParser.parse(queryText)
        } catch {
            throw .query(error)
        }
        var planner = SearchPlanner(index: index)
        let plan = try planner.plan(parsed)
        notices = planner.notices

        var heap = TopHits(capacity: max(0, limit), segments: index.segments)
        var total = 0
        for (segmentIndex, segment) in index.segments.enumerated() {
            let scorer = DocumentScorer(norms: segment.norms, bm25: bm25, averageLength: averageLength)
            let root = try instantiate(plan, in: segment, scorer: scorer)
            var doc = root.next()
            while doc != PostingsCursor.exhausted {
                if !segment.isDeleted(doc) {
                    total += 1
                    heap.offer(ScoredDocument(score: root.score(), segment: segmentIndex, document: doc))
                }
                doc = root.next()
            }
            if let corruption = root.corruption { throw .index(corruption) }
        }

        let builder = SnippetBuilder(width: snippetWidth)
        var hits: [SearchHit] = []
        for (rank, scored) in heap.sortedDescending().enumerated() {
            let segment = index.segments[scored.segment]
            let stored: StoredDocument
            do {
                stored = try segment.store.document(scored.document)
            } catch {
                throw .index(error)
            }
            var matches = try matchRanges(plan.positiveLeaves, document: scored.document, stored: stored, segment: segment)
            let wanted = plan.positiveEntities
            if !wanted.isEmpty {
                for span in stored.entities where wanted.contains(EntityIdentity(type: span.type, canonical: span.canonical)) {
                    matches.append(span.range)
                }
            }
            let entities = stored.entities.map { (range: $0.range, kind: $0.type, entity: $0.canonical) }
            let snippet = builder.build(text: stored.text, matches: matches, entities: entities)
            hits.append(SearchHit(
                rank: rank + 1, path: stored.path, title: stored.title, score: scored.score, snippet: snippet))
        }
        return SearchResult(query: queryText, total: total, hits: hits)
    }

    private func instantiate(_ plan: SearchPlan, in segment: SegmentReader, scorer: DocumentScorer) throws(SearchError) -> MatchNode {
        switch plan {
        case .nothing:
            return EmptyNode()
        case .terms(let leaf):
            var cursors: [PostingsCursor] = []
            for term in leaf.terms {
                let cursor: PostingsCursor?
                do {
                    cursor = try segment.postings(forTerm: term)
                } catch {
                    throw .index(error)
                }
                guard let cursor else { return EmptyNode() }
                cursors.append(cursor)
            }
            return PhraseNode(
                cursors: cursors, offsets: Array(0..<cursors.count), scope: leaf.scope, slop: leaf.slop,
                idf: leaf.idf, scorer: scorer)
        case .entity(let entity):
            let records: [EntityRecord]
            do {
                records = try segment.entityIndex.entities()
            } catch {
                throw .index(error)
            }
            var counts: [UInt32: Double] = [:]
            for record in records where entity.entities.contains(EntityIdentity(type: record.type, canonical: record.canonical)) {
                let postings: [EntityPosting]
                do {
                    postings = try segment.entityIndex.postings(record)
                } catch {
                    throw .index(error)
                }
                for posting in postings { counts[posting.document, default: 0] += Double(posting.mentions.count) }
            }
            let documents = counts.keys.sorted()
            return EntityNode(documents: documents, mentions: documents.map { counts[$0]! }, idf: entity.idf, scorer: scorer)
        case .and(let required, let excluded):
            var requiredNodes: [MatchNode] = [], excludedNodes: [MatchNode] = []
            for child in required { requiredNodes.append(try instantiate(child, in: segment, scorer: scorer)) }
            for child in excluded { excludedNodes.append(try instantiate(child, in: segment, scorer: scorer)) }
            return ConjunctionNode(required: requiredNodes, excluded: excludedNodes)
        case .or(let children):
            var nodes: [MatchNode] = []
            for child in children { nodes.append(try instantiate(child, in: segment, scorer: scorer)) }
            return DisjunctionNode(children: nodes)
        }
    }

    /// Byte ranges in the stored body text of every instance of the query's positive leaves. Positions are
    /// mapped back to bytes by re-tokenising the one document, which is cheaper than storing offsets for all.
    private func matchRanges(
        _ leaves: [TermsPlan], document: UInt32, stored: StoredDocument, segment: SegmentReader
    ) throws(SearchError) -> [Range<Int>] {
        let bodyStart = FieldLayout.bodyStart(titleLength: segment.norms.titleLength(document))
        var spans: [TokenSpan] = []
        var text = stored.text
        text.withUTF8 { bytes in
            _ = analyzer.analyze(bytes, blocks: stored.blocks, firstPosition: bodyStart) { _, span in
                spans.append(span)
            }
        }
        func span(at position: UInt32) -> TokenSpan? {
            var low = 0, high = spans.count - 1
            while low <= high {
                let mid = (low + high) >> 1
                if spans[mid].position == position { return spans[mid] }
                if spans[mid].position < position { low = mid + 1 } else { high = mid - 1 }
            }
            return nil
        }
        var ranges: [Range<Int>] = []
        var lists: [[UInt32]] = []
        for leaf in leaves where leaf.scope != .title {
            lists.removeAll(keepingCapacity: true)
            for term in leaf.terms {
                let found: PostingsCursor?
                do {
                    found = try segment.postings(forTerm: term)
                } catch {
                    throw .index(error)
                }
                guard var cursor = found, cursor.advance(to: document) == document else { break }
                var positions: [UInt32] = []
                cursor.readPositions(into: &positions)
                if let corruption = cursor.corruption { throw .index(corruption) }
                lists.append(positions)
            }
            guard lists.count == leaf.terms.count else { continue }
            PhraseMatcher.forEachMatch(lists, offsets: Array(0..<lists.count), slop: leaf.slop) { start, end, _ in
                guard start >= bodyStart, let first = span(at: start), let last = span(at: end) else { return }
                ranges.append(first.start..<last.end)
            }
        }
        return ranges
    }
}

struct ScoredDocument {
    var score: Double
    var segment: Int
    var document: UInt32
}

/// A bounded binary heap whose root is the weakest of the best `capacity` hits seen so far.
struct TopHits {
    let capacity: Int
    let segments: [SegmentReader]
    private var heap: [ScoredDocument] = []

    init(capacity: Int, segments: [SegmentReader]) {
        self.capacity = capacity
        self.segments = segments
        heap.reserveCapacity(capacity)
    }

    /// Higher score first; equal scores in path order, so results never depend on how documents happened to be
    /// spread over segments. Paths come from the uncompressed file catalog, and only on exact ties.
    func ranksBefore(_ a: ScoredDocument, _ b: ScoredDocument) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if let pathA = try? segments[a.segment].catalog.pathBytes(a.document),
           let pathB = try? segments[b.segment].catalog.pathBytes(b.document), !pathA.elementsEqual(pathB) {
            return pathA.lexicographicallyPrecedes(pathB)
        }
        if a.segment != b.segment { return a.segment < b.segment }
        return a.document < b.document
    }

    mutating func offer(_ candidate: ScoredDocument) {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append(candidate)
            siftUp(heap.count - 1)
        } else if ranksBefore(candidate, heap[0]) {
            heap[0] = candidate
            siftDown(0)
        }
    }

    func sortedDescending() -> [ScoredDocument] {
        heap.sorted { ranksBefore($0, $1) }
    }

    /// Parent must rank after (be weaker than) its children.
    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard ranksBefore(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var weakest = parent
            if left < heap.count, ranksBefore(heap[weakest], heap[left]) { weakest = left }
            if right < heap.count, ranksBefore(heap[weakest], heap[right]) { weakest = right }
            if weakest == parent { return }
            heap.swapAt(parent, weakest)
            parent = weakest
        }
    }
}
