/// Renders a result as exactly one JSON object on one line:
///
///     {"query": "…", "total": 42, "hits": [{"rank": 1, "path": "…", "title": "…" | null, "score": 3.2101,
///       "snippet": "…", "highlights": [{"start": 0, "end": 5, "text": "…", "kind": "match"}]}]}
///
/// Highlight offsets count Unicode scalars of `snippet` (Python string indices; not UTF-16 units), end
/// exclusive; entity highlights carry their canonical name as `"entity"`.
public enum JSONRenderer {
    public static func render(_ result: SearchResult) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("query", result.query)
        json.field("total", result.total)
        json.key("hits")
        json.beginArray()
        for hit in result.hits {
            json.beginObject()
            json.field("rank", hit.rank)
            json.field("path", hit.path)
            json.field("title", hit.title)
            json.field("score", hit.score, decimals: 4)
            json.field("snippet", hit.snippet.text)
            json.key("highlights")
            json.beginArray()
            for highlight in hit.snippet.highlights {
                json.beginObject()
                json.field("start", highlight.start)
                json.field("end", highlight.end)
                json.field("text", highlight.text)
                json.field("kind", highlight.kind)
                if let entity = highlight.entity { json.field("entity", entity) }
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output
    }
}
