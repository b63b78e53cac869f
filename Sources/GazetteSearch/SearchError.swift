import GazetteIndex

/// Why a search could not run. Query problems carry the column the user should look at.
public enum SearchError: Error, Sendable, Equatable, CustomStringConvertible {
    case query(QueryParseError)
    case index(IndexError)
    /// The query ran past `SearchOptions.timeLimit`.
    case timeLimit(Duration)

    public var description: String {
        switch self {
        case .query(let error): error.description
        case .index(let error): error.description
        case .timeLimit(let limit):
            "the query took longer than \(limit.components.seconds) s and was stopped: narrow it (a phrase, fewer words with * or ~, a filter)"
        }
    }
}
