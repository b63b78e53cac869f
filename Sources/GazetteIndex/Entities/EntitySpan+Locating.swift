import GazetteAnalysis

extension EntitySpan {
    /// Stored spans carry byte ranges only; a merge needs their token positions again (body-relative, as the
    /// indexer numbered them), which one pass of the analyzer over the stored text gives back.
    static func locating(
        _ stored: [StoredEntitySpan], in text: String, blocks: [Range<Int>], analyzer: inout Analyzer
    ) -> [EntitySpan] {
        guard !stored.isEmpty else { return [] }
        var tokens: [TokenSpan] = []
        var copy = text
        copy.withUTF8 { bytes in
            _ = analyzer.analyze(bytes, blocks: blocks, firstPosition: 0) { _, span in tokens.append(span) }
        }
        var result: [EntitySpan] = []
        result.reserveCapacity(stored.count)
        var index = 0
        for span in stored {
            // Spans and tokens are both in text order: one forward walk finds each span's first and last token.
            while index < tokens.count, tokens[index].end <= span.range.lowerBound { index += 1 }
            var last = index
            while last + 1 < tokens.count, tokens[last + 1].start < span.range.upperBound { last += 1 }
            guard index < tokens.count, tokens[index].start < span.range.upperBound else { continue }
            result.append(EntitySpan(
                range: span.range, positions: tokens[index].position...tokens[last].position,
                type: span.type, canonical: span.canonical))
        }
        return result
    }
}
