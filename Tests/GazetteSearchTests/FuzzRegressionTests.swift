import Foundation
import GazetteIndex
import Testing
@testable import GazetteSearch

/// Crashes `make fuzz` found in the index reader, reproduced with files whose checksums are all valid: the
/// fuzz build reads checksums as 0 to reach the decoders behind them, so its raw inputs (kept in
/// Fuzz/regressions/index/ and replayed by `make fuzz`) would only bounce off the checksums here. A file can
/// carry valid checksums and still be wrong — copied from another segment, or written to do harm — and each
/// test below builds such a file.
@Suite("Fuzz regressions: index files")
struct IndexFuzzRegressionTests {
    /// Postings that name documents the segment does not have (Fuzz/regressions/index/postings-document-past-segment):
    /// the term files of a 300-document segment beside the norms, store and catalog of a 10-document one. Scoring
    /// read the norms of document 10 and beyond, past the end of the file.
    @Test func postingsNamingDocumentsPastTheSegmentAreRefused() throws {
        let large = try FuzzScratchIndex(documents: 300)
        let small = try FuzzScratchIndex(documents: 10)
        let mixed = FuzzScratchIndex.emptyFolder()
        defer { try? FileManager.default.removeItem(atPath: mixed) }
        for name in ["s1.terms", "s1.post", "s1.pos"] { try large.copy(name, to: mixed) }
        for name in ["s1.norms", "s1.store", "s1.files", "s1.ents", "gazette.manifest"] { try small.copy(name, to: mixed) }

        let searcher = Searcher(index: try IndexReader(directory: mixed))
        for query in ["alpha", "alpha common", "\"alpha common\"", "alpha OR word7"] {
            #expect(throws: SearchError.self) { try searcher.search(query, limit: 5) }
        }
        let problems = IndexVerifier.verify(directory: mixed).problems
        #expect(problems.contains { "\($0)".contains("s1.post") })
    }
}

@Suite("Fuzz regressions: snippets from postings that disagree with the stored text")
struct SnippetFuzzRegressionTests {
    /// Postings put "alpha" at position 5; the stored document (of another index, checksums valid) has one token
    /// in its first block and the rest 16 positions later, so position 5 lies in no block. Locating it for the
    /// snippet looped forever (Fuzz/regressions/index/snippet-position-in-no-block, a damaged term dictionary).
    @Test(.timeLimit(.minutes(1))) func positionInNoBlockDoesNotHang() throws {
        let postings = try FuzzScratchIndex(texts: [["x x x x x alpha"]])
        let stored = try FuzzScratchIndex(texts: [["x", "x x x x x alpha"]])
        let mixed = FuzzScratchIndex.emptyFolder()
        defer { try? FileManager.default.removeItem(atPath: mixed) }
        for name in ["s1.terms", "s1.post", "s1.pos"] { try postings.copy(name, to: mixed) }
        for name in ["s1.norms", "s1.store", "s1.files", "s1.ents", "gazette.manifest"] { try stored.copy(name, to: mixed) }

        let result = try Searcher(index: try IndexReader(directory: mixed)).search("alpha", limit: 5)
        #expect(result.total == 1)
        #expect(result.hits.count == 1)
    }
}

@Suite("Fuzz regressions: positions from damaged norms")
struct NormsFuzzRegressionTests {
    /// A title length near 2^32 in the norms (a valid file otherwise) made the first body position overflow
    /// and trap while scoring and while locating snippets; positions now stop at the last one.
    @Test func titleLengthNear2To32DoesNotTrap() throws {
        let index = try FuzzScratchIndex(documents: 20)
        let norms = index.path + "/s1.norms"
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: norms)))
        for (doc, length) in [(0, UInt32.max), (1, UInt32.max - 16), (2, UInt32.max - 20)] {
            withUnsafeBytes(of: length.littleEndian) { bytes.replaceSubrange((8 + 8 * doc)..<(12 + 8 * doc), with: $0) }
        }
        let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 8)])) }
        withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange((bytes.count - 8)..<(bytes.count - 4), with: $0) }
        try Data(bytes).write(to: URL(fileURLWithPath: norms))

        let searcher = Searcher(index: try IndexReader(directory: index.path))
        for query in ["alpha", "\"alpha common\"", "alpha common", "title:title", "body:alpha", "\"common word3\"~5"] {
            _ = try? searcher.search(query, options: SearchOptions(limit: 20, snippets: 2, explain: true))
        }
    }
}

/// An index of `documents` documents that all contain "alpha" and "common" (so full postings blocks once there
/// are more than 128), in one segment `s1`.
final class FuzzScratchIndex {
    let path: String

    convenience init(documents: Int) throws {
        try self.init(texts: (0..<documents).map { ["alpha common word\($0 % 17) alpha"] }, titled: true)
    }

    /// One document per element, each a list of paragraphs (blocks).
    init(texts: [[String]], titled: Bool = false) throws {
        path = Self.emptyFolder()
        let writer = try IndexWriter(directory: path, rebuild: true)
        let builder = SegmentBuilder()
        for (number, paragraphs) in texts.enumerated() {
            var text = ""
            var blocks: [Range<Int>] = []
            for paragraph in paragraphs {
                if !text.isEmpty { text += "\n" }
                blocks.append(text.utf8.count..<(text.utf8.count + paragraph.utf8.count))
                text += paragraph
            }
            builder.add(DocumentToIndex(
                path: "doc\(number).txt", title: titled ? "title \(number)" : nil, text: text, blocks: blocks))
        }
        try writer.flush(builder)
        try writer.commit()
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    static func emptyFolder() -> String {
        let path = NSTemporaryDirectory() + "gazette-fuzz-regression-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func copy(_ name: String, to folder: String) throws {
        try FileManager.default.copyItem(atPath: path + "/" + name, toPath: folder + "/" + name)
    }
}

/// The inputs kept under Fuzz/regressions/<target>/ in the repository.
enum FuzzRegressions {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/regressions")

    static func input(_ target: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(target).appendingPathComponent(name)))
    }
}

@Suite("Fuzz regressions: queries")
struct QueryFuzzRegressionTests {
    /// The parser recursed once per '(' or NOT: 10,000 of them (Fuzz/regressions/query/deep-parentheses and
    /// deep-not) overflowed the stack. Nesting is now refused past 100 levels, with the column where it happens.
    @Test func deepNestingIsAnErrorNotAStackOverflow() throws {
        for name in ["deep-parentheses", "deep-not"] {
            let query = String(decoding: try FuzzRegressions.input("query", name), as: UTF8.self)
            #expect(throws: QueryParseError(column: 101, message: "query nests more than 100 levels deep")) {
                try QueryParser.parse(query)
            }
        }
        let many = 100_000
        for query in [
            String(repeating: "(", count: many) + "a" + String(repeating: ")", count: many),
            String(repeating: "!", count: many) + "a", String(repeating: "+", count: many) + "a",
            String(repeating: "NOT ", count: many) + "a", String(repeating: "title:(", count: many) + "a",
        ] {
            #expect(throws: QueryParseError.self) { try QueryParser.parse(query) }
        }
    }

    @Test func nestingUpToTheLimitStillParses() throws {
        let deepest = String(repeating: "(", count: 100) + "a" + String(repeating: ")", count: 100)
        #expect(try QueryParser.parse(deepest).description == QueryParser.parse("a").description)
        _ = try QueryParser.parse(String(repeating: "-", count: 99) + "(a) b")
    }
}
