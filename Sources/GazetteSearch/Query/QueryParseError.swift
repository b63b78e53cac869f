/// Why a query could not be parsed, and where.
public struct QueryParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based column in Unicode scalars, i.e. in characters as the user typed them (a combining accent counts).
    public var column: Int
    public var message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "query column \(column): \(message)" }
}
