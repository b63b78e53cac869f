import Dispatch
import Synchronization
import GazetteAnalysis
import GazetteEntities
import GazetteIndex

/// Runs queries against one or more open indexes as if they were one: plan, match document-at-a-time per
/// segment, keep the top k in a heap, then build snippets (and explanations) for the hits only.
///
/// Statistics are corpus-wide — document count, document frequencies and average field lengths are summed over
/// every segment of every index — so a document scores the same whichever index holds it, and hits from
/// several indexes merge into one ranking.
public final class Searcher {
    public let indexes: [IndexReader]
    public let ranking: Ranking
    public var bm25: BM25 { ranking.bm25 }
    let corpus: SearchCorpus
    let statistics: CorpusStatistics
    /// Tokenises the one document a `document(...)` view shows; the hits of a search each make their own.
    var analyzer = Analyzer()
    /// By segment index, made by the first query that scores in the segment (`scorer(forSegment:)`).
    private var inverseNorms: [InverseLengthNorms?]

    public init(indexes: [IndexReader], ranking: Ranking = Ranking()) {
        self.indexes = indexes
        self.ranking = ranking
        corpus = SearchCorpus(indexes: indexes)
        statistics = CorpusStatistics(segments: corpus.segments)
        inverseNorms = Array(repeating: nil, count: corpus.segments.count)
    }

    /// BM25F for the documents of segment `index`, with the corpus-wide statistics.
    func scorer(forSegment index: Int) -> DocumentScorer {
        let segment = corpus.segments[index]
        let inverse: InverseLengthNorms
        if let made = inverseNorms[index] {
            inverse = made
        } else {
            inverse = InverseLengthNorms(norms: segment.norms, ranking: ranking, statistics: statistics)
            inverseNorms[index] = inverse
        }
        return DocumentScorer(norms: segment.norms, ranking: ranking, statistics: statistics, inverseNorms: inverse)
    }

    public convenience init(index: IndexReader, ranking: Ranking = Ranking()) {
        self.init(indexes: [index], ranking: ranking)
    }

    /// Documents in all indexes, deleted ones included (the N of idf).
    public var documentCount: Int { corpus.documentCount }

    public func search(_ queryText: String, limit: Int = 10, snippetWidth: Int = 200) throws(SearchError) -> SearchResult {
        try search(queryText, options: SearchOptions(limit: limit, snippetWidth: snippetWidth))
    }

