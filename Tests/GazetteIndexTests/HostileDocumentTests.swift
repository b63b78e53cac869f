import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteIndex
import GazetteAnalysis

/// Documents a corpus should not contain but may: huge records, immense words, paths that differ only in
/// Unicode normalisation.
@Suite("Hostile documents in the index")
struct HostileDocumentTests {
    /// A record far larger than a store block is compressed from its parts (zstd streaming) and must come back
    /// exactly, with every field around the text.
    @Test func aRecordOfItsOwnBlockRoundTripsWithEveryField() throws {
        let paragraph = (0..<400).map { "Word\($0 % 37) Paris" }.joined(separator: " ")
        let text = Array(repeating: paragraph, count: 60).joined(separator: "\n")
        var blocks: [Range<Int>] = []
        var start = 0
        for _ in 0..<60 {
            blocks.append(start..<(start + paragraph.utf8.count))
            start += paragraph.utf8.count + 1
        }
        let paris = try #require(text.utf8.firstRange(of: "Paris".utf8))
        let lower = text.utf8.distance(from: text.utf8.startIndex, to: paris.lowerBound)
        let span = EntitySpan(range: lower..<(lower + 5), positions: 1...1, type: "PLACE", canonical: "Paris")
        let document = DocumentToIndex(
            path: "big/é.txt", title: "A big one", text: text, blocks: blocks,
            fingerprint: FileFingerprint(size: 1, modificationTimeNanoseconds: 2, contentHash: 3), entities: [span])
        #expect(text.utf8.count > 16 * StoredDocumentsLayout.defaultBlockSize)

        var writer = StoredDocumentsWriter()
        writer.add(DocumentToIndex(path: "small-before", title: nil, text: "tiny", blocks: [0..<4]))
        var counted = document
        counted.blockTokenCounts = Array(repeating: 800, count: 60)
        writer.add(counted)
        writer.add(DocumentToIndex(path: "small-after", title: nil, text: "tiny too", blocks: [0..<8]))
        let bytes = try writer.finish()

        let directory = TemporaryDirectory()
        let path = directory.path + "/s1.store"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = try StoredDocumentsReader(file: try MappedFile(path: path), verifyChecksum: true)
        #expect(reader.documentCount == 3)
        let back = try reader.document(1)
        #expect(back.path == "big/é.txt")
        #expect(back.title == "A big one")
        #expect(back.utf8Text == Array(text.utf8))
        #expect(back.blocks == blocks)
        #expect(back.blockTokenCounts == counted.blockTokenCounts)
        #expect(back.entities == [StoredEntitySpan(range: span.range, type: "PLACE", canonical: "Paris")])
        #expect(try reader.document(0).text == "tiny")
        #expect(try reader.document(2).text == "tiny too")
    }

    @Test func immenseWordsTakeTheirPositionButAreNotIndexed() throws {
        let directory = TemporaryDirectory()
        let immense = String(repeating: "a", count: SegmentBuilder.maximumTermLength + 1)
        let longest = String(repeating: "b", count: SegmentBuilder.maximumTermLength)
        try commitDocuments([document("words.txt", "before \(immense) after \(longest)")], to: directory.path)
        let reader = try IndexReader(directory: directory.path)
        let segment = try #require(reader.segments.first)
        #expect(try segment.postings(forTerm: immense) == nil)
        #expect(try segment.postings(forTerm: longest) != nil)
        #expect(segment.norms.statistics.termCount == 3)
        // "after" keeps the position after the immense word: no phrase "before after" can match.
        var cursor = try #require(try segment.postings(forTerm: "after"))
        #expect(cursor.next() == 0)
        var positions: [UInt32] = []
        cursor.readPositions(into: &positions)
        #expect(positions == [2])
    }

    /// "é" as one scalar and as "e" + U+0301 are equal Strings, but two different files.
    @Test func pathsThatDifferOnlyInNormalisationAreTwoDocuments() throws {
        let directory = TemporaryDirectory()
        let composed = "caf\u{E9}.txt", decomposed = "cafe\u{301}.txt"
        #expect(composed == decomposed)
        try commitDocuments([document(composed, "composed one"), document(decomposed, "decomposed two")],
                            to: directory.path)
        let writer = try IndexWriter(directory: directory.path, rebuild: false)
        let existing = writer.existingDocuments()
        #expect(existing.count == 2)
        #expect(existing[DocumentPath(composed)] != nil && existing[DocumentPath(decomposed)] != nil)
        #expect(writer.delete(path: decomposed))
        #expect(!writer.delete(path: decomposed))
        #expect(writer.existingDocuments().keys.map { Array($0.string.utf8) } == [Array(composed.utf8)])
    }
}

/// Records what a segment builder hands its observer.
private struct RunRecorder: BodyTokenObserver {
    var learned = 0
    var runs: [[IndexedToken]] = []
    var idsLearnedBeforeUse = true

    var wantsTokens: Bool { true }

    mutating func learn(term id: UInt32, bytes: UnsafeBufferPointer<UInt8>) {
        if Int(id) != learned { idsLearnedBeforeUse = false }
        learned += 1
    }

    mutating func observe(text: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<IndexedToken>) {
        record(tokens)
    }

    mutating func finish(text: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<IndexedToken>) -> [EntitySpan]? {
        record(tokens)
        return nil
    }

    private mutating func record(_ tokens: UnsafeBufferPointer<IndexedToken>) {
        if tokens.contains(where: { Int($0.term) >= learned }) { idsLearnedBeforeUse = false }
        runs.append(Array(tokens))
    }
}

extension HostileDocumentTests {
    /// A document of 2.5 runs' worth of tokens in blocks of 1,000 reaches the observer in runs that end where a
    /// block ends, hold every token once and in order, and use only term ids already learned.
    @Test func aLongDocumentReachesTheObserverInRunsEndingAtBlocks() throws {
        let words = (0..<200).map { "w\($0)" }
        var text = ""
        var blocks: [Range<Int>] = []
        let total = SegmentBuilder.tokenRunLength * 5 / 2 / 1_000 * 1_000
        for block in 0..<(total / 1_000) {
            if !text.isEmpty { text += "\n" }
            let start = text.utf8.count
            text += (0..<1_000).map { words[($0 + block) % words.count] }.joined(separator: " ")
            blocks.append(start..<text.utf8.count)
        }
        let builder = SegmentBuilder()
        var recorder = RunRecorder()
        builder.add(DocumentToIndex(path: "long.txt", title: "Title", text: text, blocks: blocks), observer: &recorder)
        #expect(recorder.idsLearnedBeforeUse)
        #expect(recorder.runs.count == 3)
        #expect(recorder.runs.reduce(0) { $0 + $1.count } == total)
        let positions = recorder.runs.flatMap { $0.map(\.position) }
        #expect(zip(positions, positions.dropFirst()).allSatisfy { $0 < $1 })
        for (run, next) in zip(recorder.runs, recorder.runs.dropFirst()) {
            #expect(run.count >= SegmentBuilder.tokenRunLength && run.count < 2 * SegmentBuilder.tokenRunLength)
            // The next run starts a block: its first position is a block gap after this run's last.
            #expect(next[0].position > run[run.count - 1].position + 1)
        }
    }
}
