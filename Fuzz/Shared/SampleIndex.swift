#if canImport(Glibc)
import Glibc
#endif
import GazetteAnalysis
import GazetteEntities
import GazetteIndex
import GazetteKit

/// A small index that exercises every structure of the format: two segments (one with a term in more than 256
/// documents, so full postings blocks, a skip group and a tail; frequent terms with more than 128 positions),
/// entities, titles, several blocks per document, non-ASCII words, and tombstones in both segments (so
/// `.del` files). Built the same way on every run, so its files can serve as seeds.
enum SampleIndex {
    /// Queries that together reach every kind of match node, prefix expansion, entity filters and fields.
    static let queries: [String] = [
        "alpha beta", "\"the alpha\"~15 OR \"price cap\"", "sanct* -gamma", "title:(oil OR gas) body:alpha",
        "person:Lavrov", "entity:\"Sergei Lavrov\" OR müller москва 東京",
    ]

    private static let words: [String] = [
        "the", "the", "the", "alpha", "beta", "gamma", "delta", "oil", "gas", "price", "cap", "sanctions",
        "sanctioned", "sanctioning", "Rosneft", "Peskov", "Lavrov’s", "Müller", "Москва", "東京", "don't", "2025",
        "ceasefire", "sea", "security", "guarantees", "talks", "Kyiv", "Brussels", "on", "of", "and", "in",
        "O'Reilly", "İstanbul", "ﬁnance", "Straße", "Ελλάδα", "$47.60", "3%", "crude", "barrel", "envoy",
    ]
    private static let sentences: [String] = [
        "Sergei Lavrov said on Thursday that the talks in Kyiv were useful.",
        "The European Union agreed a price cap on Russian crude.",
        "Dmitry Peskov told reporters in Moscow that Rosneft would comply.",
        "Ursula von der Leyen spoke in Brussels on 8 November 2025.",
    ]

    /// Deterministic text: a linear congruential generator, never the system's randomness.
    private struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    private static func document(_ number: Int, generator: inout Generator) -> DocumentToIndex {
        var title: [String] = []
        for _ in 0..<(1 + generator.next(5)) { title.append(words[generator.next(words.count)]) }
        var text = ""
        var blocks: [Range<Int>] = []
        for paragraph in 0..<(1 + generator.next(3)) {
            if paragraph > 0 { text += "\n" }
            let start = text.utf8.count
            var paragraphWords: [String] = paragraph == 0 ? ["alpha"] : []
            for _ in 0..<(2 + generator.next(10)) { paragraphWords.append(words[generator.next(words.count)]) }
            text += paragraphWords.joined(separator: " ")
            if generator.next(4) == 0 { text += " " + sentences[generator.next(sentences.count)] }
            blocks.append(start..<text.utf8.count)
        }
        return DocumentToIndex(
            path: "doc/\(number).txt", title: title.joined(separator: " "), text: text, blocks: blocks,
            fingerprint: FileFingerprint(
                size: Int64(text.utf8.count), modificationTimeNanoseconds: Int64(number) * 1_000_000_007,
                contentHash: UInt64(number) &* 0x9E37_79B9_7F4A_7C15))
    }

    /// Builds the index in `directory` (which must be empty) as three commits.
    static func build(in directory: String) {
        do {
            var generator = Generator(state: 42)
            let first = SegmentBuilder()
            var observer = EntityRecognitionObserver()
            for number in 0..<300 { first.add(document(number, generator: &generator), observer: &observer) }
            try IndexWriter(directory: directory, rebuild: true).flushAndCommit(first)
            let second = SegmentBuilder()
            // Term ids are per builder, so each builder has its own observer.
            var secondObserver = EntityRecognitionObserver()
            for number in 300..<306 { second.add(document(number, generator: &generator), observer: &secondObserver) }
            try IndexWriter(directory: directory, rebuild: false).flushAndCommit(second)
            // A writer sees the documents of the commits before it was opened, so deletions take a third one.
            let third = try IndexWriter(directory: directory, rebuild: false)
            guard third.delete(path: "doc/5.txt"), third.delete(path: "doc/301.txt") else {
                fail("the sample index lacks the documents to delete")
            }
            try third.commit()
        } catch {
            fail("cannot build the sample index: \(error)")
        }
    }
}

private extension IndexWriter {
    func flushAndCommit(_ builder: SegmentBuilder) throws(IndexError) {
        try flush(builder)
        try commit()
    }
}
