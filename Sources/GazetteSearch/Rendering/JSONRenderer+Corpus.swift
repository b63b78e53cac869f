extension JSONRenderer {
    /// A document: `{"path", "index"?, "title": … | null, "text", "entities": [{"type", "entity", "text", "start",
    /// "end"}], "matches": [{"start", "end"}]}`; offsets count Unicode scalars of `"text"`, end exclusive;
    /// `"entity"` is the canonical name, absent for a span that names no entity (a date without a year).
    public static func render(document: DocumentView) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("path", document.path)
        if let index = document.index { json.field("index", index) }
        json.field("title", document.title)
        json.field("text", document.text)
        json.key("entities")
        json.beginArray()
        for entity in document.entities {
            json.beginObject()
            json.field("type", entity.type)
            if !entity.canonical.isEmpty { json.field("entity", entity.canonical) }
            json.field("text", entity.text)
            json.field("start", entity.start)
            json.field("end", entity.end)
            json.endObject()
        }
        json.endArray()
        json.key("matches")
        json.beginArray()
        for match in document.matches {
            json.beginObject()
            json.field("start", match.lowerBound)
            json.field("end", match.upperBound)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output
    }

    /// Facets of a result set, over every matching document: `{"query", "total", "entities": {"PERSON":
    /// [{"entity", "documents"}], …}, "dates": {"unit": "year"|"month"|"day", "undated": n, "periods": [{"period",
    /// "documents"}]}, "sources": [{"source", "documents"}], "folders": [{"folder", "documents"}]}`.
    public static func render(facets: FacetReport) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("query", facets.query)
        json.field("total", facets.total)
        writeFacets(facets, into: &json)
        json.endObject()
        return json.output
    }

    /// The members of a facet report after `"query"` and `"total"`, shared with `search --facets --json`.
    static func writeFacets(_ facets: FacetReport, kinds: [FacetKind] = FacetKind.allCases, into json: inout JSONWriter) {
        json.key("entities")
        json.beginObject()
        for group in facets.entities {
            json.key(group.type)
            json.beginArray()
            for entry in group.entries {
                json.beginObject()
                json.field("entity", entry.name)
                json.field("documents", entry.documents)
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        if kinds.contains(.date) {
            json.key("dates")
            json.beginObject()
            json.field("unit", facets.dateUnit.rawValue)
            json.field("undated", facets.undated)
            json.key("periods")
            json.beginArray()
            for period in facets.dates {
                json.beginObject()
                json.field("period", period.name)
                json.field("documents", period.documents)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        for (kind, key, member, counts) in [
            (FacetKind.source, "sources", "source", facets.sources), (.folder, "folders", "folder", facets.folders),
        ] where kinds.contains(kind) {
            json.key(key)
            json.beginArray()
            for count in counts {
                json.beginObject()
                json.field(member, count.name)
                json.field("documents", count.documents)
                json.endObject()
            }
            json.endArray()
        }
    }

    /// An entity's page: `{"query", "entity", "type", "aliases", "documents", "mentions", "offset", "others":
    /// [{"entity", "type", "documents"}], "occurrences": [as in mentions], "co_mentioned": [{"entity", "type",
    /// "shared_documents", "llr"}]}`.
    public static func render(entity report: EntityReport) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("query", report.query)
        json.field("entity", report.entity.canonical)
        json.field("type", report.entity.type)
        json.key("aliases")
        json.beginArray()
        for alias in report.entity.aliases { json.string(alias) }
        json.endArray()
        json.field("documents", report.documentCount)
        json.field("mentions", report.mentionCount)
        json.field("offset", report.offset)
        writeOthers(report.others, into: &json)
        json.key("occurrences")
        json.beginArray()
        for document in report.documents { writeOccurrence(document, into: &json) }
        json.endArray()
        json.key("co_mentioned")
        json.beginArray()
        for co in report.coMentioned {
            json.beginObject()
            json.field("entity", co.entity.canonical)
            json.field("type", co.entity.type)
            json.field("shared_documents", co.sharedDocuments)
            json.field("llr", co.score, decimals: 3)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output
    }

    /// `"others": [{"entity", "type", "documents"}]`: the other entities a name also refers to.
    static func writeOthers(_ others: [EntityDirectory.Entity], into json: inout JSONWriter) {
        json.key("others")
        json.beginArray()
        for other in others {
            json.beginObject()
            json.field("entity", other.canonical)
            json.field("type", other.type)
            json.field("documents", other.documentCount)
            json.endObject()
        }
        json.endArray()
    }

    /// One related entity: `{"rank"?, "entity", "type", "documents", "shared_documents", "llr", "examples"}`, as
    /// `related --json` nests it and `related --format ndjson` prints it a line each.
    static func writeRelated(_ co: EntityDirectory.CoMention, rank: Int?, into json: inout JSONWriter) {
        json.beginObject()
        if let rank { json.field("rank", rank) }
        json.field("entity", co.entity.canonical)
        json.field("type", co.entity.type)
        json.field("documents", co.entity.documentCount)
        json.field("shared_documents", co.sharedDocuments)
        json.field("llr", co.score, decimals: 3)
        json.key("examples")
        json.beginArray()
        for path in co.examples { json.string(path) }
        json.endArray()
        json.endObject()
    }

    /// `gazette related --json`: `{"query", "entity", "type", "documents", "minimum_shared", "others": [{"entity",
    /// "type", "documents"}], "related": [{"entity", "type", "documents", "shared_documents", "llr", "examples":
    /// [path]}]}`, strongest association first.
    public static func render(related report: RelatedReport) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("query", report.query)
        json.field("entity", report.entity.canonical)
        json.field("type", report.entity.type)
        json.field("documents", report.entity.documentCount)
        json.field("minimum_shared", report.minimumShared)
        writeOthers(report.others, into: &json)
        json.key("related")
        json.beginArray()
        for co in report.related { writeRelated(co, rank: nil, into: &json) }
        json.endArray()
        json.endObject()
        return json.output
    }

    /// `{"error": message, "column": n}` (the column only for a query that does not parse): every error of the
    /// web API.
    public static func render(error message: String, column: Int? = nil) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("error", message)
        if let column { json.field("column", column) }
        json.endObject()
        return json.output
    }

    static func writeOccurrence(_ document: EntityDirectory.DocumentMentions, into json: inout JSONWriter) {
        json.beginObject()
        json.field("path", document.path)
        if let index = document.index { json.field("index", index) }
        json.field("title", document.title)
        json.field("date", document.metadata.date)
        json.field("count", document.mentions.count)
        json.key("mentions")
        json.beginArray()
        for mention in document.mentions {
            json.beginObject()
            json.field("text", mention.text)
            json.field("line", mention.line)
            json.field("sentence", mention.sentence)
            json.field("start", mention.sentenceStart)
            json.field("end", mention.sentenceEnd)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}
