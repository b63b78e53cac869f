/// One ranked document, ready to be rendered.
public struct SearchHit: Sendable, Equatable {
    public var rank: Int
    public var path: String
    /// The document's title, or nil when it has none (renderers fall back to the file name).
    public var title: String?
    public var score: Double
    public var snippet: Snippet

    public init(rank: Int, path: String, title: String?, score: Double, snippet: Snippet) {
        self.rank = rank
        self.path = path
        self.title = title
        self.score = score
        self.snippet = snippet
    }
}

/// The outcome of one query: the top hits and how many documents matched in all.
public struct SearchResult: Sendable, Equatable {
    public var query: String
    public var total: Int
    public var hits: [SearchHit]

    public init(query: String, total: Int, hits: [SearchHit]) {
        self.query = query
        self.total = total
        self.hits = hits
    }
}
