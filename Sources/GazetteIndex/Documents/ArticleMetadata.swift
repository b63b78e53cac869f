import GazetteAnalysis

/// What an article says about itself besides its text, as the index keeps it: its publication date, who wrote
/// it and which outlet published it. Stored with the document for display, and indexed as metadata terms
/// (`MetadataTerm`) so that `date:`, `author:`, `source:` and `folder:` filter through the ordinary postings.
public struct ArticleMetadata: Sendable, Equatable {
    /// The publication date as written, ISO 8601: "2001-12-03", or "2001-12-03T10:15:00+11:00" with a time. The
    /// first ten characters are always the day.
    public var date: String?
    /// Where the date was read ("meta:article:published_time", "mail-header", "dateline", "file-mtime", …).
    public var dateSource: String?
    public var author: String?
    public var source: String?

    public init(date: String? = nil, dateSource: String? = nil, author: String? = nil, source: String? = nil) {
        self.date = date
        self.dateSource = date == nil ? nil : dateSource
        self.author = author
        self.source = source
    }

    public static let none = ArticleMetadata()

    public var isEmpty: Bool { date == nil && author == nil && source == nil }

    /// The day of `date` ("2001-12-03"), when it has a well-formed one.
    public var day: String? {
        guard let date, let day = MetadataTerm.day(of: date) else { return nil }
        return day
    }
}

/// Terms that carry a document's metadata in the same postings as its words. Each starts with a control
/// character the analyzer never emits, so no word of a text or a query can collide with one, and a prefix
/// query over words never expands into them. They sit at position 0 and are never highlighted or scored.
///
///     "\u{1}d" + YYYY-MM-DD    the publication day (sorts chronologically, so a date range is a term range)
///     "\u{1}a" + term          each term of the author line, as the analyzer folds it
///     "\u{1}s" + term          each term of the source (outlet, newsgroup, mailing list)
///     "\u{1}S" + source        the source as written, spaces collapsed (one value, for facets)
///     "\u{1}f" + folder        every folder above the document, relative to its root ("a", "a/b")
public enum MetadataTerm {
    /// Every term the analyzer emits starts at or above this byte; metadata terms, below it.
    public static let firstPlainByte: UInt8 = 0x02
    public static let dayPrefix = "\u{1}d"
    public static let authorPrefix = "\u{1}a"
    public static let sourcePrefix = "\u{1}s"
    public static let sourceValuePrefix = "\u{1}S"
    public static let folderPrefix = "\u{1}f"

    /// The metadata terms of one document, without repeats, in the order they are indexed.
    public static func terms(path: String, metadata: ArticleMetadata) -> [String] {
        var analyzer = Analyzer()
        return terms(path: path, metadata: metadata, analyzer: &analyzer)
    }

    public static func terms(path: String, metadata: ArticleMetadata, analyzer: inout Analyzer) -> [String] {
        var result: [String] = []
        var seen = Set<String>()
        func add(_ term: String) {
            if seen.insert(term).inserted { result.append(term) }
        }
        if let day = metadata.day { add(dayPrefix + day) }
        if let author = metadata.author {
            for term in analyzer.terms(of: author) { add(authorPrefix + term.term) }
        }
        if let source = metadata.source {
            for term in analyzer.terms(of: source) { add(sourcePrefix + term.term) }
            let value = source.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            if !value.isEmpty { add(sourceValuePrefix + value) }
        }
        for folder in folders(of: path) { add(folderPrefix + folder) }
        return result
    }

    /// "a/b/c.txt" → ["a", "a/b"]; a file at the root has none.
    public static func folders(of path: String) -> [String] {
        var folders: [String] = []
        var current = ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        for part in parts.dropLast() {
            current = current.isEmpty ? String(part) : current + "/" + part
            folders.append(current)
        }
        return folders
    }

    /// "2001-12-03" from "2001-12-03" or "2001-12-03T…"; nil unless the first ten characters are a date.
    public static func day(of date: String) -> String? {
        let bytes = Array(date.utf8.prefix(11))
        guard bytes.count >= 10, bytes.count == 10 || bytes[10] == UInt8(ascii: "T") else { return nil }
        for (offset, byte) in bytes.prefix(10).enumerated() {
            let isDash = offset == 4 || offset == 7
            if isDash ? byte != UInt8(ascii: "-") : !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                return nil
            }
        }
        return String(decoding: bytes.prefix(10), as: UTF8.self)
    }
}
