/// A document as the index receives it: what ingest extracted, independent of where it came from.
public struct DocumentToIndex: Sendable, Equatable {
    /// Path relative to the corpus root; the document's identity.
    public var path: String
    public var title: String?
    /// Visible body text.
    public var text: String
    /// UTF-8 byte ranges of `text`'s blocks (paragraphs), in order. Phrases never span two blocks.
    public var blocks: [Range<Int>]

    public init(path: String, title: String?, text: String, blocks: [Range<Int>]) {
        self.path = path
        self.title = title
        self.text = text
        self.blocks = blocks
    }
}
