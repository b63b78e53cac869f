import GazetteIndex

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
    /// The document's file: its path joined to the corpus folder the index records (nil for an index that
    /// records none, or when the document was not read).
    public var file: String?
    /// The score broken down (`SearchOptions.explain`).
    public var explanation: ScoreExplanation?
    /// Publication date, author and source as stored (empty when the hit's document was not read: `--paths`).
    public var metadata: ArticleMetadata = .none
    /// The entities the document names, as the corpus resolves them, in order of first mention (only with
    /// `SearchOptions.listsEntities`, and when the document was read).
    public var entities: [EntityName] = []

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
    /// Non-fatal remarks about the query, for stderr and JSON's `"notices"`: a prefix expansion that hit its cap,
    /// a type filter that found the name under another type only, entity highlights shown as recognised.
    public var notices: [String]
    /// The query as parsed, in canonical syntax with explicit operators (`--explain`), whether or not it matched.
    public var parsedQuery: String?

    public init(query: String, total: Int, hits: [SearchHit], offset: Int = 0, notices: [String] = []) {
        self.query = query
        self.total = total
        self.hits = hits
        self.offset = offset
        self.notices = notices
    }
}

/// An entity as a hit lists it: its canonical name and type.
public struct EntityName: Sendable, Equatable, Hashable {
    public var name: String
    public var type: String

    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }
}