    public func search(_ queryText: String, options: SearchOptions) throws(SearchError) -> SearchResult {
        let parsed: QueryNode
        do {
            parsed = try QueryParser.parse(queryText)
        } catch {
            throw .query(error)
        }
        let deadline = options.timeLimit.map { ContinuousClock.now + $0 }
        func checkTime() throws(SearchError) {
            if let deadline, let limit = options.timeLimit, ContinuousClock.now > deadline { throw .timeLimit(limit) }
        }
        var planner = SearchPlanner(index: corpus)
        planner.deadline = deadline
        let plan: SearchPlan
        do {
            plan = try planner.plan(parsed)
        } catch .timeLimit {
            throw .timeLimit(options.timeLimit ?? .zero)
        }
        try checkTime()
        var notices = planner.notices

        let (capacity, overflow) = options.offset.addingReportingOverflow(options.limit)
        var heap = TopHits(capacity: overflow ? Int.max : capacity, segments: corpus.segments, sort: options.sort)
        var total = 0
        let clock = QueryDeadline(deadline: deadline, limit: options.timeLimit)
        if options.threads > 1 && corpus.segments.count > 1 {
            // Every segment's match tree first: a query that reads many documents walks its segments at once,
            // a core each, into heaps of their own, merged after (the same hits and total: scores do not depend
            // on the segment, and ties are broken by path).
            var walks: [SegmentWalk] = []
            for (segmentIndex, segment) in corpus.segments.enumerated() {
                let root = try instantiate(plan, in: segment, scorer: scorer(forSegment: segmentIndex))
                let days = options.sort == .score || heap.capacity == 0 ? [] : try Self.publicationDays(of: segment)
                walks.append(SegmentWalk(
                    index: segmentIndex, segment: segment, root: root, days: days,
                    heap: TopHits(capacity: heap.capacity, segments: corpus.segments, sort: options.sort)))
            }
            // A term's own walk (`PhraseNode.collectTerm`) is cheap enough per document that a heap of its own per
            // segment, without the threshold the segments before it raised, costs more than a second core saves.
            let isTerm = (walks.first?.root as? PhraseNode)?.isSingleTerm ?? false
            let work = walks.reduce(0) { $0 &+ $1.root.cost }
            if work >= options.parallelWork && !(isTerm && options.sort == .score) {
                let segmentWalks = walks
                let shared = SharedThreshold()
                DispatchQueue.concurrentPerform(iterations: segmentWalks.count) { number in
                    let walk = segmentWalks[number]
                    do throws(SearchError) {
                        try Self.walk(
                            walk.root, in: walk.segment, index: walk.index, days: walk.days, sort: options.sort,
                            heap: &walk.heap, total: &walk.total, clock: clock, shared: shared)
                    } catch {
                        walk.error = error
                    }
                }
                for walk in walks {
                    if let error = walk.error { throw error }
                    if let corruption = walk.heap.corruption { throw .index(corruption) }
                    total += walk.total
                    for scored in walk.heap.kept { heap.offer(scored) }
                }
            } else {
                for walk in walks {
                    try Self.walk(
                        walk.root, in: walk.segment, index: walk.index, days: walk.days, sort: options.sort,
                        heap: &heap, total: &total, clock: clock)
                }
            }
        } else {
            for (segmentIndex, segment) in corpus.segments.enumerated() {
                let root = try instantiate(plan, in: segment, scorer: scorer(forSegment: segmentIndex))
                let days = options.sort == .score || heap.capacity == 0 ? [] : try Self.publicationDays(of: segment)
                try Self.walk(
                    root, in: segment, index: segmentIndex, days: days, sort: options.sort, heap: &heap, total: &total,
                    clock: clock)
            }
        }

        let ranked = heap.sortedDescending()
        if let corruption = heap.corruption { throw .index(corruption) }
        let shown = ranked.enumerated().filter { $0.offset >= options.offset }
        // Explanations instantiate the plan again, through the searcher's per-segment caches: one thread, first.
        var explanations = [ScoreExplanation?](repeating: nil, count: shown.count)
        if options.explain {
            for (index, (_, scored)) in shown.enumerated() {
                explanations[index] = try explain(plan, document: scored.document, segment: scored.segment)
            }
        }
        let maker = HitMaker(searcher: self, plan: plan, options: options)
        var hits: [SearchHit] = []
        hits.reserveCapacity(shown.count)
        let threads = maker.threads(forHits: shown.count)
        if threads == 1 {
            var analyzer: Analyzer?
            for (index, (rank, scored)) in shown.enumerated() {
                let (hit, notice) = try maker.make(
                    rank: rank, scored: scored, explanation: explanations[index], analyzer: &analyzer)
                if let notice, !notices.contains(notice) { notices.append(notice) }
                hits.append(hit)
            }
        } else {
            let made = ParallelWork.map(count: shown.count, threads: threads, state: { Analyzer?.none }) { analyzer, index in
                let (rank, scored) = shown[index]
                return maker.hit(rank: rank, scored: scored, explanation: explanations[index], analyzer: &analyzer)
            }
            for outcome in made {
                let (hit, notice) = try outcome.get()
                if let notice, !notices.contains(notice) { notices.append(notice) }
                hits.append(hit)
            }
        }
        if total == 0 { notices += try planner.suggestions() }
        var result = SearchResult(query: queryText, total: total, hits: hits, offset: options.offset, notices: notices)
        if options.explain { result.parsedQuery = parsed.description }
        return result
    }

