import GazetteEntities
import GazetteIndex
import GazetteKit
import GazetteSearch

/// The HTML pages. Everything from documents, the index or the request goes through `HTML.escape` (text and
/// attributes) or `HTML.url` (links); nothing is written raw but the page's own markup.
extension Site {
    func page(_ route: String, _ parameters: Parameters) -> Reply {
        do {
            switch route {
            case "search": return try searchPage(parameters)
            case "document": return try documentPage(parameters)
            case "entity": return try entityPage(parameters)
            case "entities": return try entitiesPage(parameters)
            case "file": return try originalFile(parameters)
            default: return Self.notFoundPage()
            }
        } catch let error as BadParameter {
            return .html(Self.layout(title: "Bad request", body: "<p class=\"error\">" + HTML.escape(error.message) + "</p>"),
                         status: error.status)
        } catch {
            let message = (error as? CustomStringConvertible)?.description ?? String(describing: error)
            return .html(Self.layout(title: "Error", body: "<p class=\"error\">" + HTML.escape(message) + "</p>"), status: 500)
        }
    }

    static func notFoundPage(_ message: String = "Nothing is served at this address.") -> Reply {
        .html(layout(title: "Not found", body: "<h1>Not found</h1><p>" + HTML.escape(message) + "</p>"), status: 404)
    }

    static let typeNames: [(type: String, plural: String, prefix: String)] = [
        ("PERSON", "People", "person"), ("ORG", "Organisations", "org"), ("PLACE", "Places", "place"),
        ("NORP", "Groups", "norp"), ("DATE", "Dates", "date"), ("MONEY", "Amounts", "money"),
        ("PERCENT", "Percentages", "percent"),
    ]

