import Foundation
import GazetteIndex
import GazetteTestSupport
import Testing
@testable import GazetteSearch

/// A search reads a hit's stored text only where its snippets need it (`StoredText`, frames of 32 KB): the
/// snippets of matches anywhere in long documents — first paragraph, last, across a frame boundary — must be
/// those cut from the whole text. Debug builds fill bytes not yet decompressed with 0xFF, so a read the
/// searcher forgot to prepare shows as a missing highlight or a U+FFFD. Every "court" is an ORG span: the
/// entity highlights of each snippet must be those of the spans it shows (found among thousands).
@Suite struct LongDocumentSnippetTests {
    @Test func snippetsOfMatchesDeepInLongDocumentsAreThoseOfTheWholeText() throws {
        let vocabulary = ["the", "court", "ruled", "on", "energy", "sanctions", "and", "of", "security", "talks"]
        var random = SeededRandom(seed: 31)
        let path = NSTemporaryDirectory() + "gazette-long-snippets-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        let frame = 32 * 1024  // the store's frame size
        var texts: [String: String] = [:]
        var spans: [String: [SnippetBuilder.EntitySpan]] = [:]
        do {
            let writer = try IndexWriter(directory: path, rebuild: true)
            let builder = SegmentBuilder()
            for doc in 0..<6 {
                // Paragraphs until the text passes about 300 KB, the marker planted at a place of its own in
                // each document: the first paragraph, the last, around frame boundaries, the middle.
                var paragraphs: [String] = []
                var length = 0
                while length < 300_000 {
                    let paragraph = (0..<(20 + random.below(120))).map { _ in vocabulary[random.below(vocabulary.count)] }
                        .joined(separator: " ")
                    paragraphs.append(paragraph)
                    length += paragraph.utf8.count + 2
                }
                var target: Int
                switch doc {
                case 0: target = 0
                case 1: target = paragraphs.count - 1
                default:
                    // The paragraph holding byte frame * doc (crossing a frame boundary, roughly).
                    var offset = 0
                    target = 0
                    while target < paragraphs.count - 1, offset + paragraphs[target].utf8.count + 2 < frame * doc {
                        offset += paragraphs[target].utf8.count + 2
                        target += 1
                    }
                }
                var words = paragraphs[target].split(separator: " ").map(String.init)
                words.insert("zebraquux", at: words.count / 2)
                words.insert("zebraquux", at: words.count - 1)
                paragraphs[target] = words.joined(separator: " ")
                let text = paragraphs.joined(separator: "\n\n")
                var blocks: [Range<Int>] = []
                var start = 0
                for paragraph in paragraphs {
                    blocks.append(start..<(start + paragraph.utf8.count))
                    start += paragraph.utf8.count + 2
                }
                let name = "long-\(doc).txt"
                texts[name] = text
                var entities: [EntitySpan] = []
                let bytes = Array(text.utf8), court = Array("court".utf8)
                var at = 0
                while at + court.count <= bytes.count {
                    let isWord = (at == 0 || bytes[at - 1] == 0x20 || bytes[at - 1] == 0x0A)
                        && (at + court.count == bytes.count || bytes[at + court.count] == 0x20 || bytes[at + court.count] == 0x0A)
                    if isWord, bytes[at..<(at + court.count)].elementsEqual(court) {
                        // Positions are not read back by the store or the searcher's highlights.
                        entities.append(EntitySpan(range: at..<(at + court.count), positions: 0...0, type: "ORG", canonical: "Court"))
                        at += court.count
                    } else {
                        at += 1
                    }
                }
                spans[name] = entities.map { (range: $0.range, kind: "ORG", entity: "Court") }
                builder.add(DocumentToIndex(path: name, title: "Long \(doc)", text: text, blocks: blocks, entities: entities))
            }
            try writer.flush(builder)
            try writer.commit()
        }
        let searcher = Searcher(index: try IndexReader(directory: path))
        let options = SearchOptions(limit: 10, snippetWidth: 160, snippets: 2)
        for query in ["zebraquux", "\"zebraquux the\" OR zebraquux"] {
            let result = try searcher.search(query, options: options)
            #expect(result.hits.count == 6, "\(query)")
            for hit in result.hits {
                let text = try #require(texts[hit.path])
                let bytes = Array(text.utf8)
                // The marker's byte ranges, found in the text itself.
                let marker = Array("zebraquux".utf8)
                var matches: [Range<Int>] = []
                var at = 0
                while at + marker.count <= bytes.count {
                    if bytes[at] == marker[0], Array(bytes[at..<(at + marker.count)]) == marker {
                        matches.append(at..<(at + marker.count))
                        at += marker.count
                    } else {
                        at += 1
                    }
                }
                #expect(matches.count == 2)
                let expected = SnippetBuilder(width: 160).build(
                    text: text, matches: matches, entities: spans[hit.path] ?? [], count: 2)
                #expect(hit.snippets == expected, "\(query) in \(hit.path)")
                #expect(hit.snippets.allSatisfy { !$0.text.contains("\u{FFFD}") })
                #expect(
                    hit.snippets.flatMap(\.highlights).filter { $0.kind == "match" }.map(\.text) == ["zebraquux", "zebraquux"],
                    "\(hit.path)")
                #expect(hit.snippets.flatMap(\.highlights).contains { $0.kind == "ORG" && $0.text == "court" })
            }
        }
    }
}
