import GazetteAnalysis
import GazetteIndex

/// Builds the hits of a ranking — each document's stored fields, snippets and entity highlights — one ranked
/// document at a time, so that the hits of one search can be built on several threads at once (`ParallelWork`).
///
/// Unchecked Sendable: a hit reads only what the searcher never changes once made (the corpus of open segments,
/// whose readers serve any number of threads, and the indexes' entity redirects, made once under a lock), the
/// plan and the options, and it tokenises with the `Analyzer` its caller gives it, one per thread. Explanations,
/// which go through the searcher's per-segment caches, are made before, on one thread.
struct HitMaker: @unchecked Sendable {
    private let searcher: Searcher
    private let plan: SearchPlan
    private let options: SearchOptions
    private let builder: SnippetBuilder

    init(searcher: Searcher, plan: SearchPlan, options: SearchOptions) {
        self.searcher = searcher
        self.plan = plan
        self.options = options
        builder = SnippetBuilder(width: options.snippetWidth)
    }

    /// Threads worth building `count` hits on: a hit with a snippet reads and decompresses its document and
    /// tokenises the blocks around its matches, some tens of microseconds, against about as much to start a
    /// thread; without a stored document to read, a hit is a path and costs nothing.
    func threads(forHits count: Int) -> Int {
        guard options.readsDocuments, options.snippets > 0, count >= Self.hitsPerThread else { return 1 }
        return max(1, min(options.threads, count / Self.hitsPerThread))
    }

    /// Fewest hits a thread is started for.
    static let hitsPerThread = 3

    /// `make`, its error as a value, for a hit built on another thread.
    func hit(
        rank: Int, scored: ScoredDocument, explanation: ScoreExplanation?, analyzer: inout Analyzer?
    ) -> Result<(SearchHit, notice: String?), SearchError> {
        Result { () throws(SearchError) in try make(rank: rank, scored: scored, explanation: explanation, analyzer: &analyzer) }
    }

    /// The hit of the document ranked `rank` (from 0), and the notice it gives when the index's entity resolution
    /// is needed and cannot be read (its highlights are then shown as recognised). `analyzer` is made at the first
    /// hit whose matches are placed in its text (none is needed without snippets), then kept for the caller's next
    /// hits.
    func make(
        rank: Int, scored: ScoredDocument, explanation: ScoreExplanation?, analyzer: inout Analyzer?
    ) throws(SearchError) -> (SearchHit, notice: String?) {
        let corpus = searcher.corpus
        let segment = corpus.segments[scored.segment]
        let ownerIndex = searcher.indexes[corpus.owner(ofSegment: scored.segment)]
        let owner = searcher.indexes.count > 1 ? ownerIndex.directory.path : nil
        // The file on disk, when the index records the corpus folders its paths are relative to.
        let roots = CorpusRoots(ownerIndex.manifest.roots)
        guard options.readsDocuments else {
            let path: String
            do {
                path = try segment.catalog.path(scored.document)
            } catch {
                throw .index(error)
            }
            let empty = Snippet(text: "", highlights: [])
            var hit = SearchHit(
                rank: rank + 1, path: path, title: nil, score: scored.score, snippet: empty, snippets: [],
                index: owner, explanation: explanation)
            hit.file = roots.file(forStoredPath: path)
            return (hit, nil)
        }
        let stored: LazyStoredDocument
        do {
            stored = try segment.store.lazyDocument(scored.document)
        } catch {
            throw .index(error)
        }
        var highlighter = EntityHighlighter(spans: stored.entities, corpus: corpus, segment: scored.segment)
        let named = options.listsEntities ? Searcher.entityNames(stored.entities, resolution: highlighter.redirects()) : []
        guard options.snippets > 0 else {
            let empty = Snippet(text: "", highlights: [])
            var hit = SearchHit(
                rank: rank + 1, path: stored.path, title: stored.title, score: scored.score, snippet: empty,
                snippets: [], index: owner, explanation: explanation)
            hit.metadata = stored.metadata
            hit.entities = named
            hit.file = roots.file(forStoredPath: stored.path)
            return (hit, highlighter.notice)
        }
        if analyzer == nil { analyzer = Analyzer() }
        var matches = try searcher.matchRanges(
            plan.positiveLeaves, document: scored.document, stored: stored, segment: segment, analyzer: &analyzer!)
        let wanted = plan.positiveEntities
        if !wanted.isEmpty {
            let spans = stored.entities
            var isWanted: [Int64: Bool] = [:]
            for entry in spans.entries {
                let pair = Int64(entry.type) << 32 | Int64(entry.canonical)
                let found = isWanted[pair] ?? wanted.contains(EntityIdentity(
                    type: spans.names[Int(entry.type)], canonical: spans.names[Int(entry.canonical)]))
                isWanted[pair] = found
                if found { matches.append(entry.range) }
            }
        }
        let (snippets, best) = builder.buildRanked(
            text: stored.text, matches: matches, entitiesIn: { highlighter.spans(overlapping: $0) },
            count: options.snippets)
        if let failure = stored.text.failure { throw .index(failure) }
        let first = snippets.indices.contains(best) ? snippets[best] : Snippet(text: "", highlights: [])
        var hit = SearchHit(
            rank: rank + 1, path: stored.path, title: stored.title, score: scored.score, snippet: first,
            snippets: snippets, index: owner, explanation: explanation)
        hit.metadata = stored.metadata
        hit.entities = named
        hit.file = roots.file(forStoredPath: stored.path)
        return (hit, highlighter.notice)
    }
}
