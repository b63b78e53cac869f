/// `--format csv|ndjson`: results as rows for spreadsheets and as one JSON object a line for scripts. CSV has a
/// header row and one row per hit, mention, entity or related entity; NDJSON one object per line, the same
/// objects `--format json` nests.
public enum ExportRenderer {
    // MARK: search

    public static func csv(_ result: SearchResult) -> String {
        var csv = CSVWriter(header: [
            "rank", "path", "index", "file", "title", "date", "date_source", "author", "source", "score", "snippet",
            "entities",
        ])
        for hit in result.hits {
            csv.number(hit.rank)
            csv.text(hit.path)
            csv.text(hit.index)
            csv.text(hit.file)
            csv.text(hit.title)
            csv.text(hit.metadata.date)
            csv.text(hit.metadata.dateSource)
            csv.text(hit.metadata.author)
            csv.text(hit.metadata.source)
            csv.number(hit.score, decimals: 4)
            csv.text(hit.snippet.text)
            csv.text(hit.entities.map { $0.name + " (" + $0.type + ")" }.joined(separator: "; "))
            csv.endRow()
        }
        return csv.output
    }

    public static func ndjson(_ result: SearchResult, multipleSnippets: Bool = false) -> String {
        var output = ""
        for hit in result.hits {
            var json = JSONWriter()
            JSONRenderer.writeHit(hit, multipleSnippets: multipleSnippets, into: &json)
            output += json.output + "\n"
        }
        return output
    }

    // MARK: mentions

    /// One row per mention: the entity, its document (with date) and the mention in its sentence.
    public static func csv(_ report: MentionsReport, documentLimit: Int = .max) -> String {
        var csv = CSVWriter(header: ["entity", "type", "path", "index", "title", "date", "line", "mention", "sentence"])
        forEachMention(report, documentLimit: documentLimit) { found, document, mention in
            csv.text(found.entity.canonical)
            csv.text(found.entity.type)
            csv.text(document.path)
            csv.text(document.index)
            csv.text(document.title)
            csv.text(document.metadata.date)
            csv.number(mention.line)
            csv.text(mention.text)
            csv.text(mention.sentence)
            csv.endRow()
        }
        return csv.output
    }

    /// One object per mention: `{"entity", "type", "path", "index"?, "title", "date", "line", "text", "sentence",
    /// "start", "end"}`, start and end in Unicode scalars of the sentence.
    public static func ndjson(_ report: MentionsReport, documentLimit: Int = .max) -> String {
        var output = ""
        forEachMention(report, documentLimit: documentLimit) { found, document, mention in
            var json = JSONWriter()
            json.beginObject()
            json.field("entity", found.entity.canonical)
            json.field("type", found.entity.type)
            json.field("path", document.path)
            if let index = document.index { json.field("index", index) }
            json.field("title", document.title)
            json.field("date", document.metadata.date)
            json.field("line", mention.line)
            json.field("text", mention.text)
            json.field("sentence", mention.sentence)
            json.field("start", mention.sentenceStart)
            json.field("end", mention.sentenceEnd)
            json.endObject()
            output += json.output + "\n"
        }
        return output
    }

    private static func forEachMention(
        _ report: MentionsReport, documentLimit: Int,
        _ body: (MentionsReport.Found, EntityDirectory.DocumentMentions, EntityDirectory.Mention) -> Void
    ) {
        for found in report.found {
            for document in found.documents.prefix(documentLimit) {
                for mention in document.mentions { body(found, document, mention) }
            }
        }
    }

    // MARK: entities

    public static func csv(entities: [EntityDirectory.Entity], limit: Int = .max) -> String {
        var csv = CSVWriter(header: ["rank", "entity", "type", "documents", "mentions", "aliases"])
        for (rank, entity) in entities.prefix(limit).enumerated() {
            csv.number(rank + 1)
            csv.text(entity.canonical)
            csv.text(entity.type)
            csv.number(entity.documentCount)
            csv.number(entity.mentionCount)
            csv.text(entity.aliases.filter { $0 != entity.canonical }.joined(separator: "; "))
            csv.endRow()
        }
        return csv.output
    }

    /// `{"rank", "entity", "type", "documents", "mentions", "aliases": [...]}` a line.
    public static func ndjson(entities: [EntityDirectory.Entity], limit: Int = .max) -> String {
        var output = ""
        for (rank, entity) in entities.prefix(limit).enumerated() {
            var json = JSONWriter()
            JSONRenderer.writeEntity(entity, rank: rank + 1, into: &json)
            output += json.output + "\n"
        }
        return output
    }

    // MARK: related

    public static func csv(related report: RelatedReport) -> String {
        var csv = CSVWriter(header: ["rank", "entity", "type", "documents", "shared_documents", "llr", "examples"])
        for (rank, co) in report.related.enumerated() {
            csv.number(rank + 1)
            csv.text(co.entity.canonical)
            csv.text(co.entity.type)
            csv.number(co.entity.documentCount)
            csv.number(co.sharedDocuments)
            csv.number(co.score, decimals: 3)
            csv.text(co.examples.joined(separator: "; "))
            csv.endRow()
        }
        return csv.output
    }

    /// `{"rank", "entity", "type", "documents", "shared_documents", "llr", "examples": [...]}` a line.
    public static func ndjson(related report: RelatedReport) -> String {
        var output = ""
        for (rank, co) in report.related.enumerated() {
            var json = JSONWriter()
            JSONRenderer.writeRelated(co, rank: rank + 1, into: &json)
            output += json.output + "\n"
        }
        return output
    }
}

/// `--format`: how a command prints what it found.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// For people (the default).
    case text
    /// One JSON object (as `--json`).
    case json
    /// One JSON object per line: a hit, a mention, an entity.
    case ndjson
    /// RFC 4180 with a header row.
    case csv
}
