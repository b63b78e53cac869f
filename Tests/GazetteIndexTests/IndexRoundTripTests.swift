import Foundation
import GazetteTestSupport
import GazetteAnalysis
import Testing
@testable import GazetteIndex

@Suite("Index written, reopened and read back")
struct IndexRoundTripTests {
    static let documents = [
        DocumentToIndex(
            path: "a.txt", title: "Security guarantees",
            text: "Lavrov said security guarantees matter.\nThe talks resumed.",
            blocks: [0..<39, 40..<58]),
        DocumentToIndex(path: "b.txt", title: nil, text: "Talks in Abu Dhabi. Lavrov’s team left.", blocks: [0..<41]),
        DocumentToIndex(path: "c/d.html", title: "Energy", text: "", blocks: []),
    ]

    func build(_ directory: String) throws -> IndexReader {
        try commitDocuments(Self.documents, to: directory)
        return try IndexReader(directory: directory)
    }

    func positions(_ reader: IndexReader, _ term: String, document: UInt32) throws -> [UInt32]? {
        guard var cursor = try reader.segments[0].postings(forTerm: term) else { return nil }
        guard cursor.advance(to: document) == document else { return nil }
        var result: [UInt32] = []
        cursor.readPositions(into: &result)
        return result
    }

    @Test func storedDocumentsComeBackExactly() throws {
        let directory = TemporaryDirectory()
        let reader = try build(directory.path)
        #expect(reader.documentCount == 3)
        for (index, original) in Self.documents.enumerated() {
            let stored = try reader.segments[0].store.document(UInt32(index))
            #expect(stored.path == original.path)
            #expect(stored.title == original.title)
            #expect(stored.text == original.text)
            #expect(stored.blocks == original.blocks)
        }
    }

    @Test func postingsHoldDocumentsFrequenciesAndPositions() throws {
        let directory = TemporaryDirectory()
        let reader = try build(directory.path)
        let segment = reader.segments[0]
        var lavrov = try #require(try segment.postings(forTerm: "lavrov"))
        #expect(lavrov.documentFrequency == 2)
        #expect(lavrov.next() == 0)
        #expect(lavrov.frequency == 1)
        #expect(lavrov.next() == 1)
        #expect(lavrov.next() == PostingsCursor.exhausted)

        // Title "Security guarantees" takes positions 0 and 1; the body starts after the gap.
        let bodyStart = 2 + Analyzer.blockPositionGap
        #expect(try positions(reader, "security", document: 0) == [0, bodyStart + 2])
        #expect(try positions(reader, "guarantees", document: 0) == [1, bodyStart + 3])
        // "The" starts the second block: one gap further on.
        #expect(try positions(reader, "the", document: 0) == [bodyStart + 5 + Analyzer.blockPositionGap])
        #expect(segment.norms.titleLength(0) == 2)
        #expect(segment.norms.bodyLength(0) == 8)
        #expect(segment.norms.titleLength(1) == 0)
        #expect(try segment.postings(forTerm: "absent") == nil)
    }

    @Test func advanceSkipsUnreadPositionsCorrectly() throws {
        let directory = TemporaryDirectory()
        var documents: [DocumentToIndex] = []
        for i in 0..<50 {
            let text = String(repeating: "filler ", count: i % 7) + "target word " + String(repeating: "target ", count: i % 3)
            documents.append(document("\(i).txt", text))
        }
        try commitDocuments(documents, to: directory.path)
        let reader = try IndexReader(directory: directory.path)
        var cursor = try #require(try reader.segments[0].postings(forTerm: "target"))
        #expect(cursor.advance(to: 37) == 37)
        var positions: [UInt32] = []
        cursor.readPositions(into: &positions)
        let expectedStart = UInt32(37 % 7)
        #expect(positions == [expectedStart] + (0..<UInt32(37 % 3)).map { expectedStart + 2 + $0 })
    }

    @Test func termDictionaryFindsEveryTermAcrossManyBlocks() throws {
        let directory = TemporaryDirectory()
        let words = (0..<1000).map { "w\(String($0, radix: 7))x" }
        try commitDocuments([document("many.txt", words.joined(separator: " "))], to: directory.path)
        let reader = try IndexReader(directory: directory.path)
        for word in words {
            #expect(try reader.segments[0].postings(forTerm: word) != nil, "missing \(word)")
        }
        #expect(try reader.segments[0].postings(forTerm: "w0") == nil)
        #expect(try reader.segments[0].postings(forTerm: "zzz") == nil)
        #expect(try reader.segments[0].postings(forTerm: "a") == nil)
        var prefix = Array("w10".utf8)
        let expanded = try prefix.withUnsafeBytes { try reader.segments[0].terms.terms(withPrefix: $0, limit: 1000) }
        #expect(expanded.terms.count == words.filter { $0.hasPrefix("w10") }.count)
        prefix = []
    }

    @Test func recommitReplacesTheIndexAndRemovesOldFiles() throws {
        let directory = TemporaryDirectory()
        _ = try build(directory.path)
        try commitDocuments([document("only.txt", "fresh start")], to: directory.path, rebuild: true)
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.manifest.generation == 2)
        #expect(reader.documentCount == 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!names.contains { $0.hasPrefix("s1.") })
        #expect(names.contains("s2.terms"))
    }
}
