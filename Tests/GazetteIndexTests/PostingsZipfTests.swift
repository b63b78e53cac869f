import Foundation
import Testing
@testable import GazetteIndex

/// A Zipf-distributed corpus (a few very common terms, a long tail of rare ones)
/// written through the real postings writer and term dictionary, then read back through both.
@Suite("A Zipf corpus round-trips through dictionary, postings and positions")
struct PostingsZipfTests {
    static func zipfCorpus(documents: Int, vocabulary: Int, exponent: Double, seed: UInt64) -> [(term: [UInt8], postings: [ModelPosting])] {
        var random = CodecRandom(seed: seed)
        var cumulative = [Double](repeating: 0, count: vocabulary)
        var sum = 0.0
        for k in 0..<vocabulary {
            sum += 1 / pow(Double(k + 1), exponent)
            cumulative[k] = sum
        }
        var inverted = [[ModelPosting]](repeating: [], count: vocabulary)
        for document in 0..<documents {
            let length = 20 + random.below(400)
            var positions: [Int: [UInt32]] = [:]
            for token in 0..<length {
                let u = random.uniform() * sum
                var low = 0, high = vocabulary - 1
                while low < high {
                    let mid = (low + high) / 2
                    if cumulative[mid] < u { low = mid + 1 } else { high = mid }
                }
                positions[low, default: []].append(UInt32(token + token / 40 * 100))  // a paragraph gap every 40
            }
            for (term, list) in positions { inverted[term].append(ModelPosting(document: UInt32(document), positions: list)) }
        }
        return inverted.enumerated().compactMap { term, postings in
            postings.isEmpty ? nil : (Array("t\(term)".utf8), postings)
        }.sorted { $0.term.lexicographicallyPrecedes($1.term) }
    }

    @Test func everyTermReadsBackExactly() throws {
        let corpus = Self.zipfCorpus(documents: 700, vocabulary: 8000, exponent: 1.1, seed: 42)
        let built = BuiltPostings(corpus.map(\.postings))
        var dictionary = TermDictionaryWriter()
        for (term, info) in zip(corpus.map(\.term), built.infos) {
            term.withUnsafeBufferPointer { dictionary.add(term: $0, info: info) }
        }
        let reader = try TermDictionaryReader(file: try mapTemporaryFile(try dictionary.finish()))
        try reader.verify()
        #expect(reader.termCount == UInt64(corpus.count))
        #expect(corpus.contains { $0.postings.count > 128 * 4 })  // long lists with several blocks
        #expect(corpus.filter { $0.postings.count == 1 }.count > corpus.count / 8)  // a long tail of rare terms
        for (index, entry) in corpus.enumerated() {
            let info = try entry.term.withUnsafeBytes { try reader.lookup($0) }
            #expect(info == built.infos[index])
            guard let info else { continue }
            let read = built.withCursor(index, info: info) { PostingsModel.readAll(&$0) }
            #expect(read == entry.postings)
        }
        let postings = corpus.reduce(0) { $0 + $1.postings.count }
        let positions = corpus.reduce(0) { $0 + $1.postings.reduce(0) { $0 + $1.positions.count } }
        // Sanity bounds on the size (the varint format of version 1 took about 2.3 and 1.7 bytes).
        #expect(Double(built.postings.count) / Double(postings) < 1.6)
        #expect(Double(built.positions.count) / Double(positions) < 1.8)
    }
}
