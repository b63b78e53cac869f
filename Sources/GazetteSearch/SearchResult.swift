/// One ranked document, ready to be rendered.
public struct SearchHit: Sendable, Equatable {
    public var rank: Int
    public var path: String
    /// The document's title, or nil when it has none (renderers fall back to the file name).
    public var title: String?
    public var score: Double
    /// The best snippet (empty when snippets were not asked for); the first of `snippets` in document order is
    /// not necessarily the best, this one is.
    public var snippet: Snippet
    /// Up to `SearchOptions.snippets` non-overlapping snippets, in document order.
    public var snippets: [Snippet]
    /// The folder of the index the hit comes from, when several indexes were searched together.
    public var index: String?
    /// The score broken down (`SearchOptions.explain`).
    public var explanation: ScoreExplanation?

    public init(
        rank: Int, path: String, title: String?, score: Double, snippet: Snippet, snippets: [Snippet]? = nil,
        index: String? = nil, explanation: ScoreExplanation? = nil
    ) {
        self.rank = rank
        self.path = path
        self.title = title
        self.score = score
        self.snippet = snippet
        self.snippets = snippets ?? [snippet]
        self.index = index
        self.explanation = explanation
    }
}

/// The outcome of one query: the hits asked for and how many documents matched in all.
public struct SearchResult: Sendable, Equatable {
    public var query: String
    public var total: Int
    public var hits: [SearchHit]
    /// Hits skipped before the first one shown (`--offset`): `hits[0].rank == offset + 1`.
    public var offset: Int

    public init(query: String, total: Int, hits: [SearchHit], offset: Int = 0) {
        self.query = query
        self.total = total
        self.hits = hits
        self.offset = offset
    }
}

/// What to compute for one query besides the ranking itself.
public struct SearchOptions: Sendable, Equatable {
    /// Hits to return after skipping `offset` (0: count only; nothing is scored).
    public var limit: Int
    public var offset: Int
    /// Target length of a snippet in Unicode scalars.
    public var snippetWidth: Int
    /// Snippets per hit (0: none).
    public var snippets: Int
    public var explain: Bool
    /// False reads no stored document at all: paths come from the file catalog, titles are nil, no snippets.
    public var readsDocuments: Bool

    public init(
        limit: Int = 10, offset: Int = 0, snippetWidth: Int = 200, snippets: Int = 1, explain: Bool = false,
        readsDocuments: Bool = true
    ) {
        self.limit = max(0, limit)
        self.offset = max(0, offset)
        self.snippetWidth = snippetWidth
        self.snippets = max(0, snippets)
        self.explain = explain
        self.readsDocuments = readsDocuments
    }
}
