/// The searchable content of one file.
public struct ExtractedDocument: Sendable, Equatable {
    /// nil when the file has none.
    public var title: String?
    /// The visible body text. For plain text it is the file's decoded content unchanged, so offsets into it
    /// match the file; for HTML it is the blocks' collapsed text joined with "\n".
    public var text: String
    /// UTF-8 byte ranges into `text`: paragraphs/blocks in order, non-overlapping, non-empty. A phrase
    /// should never match across two of them.
    public var blocks: [Range<Int>]
    /// Publication date, author and outlet, where the document states them.
    public var metadata: DocumentMetadata

    public init(title: String?, text: String, blocks: [Range<Int>], metadata: DocumentMetadata = .none) {
        self.title = title
        self.text = text
        self.blocks = blocks
        self.metadata = metadata
    }

    public static let empty = ExtractedDocument(title: nil, text: "", blocks: [])
}

extension ExtractedDocument {
    /// The text of each block, mostly for tests and debugging.
    public var blockTexts: [String] {
        let utf8 = Array(text.utf8)
        return blocks.map { String(decoding: utf8[$0], as: UTF8.self) }
    }
}