    /// Walks one segment's matches: every live one counted into `total`, and those that can still make the top
    /// k scored into `heap`. A document whose best possible score cannot beat the weakest of a full heap is not
    /// scored exactly: its positions are never read. (The margin covers rounding.) Segments walked at once
    /// share the weakest score of every full heap (`shared`): k hits of some segment beat it, so a document
    /// that cannot is in no top k either.
    private static func walk(
        _ root: MatchNode, in segment: SegmentReader, index segmentIndex: Int, days: [Int32], sort: SearchSort,
        heap: inout TopHits, total: inout Int, clock: QueryDeadline, shared: SharedThreshold? = nil
    ) throws(SearchError) {
        if sort == .score, heap.capacity > 0, let term = root as? PhraseNode, term.isSingleTerm {
            try term.collectTerm(in: segment, segmentIndex: segmentIndex, into: &heap, total: &total, checkTime: clock.check)
            if let corruption = root.corruption { throw .index(corruption) }
            return
        }
        var doc = root.next()
        var visited = 0
        var bound = BoundGate()
        while doc != PostingsCursor.exhausted {
            visited += 1
            if visited & 4095 == 0 { try clock.check() }
            if !segment.isDeleted(doc) {
                total += 1
                if heap.capacity > 0 {
                    var floor = -Double.infinity
                    if sort == .score {
                        if let weakest = heap.weakestIfFull { floor = weakest.score }
                        if let shared { floor = max(floor, shared.value) }
                    }
                    let exact: Double
                    if floor > -.infinity {
                        if bound.shouldAsk(), bound.record(ruledOut: root.maxScore() * (1 + 1e-9) + 1e-12 < floor) {
                            doc = root.next()
                            continue
                        }
                        guard let bounded = root.score(beating: floor) else {
                            doc = root.next()
                            continue
                        }
                        exact = bounded
                    } else {
                        exact = root.score()
                    }
                    var scored = ScoredDocument(score: exact, segment: segmentIndex, document: doc)
                    if !days.isEmpty { scored.day = days[Int(doc)] }
                    heap.offer(scored)
                    if let shared, sort == .score, let weakest = heap.weakestIfFull { shared.raise(to: weakest.score) }
                }
            }
            doc = root.next()
        }
        if let corruption = root.corruption { throw .index(corruption) }
    }

    /// Each document's publication day as YYYYMMDD (-1 without one), from the segment's day terms: a few
    /// thousand distinct days at most, each a short postings list.
    static func publicationDays(of segment: SegmentReader) throws(SearchError) -> [Int32] {
        var days = [Int32](repeating: -1, count: segment.documentCount)
        let prefixLength = MetadataTerm.dayPrefix.utf8.count
        for (term, info) in try segment.terms(startingWith: MetadataTerm.dayPrefix) {
            var value: Int32 = 0
            for byte in term.dropFirst(prefixLength) where byte != UInt8(ascii: "-") {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { value = -1; break }
                value = value &* 10 &+ Int32(byte - UInt8(ascii: "0"))
            }
            guard value > 0 else { continue }
            var cursor = segment.postings(info)
            while cursor.next() != PostingsCursor.exhausted {
                if Int(cursor.document) < days.count { days[Int(cursor.document)] = value }
            }
            if let corruption = cursor.corruption { throw .index(corruption) }
        }
        return days
    }

    /// The distinct entities of a document's spans as `resolution` resolves them (ignored ones left out), in
    /// order of first mention; each (type, canonical) pair of the record's name table is resolved once.
    static func entityNames(_ spans: StoredEntitySpanList, resolution: EntityRedirects) -> [EntityName] {
        var seenPairs = Set<Int64>()
        var seen = Set<EntityName>()
        var names: [EntityName] = []
        for entry in spans.entries {
            let canonical = spans.names[Int(entry.canonical)]
            guard !canonical.isEmpty, seenPairs.insert(Int64(entry.type) << 32 | Int64(entry.canonical)).inserted
            else { continue }
            let identity = EntityIdentity(type: spans.names[Int(entry.type)], canonical: canonical)
            guard let target = resolution.resolve(identity) else { continue }
            let name = EntityName(name: target.canonical, type: target.type)
            if seen.insert(name).inserted { names.append(name) }
        }
        return names
    }

    /// The score of one document broken down, from the plan instantiated again on its segment.
    private func explain(_ plan: SearchPlan, document: UInt32, segment index: Int) throws(SearchError) -> ScoreExplanation {
        let root = try instantiate(plan, in: corpus.segments[index], scorer: scorer(forSegment: index))
        guard root.advance(to: document) == document else {
            if let corruption = root.corruption { throw .index(corruption) }
            return ScoreExplanation(value: 0, label: "no match", kind: "sum")
        }
        return root.explain()
    }

