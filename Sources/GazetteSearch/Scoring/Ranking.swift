import GazetteAnalysis

/// How hits are ranked: BM25F over the title and body fields, plus a proximity boost for bare words.
///
/// BM25F (Robertson, Zaragoza & Taylor): each field's term frequency is normalised by that field's length against
/// the field's average length, weighted by the field's boost, and the weighted sum is saturated once:
///
///     tf~   = titleBoost · tfTitle / (1 − bTitle + bTitle · titleLength / avgTitleLength)
///           +              tfBody  / (1 − b      + b      · bodyLength  / avgBodyLength)
///     score = idf · tf~ · (k1 + 1) / (tf~ + k1)
///
/// A document without a title is scored exactly as plain BM25 over its body.
public struct Ranking: Sendable, Equatable {
    /// k1 and the body's b.
    public var bm25: BM25
    /// Weight of a title occurrence relative to a body occurrence (`--title-boost`).
    public var titleBoost: Double
    /// Length normalisation of the title field.
    public var titleB: Double
    /// Weight of the proximity boost (0 turns it off); see `ProximityScorer`.
    public var proximityWeight: Double
    /// Largest number of moves between two query words that still counts as "close"; kept below the position gap
    /// between blocks, so that a close pair never spans two paragraphs.
    public var proximityWindow: Int

    public init(
        bm25: BM25 = BM25(), titleBoost: Double = 2, titleB: Double = 0.75,
        proximityWeight: Double = 1, proximityWindow: Int = 12
    ) {
        self.bm25 = bm25
        self.titleBoost = titleBoost
        self.titleB = titleB
        self.proximityWeight = proximityWeight
        self.proximityWindow = min(max(proximityWindow, 0), Int(Analyzer.blockPositionGap) - 1)
    }

    /// The saturation BM25 applies to a (weighted) term frequency, without idf.
    @inlinable
    public func saturation(_ weightedFrequency: Double) -> Double {
        guard weightedFrequency > 0 else { return 0 }
        return weightedFrequency * (bm25.k1 + 1) / (weightedFrequency + bm25.k1)
    }

    /// The weighted frequency below which a term of weight `idf` cannot beat `weakest` even by the margin
    /// `Searcher` allows for rounding (a bound `b` is ruled out when `b · (1 + 1e-9) + 1e-12 < weakest`): the
    /// inverse of the saturation, a little lower still so that its own rounding never rules out a document
    /// that the exact bound would keep. `-infinity` when every document may, `infinity` when none can.
    func weightedLimit(beating weakest: Double, idf: Double) -> Double {
        let k1 = bm25.k1
        guard idf > 0 else { return -.infinity }
        let saturated = (weakest - 1e-12) / (idf * (1 + 1e-9))
        guard saturated > 0 else { return -.infinity }
        guard saturated < k1 + 1 else { return .infinity }
        return saturated * k1 / (k1 + 1 - saturated) * (1 - 1e-9)
    }
}
