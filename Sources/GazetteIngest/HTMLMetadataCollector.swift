/// The attributes of an element as libxml2's SAX interface reports them: name and value pointers in turn, ended
/// by a null name; a value is null for an attribute written without one (`<time pubdate>`).
struct HTMLAttributes {
    let pairs: UnsafePointer<UnsafePointer<UInt8>?>?

    /// Where the attribute called `name` (lowercase ASCII) is among the pairs, compared without regard to case.
    private func index(_ name: StaticString) -> Int? {
        guard let pairs else { return nil }
        var k = 0
        while let attribute = pairs[k] {
            if Self.equals(attribute, name) { return k }
            k += 2
        }
        return nil
    }

    func has(_ name: StaticString) -> Bool { index(name) != nil }

    /// The attribute's value; "" for an attribute without one.
    func string(_ name: StaticString) -> String? {
        guard let pairs, let k = index(name) else { return nil }
        return pairs[k + 1].map { String(cString: $0) } ?? ""
    }

    private static func equals(_ attribute: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        for k in 0..<count {
            let a = attribute[k]
            guard a != 0 else { return false }
            let lower = a >= 0x41 && a <= 0x5A ? a | 0x20 : a
            if lower != name.utf8Start[k] { return false }
        }
        return attribute[count] == 0
    }
}

/// What a page's `<meta>` elements, JSON-LD scripts and `<time datetime>` elements say of it, gathered while
/// libxml2 parses it, and resolved into a title and `DocumentMetadata` once it is parsed.
struct HTMLMetadataCollector {
    /// Publication-date `<meta>` names, most trusted first: the Open Graph article property, schema.org's
    /// microdata, Dublin Core, then the names CMSs and analytics tags use.
    static let dateNames: [String: Int] = [
        "article:published_time": 0, "og:article:published_time": 1, "og:published_time": 1, "datepublished": 2,
        "dc.date.issued": 3, "dcterms.issued": 3, "dc.date": 4, "dcterms.date": 4, "dc.date.created": 4,
        "dcterms.created": 4, "citation_publication_date": 5, "citation_date": 5, "pubdate": 6, "publishdate": 6,
        "publish-date": 6, "publish_date": 6, "published-date": 6, "published_date": 6, "date_published": 6,
        "article.published": 6, "sailthru.date": 6, "parsely-pub-date": 6, "og:pubdate": 6, "bt:pubdate": 6,
        "cxenseparse:recs:publishtime": 6, "date": 7,
    ]
    /// `<meta>` names whose content is an author's name (or, too often, a profile's URL, which is skipped);
    /// "byl" is the New York Times' byline ("By Jane Doe").
    static let authorNames: [String: Int] = [
        "author": 0, "byl": 1, "article:author": 2, "dc.creator": 3, "dcterms.creator": 3, "sailthru.author": 4,
        "parsely-author": 4,
    ]
    /// JSON-LD scripts are kept up to this many bytes in all; a larger one is dropped.
    static let maximumJSONLD = 512 << 10
    /// A `<time datetime>` dates the article when it comes within this many bytes of text from the start of the
    /// `<article>` or of the first `<h1>`: in its header, before the story.
    static let leadTextLimit = 1500

    private var dates: [(rank: Int, name: String, value: String)] = []
    private var authors: [(rank: Int, value: String)] = []
    private var ogTitle: String?
    private var siteName: String?
    private var jsonLD: [[UInt8]] = []
    private var jsonLDBytes = 0
    private var script: [UInt8]? = nil
    /// The first `<time datetime>` of the article's lead, and the first one marked as the publication date.
    private var leadTime: PublicationDate?
    private var markedTime: PublicationDate?

    mutating func meta(_ attributes: HTMLAttributes) {
        guard let content = attributes.string("content") else { return }
        for key in [attributes.string("property"), attributes.string("name"), attributes.string("itemprop")] {
            guard let key = key.map(MetadataText.lowercasedKey), !key.isEmpty else { continue }
            if let rank = Self.dateNames[key] {
                dates.append((rank, key, content))
            } else if let rank = Self.authorNames[key] {
                if let name = MetadataText.name(content) { authors.append((rank, name)) }
            } else if key == "og:title" {
                if ogTitle == nil { ogTitle = MetadataText.line(content) }
            } else if key == "og:site_name" {
                if siteName == nil { siteName = MetadataText.line(content) }
            }
        }
    }

    mutating func startScript(_ attributes: HTMLAttributes) {
        guard let type = attributes.string("type"), MetadataText.lowercasedKey(type) == "application/ld+json" else {
            return
        }
        script = []
    }

    /// Text of a `<script>`; kept only inside a JSON-LD one.
    mutating func scriptText(_ p: UnsafePointer<UInt8>, count: Int) {
        guard script != nil else { return }
        guard jsonLDBytes + (script?.count ?? 0) + count <= Self.maximumJSONLD else {
            script = nil
            return
        }
        script?.append(contentsOf: UnsafeBufferPointer(start: p, count: count))
    }

    mutating func endScript() {
        guard let text = script else { return }
        script = nil
        jsonLDBytes += text.count
        jsonLD.append(text)
    }