    func instantiate(_ plan: SearchPlan, in segment: SegmentReader, scorer: DocumentScorer) throws(SearchError) -> MatchNode {
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
            var exclusions: [[PostingsCursor]] = []
            for terms in leaf.exclusions {
                var excluded: [PostingsCursor] = []
                for term in terms {
                    do {
                        if let cursor = try segment.postings(forTerm: term) { excluded.append(cursor) }
                    } catch {
                        throw .index(error)
                    }
                }
                exclusions.append(excluded)
            }
            let node = PhraseNode(
                cursors: cursors, offsets: Array(0..<cursors.count), scope: leaf.scope, slop: leaf.slop,
                idf: leaf.idf, scorer: scorer, exclusions: exclusions)
            node.label = leaf.label
            return node
        case .entity(let entity):
            var counts: [UInt32: Double] = [:]
            do {
                for postings in entity.postings[ObjectIdentifier(segment)] ?? [] {
                    try segment.entityIndex.forEachDocument(of: postings) { document, mentions in
                        counts[document, default: 0] += Double(mentions)
                    }
                }
            } catch {
                throw .index(error)
            }
            let documents = counts.keys.sorted()
            let node = EntityNode(documents: documents, mentions: documents.map { counts[$0]! }, idf: entity.idf, scorer: scorer)
            node.label = entity.entities.map { "\($0.type) \($0.canonical)" }.sorted().joined(separator: " | ")
            return node
        case .metadata(let filter):
            var documents: [UInt32] = []
            for term in filter.terms {
                let found: PostingsCursor?
                do {
                    found = try segment.postings(forTerm: term)
                } catch {
                    throw .index(error)
                }
                guard var cursor = found else { continue }
                while cursor.next() != PostingsCursor.exhausted { documents.append(cursor.document) }
                if let corruption = cursor.corruption { throw .index(corruption) }
            }
            if filter.terms.count > 1 {
                documents.sort()
                documents = documents.uniquedSorted()
            }
            let node = DocumentSetNode(documents: documents)
            node.label = filter.label
            return node
        case .and(let required, let excluded):
            var requiredNodes: [MatchNode] = [], excludedNodes: [MatchNode] = []
            var words: [PhraseNode] = [], wordTerms: [String] = []
            for child in required {
                let node = try instantiate(child, in: segment, scorer: scorer)
                requiredNodes.append(node)
                if case .terms(let leaf) = child, leaf.isBareWord, let word = node as? PhraseNode, word.isSingleTerm {
                    words.append(word)
                    wordTerms.append(leaf.terms[0])
                }
            }
            for child in excluded { excludedNodes.append(try instantiate(child, in: segment, scorer: scorer)) }
            let proximity = ProximityScorer(words: words, terms: wordTerms, scorer: scorer)
            return ConjunctionNode(required: requiredNodes, excluded: excludedNodes, proximity: proximity)
        case .or(let children):
            var nodes: [MatchNode] = []
            for child in children { nodes.append(try instantiate(child, in: segment, scorer: scorer)) }
            return DisjunctionNode(children: nodes)
        }
    }

    /// Byte ranges in the stored body text of every instance of the query's positive leaves. Positions are
    /// mapped back to bytes by re-tokenising the one document, which is cheaper than storing offsets for all.
    func matchRanges(
        _ leaves: [TermsPlan], document: UInt32, stored: LazyStoredDocument, segment: SegmentReader,
        analyzer: inout Analyzer
    ) throws(SearchError) -> [Range<Int>] {
        let bodyStart = FieldLayout.bodyStart(titleLength: segment.norms.titleLength(document))
        // First the instances, as positions, from the postings.
        var instances: [(start: UInt32, end: UInt32)] = []
        var lists: [[UInt32]] = []
        for leaf in leaves where leaf.scope != .title {
            lists.removeAll(keepingCapacity: true)
            for (index, term) in leaf.terms.enumerated() {
                guard var positions = try positions(of: term, in: document, segment: segment) else { break }
                for excluded in index < leaf.exclusions.count ? leaf.exclusions[index] : [] {
                    if let found = try self.positions(of: excluded, in: document, segment: segment) {
                        PositionLists.subtract(found, from: &positions)
                    }
                }
                lists.append(positions)
            }
            guard lists.count == leaf.terms.count else { continue }
            PhraseMatcher.forEachMatch(lists, offsets: Array(0..<lists.count), slop: leaf.slop) { start, end, _ in
                if start >= bodyStart { instances.append((start, end)) }
            }
        }
        guard !instances.isEmpty else { return [] }

        // Then the byte spans of just those positions: the text is tokenised block by block and only as far as the
        // last position needed, keeping no span it does not need.
        var needed: [UInt32] = []
        needed.reserveCapacity(instances.count * 2)
        for instance in instances {
            needed.append(instance.start)
            if instance.end != instance.start { needed.append(instance.end) }
        }
        // A single word's or a phrase's instances come in order; only several phrases' interleave.
        if !Self.isAscending(needed) { needed.sort() }
        var unique = 0
        for value in needed where unique == 0 || needed[unique - 1] != value {
            needed[unique] = value
            unique += 1
        }
        needed.removeLast(needed.count - unique)
        var spans = [Range<Int>?](repeating: nil, count: needed.count)
        do {
            if stored.blocks.hasTokenCounts {
                try locateByBlock(needed, in: stored, bodyStart: bodyStart, into: &spans, analyzer: &analyzer)
            } else {
                try locateByScanning(needed, in: stored, bodyStart: bodyStart, into: &spans, analyzer: &analyzer)
            }
        } catch {
            throw .index(error)
        }
        func span(at position: UInt32) -> Range<Int>? {
            var low = 0, high = needed.count - 1
            while low <= high {
                let mid = (low + high) >> 1
                if needed[mid] == position { return spans[mid] }
                if needed[mid] < position { low = mid + 1 } else { high = mid - 1 }
            }
            return nil
        }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(instances.count)
        for instance in instances {
            guard let first = span(at: instance.start), let last = span(at: instance.end) else { continue }
            ranges.append(first.lowerBound..<last.upperBound)
        }
        return ranges
    }

    /// The term's positions in the document, or nil when it does not occur there.
    private func positions(of term: String, in document: UInt32, segment: SegmentReader) throws(SearchError) -> [UInt32]? {
        let found: PostingsCursor?
        do {
            found = try segment.postings(forTerm: term)
        } catch {
            throw .index(error)
        }
        guard var cursor = found, cursor.advance(to: document) == document else { return nil }
        var positions: [UInt32] = []
        cursor.readPositions(into: &positions)
        if let corruption = cursor.corruption { throw .index(corruption) }
        return positions
    }

    private static func isAscending(_ values: [UInt32]) -> Bool {
        var i = 1
        while i < values.count {
            if values[i - 1] > values[i] { return false }
            i += 1
        }
        return true
    }

    /// With the stored token count of every block, each needed position's block is found by arithmetic and only
    /// those blocks are tokenised — a match deep in a long document costs one paragraph, not the document. The
    /// blocks are read in order up to the one holding the last needed position (`needed` is sorted); a position
    /// between two blocks (past its block's last token, in the gap before the next) is in none and has no span.
    private func locateByBlock(
        _ needed: [UInt32], in stored: LazyStoredDocument, bodyStart: UInt32, into spans: inout [Range<Int>?],
        analyzer: inout Analyzer
    ) throws(IndexError) {
        var next = 0
        var failure: IndexError?
        try stored.blocks.forEachBlock(holding: needed, bodyStart: bodyStart, gap: Analyzer.blockPositionGap) { range, first in
            do throws(IndexError) {
                try stored.text.ensure(range)
            } catch {
                failure = error
                return false
            }
            while next < needed.count, needed[next] < first { next += 1 }
            stored.text.withUnsafeBufferPointer { bytes in
                _ = analyzer.analyze(bytes, blocks: [range], firstPosition: first) { _, span in
                    while next < needed.count, needed[next] < span.position { next += 1 }
                    if next < needed.count, needed[next] == span.position {
                        spans[next] = span.start..<span.end
                        next += 1
                    }
                }
            }
            return true
        }
        if let failure { throw failure }
    }

    /// Without token counts (documents stored before they were recorded), tokenise from the start of the body
    /// as far as the last needed position.
    private func locateByScanning(
        _ needed: [UInt32], in stored: LazyStoredDocument, bodyStart: UInt32, into spans: inout [Range<Int>?],
        analyzer: inout Analyzer
    ) throws(IndexError) {
        var next = 0
        let blocks = try stored.blocks.ranges()
        try stored.text.ensure(0..<stored.text.count)
        stored.text.withUnsafeBufferPointer { bytes in
            var position = bodyStart
            var emitted = false
            var blockIndex = 0
            var chunk = 8
            while blockIndex < blocks.count, next < needed.count {
                let upper = min(blockIndex + chunk, blocks.count)
                // As one call over all blocks would: a gap before a block once some earlier block had tokens.
                let first = emitted ? position.saturatingAdd(Analyzer.blockPositionGap) : position
                let end = analyzer.analyze(bytes, blocks: Array(blocks[blockIndex..<upper]), firstPosition: first) { _, span in
                    while next < needed.count, needed[next] < span.position { next += 1 }
                    if next < needed.count, needed[next] == span.position {
                        spans[next] = span.start..<span.end
                        next += 1
                    }
                }
                if end != first {
                    emitted = true
                    position = end
                }
                blockIndex = upper
                chunk = min(chunk * 2, 256)
            }
        }
    }
}