    static func layout(title: String, query: String = "", body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title)) · Gazette</title>
        <link rel="stylesheet" href="/static/gazette.css">
        </head><body>
        <header class="top"><a class="brand" href="/">Gazette</a>
        <form class="search" action="/search" method="get" role="search">
        <input type="search" name="q" value="\(HTML.escape(query))" aria-label="Query" placeholder="&quot;security guarantees&quot; Lavrov -Johnson" maxlength="\(maximumTextLength)">
        <button type="submit">Search</button></form>
        <nav><a href="/entities">Entities</a> <a href="/api/openapi.json">API</a></nav></header>
        <main>
        \(body)
        </main></body></html>

        """
    }

    static func legend() -> String {
        var html = "<ul class=\"legend\" aria-label=\"Colours\"><li><span class=\"m\">match</span></li>"
        for (type, plural, _) in typeNames {
            html += "<li><span class=\"e e-\(type)\">" + HTML.escape(plural.lowercased()) + "</span></li>"
        }
        return html + "</ul>"
    }

    /// The filters of a query (`person:"Sergei Lavrov"`), shown as chips, each with a link to the query without it.
    static func chips(in query: String) -> [(text: String, without: String)] {
        var found: [(String, String)] = []
        let prefixes = typeNames.map(\.prefix) + ["entity"]
        var searchStart = query.startIndex
        while let colon = query[searchStart...].firstIndex(of: ":") {
            var wordStart = colon
            while wordStart > query.startIndex, query[query.index(before: wordStart)].isLetter {
                wordStart = query.index(before: wordStart)
            }
            let word = query[wordStart..<colon].lowercased()
            let afterColon = query.index(after: colon)
            guard prefixes.contains(word), afterColon < query.endIndex else {
                searchStart = afterColon
                continue
            }
            var end: String.Index
            if query[afterColon] == "\"" {
                guard let close = query[query.index(after: afterColon)...].firstIndex(of: "\"") else { break }
                end = query.index(after: close)
            } else {
                end = query[afterColon...].firstIndex(where: { $0 == " " }) ?? query.endIndex
            }
            let chip = String(query[wordStart..<end])
            var without = String(query[..<wordStart]) + String(query[end...])
            without = without.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            found.append((chip, without))
            searchStart = end
            if end == query.endIndex { break }
        }
        return found
    }

    /// The query with an entity filter added: `person:"Sergei Lavrov"`; nil for a name a phrase cannot hold.
    static func adding(_ name: String, type: String, to query: String) -> String? {
        guard !name.contains("\""), let prefix = typeNames.first(where: { $0.type == type })?.prefix else { return nil }
        let filter = prefix + ":\"" + name + "\""
        guard !query.contains(filter) else { return nil }
        return query.isEmpty ? filter : query + " " + filter
    }

    /// A facet value as a link that adds `field:value` to the query (quoted when it has spaces), or as text
    /// when it cannot be written in a query or is there already.
    static func metadataChip(_ field: String, _ value: String, count: Int, query: String) -> String {
        let label = HTML.escape(value) + " <span class=\"count\">\(count)</span>"
        guard !value.contains("\"") else { return "<li>" + label + "</li>" }
        let filter = field + ":" + (value.contains(" ") ? "\"" + value + "\"" : value)
        guard !query.contains(filter) else { return "<li>" + label + "</li>" }
        let refined = query.isEmpty ? filter : query + " " + filter
        return "<li><a href=\"" + HTML.href("/search", [("q", refined)]) + "\">" + label + "</a></li>"
    }

    static func entityMarks(_ highlights: [Highlight]) -> [HTML.Mark] {
        highlights.map { highlight in
            if highlight.kind == "match" { return HTML.Mark(start: highlight.start, end: highlight.end, classes: ["m"]) }
            return HTML.Mark(
                start: highlight.start, end: highlight.end, classes: ["e", "e-" + highlight.kind],
                title: highlight.entity.map { $0 + " (" + highlight.kind + ")" } ?? highlight.kind)
        }
    }

    // MARK: search

    private func searchPage(_ parameters: Parameters) throws -> Reply {
        let query = try parameters.text("q") ?? ""
        let offset = try parameters.integer("offset", default: 0, in: 0...1_000_000)
        let limit = try parameters.integer("limit", default: 10, in: 1...100)
        guard !query.isEmpty else {
            let (session, _) = try corpus.session()
            let documents = session.indexes.reduce(0) { $0 + $1.liveDocumentCount }
            let body = "<section class=\"intro\"><h1>Search \(documents) documents</h1>"
                + "<p>Words must all match; <code>\"a phrase\"</code>; <code>a OR b</code>; <code>-word</code> excludes; "
                + "<code>prefix*</code>; <code>title:word</code>; <code>person:\"Sergei Lavrov\"</code>, <code>org:</code>, "
                + "<code>place:</code>, <code>norp:</code> filter by entity; <code>date:2001-12</code>, "
                + "<code>date:2001-10-01..2001-12-31</code>, <code>author:</code>, <code>source:</code>, "
                + "<code>folder:</code> by the article's metadata.</p></section>"
            return .html(Self.layout(title: "Search", body: body))
        }
        let (session, _) = try corpus.session(entities: true)
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = Result { () throws(SearchError) -> SearchResult in
            try session.search(query, options: Self.searchOptions(offset: offset, limit: limit))
        }
        let result: SearchResult
        switch outcome {
        case .success(let found):
            result = found
        case .failure(.index(let error)):
            throw error
        case .failure(.timeLimit(let limit)):
            let message = SearchError.timeLimit(limit).description
            let body = "<div class=\"error\" role=\"alert\"><p>" + HTML.escape(message) + "</p></div>"
            return .html(Self.layout(title: "Query too slow", query: query, body: body), status: 422)
        case .failure(.mixedStemming(let settings)):
            let message = SearchError.mixedStemming(settings).description
            let body = "<div class=\"error\" role=\"alert\"><p>" + HTML.escape(message) + "</p></div>"
            return .html(Self.layout(title: "Indexes differ", query: query, body: body), status: 500)
        case .failure(.query(let error)):
            let scalars = Array(query.unicodeScalars)
            let at = min(max(error.column - 1, 0), scalars.count)
            let before = String(String.UnicodeScalarView(scalars[..<at]))
            let marked = at < scalars.count ? String(String.UnicodeScalarView(scalars[at...at])) : " "
            let after = at + 1 < scalars.count ? String(String.UnicodeScalarView(scalars[(at + 1)...])) : ""
            let body = "<div class=\"error\" role=\"alert\"><p>Query error at column \(error.column): "
                + HTML.escape(error.message) + "</p><pre class=\"query\">" + HTML.escape(before)
                + "<span class=\"error-at\">" + HTML.escape(marked) + "</span>" + HTML.escape(after) + "</pre></div>"
            return .html(Self.layout(title: "Query error", query: query, body: body), status: 400)
        }
        let facets = try session.facets(query, perGroup: 8)
        let elapsed = clock.now - started
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000

        var main = "<div class=\"results\">"
        let chips = Self.chips(in: query)
        if !chips.isEmpty {
            main += "<ul class=\"chips\" aria-label=\"Filters\">"
            for chip in chips {
                main += "<li class=\"chip\">" + HTML.escape(chip.text) + " <a href=\"" + HTML.href("/search", [("q", chip.without)])
                    + "\" aria-label=\"Remove filter\">×</a></li>"
            }
            main += "</ul>"
        }
        let shownEnd = offset + result.hits.count
        main += "<p class=\"summary\"><strong>\(result.total)</strong> document\(result.total == 1 ? "" : "s") matched"
        if !result.hits.isEmpty { main += " · showing \(offset + 1)–\(shownEnd)" }
        main += " · " + String(format3(milliseconds)) + " ms</p>"
        for notice in result.notices { main += "<p class=\"notice\">" + HTML.escape(notice) + "</p>" }
        main += Self.legend()
        main += "<ol class=\"hits\" start=\"\(offset + 1)\">"
        for hit in result.hits {
            let title = hit.title.flatMap { $0.isEmpty ? nil : $0 } ?? hit.path.split(separator: "/").last.map(String.init) ?? hit.path
            var link: [(String, String)] = [("path", hit.path), ("q", query)]
            if let index = hit.index { link.append(("index", index)) }
            main += "<li class=\"hit\"><span class=\"rank\">\(hit.rank).</span> <a class=\"title\" href=\""
                + HTML.href("/document", link) + "\">" + HTML.escape(title) + "</a>"
            main += "<div class=\"path\">" + HTML.escape(hit.path)
            if let index = hit.index { main += " <span class=\"index\">[" + HTML.escape(index) + "]</span>" }
            main += "</div>"
            if let line = TerminalRenderer.metadataLine(hit.metadata) {
                main += "<div class=\"meta\">" + HTML.escape(line) + "</div>"
            }
            main += "<p class=\"snippet\">" + HTML.marked(hit.snippet.text, Self.entityMarks(hit.snippet.highlights)) + "</p></li>"
        }
        main += "</ol>"
        main += "<nav class=\"pages\">"
        if offset > 0 {
            main += "<a rel=\"prev\" href=\"" + HTML.href("/search", [("q", query), ("offset", String(max(0, offset - limit)))])
                + "\">← Previous</a> "
        }
        if shownEnd < result.total {
            main += "<a rel=\"next\" href=\"" + HTML.href("/search", [("q", query), ("offset", String(shownEnd))]) + "\">Next →</a>"
        }
        main += "</nav></div>"

        var side = "<aside class=\"facets\" aria-label=\"Facets\"><h2>In these documents</h2>"
        for group in facets.entities where !group.entries.isEmpty {
            let plural = Self.typeNames.first { $0.type == group.type }?.plural ?? group.type
            side += "<h3>" + HTML.escape(plural) + "</h3><ul>"
            for entry in group.entries {
                let label = "<span class=\"e e-" + HTML.escape(entry.type) + "\">" + HTML.escape(entry.name) + "</span>"
                if let refined = Self.adding(entry.name, type: entry.type, to: query) {
                    side += "<li><a href=\"" + HTML.href("/search", [("q", refined)]) + "\">" + label + "</a>"
                } else {
                    side += "<li>" + label
                }
                side += " <span class=\"count\">\(entry.documents)</span></li>"
            }
            side += "</ul>"
        }
        if !facets.dates.isEmpty {
            side += "<h3>Dates (by \(facets.dateUnit.rawValue))</h3><ul>"
            for period in facets.dates {
                side += Self.metadataChip("date", period.name, count: period.documents, query: query)
            }
            if facets.undated > 0 { side += "<li>undated <span class=\"count\">\(facets.undated)</span></li>" }
            side += "</ul>"
        }
        for (title, field, counts) in [("Sources", "source", facets.sources), ("Folders", "folder", facets.folders)]
        where !counts.isEmpty {
            side += "<h3>" + title + "</h3><ul>"
            for count in counts { side += Self.metadataChip(field, count.name, count: count.documents, query: query) }
            side += "</ul>"
        }
        side += "</aside>"
        return .html(Self.layout(title: query, query: query, body: "<div class=\"with-side\">" + main + side + "</div>"))
    }

    // MARK: document

    private func documentPage(_ parameters: Parameters) throws -> Reply {
        let path = try parameters.text("path", required: true, maximumLength: 4096) ?? ""
        let query = try parameters.text("q")
        let index = try parameters.text("index", maximumLength: 4096)
        let (session, _) = try corpus.session()
        let document: DocumentView?
        switch Result(catching: { () throws(SearchError) -> DocumentView? in try session.document(path: path, index: index, query: query) }) {
        case .success(let found):
            document = found
        case .failure(.query):
            // A query that does not parse marks nothing; the search page says why.
            document = try session.document(path: path, index: index, query: nil)
        case .failure(.index(let error)):
            throw error
        case .failure(let error):
            throw error
        }
        guard let document else { return Self.notFoundPage("No document with this path is in the index.") }
        var marks: [HTML.Mark] = document.matches.map { HTML.Mark(start: $0.lowerBound, end: $0.upperBound, classes: ["m"]) }
        for entity in document.entities {
            let link = entity.canonical.isEmpty ? nil : HTML.url("/entity", [("name", entity.canonical), ("type", entity.type)])
            let title = entity.canonical.isEmpty ? entity.type : entity.canonical + " (" + entity.type + ")"
            marks.append(HTML.Mark(
                start: entity.start, end: entity.end, classes: ["e", "e-" + entity.type], title: title, link: link))
        }
        let title = document.title.flatMap { $0.isEmpty ? nil : $0 } ?? path
        var body = "<article class=\"document\"><h1>" + HTML.escape(title) + "</h1>"
        body += "<p class=\"path\">" + HTML.escape(document.path)
        if let index = document.index { body += " <span class=\"index\">[" + HTML.escape(index) + "]</span>" }
        if document.file != nil {
            var fileParameters = [("path", document.path)]
            if let index = document.index { fileParameters.append(("index", index)) }
            body += " <a class=\"original\" href=\"" + HTML.href("/file", fileParameters) + "\">original file</a>"
        }
        body += "</p>"
        if let query {
            body += "<p class=\"summary\">\(document.matches.count) match\(document.matches.count == 1 ? "" : "es") of <a href=\""
                + HTML.href("/search", [("q", query)]) + "\">" + HTML.escape(query) + "</a></p>"
        }
        body += Self.legend()
        body += "<div class=\"with-side\"><div class=\"text\">" + HTML.marked(document.text, marks) + "</div>"
        body += "<aside class=\"facets\" aria-label=\"Entities\"><h2>Entities</h2>"
        for (type, plural, _) in Self.typeNames {
            var counts: [String: Int] = [:]
            for entity in document.entities where entity.type == type && !entity.canonical.isEmpty {
                counts[entity.canonical, default: 0] += 1
            }
            guard !counts.isEmpty else { continue }
            body += "<h3>" + HTML.escape(plural) + "</h3><ul>"
            for (name, count) in counts.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                body += "<li><a class=\"e e-\(type)\" href=\"" + HTML.href("/entity", [("name", name), ("type", type)]) + "\">"
                    + HTML.escape(name) + "</a> <span class=\"count\">\(count)</span></li>"
            }
            body += "</ul>"
        }
        body += "</aside></div></article>"
        return .html(Self.layout(title: title, query: query ?? "", body: body))
    }

    // MARK: entity

    private func entityPage(_ parameters: Parameters) throws -> Reply {
        let name = try parameters.text("name", required: true) ?? ""
        let type = try parameters.entityType()
        let offset = try parameters.integer("offset", default: 0, in: 0...Int(Int32.max))
        let limit = 20
        let (session, _) = try corpus.session(entities: true)
        guard let report = try session.entity(name: name, type: type, offset: offset, limit: limit) else {
            return Self.notFoundPage("No entity matches this name.")
        }
        let entity = report.entity
        var body = "<article class=\"entity\"><h1><span class=\"e e-" + HTML.escape(entity.type) + "\">"
            + HTML.escape(entity.canonical) + "</span> <small>" + HTML.escape(entity.type) + "</small></h1>"
        body += "<p class=\"summary\">\(report.mentionCount) mention\(report.mentionCount == 1 ? "" : "s") in "
            + "\(report.documentCount) document\(report.documentCount == 1 ? "" : "s")"
        if let search = Self.adding(entity.canonical, type: entity.type, to: "") {
            body += " · <a href=\"" + HTML.href("/search", [("q", search)]) + "\">search these documents</a>"
        }
        body += "</p>"
        let aliases = entity.aliases.filter { $0 != entity.canonical }
        if !aliases.isEmpty {
            body += "<p class=\"aliases\">Also written: " + aliases.map { HTML.escape($0) }.joined(separator: ", ") + "</p>"
        }
        if !report.others.isEmpty {
            body += "<p class=\"notice\">“" + HTML.escape(name) + "” also names: "
                + report.others.map {
                    "<a href=\"" + HTML.href("/entity", [("name", $0.canonical), ("type", $0.type)]) + "\">"
                        + HTML.escape($0.canonical) + "</a> (" + HTML.escape($0.type) + ")"
                }.joined(separator: ", ") + "</p>"
        }
        body += "<div class=\"with-side\"><div class=\"mentions\"><h2>Mentions</h2>"
        for document in report.documents {
            var link: [(String, String)] = [("path", document.path)]
            if let index = document.index { link.append(("index", index)) }
            let title = document.title.flatMap { $0.isEmpty ? nil : $0 } ?? document.path
            body += "<section class=\"occurrence\"><h3><a href=\"" + HTML.href("/document", link) + "\">" + HTML.escape(title)
                + "</a></h3><div class=\"path\">" + HTML.escape(document.path) + "</div><ul>"
            for mention in document.mentions {
                let mark = HTML.Mark(start: mention.sentenceStart, end: mention.sentenceEnd, classes: ["e", "e-" + entity.type])
                body += "<li><span class=\"line\">line \(mention.line)</span> " + HTML.marked(mention.sentence, [mark]) + "</li>"
            }
            body += "</ul></section>"
        }
        body += "<nav class=\"pages\">"
        var base: [(String, String)] = [("name", entity.canonical), ("type", entity.type)]
        if report.offset > 0 {
            base.append(("offset", String(max(0, report.offset - limit))))
            body += "<a rel=\"prev\" href=\"" + HTML.href("/entity", base) + "\">← Previous</a> "
            base.removeLast()
        }
        if report.offset + report.documents.count < report.documentCount {
            base.append(("offset", String(report.offset + report.documents.count)))
            body += "<a rel=\"next\" href=\"" + HTML.href("/entity", base) + "\">Next →</a>"
        }
        body += "</nav></div><aside class=\"facets\" aria-label=\"Named with\"><h2>Named with</h2>"
        if report.coMentioned.isEmpty { body += "<p>No entity shares two documents or more with it.</p>" }
        body += "<ul class=\"co\">"
        for co in report.coMentioned {
            body += "<li><a class=\"e e-" + HTML.escape(co.entity.type) + "\" href=\""
                + HTML.href("/entity", [("name", co.entity.canonical), ("type", co.entity.type)]) + "\">"
                + HTML.escape(co.entity.canonical) + "</a> <span class=\"count\" title=\"shared documents; log-likelihood ratio\">"
                + "\(co.sharedDocuments) · " + format3(co.score) + "</span></li>"
        }
        body += "</ul></aside></div></article>"
        return .html(Self.layout(title: entity.canonical, body: body))
    }

    // MARK: entities

    private func entitiesPage(_ parameters: Parameters) throws -> Reply {
        let type = try parameters.entityType()
        let filter = try parameters.text("filter") ?? ""
        let offset = try parameters.integer("offset", default: 0, in: 0...Int(Int32.max))
        let limit = 100
        let (session, _) = try corpus.session(entities: true)
        var all = try session.entities(types: type.map { [$0] } ?? [])
        if !filter.isEmpty {
            let folded = EntityNameMatcher.normalize(filter)
            all = all.filter { entity in
                EntityNameMatcher.normalize(entity.canonical).contains(folded)
                    || entity.aliases.contains { EntityNameMatcher.normalize($0).contains(folded) }
            }
        }
        var body = "<h1>Entities</h1><form class=\"filter\" action=\"/entities\" method=\"get\">"
            + "<select name=\"type\" aria-label=\"Type\"><option value=\"\">all types</option>"
        for (name, plural, _) in Self.typeNames {
            body += "<option value=\"\(name.lowercased())\"" + (type?.rawValue == name ? " selected" : "") + ">"
                + HTML.escape(plural) + "</option>"
        }
        body += "</select> <input name=\"filter\" value=\"" + HTML.escape(filter) + "\" placeholder=\"name contains\" aria-label=\"Name\">"
            + " <button type=\"submit\">Filter</button></form>"
        body += "<p class=\"summary\">\(all.count) entities</p><table class=\"entities\"><thead><tr><th>#</th><th>Name</th>"
            + "<th>Type</th><th>Documents</th><th>Mentions</th><th>Also written</th></tr></thead><tbody>"
        let start = min(offset, all.count)
        for (rank, entity) in all[start..<min(all.count, start + limit)].enumerated() {
            let aliases = entity.aliases.filter { $0 != entity.canonical }
            body += "<tr><td>\(start + rank + 1)</td><td><a class=\"e e-" + HTML.escape(entity.type) + "\" href=\""
                + HTML.href("/entity", [("name", entity.canonical), ("type", entity.type)]) + "\">" + HTML.escape(entity.canonical)
                + "</a></td><td>" + HTML.escape(entity.type) + "</td><td>\(entity.documentCount)</td><td>\(entity.mentionCount)</td><td>"
                + aliases.prefix(6).map { HTML.escape($0) }.joined(separator: ", ") + (aliases.count > 6 ? ", …" : "") + "</td></tr>"
        }
        body += "</tbody></table><nav class=\"pages\">"
        let base: [(String, String)] = [("type", type?.rawValue.lowercased() ?? ""), ("filter", filter)]
        if start > 0 {
            body += "<a rel=\"prev\" href=\"" + HTML.href("/entities", base + [("offset", String(max(0, start - limit)))]) + "\">← Previous</a> "
        }
        if start + limit < all.count {
            body += "<a rel=\"next\" href=\"" + HTML.href("/entities", base + [("offset", String(start + limit))]) + "\">Next →</a>"
        }
        body += "</nav>"
        return .html(Self.layout(title: "Entities", body: body))
    }
}

/// A number with up to three decimals, trailing zeros dropped (no Foundation formatting).
func format3(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let scaled = (value * 1000).rounded()
    let whole = Int(scaled / 1000)
    var fraction = Int(abs(scaled).truncatingRemainder(dividingBy: 1000))
    var digits = ""
    if fraction > 0 {
        digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        fraction = 0
    }
    return digits.isEmpty ? String(whole) : String(whole) + "." + digits
}
