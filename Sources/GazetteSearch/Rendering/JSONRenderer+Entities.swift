import GazetteIndex

extension JSONRenderer {
    /// `gazette mentions --json`, one object on one line:
    ///
    ///     {"query": "Lavrov", "ambiguous": false, "entities": [{"entity": "Sergei Lavrov", "type": "PERSON",
    ///       "aliases": […], "documents": 3, "mentions": 7, "occurrences": [{"path": "…", "title": "…" | null,
    ///       "count": 2, "mentions": [{"text", "line", "sentence", "start", "end"}]}]}]}
    ///
    /// `"occurrences"` holds at most `documentLimit` documents per entity (`"documents"` counts them all); an
    /// occurrence carries `"index"` when several indexes were read. `start`/`end` count Unicode scalars of
    /// `sentence`, end exclusive.
    public static func render(_ report: MentionsReport, documentLimit: Int = .max) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("query", report.query)
        json.field("ambiguous", report.isAmbiguous)
        json.key("entities")
        json.beginArray()
        for found in report.found {
            json.beginObject()
            json.field("entity", found.entity.canonical)
            json.field("type", found.entity.type)
            json.key("aliases")
            json.beginArray()
            for alias in found.entity.aliases { json.string(alias) }
            json.endArray()
            json.field("documents", found.documentCount)
            json.field("mentions", found.mentionCount)
            json.key("occurrences")
            json.beginArray()
            for document in found.documents.prefix(documentLimit) { writeOccurrence(document, into: &json) }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output
    }

    /// `gazette mentions NAME --by UNIT --json`: `{"query", "ambiguous", "by", "entities": [{"entity", "type",
    /// "documents", "mentions", "undated_documents", "undated_mentions", "series": [{"period", "documents",
    /// "mentions"}]}]}`, periods in order from the first dated document to the last, quiet ones included.
    public static func render(_ report: MentionsReport, by unit: FacetReport.DateUnit) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("query", report.query)
        json.field("ambiguous", report.isAmbiguous)
        json.field("by", unit.rawValue)
        json.key("entities")
        json.beginArray()
        for found in report.found {
            let series = MentionSeries(found.documents, by: unit)
            json.beginObject()
            json.field("entity", found.entity.canonical)
            json.field("type", found.entity.type)
            json.field("documents", found.documentCount)
            json.field("mentions", found.mentionCount)
            json.field("undated_documents", series.undatedDocuments)
            json.field("undated_mentions", series.undatedMentions)
            json.key("series")
            json.beginArray()
            for period in series.periods {
                json.beginObject()
                json.field("period", period.name)
                json.field("documents", period.documents)
                json.field("mentions", period.mentions)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output
    }

    /// One entity: `{"rank"?, "entity", "type", "documents", "mentions", "aliases": [...]}`, as `entities --json`
    /// nests it and `entities --format ndjson` prints it a line each.
    static func writeEntity(_ entity: EntityDirectory.Entity, rank: Int?, into json: inout JSONWriter) {
        json.beginObject()
        if let rank { json.field("rank", rank) }
        json.field("entity", entity.canonical)
        json.field("type", entity.type)
        json.field("documents", entity.documentCount)
        json.field("mentions", entity.mentionCount)
        json.key("aliases")
        json.beginArray()
        for alias in entity.aliases { json.string(alias) }
        json.endArray()
        json.endObject()
    }

    /// `gazette entities --json`: `{"total": 583, "entities": [{"entity", "type", "documents", "mentions",
    /// "aliases": […]}]}`, ranked by documents, then mentions; `"total"` counts every entity of the asked type,
    /// `"entities"` the first `limit` of them.
    /// `total`: how many entities there are, when `entities` holds only the first of them.
    public static func render(entities: [EntityDirectory.Entity], limit: Int = .max, total: Int? = nil) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("total", total ?? entities.count)
        json.key("entities")
        json.beginArray()
        for entity in entities.prefix(limit) { writeEntity(entity, rank: nil, into: &json) }
        json.endArray()
        json.endObject()
        return json.output
    }
}

extension JSONRenderer {
    /// `gazette entity corrections --json`: `{"corrections": [{"kind": "merge", "name": "Bush", "value": "George W
    /// Bush", "type": "PERSON"}]}` in the order they were made; `"value"` and `"type"` only where the correction
    /// has them.
    public static func render(corrections: [EntityCorrection]) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("corrections")
        json.beginArray()
        for correction in corrections {
            json.beginObject()
            json.field("kind", correction.kind.word)
            json.field("name", correction.name)
            if !correction.value.isEmpty { json.field("value", correction.value) }
            if !correction.type.isEmpty { json.field("type", correction.type) }
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output
    }
}