/// The highest weakest score of the full heaps of segments walked at once: a document that cannot beat it is in
/// no top k. Scores are not negative, so their bit patterns order as they do; 0 stands for none yet.
final class SharedThreshold: Sendable {
    private let bits = Atomic<UInt64>(0)

    var value: Double {
        let pattern = bits.load(ordering: .relaxed)
        return pattern == 0 ? -.infinity : Double(bitPattern: pattern)
    }

    func raise(to score: Double) {
        guard score > 0 else { return }
        let wanted = score.bitPattern
        var current = bits.load(ordering: .relaxed)
        while wanted > current {
            let (exchanged, original) = bits.compareExchange(expected: current, desired: wanted, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}

/// When a query must give up (`SearchOptions.timeLimit`), checked by every thread that walks its segments.
struct QueryDeadline: Sendable {
    let deadline: ContinuousClock.Instant?
    let limit: Duration?

    func check() throws(SearchError) {
        if let deadline, let limit, ContinuousClock.now > deadline { throw .timeLimit(limit) }
    }
}

/// One segment's part of a query whose segments are walked at once: its match tree, its documents' days when
/// hits go by date, and what walking it found. Unchecked Sendable: the tree and the heap are made by the query's
/// thread before the walk, used by the one thread that walks this segment, and read back by the query's
/// thread once every walk has returned (`DispatchQueue.concurrentPerform` returns after the last).
final class SegmentWalk: @unchecked Sendable {
    let index: Int
    let segment: SegmentReader
    let root: MatchNode
    let days: [Int32]
    var heap: TopHits
    var total = 0
    var error: SearchError?

    init(index: Int, segment: SegmentReader, root: MatchNode, days: [Int32], heap: TopHits) {
        self.index = index
        self.segment = segment
        self.root = root
        self.days = days
        self.heap = heap
    }
}

struct ScoredDocument {
    var score: Double
    var segment: Int
    var document: UInt32
    /// The publication day as YYYYMMDD, or -1 without one; set only when hits are sorted by date.
    var day: Int32 = -1
}

/// A bounded binary heap whose root is the weakest of the best `capacity` hits seen so far.
struct TopHits {
    let capacity: Int
    let segments: [SegmentReader]
    private var heap: [ScoredDocument] = []
    /// The first damaged catalog record met while breaking a tie. The order of the tied hits is then unknown,
    /// and the search reports the damage rather than guess. (A class, so that comparisons can note it.)
    private final class Damage {
        var error: IndexError?
    }
    private let damage = Damage()
    var corruption: IndexError? { damage.error }

    let sort: SearchSort

    init(capacity: Int, segments: [SegmentReader], sort: SearchSort = .score) {
        self.capacity = capacity
        self.segments = segments
        self.sort = sort
        heap.reserveCapacity(min(capacity, 1024))
    }

    /// The hits kept, in no order.
    var kept: [ScoredDocument] { heap }

    /// The weakest hit kept, once the heap is full: a candidate must beat it to get in.
    var weakestIfFull: ScoredDocument? {
        heap.count >= capacity ? heap.first : nil
    }

    /// Higher score first; equal scores in path order, so results never depend on how documents happened to be
    /// spread over segments. Paths come from the uncompressed file catalog, and only on exact ties. The common
    /// case, two scores that differ under a ranking by score, is decided inline (heap updates run per hit).
    @inline(__always)
    func ranksBefore(_ a: ScoredDocument, _ b: ScoredDocument) -> Bool {
        if sort == .score, a.score != b.score { return a.score > b.score }
        return ranksBeforeByDayOrPath(a, b)
    }

    private func ranksBeforeByDayOrPath(_ a: ScoredDocument, _ b: ScoredDocument) -> Bool {
        if sort != .score, a.day != b.day {
            // Undated documents last, in either direction.
            if a.day < 0 || b.day < 0 { return b.day < 0 }
            return sort == .date ? a.day < b.day : a.day > b.day
        }
        if a.score != b.score { return a.score > b.score }
        do {
            let pathA = try segments[a.segment].catalog.pathBytes(a.document)
            let pathB = try segments[b.segment].catalog.pathBytes(b.document)
            if !pathA.elementsEqual(pathB) { return pathA.lexicographicallyPrecedes(pathB) }
        } catch {
            if damage.error == nil { damage.error = error }
        }
        if a.segment != b.segment { return a.segment < b.segment }
        return a.document < b.document
    }

    mutating func offer(_ candidate: ScoredDocument) {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append(candidate)
            siftUp(heap.count - 1)
        } else if precedes(candidate, heap[0]) {
            heap[0] = candidate
            siftDown(0)
        }
    }

    /// `ranksBefore` for the heap's own updates: two scores that differ under a ranking by score decide without
    /// a call. Calling a method of `self` from a mutating one copies `self` (its three references retained and
    /// released) at every comparison, and a query compares for every document it scores; only ties and
    /// rankings by date take that path.
    @inline(__always)
    private mutating func precedes(_ a: ScoredDocument, _ b: ScoredDocument) -> Bool {
        if sort == .score, a.score != b.score { return a.score > b.score }
        return ranksBefore(a, b)
    }

    func sortedDescending() -> [ScoredDocument] {
        heap.sorted { ranksBefore($0, $1) }
    }

    /// Parent must rank after (be weaker than) its children.
    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var weakest = parent
            if left < heap.count, precedes(heap[weakest], heap[left]) { weakest = left }
            if right < heap.count, precedes(heap[weakest], heap[right]) { weakest = right }
            if weakest == parent { return }
            heap.swapAt(parent, weakest)
            parent = weakest
        }
    }
}

