import GazetteIndex

/// Statistics of everything searched together — every segment of every index — so that a document scores the same
/// whichever index or segment holds it.
struct CorpusStatistics: Sendable, Equatable {
    var documentCount: Int
    /// Title + body tokens per document (plain BM25 over the whole document, for entity filters).
    var averageLength: Double
    var averageTitleLength: Double
    var averageBodyLength: Double

    init(segments: [SegmentReader]) {
        var documents = 0
        var titleTokens = 0.0, bodyTokens = 0.0
        for segment in segments {
            documents += segment.documentCount
            titleTokens += Double(segment.norms.titleLengthSum)
            bodyTokens += Double(segment.norms.bodyLengthSum)
        }
        documentCount = documents
        let n = Double(max(documents, 1))
        averageLength = documents > 0 ? (titleTokens + bodyTokens) / n : 0
        averageTitleLength = documents > 0 ? titleTokens / n : 0
        averageBodyLength = documents > 0 ? bodyTokens / n : 0
    }
}

/// The per-field factors of one term (or phrase) in one document, for scoring and `--explain`.
struct FieldFrequencies: Equatable {
    var title: Double
    var body: Double
}

/// BM25F for the documents of one segment, with corpus-wide statistics so that scores from different
/// segments and indexes compare.
struct DocumentScorer {
    let norms: NormsReader
    let ranking: Ranking
    let statistics: CorpusStatistics
    /// The segment's inverted norms for these statistics and this ranking; kept alive here, read through the
    /// pointers below (no reference counting per document).
    private let inverseNorms: InverseLengthNorms
    private let inverseTitleNorms: UnsafePointer<Double>
    private let inverseBodyNorms: UnsafePointer<Double>
    /// Per document, the most weight one occurrence carries (`InverseLengthNorms.occurrence`).
    let occurrenceWeights: UnsafePointer<Double>

    init(norms: NormsReader, ranking: Ranking, statistics: CorpusStatistics, inverseNorms: InverseLengthNorms) {
        self.norms = norms
        self.ranking = ranking
        self.statistics = statistics
        self.inverseNorms = inverseNorms
        inverseTitleNorms = UnsafePointer(inverseNorms.title)
        inverseBodyNorms = UnsafePointer(inverseNorms.body)
        occurrenceWeights = UnsafePointer(inverseNorms.occurrence)
    }

    var bm25: BM25 { ranking.bm25 }

    func length(_ doc: UInt32) -> Double {
        Double(norms.titleLength(doc)) + Double(norms.bodyLength(doc))
    }

    func bodyStart(_ doc: UInt32) -> UInt32 {
        FieldLayout.bodyStart(titleLength: norms.titleLength(doc))
    }

    /// Plain BM25 over the whole document (entity filters, which have no field).
    func score(frequency: Double, idf: Double, document: UInt32) -> Double {
        bm25.score(frequency: frequency, idf: idf, length: length(document), averageLength: statistics.averageLength)
    }

    /// Length normalisation of the title field, `1 − b + b · length / average` (1 when no document has a title).
    func titleNorm(_ doc: UInt32) -> Double {
        Self.norm(length: Double(norms.titleLength(doc)), average: statistics.averageTitleLength, b: ranking.titleB)
    }

    func bodyNorm(_ doc: UInt32) -> Double {
        Self.norm(length: Double(norms.bodyLength(doc)), average: statistics.averageBodyLength, b: ranking.bm25.b)
    }

    static func norm(length: Double, average: Double, b: Double) -> Double {
        average > 0 ? 1 - b + b * length / average : 1
    }

    /// BM25F's weighted frequency: each field's frequency over its length norm, the title's times its boost.
    /// `document` must be one of the segment's (every document a postings cursor returns is).
    @inline(__always)
    func weightedFrequency(_ frequencies: FieldFrequencies, document: UInt32) -> Double {
        var weighted = 0.0
        if frequencies.title > 0 { weighted += ranking.titleBoost * frequencies.title * inverseTitleNorms[Int(document)] }
        if frequencies.body > 0 { weighted += frequencies.body * inverseBodyNorms[Int(document)] }
        return weighted
    }

    @inline(__always)
    func score(_ frequencies: FieldFrequencies, idf: Double, document: UInt32) -> Double {
        idf * ranking.saturation(weightedFrequency(frequencies, document: document))
    }

    /// The highest score `total` occurrences can give, however they are split between title and body: the
    /// weighted frequency is linear in the title's share, so the maximum is at one end. Needs no positions.
    /// The saturation is increasing, so the larger weighted frequency gives the larger score: one saturation.
    @inline(__always)
    func maximumScore(total: Double, idf: Double, document: UInt32) -> Double {
        idf * ranking.saturation(maximumWeightedFrequency(total: total, document: document))
    }

    /// The weighted frequency under `maximumScore`, before saturation.
    @inline(__always)
    func maximumWeightedFrequency(total: Double, document: UInt32) -> Double {
        let titleLength = Double(norms.titleLength(document))
        let allBody = weightedFrequency(FieldFrequencies(title: 0, body: total), document: document)
        guard titleLength > 0 else { return allBody }
        let inTitle = min(total, titleLength)
        return max(allBody, weightedFrequency(FieldFrequencies(title: inTitle, body: total - inTitle), document: document))
    }

    /// Explanation of `score(frequencies, idf:, document:)`.
    func explain(_ frequencies: FieldFrequencies, idf: Double, document: UInt32, clause: String, kind: String) -> ScoreExplanation {
        let weighted = weightedFrequency(frequencies, document: document)
        var fields: [ScoreExplanation] = []
        if frequencies.title > 0 {
            let norm = titleNorm(document)
            fields.append(ScoreExplanation(
                value: ranking.titleBoost * frequencies.title / norm, label: "title", kind: "field",
                factors: [
                    ("tf", frequencies.title), ("length", Double(norms.titleLength(document))),
                    ("average_length", statistics.averageTitleLength), ("b", ranking.titleB), ("norm", norm),
                    ("boost", ranking.titleBoost),
                ].map { ScoreExplanation.Factor(name: $0.0, value: $0.1) }))
        }
        if frequencies.body > 0 {
            let norm = bodyNorm(document)
            fields.append(ScoreExplanation(
                value: frequencies.body / norm, label: "body", kind: "field",
                factors: [
                    ("tf", frequencies.body), ("length", Double(norms.bodyLength(document))),
                    ("average_length", statistics.averageBodyLength), ("b", ranking.bm25.b), ("norm", norm),
                    ("boost", 1),
                ].map { ScoreExplanation.Factor(name: $0.0, value: $0.1) }))
        }
        return ScoreExplanation(
            value: idf * ranking.saturation(weighted), label: clause, kind: kind,
            factors: [
                .init(name: "idf", value: idf), .init(name: "weighted_tf", value: weighted),
                .init(name: "k1", value: ranking.bm25.k1),
            ],
            children: fields)
    }
}
