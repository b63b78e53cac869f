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

/// A named-entity mention as the index stores it. The index does not recognise entities itself (that is
/// GazetteEntities' job, run by the indexer); it keeps the spans for display and inverts them into entity
/// postings so queries can filter by entity.
public struct EntitySpan: Sendable, Equatable {
    /// UTF-8 byte range in the document's text.
    public var range: Range<Int>
    /// Token positions of the mention's first and last token, counted from the body's first token (0), i.e.
    /// as the analyzer numbers them with `firstPosition: 0`.
    public var positions: ClosedRange<UInt32>
    /// "PERSON", "ORG", "PLACE", …
    public var type: String
    /// The canonical name the mention resolves to, e.g. "Sergei Lavrov" for "Lavrov’s"; empty for a mention
    /// that names no entity (a date without a year), which is stored for highlighting only.
    public var canonical: String

    /// Whether the span names an entity, to be listed in the entity index.
    public var namesEntity: Bool { !canonical.isEmpty }

    public init(range: Range<Int>, positions: ClosedRange<UInt32>, type: String, canonical: String) {
        self.range = range
        self.positions = positions
        self.type = type
        self.canonical = canonical
    }
}

/// An entity mention as a stored document keeps it, for highlighting and `mentions`: where it is and what it
/// resolves to. (Token positions are not stored: merges recompute them from the text.)
public struct StoredEntitySpan: Sendable, Equatable {
    public var range: Range<Int>
    public var type: String
    /// Empty when the span names no entity (a date without a year).
    public var canonical: String

    public var namesEntity: Bool { !canonical.isEmpty }

    public init(range: Range<Int>, type: String, canonical: String) {
        self.range = range
        self.type = type
        self.canonical = canonical
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
    /// Entity mentions in `text`, sorted by range and not overlapping.
    public var entities: [EntitySpan]
    /// Tokens in each block, filled in by the segment builder as it analyses the text; stored so a snippet can
    /// find the block holding a position without tokenising the blocks before it.
    public var blockTokenCounts: [Int] = []
    /// Publication date, author and source, as far as the document says.
    public var metadata: ArticleMetadata

    public init(
        path: String, title: String?, text: String, blocks: [Range<Int>],
        fingerprint: FileFingerprint = FileFingerprint(size: 0, modificationTimeNanoseconds: 0, contentHash: 0),
        entities: [EntitySpan] = [], metadata: ArticleMetadata = .none
    ) {
        self.path = path
        self.title = title
        self.text = text
        self.blocks = blocks
        self.fingerprint = fingerprint
        self.entities = entities
        self.metadata = metadata
    }
}