private extension UInt32 {
    /// Positions stop at the last one instead of trapping: a damaged index's norms and token counts can put them
    /// anywhere (the analyzer stops there too).
    func saturatingAdd(_ other: UInt32) -> UInt32 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}

/// The entity spans of a hit that may overlap one snippet, as the corpus resolves them: "Qantas" as the ORG it is
/// across the corpus, an ignored name not at all. Found by binary search among the document's spans, each
/// (type, canonical) pair resolved once. The commit's redirects are read at the first name to resolve: a hit
/// whose snippets hold no entity (code, a table) never reads them, and they were a tenth of a one-shot search.
struct EntityHighlighter {
    let spans: StoredEntitySpanList
    private let corpus: SearchCorpus
    private let segment: Int
    private var resolution: EntityRedirects?
    /// Set when the commit's resolution file cannot be read: the highlights are then shown as recognised (the
    /// hits are no less right; entity filters, which depend on it, fail with the error instead).
    private(set) var notice: String?
    private var resolved: [Int64: (kind: String, entity: String)?] = [:]

    init(spans: StoredEntitySpanList, corpus: SearchCorpus, segment: Int) {
        self.spans = spans
        self.corpus = corpus
        self.segment = segment
    }

    /// The redirects of the commit holding the hit's segment, read once (none, with a notice, when damaged).
    mutating func redirects() -> EntityRedirects {
        if let resolution { return resolution }
        let read: EntityRedirects
        do {
            read = try corpus.redirects(ofSegment: segment)
        } catch {
            read = .none
            notice = "note: entity highlights are shown as recognised: \(error.description)"
        }
        resolution = read
        return read
    }

    mutating func spans(overlapping window: Range<Int>) -> [SnippetBuilder.EntitySpan] {
        var result: [SnippetBuilder.EntitySpan] = []
        var index = spans.firstIndex(endingAfter: window.lowerBound)
        while index < spans.count, spans.entries[index].range.lowerBound < window.upperBound {
            let entry = spans.entries[index]
            index += 1
            if let target = target(of: entry) { result.append((range: entry.range, kind: target.kind, entity: target.entity)) }
        }
        return result
    }

    private mutating func target(of entry: StoredEntitySpanList.Entry) -> (kind: String, entity: String)? {
        let pair = Int64(entry.type) << 32 | Int64(entry.canonical)
        if let known = resolved[pair] { return known }
        let type = spans.names[Int(entry.type)], canonical = spans.names[Int(entry.canonical)]
        var target: (kind: String, entity: String)?
        if canonical.isEmpty {
            target = (type, "")  // a span that names no entity (a date without a year): highlighted as it is
        } else if let resolved = redirects().resolve(EntityIdentity(type: type, canonical: canonical)) {
            target = (resolved.type, resolved.canonical)
        }
        resolved[pair] = .some(target)
        return target
    }
}
