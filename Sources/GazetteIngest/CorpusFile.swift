/// One indexable file found by `CorpusWalker`. Size and modification time let an incremental index decide
/// whether the file changed without reading it.
public struct CorpusFile: Sendable, Equatable {
    /// Relative to the corpus root, "/"-separated, e.g. "energy/price-cap.html". A file reached through a
    /// symbolic link is named by the link's path, not the target's.
    public var relativePath: String
    public var absolutePath: String
    public var kind: DocumentKind
    public var size: Int64
    public var modificationTimeNanoseconds: Int64

    public init(relativePath: String, absolutePath: String, kind: DocumentKind, size: Int64,
                modificationTimeNanoseconds: Int64) {
        self.relativePath = relativePath
        self.absolutePath = absolutePath
        self.kind = kind
        self.size = size
        self.modificationTimeNanoseconds = modificationTimeNanoseconds
    }
}
