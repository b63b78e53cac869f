/// A problem below the corpus root that did not stop the walk: the file or folder is left out of the index.
public struct IngestWarning: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "warning: skipped \(path): \(reason)" }
}