    /// A `<time>`: `inLead` when it comes early in the article (see `leadTextLimit`).
    mutating func time(_ attributes: HTMLAttributes, inLead: Bool) {
        guard let value = attributes.string("datetime") else { return }
        let marked = attributes.has("pubdate")
            || attributes.string("itemprop").map { MetadataText.lowercasedKey($0) == "datepublished" } == true
        guard (marked && markedTime == nil) || (inLead && leadTime == nil), let date = DateParser.parseValue(value)
        else { return }
        if marked && markedTime == nil { markedTime = date }
        if inLead && leadTime == nil { leadTime = date }
    }

    /// The page's title and metadata. `title` is the `<title>` element's text, `heading` the first `<h1>`'s.
    ///
    /// The title is `<title>`, without a site's name that the page itself names (`og:site_name` or the JSON-LD
    /// publisher: "Talks end – The Herald" → "Talks end"; likewise when the rest is `og:title`), else (no
    /// `<title>`, or one that is only the site's name) `og:title`, else the first `<h1>`.
    func resolve(title: String?, heading: String?) -> (title: String?, metadata: DocumentMetadata) {
        let facts = JSONLD.facts(jsonLD)
        var metadata = DocumentMetadata()
        for candidate in dates.sorted(by: { $0.rank < $1.rank }) {
            metadata.offerDate(DateParser.parseValue(candidate.value), from: .htmlMeta(candidate.name))
            if metadata.date != nil { break }
        }
        metadata.offerDate(facts.date, from: .jsonLD)
        metadata.offerDate(markedTime ?? leadTime, from: .timeElement)

        let metaAuthor = authors.filter { $0.rank == 0 }.first?.value
        let otherAuthor = authors.filter { $0.rank > 0 }.min { $0.rank < $1.rank }?.value
        metadata.author = metaAuthor ?? facts.author ?? otherAuthor
        metadata.source = siteName ?? facts.publisher

        let resolved: String?
        if let title, !(metadata.source.map { title.lowercased() == $0.lowercased() } ?? false) {
            resolved = MetadataText.withoutSiteName(title, site: metadata.source, headline: ogTitle)
        } else {
            // No <title>, or one that is only the site's name.
            resolved = ogTitle ?? heading ?? title
        }
        return (resolved, metadata)
    }
}

/// Small text helpers for metadata values.
enum MetadataText {
    /// Whitespace collapsed and trimmed; nil when nothing is left.
    static func line(_ value: String) -> String? {
        var builder = BlockTextBuilder()
        var copy = value
        copy.withUTF8 { raw in
            if let base = raw.baseAddress { builder.append(base, count: raw.count) }
        }
        return builder.finishAsLine()
    }

    /// An author's or outlet's name: a line of at most 200 bytes, without a leading "By ", and not a URL.
    static func name(_ value: String) -> String? {
        guard var name = line(value) else { return nil }
        if name.utf8.count > 3, name.utf8.prefix(3).map({ $0 | 0x20 }) == Array("by ".utf8) {
            name = String(name.dropFirst(3))
            guard let trimmed = line(name) else { return nil }
            name = trimmed
        }
        let lower = name.lowercased()
        guard name.utf8.count <= 200, !contains("://", in: lower), !lower.hasPrefix("www."), !lower.hasPrefix("/") else {
            return nil
        }
        return name
    }

    static func lowercasedKey(_ value: String) -> String {
        var s = value.lowercased()
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return s
    }

    /// Separators between a headline and a site's name in `<title>`.
    private static let separators: [[UInt8]] = [" | ", " – ", " — ", " - ", " :: ", " · ", " • "].map { Array($0.utf8) }

    /// `title` without a site's name at its end or start, when `site` names it or the rest is `headline`.
    static func withoutSiteName(_ title: String, site: String?, headline: String?) -> String {
        let bytes = Array(title.utf8)
        for separator in separators {
            let positions = occurrences(of: separator, in: bytes)
            guard let last = positions.last, let first = positions.first else { continue }
            let head = bytes[..<last]
            let tail = bytes[(last + separator.count)...]
            if !head.isEmpty, (site.map { same(tail, $0) } ?? false) || (headline.map { same(head, $0) } ?? false) {
                return String(decoding: head, as: UTF8.self)
            }
            let lead = bytes[..<first]
            let rest = bytes[(first + separator.count)...]
            if !rest.isEmpty, let site, same(lead, site) { return String(decoding: rest, as: UTF8.self) }
        }
        return title
    }

    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard !needle.isEmpty, haystack.count >= needle.count else { return [] }
        var found: [Int] = []
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) {
                found.append(i)
                i += needle.count
            } else {
                i += 1
            }
        }
        return found
    }

    static func contains(_ needle: String, in haystack: String) -> Bool {
        !occurrences(of: Array(needle.utf8), in: Array(haystack.utf8)).isEmpty
    }

    private static func same(_ a: ArraySlice<UInt8>, _ b: String) -> Bool {
        String(decoding: a, as: UTF8.self).lowercased() == b.lowercased()
    }
}
