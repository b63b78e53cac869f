/// A stored document's entity spans as its record keeps them: each type and canonical name once, in a table, and
/// each span a byte range with two indexes into it. A search shows the spans inside a few snippets of documents
/// that hold thousands, so it reads them here without a `String` per span.
public struct StoredEntitySpanList: Sendable, Equatable {
    /// Types and canonical names, each once.
    public let names: [String]
    /// The spans in text order, not overlapping.
    public let entries: [Entry]

    public struct Entry: Sendable, Equatable {
        public var range: Range<Int>
        /// Indexes into `names`.
        public var type: Int32
        public var canonical: Int32
    }

    public static let empty = StoredEntitySpanList(names: [], entries: [])

    init(names: [String], entries: [Entry]) {
        self.names = names
        self.entries = entries
    }

    public var count: Int { entries.count }

    public func span(_ index: Int) -> StoredEntitySpan {
        let entry = entries[index]
        return StoredEntitySpan(
            range: entry.range, type: names[Int(entry.type)], canonical: names[Int(entry.canonical)])
    }

    /// Every span with its names.
    public var spans: [StoredEntitySpan] { entries.indices.map(span) }

    /// The index of the first span that ends after `offset` (`count` when none does): the first that can
    /// overlap a range starting at `offset`.
    public func firstIndex(endingAfter offset: Int) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].range.upperBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
