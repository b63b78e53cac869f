#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GazetteAnalysis

/// Okapi BM25 with Lucene's non-negative idf. A phrase is scored like a term whose frequency is the number of
/// phrase instances in the document and whose idf is the sum of its terms' idf (as Tantivy and Lucene do).
public struct BM25: Sendable, Equatable {
    public var k1: Double = 1.2
    public var b: Double = 0.75

    public init(k1: Double = 1.2, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
    }

    @inlinable
    public static func idf(documentFrequency: Int, documentCount: Int) -> Double {
        let n = Double(documentCount), df = Double(documentFrequency)
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }

    @inlinable
    public func score(frequency: Double, idf: Double, length: Double, averageLength: Double) -> Double {
        guard frequency > 0 else { return 0 }
        let norm = averageLength > 0 ? (1 - b + b * length / averageLength) : 1
        return idf * frequency * (k1 + 1) / (frequency + k1 * norm)
    }
}
