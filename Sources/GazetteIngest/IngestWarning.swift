/// A problem below the corpus root that did not stop the run: the file or folder is left out of the index
/// (`skipped`), or used only in part.
public struct IngestWarning: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var skipped: Bool

    public init(path: String, reason: String, skipped: Bool = true) {
        self.path = path
        self.reason = reason
        self.skipped = skipped
    }

    public var description: String { "warning: " + (skipped ? "skipped " : "") + "\(path): \(reason)" }
}
