import GazetteIndex

/// Why a search could not run. Query problems carry the column the user should look at.
public enum SearchError: Error, Sendable, Equatable, CustomStringConvertible {
    case query(QueryParseError)
    case index(IndexError)
    /// The query ran past `SearchOptions.timeLimit`.
    case timeLimit(Duration)
    /// The indexes searched together stem their words differently, so one word would be different terms in each.
    case mixedStemming(String)

    public var description: String {
        switch self {
        case .query(let error): error.description
        case .index(let error): error.description
        case .timeLimit(let limit):
            "the query took longer than \(limit.components.seconds) s and was stopped: narrow it (a phrase, fewer words with * or ~, a filter)"
        case .mixedStemming(let settings):
            "the indexes stem their words differently (\(settings)): search them one at a time, or re-index them with the same --stem"
        }
    }
}
