import GazetteEntities
import GazetteIndex
import GazetteSearch

/// The read side of Gazette for a program: one or more committed indexes opened as one corpus, and the questions
/// the CLI and the web page ask of it — ranked search, every mention of an entity, the entities ranked.
///
/// Statistics, entities and mentions are corpus-wide over all the indexes given, each index resolving its own
/// entities. The indexes are the commits that were current when the session opened; a program that wants a
/// newer commit opens a new session (opening maps files and reads manifests only).
public final class SearchSession {
    public let indexes: [IndexReader]
    private let searcher: Searcher
    private var directory: EntityDirectory?

    /// Opens each index folder once (a folder named twice is read once), in the order given.
    public init(indexFolders: [String], ranking: Ranking = Ranking()) throws(IndexError) {
        var readers: [IndexReader] = []
        var seen = Set<String>()
        for folder in indexFolders where seen.insert(folder).inserted {
            readers.append(try IndexReader(directory: folder))
        }
        indexes = readers
        searcher = Searcher(indexes: readers, ranking: ranking)
    }

    /// A session over indexes already open (`IndexReader` is Sendable, a session is not: a server shares the
    /// readers and opens a session per request), with the entity directory gathered by an earlier session over
    /// the same readers, if any.
    public init(indexes: [IndexReader], ranking: Ranking = Ranking(), directory: EntityDirectory? = nil) {
        self.indexes = indexes
        searcher = Searcher(indexes: indexes, ranking: ranking)
        self.directory = directory
    }

    public var ranking: Ranking { searcher.ranking }

    /// Parses, plans and runs `query`: hits ranked by BM25F with snippets, the total count and any notices.
    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws(SearchError) -> SearchResult {
        try searcher.search(query, options: options)
    }

    /// Every entity `name` refers to — its canonical name or any form it was written as — of one of `types` when
    /// any are given, with every live document that mentions it and each mention in its sentence.
    /// Only the first `documentLimit` documents of each entity are read for their mentions in context; the
    /// counts cover them all.
    public func mentions(
        of name: String, types: Set<EntityType> = [], documentLimit: Int = .max
    ) throws(IndexError) -> MentionsReport {
        try MentionsReport.find(name, types: Set(types.map(\.rawValue)), in: indexes, documentLimit: documentLimit)
    }

    /// The corpus's entities (of one of `types` when any are given), most documents first, as the corpus
    /// resolves them.
    public func entities(types: Set<EntityType> = []) throws(IndexError) -> [EntityDirectory.Entity] {
        let all = try entityDirectory().entities
        guard !types.isEmpty else { return all }
        let names = Set(types.map(\.rawValue))
        return all.filter { names.contains($0.type) }
    }

    /// The `limit` entities (of one of `types` when any are given) in most documents, as the corpus resolves
    /// them, and how many there are: for a program that shows the first few, without gathering them all.
    public func rankedEntities(
        types: Set<EntityType> = [], limit: Int
    ) throws(IndexError) -> (entities: [EntityDirectory.Entity], total: Int) {
        if let directory {
            let names = Set(types.map(\.rawValue))
            let all = directory.entities.filter { names.isEmpty || names.contains($0.type) }
            return (Array(all.prefix(limit)), all.count)
        }
        return try EntityDirectory.ranked(types: types, limit: limit, in: indexes)
    }

    /// The stored document at `path` (in the index folder `index` when given), with its entities as the corpus
    /// resolves them and, for `query`, the query's matches; nil when no live document has that path. The path is
    /// looked up in the indexes' file catalogs, never on disk.
    public func document(path: String, index: String? = nil, query: String? = nil) throws(SearchError) -> DocumentView? {
        guard let location = try searcher.locate(path: path, index: index) else { return nil }
        return try searcher.documentView(at: location, query: query)
    }

    /// The entities of `types` (PERSON, ORG, PLACE and NORP unless given), publication periods, sources and
    /// folders of every document `query` matches, each with its count of matching documents; names as the
    /// corpus resolves them and `entities` spells them.
    public func facets(
        _ query: String, types: [String] = ["PERSON", "ORG", "PLACE", "NORP"], perGroup: Int = 10
    ) throws(SearchError) -> FacetReport {
        try searcher.facets(query, types: types, perGroup: perGroup)
    }

    /// One entity's page: the entity `name` refers to (of `type` when given; the one in most documents when it
    /// refers to several, the others listed), its documents with each mention in context from `offset` on (at
    /// most `limit` documents), and the entities most strongly named with it.
    public func entity(
        name: String, type: EntityType? = nil, offset: Int = 0, limit: Int = 20, coMentionLimit: Int = 20
    ) throws(IndexError) -> EntityReport? {
        let directory = try entityDirectory()
        let candidates = directory.resolve(name, type: type?.rawValue)
        guard let entity = candidates.first else { return nil }
        let start = max(0, offset)
        let (page, documentCount, mentionCount) = try directory.mentions(
            of: entity, offsets: start..<(start + min(max(0, limit), Int.max - start)))
        let coMentioned = try directory.coMentions(of: entity, minimumShared: 2, limit: coMentionLimit)
        return EntityReport(
            query: name, entity: entity, others: Array(candidates.dropFirst()), documentCount: documentCount,
            mentionCount: mentionCount, offset: min(start, documentCount), documents: page,
            coMentioned: coMentioned)
    }

    /// The entities named with the one `name` refers to (of `type` when given; the one in most documents when
    /// it refers to several), in at least `minimumShared` of its documents, strongest association first.
    public func related(
        to name: String, type: EntityType? = nil, minimumShared: Int = 2, limit: Int = 20
    ) throws(IndexError) -> RelatedReport? {
        try RelatedReport.find(name, type: type, minimumShared: minimumShared, limit: limit, in: indexes)
    }

    /// The entity directory, gathered now if no call has needed it yet, for a program that keeps it between
    /// sessions over the same readers (`init(indexes:ranking:directory:)`).
    public func gatheredEntityDirectory() throws(IndexError) -> EntityDirectory {
        try entityDirectory()
    }

    /// Gathered on first use: a search alone never reads every segment's entity directory.
    private func entityDirectory() throws(IndexError) -> EntityDirectory {
        if let directory { return directory }
        let gathered = try EntityDirectory(indexes: indexes)
        directory = gathered
        return gathered
    }
}
