/// What identifies the content of a source file, so an incremental run can tell unchanged files from changed
/// ones without reading them: size and modification time first, the content hash to settle doubts.
public struct FileFingerprint: Sendable, Equatable {
    public var size: Int64
    public var modificationTimeNanoseconds: Int64
    public var contentHash: UInt64

    public init(size: Int64, modificationTimeNanoseconds: Int64, contentHash: UInt64) {
        self.size = size
        self.modificationTimeNanoseconds = modificationTimeNanoseconds
        self.contentHash = contentHash
    }
}

/// A document as the index receives it: what ingest extracted, independent of where it came from.
public struct DocumentToIndex: Sendable, Equatable {
    /// Path relative to the corpus root; the document's identity.
    public var path: String
    public var title: String?
    /// Visible body text.
    public var text: String
    /// UTF-8 byte ranges of `text`'s blocks (paragraphs), in order. Phrases never span two blocks.
    public var blocks: [Range<Int>]
    public var fingerprint: FileFingerprint

    public init(
        path: String, title: String?, text: String, blocks: [Range<Int>],
        fingerprint: FileFingerprint = FileFingerprint(size: 0, modificationTimeNanoseconds: 0, contentHash: 0)
    ) {
        self.path = path
        self.title = title
        self.text = text
        self.blocks = blocks
        self.fingerprint = fingerprint
    }
}
