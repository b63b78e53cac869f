import Foundation
import GazetteIndex
import GazetteTestSupport
import Testing
@testable import GazetteSearch

/// Exact phrases read their words' positions rarest first and stop once no start is left
/// (`PhraseNode.exactMatchFrequencies`): the documents found must be those whose title or body holds the words
/// in a row, whatever the words' frequencies — dense words ("the"), rare ones, a word repeated in the phrase.
@Suite struct ExactPhraseSearchTests {
    @Test func phrasesFindEveryDocumentHoldingTheWordsInARow() throws {
        let vocabulary = ["the", "the", "the", "of", "of", "to", "kernel", "caller", "pass", "it"]
        var random = SeededRandom(seed: 29)
        let path = NSTemporaryDirectory() + "gazette-exact-phrase-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        var documents: [(path: String, title: [String], body: [String])] = []
        do {
            let writer = try IndexWriter(directory: path, rebuild: true)
            for segment in 0..<2 {
                let builder = SegmentBuilder()
                for i in 0..<250 {
                    let name = String(format: "%d-%04d.txt", segment, i)
                    let title = (0..<random.below(4)).map { _ in vocabulary[random.below(vocabulary.count)] }
                    let body = (0..<(1 + random.below(60))).map { _ in vocabulary[random.below(vocabulary.count)] }
                    documents.append((name, title, body))
                    let text = body.joined(separator: " ")
                    builder.add(DocumentToIndex(
                        path: name, title: title.isEmpty ? nil : title.joined(separator: " "), text: text,
                        blocks: [0..<text.utf8.count]))
                }
                try writer.flush(builder)
            }
            try writer.commit()
        }
        func holds(_ words: [String], _ phrase: [String]) -> Bool {
            guard words.count >= phrase.count else { return false }
            return (0...(words.count - phrase.count)).contains { Array(words[$0..<($0 + phrase.count)]) == phrase }
        }
        let searcher = Searcher(index: try IndexReader(directory: path))
        let phrases = [["of", "the"], ["the", "the"], ["pass", "it", "to", "the"], ["of", "the", "caller"],
                       ["the", "kernel"], ["caller", "pass"], ["it", "it", "it"], ["to", "the", "the", "kernel"]]
        for phrase in phrases {
            let expected = Set(documents.filter { holds($0.title, phrase) || holds($0.body, phrase) }.map(\.path))
            let query = "\"" + phrase.joined(separator: " ") + "\""
            let result = try searcher.search(query, options: SearchOptions(limit: 1000, snippets: 0, readsDocuments: false))
            #expect(result.total == expected.count, "\(query)")
            #expect(Set(result.hits.map(\.path)) == expected, "\(query)")
            let top = try searcher.search(query, options: SearchOptions(limit: 5, snippets: 0, readsDocuments: false))
            #expect(top.hits.map(\.score) == result.hits.prefix(5).map(\.score), "\(query)")
        }
    }
}
