import GazetteIndex

/// Renders a result as exactly one JSON object on one line:
///
///     {"query": "…", "total": 42, "offset": 0, "hits": [{"rank": 1, "path": "…", "title": "…" | null,
///       "score": 3.2101, "snippet": "…", "highlights": [{"start": 0, "end": 5, "text": "…", "kind": "match"}]}]}
///
/// Highlight offsets count Unicode scalars of `snippet` (Python string indices; not UTF-16 units), end
/// exclusive; entity highlights carry their canonical name as `"entity"` (none for a date without a year).
/// When the result has notices, a top-level `"notices"` array: what the search had to say, as on stderr (a type
/// filter that found the name under another type only, a prefix that matched too many terms).
/// Every hit carries the entities its document names (`"entities": [{"entity", "type"}]`, in order of first
/// mention) and its article's `"date"` (ISO 8601 as written: a day, or a day and time), `"date_source"`,
/// `"author"` and `"source"`, each null when the document does not say. Optional members of a hit:
/// `"index"` (the index folder, when several were searched), `"file"` (the absolute path of the document's
/// file, when the index records its corpus folder), `"snippets"` (with `multipleSnippets`: every
/// snippet in document order, each `{"snippet", "highlights"}`; `"snippet"` is the best of them) and
/// `"explain"` (the score broken down: `{"score", "clause", "kind", "factors": {name: value}, "children": […]}`).
public enum JSONRenderer {
    /// One hit as an object: what `"hits"` holds, and each line of `search --format ndjson`.
    public static func writeHit(_ hit: SearchHit, multipleSnippets: Bool, into json: inout JSONWriter) {
        json.beginObject()
        json.field("rank", hit.rank)
        json.field("path", hit.path)
        if let index = hit.index { json.field("index", index) }
        if let file = hit.file { json.field("file", file) }
        json.field("title", hit.title)
        writeMetadata(hit.metadata, into: &json)
        json.field("score", hit.score, decimals: 4)
        json.field("snippet", hit.snippet.text)
        json.key("highlights")
        writeHighlights(hit.snippet.highlights, into: &json)
        json.key("entities")
        json.beginArray()
        for entity in hit.entities {
            json.beginObject()
            json.field("entity", entity.name)
            json.field("type", entity.type)
            json.endObject()
        }
        json.endArray()
        if multipleSnippets {
            json.key("snippets")
            json.beginArray()
            for snippet in hit.snippets {
                json.beginObject()
                json.field("snippet", snippet.text)
                json.key("highlights")
                writeHighlights(snippet.highlights, into: &json)
                json.endObject()
            }
            json.endArray()
        }
        if let explanation = hit.explanation {
            json.key("explain")
            write(explanation, into: &json)
        }
        json.endObject()
    }

    /// `"date"`, `"date_source"`, `"author"` and `"source"`, null where unknown: the same four wherever an
    /// article is described (hits, documents).
    static func writeMetadata(_ metadata: ArticleMetadata, into json: inout JSONWriter) {
        json.field("date", metadata.date)
        json.field("date_source", metadata.dateSource)
        json.field("author", metadata.author)
        json.field("source", metadata.source)
    }

    /// With `facets`, a top-level `"facets"` member: the facet report's members (as `/api/facets` gives them) of
    /// the kinds asked for.
    public static func render(
        _ result: SearchResult, multipleSnippets: Bool = false, facets: (FacetReport, [FacetKind])? = nil
    ) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("query", result.query)
        if let parsed = result.parsedQuery { json.field("parsed_query", parsed) }
        json.field("total", result.total)
        if result.offset > 0 { json.field("offset", result.offset) }
        if !result.notices.isEmpty {
            json.key("notices")
            json.beginArray()
            for notice in result.notices { json.string(notice) }
            json.endArray()
        }
        json.key("hits")
        json.beginArray()
        for hit in result.hits { writeHit(hit, multipleSnippets: multipleSnippets, into: &json) }
        json.endArray()
        if let (report, kinds) = facets {
            json.key("facets")
            json.beginObject()
            writeFacets(report, kinds: kinds, into: &json)
            json.endObject()
        }
        json.endObject()
        return json.output
    }

    private static func writeHighlights(_ highlights: [Highlight], into json: inout JSONWriter) {
        json.beginArray()
        for highlight in highlights {
            json.beginObject()
            json.field("start", highlight.start)
            json.field("end", highlight.end)
            json.field("text", highlight.text)
            json.field("kind", highlight.kind)
            if let entity = highlight.entity { json.field("entity", entity) }
            json.endObject()
        }
        json.endArray()
    }

    static func write(_ explanation: ScoreExplanation, into json: inout JSONWriter) {
        json.beginObject()
        json.field("score", explanation.value, decimals: 6)
        json.field("clause", explanation.label)
        json.field("kind", explanation.kind)
        if !explanation.factors.isEmpty {
            json.key("factors")
            json.beginObject()
            for factor in explanation.factors { json.field(factor.name, factor.value, decimals: 6) }
            json.endObject()
        }
        if !explanation.children.isEmpty {
            json.key("children")
            json.beginArray()
            for child in explanation.children { write(child, into: &json) }
            json.endArray()
        }
        json.endObject()
    }
}
