import GazetteIndex

/// Each document's 1 / (length norm) of the title and of the body in one segment, for one set of corpus
/// statistics and ranking: what BM25F divides a term frequency by (`DocumentScorer.titleNorm`, `bodyNorm`).
///
/// A query that matches thousands of documents bounds the score of each (`maxScore`) before deciding whether to
/// score it exactly, and each bound took four divisions; with the norms inverted once per segment it takes
/// multiplications and one division (the saturation). A searcher computes them the first time a query reaches the
/// segment (two divisions per document, about 10 µs for 2,500 documents) and keeps them for later queries.
final class InverseLengthNorms {
    /// `title[doc]`, `body[doc]` for every document of the segment, deleted ones included (one unused entry for
    /// a segment without documents, so that the pointers are never null).
    let title: UnsafeMutablePointer<Double>
    let body: UnsafeMutablePointer<Double>
    /// `occurrence[doc]`: the most weight one occurrence can add to the document's weighted frequency (the
    /// heavier of its fields, the title's boost included): `tf · occurrence[doc]` bounds a term's weighted
    /// frequency however its occurrences split between title and body (`DocumentScorer.occurrenceWeights`).
    let occurrence: UnsafeMutablePointer<Double>

    init(norms: NormsReader, ranking: Ranking, statistics: CorpusStatistics) {
        let count = norms.documentCount
        title = .allocate(capacity: max(count, 1))
        body = .allocate(capacity: max(count, 1))
        occurrence = .allocate(capacity: max(count, 1))
        title[0] = 1
        body[0] = 1
        occurrence[0] = 1
        for doc in 0..<count {
            let document = UInt32(truncatingIfNeeded: doc)
            title[doc] = 1 / DocumentScorer.norm(
                length: Double(norms.titleLength(document)), average: statistics.averageTitleLength, b: ranking.titleB)
            body[doc] = 1 / DocumentScorer.norm(
                length: Double(norms.bodyLength(document)), average: statistics.averageBodyLength, b: ranking.bm25.b)
            occurrence[doc] = norms.titleLength(document) > 0 ? max(body[doc], ranking.titleBoost * title[doc]) : body[doc]
        }
    }

    deinit {
        title.deallocate()
        body.deallocate()
        occurrence.deallocate()
    }
}
