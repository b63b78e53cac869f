#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// How hits are ordered; by date, documents without a date come last whichever the direction.
    public var sort: SearchSort = .score
    /// Whether each hit lists the entities its document names (`SearchHit.entities`): for JSON and the exports,
    /// not for a terminal or `--batch`, since resolving every span of a long document costs more than its snippet.
    public var listsEntities = false
    /// The longest a query may take before it is given up (`SearchError.timeLimit`); nil: no limit. A server
    /// sets one, so that a query that would read most of a large index answers with an error, not a hung worker.
    public var timeLimit: Duration?
    /// Segments walked at once, a core each, by a query that reads many documents (`parallelWork`), and threads
    /// that build the hits shown with snippets (`HitMaker`, from six hits); 1: one after the other. The hits and
    /// the total are the same either way.
    public var threads: Int = SearchOptions.cores
    /// The documents a query's leading terms name, over all its segments, from which its segments are walked at
    /// once: below it, handing segments to other threads costs more than it saves.
    public var parallelWork = 1024

    /// Cores online, as the system says when the process starts.
    public static let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

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

/// `--sort score|date|-date`.
public enum SearchSort: String, Sendable, Equatable, CaseIterable {
    /// Best match first.
    case score
    /// Oldest publication date first; equal days by score.
    case date
    /// Newest first; equal days by score.
    case newest = "-date"
}
