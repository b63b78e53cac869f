import GazetteIndex

/// Why a search could not run. Query problems carry the column the user should look at.
public enum SearchError: Error, Sendable, Equatable, CustomStringConvertible {
    case query(QueryParseError)
    case index(IndexError)

    public var description: String {
        switch self {
        case .query(let error): error.description
        case .index(let error): error.description
        }
    }
}
