import GazetteIndex

/// BM25 for the documents of one segment, with corpus-wide statistics so that scores from different
/// segments compare.
struct DocumentScorer {
    let norms: NormsReader
    let bm25: BM25
    let averageLength: Double

    func length(_ doc: UInt32) -> Double {
        Double(norms.titleLength(doc)) + Double(norms.bodyLength(doc))
    }

    func bodyStart(_ doc: UInt32) -> UInt32 {
        FieldLayout.bodyStart(titleLength: norms.titleLength(doc))
    }

    func score(frequency: Double, idf: Double, document: UInt32) -> Double {
        bm25.score(frequency: frequency, idf: idf, length: length(document), averageLength: averageLength)
    }
}
