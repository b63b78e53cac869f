import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteIndex

private let words = [
    "security", "guarantees", "Lavrov", "sanctions", "energy", "the", "of", "and", "court", "ruling",
    "élection", "Zürich", "naïve", "Müller", "東京", "перемирие", "السلام", "🇺🇦", "e\u{301}", "—",
]

private func makeDocument(_ i: Int, random: inout SeededRandom, paragraphs: Int? = nil, maxWords: Int = 80) -> DocumentToIndex {
    var text = ""
    var blocks: [Range<Int>] = []
    for _ in 0..<(paragraphs ?? Int.random(in: 0...6, using: &random)) {
        if !text.isEmpty { text += "\n\n" }
        let start = text.utf8.count
        let count = Int.random(in: 1...maxWords, using: &random)
        text += (0..<count).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
        blocks.append(start..<text.utf8.count)
    }
    let title: String? = i % 3 == 0 ? nil : "Title \(i) \(words.randomElement(using: &random)!)"
    return DocumentToIndex(path: "dir \(i % 7)/doc-\(i).txt", title: title, text: text, blocks: blocks)
}

/// A document of `count` paragraphs with their token counts: paragraph `index` holds no token (a dash) when
/// `isEmpty(index)`, else 1 to `maxWords` random words.
private func countedParagraphs(
    _ count: Int, maxWords: Int, random: inout SeededRandom, isEmpty: (Int, inout SeededRandom) -> Bool
) -> DocumentToIndex {
    var text = ""
    var blocks: [Range<Int>] = []
    var counts: [Int] = []
    for index in 0..<count {
        let start = text.utf8.count
        let chosen = isEmpty(index, &random)
            ? [] : (0..<(1 + random.below(maxWords))).map { _ in words.randomElement(using: &random)! }
        text += (chosen.isEmpty ? "—" : chosen.joined(separator: " ")) + "\n\n"
        blocks.append(start..<(text.utf8.count - 2))
        counts.append(chosen.count)
    }
    var document = DocumentToIndex(path: "long.txt", title: "Long", text: text, blocks: blocks)
    document.blockTokenCounts = counts
    return document
}

/// A long text of lines of `wordsPerLine` random words, one block a line, at least `bytes` bytes long.
private func longText(atLeast bytes: Int, wordsPerLine: Int, random: inout SeededRandom) -> (text: String, blocks: [Range<Int>]) {
    var text = ""
    var blocks: [Range<Int>] = []
    while text.utf8.count < bytes {
        let start = text.utf8.count
        text += (0..<wordsPerLine).map { _ in words.randomElement(using: &random)! }.joined(separator: " ") + "\n"
        blocks.append(start..<(text.utf8.count - 1))
    }
    return (text, blocks)
}

private func stored(_ document: DocumentToIndex) -> StoredDocument {
    StoredDocument(path: document.path, title: document.title, text: document.text, blocks: document.blocks)
}

private func storeBytes(
    _ documents: [DocumentToIndex], blockSize: Int = StoredDocumentsLayout.defaultBlockSize,
    frameSizeLog2: Int? = StoredDocumentsLayout.defaultFrameSizeLog2,
    trainingBytes: Int? = StoredDocumentsLayout.dictionaryTrainingBytes,
    dictionaryFrameSizeLog2: Int = StoredDocumentsLayout.dictionaryFrameSizeLog2
) -> [UInt8] {
    var writer = StoredDocumentsWriter(
        compressionLevel: 3, blockSize: blockSize, frameSizeLog2: frameSizeLog2, trainingBytes: trainingBytes,
        dictionaryFrameSizeLog2: dictionaryFrameSizeLog2)
    for document in documents { writer.add(document) }
    do {
        return try writer.finish()
    } catch {
        preconditionFailure("a file in memory cannot fail to finish: \(error)")
    }
}

private func open(_ bytes: [UInt8], in directory: TemporaryDirectory, verify: Bool = false) throws(IndexError) -> StoredDocumentsReader {
    let path = directory.path + "/s1.store"
    // Plain write, not FileManager.createFile: that one is atomic and fsyncs, which makes byte-flip loops crawl.
    let handle = fopen(path, "wb")!
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
    fclose(handle)
    return try StoredDocumentsReader(file: try MappedFile(path: path), verifyChecksum: verify)
}

/// The document as `lazyDocument` gives it, its text read a byte at a time through the subscript; nil when
/// a frame failed to decompress.
private func readLazily(_ reader: StoredDocumentsReader, _ id: Int) throws(IndexError) -> StoredDocument? {
    let lazy = try reader.lazyDocument(UInt32(id))
    var document = StoredDocument(
        path: lazy.path, title: lazy.title, text: "", blocks: try lazy.blocks.ranges(), entities: lazy.entities.spans)
    document.utf8Text = (0..<lazy.text.count).map { lazy.text[$0] }
    document.blockTokenCounts = try lazy.blocks.tokenCounts()
    document.metadata = lazy.metadata
    return lazy.text.failure == nil ? document : nil
}

/// Every document of a possibly damaged store: each read must give the original or an IndexError.
private func expectRightOrError(_ reader: StoredDocumentsReader, _ originals: [StoredDocument], _ note: String) {
    for (id, original) in originals.enumerated() {
        if let document = try? reader.document(UInt32(id)), document != original {
            Issue.record("\(note): document \(id) came back wrong")
        }
        if let document = try? readLazily(reader, id), document != original {
            Issue.record("\(note): document \(id) came back wrong when read lazily")
        }
    }
    var seen = 0
    do {
        try reader.forEach { id, document throws(IndexError) in
            if Int(id) != seen || document != originals[Int(id)] {
                Issue.record("\(note): forEach gave a wrong document \(id)")
            }
            seen += 1
        }
    } catch {}
}

@Suite("Stored documents: zstd blocks, block index, damage detection")
struct StoredDocumentsTests {
    @Test func roundTripOfVariedDocuments() throws {
        var random = SeededRandom(seed: 1)
        var documents = (0..<500).map { makeDocument($0, random: &random) }
        documents.append(DocumentToIndex(path: "empty.txt", title: nil, text: "", blocks: []))
        documents.append(DocumentToIndex(path: "", title: "", text: "", blocks: []))
        documents.append(DocumentToIndex(
            path: "ünïcödé/日本語/файл.html", title: "«Заголовок» 🇺🇦 e\u{301}",
            text: "Ελληνικά · עברית · 中文 · 👩‍👩‍👧 · \u{0}nul", blocks: [0..<5, 9..<12]))
        var huge = "" // 1 MB of text in many paragraphs
        var hugeBlocks: [Range<Int>] = []
        while huge.utf8.count < 1 << 20 {
            let start = huge.utf8.count
            huge += (0..<50).map { _ in words.randomElement(using: &random)! }.joined(separator: " ") + "\n"
            hugeBlocks.append(start..<(huge.utf8.count - 1))
        }
        documents.insert(DocumentToIndex(path: "huge.txt", title: "Huge", text: huge, blocks: hugeBlocks), at: 250)

        let directory = TemporaryDirectory()
        let bytes = storeBytes(documents)
        let reader = try open(bytes, in: directory, verify: true)
        #expect(reader.documentCount == documents.count)
        for (id, document) in documents.enumerated() {
            #expect(try reader.document(UInt32(id)) == stored(document))
        }
        // The 1 MB document is in a block of its own; the store is far smaller than the text.
        let textBytes = documents.reduce(0) { $0 + $1.text.utf8.count }
        #expect(bytes.count < textBytes / 3)
    }

    /// Codec 2 cuts a block larger than a frame into frames: every way of reading gives the documents back,
    /// with frames of 64 bytes to 32 KB and in stores of codec 1.
    @Test(arguments: [6, 9, 12, 15, nil])
    func framedBlocksReadLikeWholeOnes(frameSizeLog2: Int?) throws {
        var random = SeededRandom(seed: 21)
        var documents = (0..<300).map { makeDocument($0, random: &random, maxWords: 400) }
        let (long, longBlocks) = longText(atLeast: 200_000, wordsPerLine: 40, random: &random)
        // Entity spans on every "Lavrov" and "Zürich", with names repeated across spans.
        var spans: [StoredEntitySpan] = []
        let bytes = Array(long.utf8)
        for (word, type) in [("Lavrov", "PERSON"), ("Zürich", "GPE")] {
            let needle = Array(word.utf8)
            var at = 0
            while at + needle.count <= bytes.count {
                if bytes[at..<(at + needle.count)].elementsEqual(needle) {
                    spans.append(StoredEntitySpan(range: at..<(at + needle.count), type: type, canonical: word + " (canonical)"))
                    at += needle.count
                } else {
                    at += 1
                }
            }
        }
        spans.sort { $0.range.lowerBound < $1.range.lowerBound }
        #expect(spans.count > 100)
        documents.insert(
            DocumentToIndex(
                path: "long.txt", title: "Long", text: long, blocks: longBlocks,
                entities: spans.map { EntitySpan(range: $0.range, positions: 0...0, type: $0.type, canonical: $0.canonical) }),
            at: 150)
        var originals = documents.map(stored)
        originals[150].entities = spans
        let directory = TemporaryDirectory()
        let reader = try open(storeBytes(documents, blockSize: 2048, frameSizeLog2: frameSizeLog2), in: directory, verify: true)
        for id in originals.indices {
            #expect(try reader.document(UInt32(id)) == originals[id])
            #expect(try readLazily(reader, id) == originals[id])
            #expect(try reader.lazyDocument(UInt32(id)).text.allBytes() == originals[id].utf8Text)
        }
        var visited = 0
        try reader.forEach { id, document throws(IndexError) in
            #expect(document == originals[Int(id)])
            visited += 1
        }
        #expect(visited == originals.count)
        #expect(try reader.documents([150, 3, 150, 299]) == [originals[150], originals[3], originals[150], originals[299]])
    }

    /// The point of frames: a byte deep in a long document costs its frame and the record's fields, not the
    /// document.
    @Test func aLazyTextDecompressesOnlyTheFramesItReads() throws {
        var random = SeededRandom(seed: 22)
        let (text, blocks) = longText(atLeast: 1 << 20, wordsPerLine: 60, random: &random)
        let document = DocumentToIndex(path: "long.txt", title: nil, text: text, blocks: blocks)
        let directory = TemporaryDirectory()
        let reader = try open(storeBytes([document], frameSizeLog2: 12), in: directory)
        let lazy = try reader.lazyDocument(0)
        #expect(try lazy.blocks.ranges() == blocks)
        let frames = (text.utf8.count + 4095) / 4096
        let afterFields = lazy.text.framesDecompressed
        #expect(afterFields > 0 && afterFields < frames / 20)  // the fields: about 30 KB of block ranges
        let middle = text.utf8.count / 2
        #expect(lazy.text[middle] == Array(text.utf8)[middle])
        #expect(lazy.text.framesDecompressed == afterFields + 1)
        try lazy.text.ensure(middle..<(middle + 10_000))
        #expect(lazy.text.framesDecompressed <= afterFields + 4)
    }

    /// A lazy document's blocks are read from the record as they are visited: in order, with their token counts,
    /// stopping where the visitor stops; read whole, they are the blocks stored.
    @Test func aLazyDocumentReadsItsBlocksInOrderAndStopsWhenAsked() throws {
        var random = SeededRandom(seed: 23)
        // Paragraphs without tokens (punctuation): the first 140, and about one in eight after, so that the
        // record's block skips (one every 128 blocks) stand before blocks with and without tokens before them.
        let long = countedParagraphs(2_000, maxWords: 12, random: &random) { index, random in
            index < 140 || random.below(8) == 0
        }
        let (text, blocks, counts) = (long.text, long.blocks, long.blockTokenCounts)
        var counted = DocumentToIndex(path: "counted.txt", title: "Blocks", text: text, blocks: blocks)
        counted.blockTokenCounts = counts
        let uncounted = DocumentToIndex(path: "uncounted.txt", title: nil, text: text, blocks: blocks)
        let directory = TemporaryDirectory()
        let reader = try open(storeBytes([counted, uncounted]), in: directory)

        let lazy = try reader.lazyDocument(0)
        #expect(lazy.blocks.count == blocks.count && lazy.blocks.hasTokenCounts)
        #expect(try lazy.blocks.ranges() == blocks)
        #expect(try lazy.blocks.tokenCounts() == counts)
        var visited: [(Range<Int>, Int?)] = []
        try lazy.blocks.forEach { range, tokens in
            visited.append((range, tokens))
            return visited.count < 700
        }
        #expect(visited.count == 700)
        #expect(visited.map(\.0) == Array(blocks.prefix(700)) && visited.map(\.1) == counts.prefix(700).map { $0 })

        let bare = try reader.lazyDocument(1)
        #expect(bare.blocks.count == blocks.count && !bare.blocks.hasTokenCounts)
        #expect(try bare.blocks.ranges() == blocks && bare.blocks.tokenCounts().isEmpty)
        var tokens: [Int?] = []
        try bare.blocks.forEach { _, count in
            tokens.append(count)
            return true
        }
        #expect(tokens.count == blocks.count && tokens.allSatisfy { $0 == nil })

        // Blocks given as arrays (a document read whole) answer alike.
        let decoded = StoredBlockList(blocks: blocks, tokenCounts: counts)
        #expect(decoded.hasTokenCounts && decoded.count == blocks.count)
        #expect(try decoded.ranges() == blocks && decoded.tokenCounts() == counts)

        // The blocks holding given positions, against a model that numbers every block's tokens: the first block
        // with tokens at the body's start, each later one 16 positions past the one before (a block without
        // tokens takes no positions); positions in a gap are in no block.
        var firsts: [UInt32] = []
        var position: UInt32 = 7
        var emitted = false
        for tokens in counts {
            let first = emitted && tokens > 0 ? position + 16 : position
            firsts.append(first)
            if tokens > 0 {
                position = first + UInt32(tokens)
                emitted = true
            }
        }
        for trial in 0..<40 {
            var positions = Set<UInt32>()
            // Half the trials ask for a few positions late in the text, past most block skips.
            let low = trial % 2 == 0 ? 0 : Int(position) * 3 / 4
            for _ in 0..<(1 + (trial / 2) * 3) { positions.insert(UInt32(low + random.below(Int(position) + 40 - low))) }
            let needed = positions.sorted()
            let expected = blocks.indices.filter { index in
                needed.contains { $0 >= firsts[index] && $0 < firsts[index] + UInt32(counts[index]) }
            }.map { (blocks[$0], firsts[$0]) }
            for list in [lazy.blocks, decoded] {
                var visited: [(Range<Int>, UInt32)] = []
                try list.forEachBlock(holding: needed, bodyStart: 7, gap: 16) { range, first in
                    visited.append((range, first))
                    return true
                }
                #expect(visited.map(\.0) == expected.map(\.0) && visited.map(\.1) == expected.map(\.1), "trial \(trial)")
            }
            var stopped = 0
            try lazy.blocks.forEachBlock(holding: needed, bodyStart: 7, gap: 16) { _, _ in
                stopped += 1
                return false
            }
            #expect(stopped == min(1, expected.count))
        }
        // Without token counts no block can be placed.
        var placed = 0
        try bare.blocks.forEachBlock(holding: [7, 8, 9], bodyStart: 7, gap: 16) { _, _ in
            placed += 1
            return true
        }
        #expect(placed == 0)
    }

    @Test func emptyStore() throws {
        let directory = TemporaryDirectory()
        let reader = try open(storeBytes([]), in: directory, verify: true)
        #expect(reader.documentCount == 0)
        #expect(throws: IndexError.self) { try reader.document(0) }
        var calls = 0
        try reader.forEach { _, _ throws(IndexError) in calls += 1 }
        #expect(calls == 0)
    }

    @Test(arguments: [64, 1024, 16 * 1024])
    func randomAccessInRandomOrder(blockSize: Int) throws {
        var random = SeededRandom(seed: UInt64(blockSize))
        let documents = (0..<800).map { makeDocument($0, random: &random) }
        let directory = TemporaryDirectory()
        let reader = try open(storeBytes(documents, blockSize: blockSize), in: directory)
        for id in (0..<documents.count).shuffled(using: &random) {
            #expect(try reader.document(UInt32(id)) == stored(documents[id]))
        }
        #expect(throws: IndexError.self) { try reader.document(UInt32(documents.count)) }

        let ids = (0..<40).map { _ in UInt32.random(in: 0..<UInt32(documents.count), using: &random) }
        #expect(try reader.documents(ids) == ids.map { stored(documents[Int($0)]) })
    }

    @Test func forEachVisitsEveryDocumentInOrder() throws {
        var random = SeededRandom(seed: 7)
        let documents = (0..<1000).map { makeDocument($0, random: &random) }
        let directory = TemporaryDirectory()
        let reader = try open(storeBytes(documents, blockSize: 4096), in: directory)
        var next: UInt32 = 0
        try reader.forEach { id, document throws(IndexError) in
            #expect(id == next)
            #expect(document == stored(documents[Int(id)]))
            next += 1
        }
        #expect(next == 1000)
    }

    @Test func blocksCloseAtTheTargetSizeAndLargeRecordsStandAlone() throws {
        var random = SeededRandom(seed: 3)
        var documents = (0..<200).map { makeDocument($0, random: &random, paragraphs: 3) }
        let big = String(repeating: "word ", count: 10_000)
        documents.insert(DocumentToIndex(path: "big", title: nil, text: big, blocks: [0..<big.utf8.count]), at: 100)
        let bytes = storeBytes(documents)
        let layout = try #require(BlockIndex(bytes))
        #expect(layout.entries.count > 3)
        for (n, entry) in layout.entries.enumerated() {
            let documentsInBlock = (n + 1 < layout.entries.count ? layout.entries[n + 1].first : documents.count) - entry.first
            if documentsInBlock > 1 { #expect(entry.uncompressed < 2 * 16 * 1024) }
            if (entry.first..<(entry.first + documentsInBlock)).contains(100) { #expect(documentsInBlock == 1) }
            if n + 1 < layout.entries.count, documentsInBlock > 1 { #expect(entry.uncompressed >= 16 * 1024) }
        }
    }

    @Test(arguments: [nil, 6])
    func everyFlippedByteOfASmallStoreIsCaughtOrHarmless(frameSizeLog2: Int?) throws {
        var random = SeededRandom(seed: 11)
        var documents = (0..<12).map { makeDocument($0, random: &random, paragraphs: 1, maxWords: 6) }
        // Under codec 2 with 64-byte frames, a record of several frames.
        if frameSizeLog2 != nil { documents[5] = makeDocument(5, random: &random, paragraphs: 3, maxWords: 30) }
        let originals = documents.map(stored)
        let bytes = storeBytes(documents, blockSize: 120, frameSizeLog2: frameSizeLog2)
        #expect(BlockIndex(bytes)!.entries.count >= 3)
        let directory = TemporaryDirectory()
        var refusedAtOpen = 0
        for offset in bytes.indices {
            for mask: UInt8 in [0x01, 0xFF] {
                var damaged = bytes
                damaged[offset] ^= mask
                // With the whole-file CRC (verify, or opening an index with checksums) every flip is refused.
                #expect(throws: IndexError.self) { _ = try open(damaged, in: directory, verify: true) }
                guard let reader = try? open(damaged, in: directory) else { refusedAtOpen += 1; continue }
                expectRightOrError(reader, originals, "flip \(mask) at \(offset)")
            }
        }
        #expect(refusedAtOpen > 0)
    }

    @Test func sampledFlipsOfALargerStore() throws {
        var random = SeededRandom(seed: 12)
        let documents = (0..<400).map { makeDocument($0, random: &random) }
        let originals = documents.map(stored)
        let bytes = storeBytes(documents)
        let directory = TemporaryDirectory()
        expectRandomFlipsRightOrError(bytes, originals, flips: 120, random: &random, in: directory)
    }

    @Test func truncationsAreRefused() throws {
        var random = SeededRandom(seed: 13)
        let bytes = storeBytes((0..<50).map { makeDocument($0, random: &random) }, blockSize: 512)
        let directory = TemporaryDirectory()
        for length in Array(0..<40) + stride(from: 40, to: bytes.count, by: 37) {
            #expect(throws: IndexError.self) { _ = try open(Array(bytes.prefix(length)), in: directory) }
        }
    }

    /// Damage that checksums cannot see: garbage inside a block whose CRC and zstd frame are valid (a bug in
    /// a writer, or a crafted file). Reads may return odd documents but must throw or return, never trap.
    @Test func garbageRecordsBehindValidChecksumsNeverTrap() throws {
        var random = SeededRandom(seed: 14)
        let documents = (0..<5).map { makeDocument($0, random: &random, paragraphs: 2, maxWords: 4) }
        let bytes = storeBytes(documents, blockSize: 1 << 20)
        let layout = try #require(BlockIndex(bytes))
        try #require(layout.entries.count == 1)
        let entry = layout.entries[0]
        var plain = [UInt8](repeating: 0, count: entry.uncompressed)
        let problem = bytes[entry.offset..<(entry.offset + entry.compressed)].withUnsafeBytes { source in
            plain.withUnsafeMutableBytes { Zstd.decompress(source, into: $0) }
        }
        try #require(problem == nil)
        let directory = TemporaryDirectory()
        var sawError = false
        for offset in plain.indices {
            for mask: UInt8 in [0x01, 0xFF] {
                var damaged = plain
                damaged[offset] ^= mask
                let reader = try open(BlockIndex.rebuild(block: damaged, documentCount: documents.count), in: directory)
                for id in 0..<documents.count {
                    do { _ = try reader.document(UInt32(id)) } catch { sawError = true }
                }
                do { try reader.forEach { _, _ throws(IndexError) in } } catch { sawError = true }
            }
        }
        #expect(sawError)
    }

    /// A long document's record holds its block skips; damage anywhere in it behind valid checksums (a writer's
    /// bug, a crafted file) makes placing matches throw or answer, never trap.
    @Test func damagedBlockSkipsNeverTrap() throws {
        var random = SeededRandom(seed: 31)
        let document = countedParagraphs(600, maxWords: 4, random: &random) { _, random in random.below(5) == 0 }
        let text = document.text
        let bytes = storeBytes([document], blockSize: 1 << 20, frameSizeLog2: nil, trainingBytes: nil)
        let layout = try #require(BlockIndex(bytes))
        let entry = try #require(layout.entries.first)
        var plain = [UInt8](repeating: 0, count: entry.uncompressed)
        let problem = bytes[entry.offset..<(entry.offset + entry.compressed)].withUnsafeBytes { source in
            plain.withUnsafeMutableBytes { Zstd.decompress(source, into: $0) }
        }
        try #require(problem == nil)
        let directory = TemporaryDirectory()
        let intact = try open(BlockIndex.rebuild(block: plain, documentCount: 1), in: directory).lazyDocument(0)
        let needed = Array(stride(from: UInt32(3), to: 12_000, by: 5))
        var placed = 0
        try intact.blocks.forEachBlock(holding: needed, bodyStart: 3, gap: 16) { _, _ in
            placed += 1
            return true
        }
        #expect(placed > 100)
        // Bytes of the record's fields but the text, which hold the block skips.
        let textStart = plain.count - text.utf8.count
        var errors = 0
        for _ in 0..<400 {
            let offset = 4 + random.below(textStart - 4)
            for mask: UInt8 in [0x01, 0xFF] {
                var damaged = plain
                damaged[offset] ^= mask
                do {
                    let reader = try open(BlockIndex.rebuild(block: damaged, documentCount: 1), in: directory)
                    let lazy = try reader.lazyDocument(0)
                    try lazy.blocks.forEachBlock(holding: needed + [UInt32.max - 1], bodyStart: 3, gap: 16) { range, _ in
                        #expect(range.upperBound <= lazy.text.count)
                        return true
                    }
                } catch {
                    errors += 1
                }
            }
        }
        #expect(errors > 0)
    }

    /// A place of the block skips that is off (a writer's bug behind valid checksums) is found by a whole read
    /// of the record, which `gazette verify` makes, and named; a search near it throws or answers, never traps.
    @Test func aWrongBlockSkipIsFoundByAWholeRead() throws {
        var random = SeededRandom(seed: 37)
        let document = countedParagraphs(400, maxWords: 4, random: &random) { _, _ in false }
        let counts = document.blockTokenCounts
        let bytes = storeBytes([document], blockSize: 1 << 20, frameSizeLog2: nil, trainingBytes: nil)
        let entry = try #require(BlockIndex(bytes)?.entries.first)
        var plain = [UInt8](repeating: 0, count: entry.uncompressed)
        let problem = bytes[entry.offset..<(entry.offset + entry.compressed)].withUnsafeBytes { source in
            plain.withUnsafeMutableBytes { Zstd.decompress(source, into: $0) }
        }
        try #require(problem == nil)
        // The record after its one-entry table: field count, then (tag, length, value) per field.
        let skips = plain.withUnsafeBytes { raw -> Range<Int>? in
            var reader = ByteReader(raw, offset: 4)
            guard let fieldCount = reader.readVarInt() else { return nil }
            for _ in 0..<fieldCount {
                guard let tag = reader.readVarInt(), let length = reader.readVarInt() else { return nil }
                if tag == 8 { return reader.offset..<(reader.offset + length) }
                reader.offset += length
            }
            return nil
        }
        let field = try #require(skips, "a record of 400 counted blocks has block skips")
        let directory = TemporaryDirectory()
        let intact = try open(BlockIndex.rebuild(block: plain, documentCount: 1), in: directory)
        #expect(try intact.document(0).blockTokenCounts == counts)

        // Past the interval: the first place's tokens (its fourth value), one more (in its lowest seven bits).
        var damaged = plain
        var at = field.lowerBound
        for _ in 0..<4 { while damaged[at] & 0x80 != 0 { at += 1 }; at += 1 }
        try #require(damaged[at] & 0x7F < 0x7F)
        damaged[at] += 1
        let reader2 = try open(BlockIndex.rebuild(block: damaged, documentCount: 1), in: directory)
        #expect(throws: IndexError.corrupt(file: directory.path + "/s1.store", reason: "record of document 0: bad block skips")) {
            try reader2.document(0)
        }
        let lazy = try reader2.lazyDocument(0)
        do {
            try lazy.blocks.forEachBlock(holding: Array(stride(from: UInt32(0), to: 8_000, by: 3)), bodyStart: 3, gap: 16) { range, _ in
                #expect(range.upperBound <= lazy.text.count)
                return true
            }
        } catch {}
    }

    /// Codec 3: a store whose records reach the training size compresses every frame with a dictionary trained
    /// on them; every way of reading gives the documents back, and the store is smaller than one of the same
    /// frames without a dictionary.
    @Test func aLargeEnoughStoreCompressesWithItsOwnDictionary() throws {
        var random = SeededRandom(seed: 24)
        var documents = (0..<700).map { makeDocument($0, random: &random, maxWords: 300) }
        // A record far larger than the training size, after the training: frames of its own.
        let (long, blocks) = longText(atLeast: 300_000, wordsPerLine: 50, random: &random)
        documents.insert(DocumentToIndex(path: "long.txt", title: "Long", text: long, blocks: blocks), at: 600)
        let originals = documents.map(stored)
        let raw = documents.reduce(0) { $0 + $1.text.utf8.count }
        #expect(raw > StoredDocumentsLayout.dictionaryTrainingBytes)
        let withDictionary = storeBytes(documents)
        let without = storeBytes(documents, frameSizeLog2: StoredDocumentsLayout.dictionaryFrameSizeLog2, trainingBytes: nil)
        #expect(BlockIndex(withDictionary)!.codec == StoredDocumentsLayout.codecZstdDictionary)
        #expect(BlockIndex(without)!.codec == StoredDocumentsLayout.codecZstdFrames)
        #expect(withDictionary.count < without.count)
        let directory = TemporaryDirectory()
        let reader = try open(withDictionary, in: directory, verify: true)
        for id in originals.indices {
            #expect(try reader.document(UInt32(id)) == originals[id])
            #expect(try readLazily(reader, id) == originals[id])
        }
        #expect(try reader.documents([600, 0, 699, 600]) == [originals[600], originals[0], originals[699], originals[600]])
        var visited = 0
        try reader.forEach { id, document throws(IndexError) in
            #expect(document == originals[Int(id)])
            visited += 1
        }
        #expect(visited == originals.count)
        // The long record's frames are the dictionary's 16 KB: a byte in its middle costs one frame.
        let lazy = try reader.lazyDocument(600)
        let before = lazy.text.framesDecompressed
        #expect(lazy.text[long.utf8.count / 2] == Array(long.utf8)[long.utf8.count / 2])
        #expect(lazy.text.framesDecompressed == before + 1)
        // Merged (records copied into a new store), the same documents come back.
        var merged = StoredDocumentsWriter(compressionLevel: 3)
        try reader.forEachRecord { _, record throws(IndexError) in merged.add(record: record) }
        let copy = try open(try merged.finish(), in: directory, verify: true)
        for id in originals.indices { #expect(try copy.document(UInt32(id)) == originals[id]) }
    }

    /// Below the training size a store keeps codec 2, and training on too little leaves codec 2 too.
    @Test func aSmallStoreHasNoDictionary() throws {
        var random = SeededRandom(seed: 25)
        let documents = (0..<40).map { makeDocument($0, random: &random) }
        #expect(BlockIndex(storeBytes(documents))!.codec == StoredDocumentsLayout.codecZstdFrames)
        let tiny = storeBytes(Array(documents.prefix(2)), trainingBytes: 16)
        let directory = TemporaryDirectory()
        let reader = try open(tiny, in: directory, verify: true)
        #expect(try reader.document(1) == stored(documents[1]))
    }

    /// A damaged dictionary is refused by name when a document is read (and by the whole-file CRC at open when
    /// checksums are verified); other damage in a codec-3 store gives the document or an error, never a trap.
    @Test func aDamagedDictionaryIsReportedAndFlipsAreCaught() throws {
        var random = SeededRandom(seed: 26)
        let documents = (0..<120).map { makeDocument($0, random: &random, maxWords: 300) }
        let originals = documents.map(stored)
        let bytes = storeBytes(documents, blockSize: 2048, trainingBytes: 64 * 1024, dictionaryFrameSizeLog2: 12)
        let layout = try #require(BlockIndex(bytes))
        try #require(layout.codec == StoredDocumentsLayout.codecZstdDictionary)
        let dictionary = IndexFileFormat.headerSize..<(layout.entries[0].offset - 4)
        try #require(dictionary.count > 1000)
        let directory = TemporaryDirectory()
        var damaged = bytes
        damaged[dictionary.lowerBound + dictionary.count / 2] ^= 0x20
        #expect(throws: IndexError.self) { _ = try open(damaged, in: directory, verify: true) }
        let reader = try open(damaged, in: directory)
        expectCorruptStore(reader, reasonContaining: "dictionary")
        #expect(throws: IndexError.self) { _ = try reader.lazyDocument(5) }
        expectRandomFlipsRightOrError(bytes, originals, flips: 150, random: &random, in: directory)
    }

    @Test func errorsNameTheFile() throws {
        var random = SeededRandom(seed: 15)
        var bytes = storeBytes((0..<20).map { makeDocument($0, random: &random) })
        bytes[IndexFileFormat.headerSize + 3] ^= 0x10  // inside the first zstd frame
        let directory = TemporaryDirectory()
        let reader = try open(bytes, in: directory)
        expectCorruptStore(reader, reasonContaining: "checksum")
    }
}

/// `flips` copies of a store, each with one random byte changed: every one that opens reads each document right
/// or throws (`expectRightOrError`).
private func expectRandomFlipsRightOrError(
    _ bytes: [UInt8], _ originals: [StoredDocument], flips: Int, random: inout SeededRandom,
    in directory: TemporaryDirectory
) {
    for _ in 0..<flips {
        var damaged = bytes
        let offset = Int.random(in: bytes.indices, using: &random)
        damaged[offset] ^= UInt8.random(in: 1...255, using: &random)
        guard let reader = try? open(damaged, in: directory) else { continue }
        expectRightOrError(reader, originals, "flip at \(offset)")
    }
}

/// Reading document 0 of `reader` fails as a corrupt store file whose reason names `fragment`.
private func expectCorruptStore(
    _ reader: StoredDocumentsReader, reasonContaining fragment: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let outcome = Result { () throws(IndexError) in try reader.document(0) }
    guard case .failure(.corrupt(let file, let reason)) = outcome else {
        Issue.record("damaged store not reported: \(outcome)", sourceLocation: sourceLocation)
        return
    }
    #expect(file.hasSuffix("s1.store"), sourceLocation: sourceLocation)
    #expect(reason.contains(fragment), "\(reason)", sourceLocation: sourceLocation)
}

/// The block index of a store, parsed independently of the reader, and a builder of one-block stores.
private struct BlockIndex {
    struct Entry { var first, offset, compressed, uncompressed: Int }
    var entries: [Entry] = []
    var codec: UInt8 = 0

    init?(_ bytes: [UInt8]) {
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        let trailer = bytes.count - IndexFileFormat.footerSize - StoredDocumentsLayout.trailerSize
        guard trailer > 0 else { return nil }
        let indexOffset = u32(trailer)
        codec = bytes[trailer + 16]
        for n in 0..<u32(trailer + 8) {
            let at = indexOffset + n * StoredDocumentsLayout.blockEntrySize
            entries.append(Entry(first: u32(at), offset: u32(at + 4), compressed: u32(at + 12), uncompressed: u32(at + 16)))
        }
    }

    static func rebuild(block: [UInt8], documentCount: Int) -> [UInt8] {
        var writer = ByteWriter()
        IndexFileFormat.writeHeader(.store, into: &writer)
        var frame: [UInt8] = []
        let length = block.withUnsafeBytes { Zstd.compress($0, level: 1, appendingTo: &frame) }
        writer.writeBytes(frame)
        var tail = ByteWriter()
        tail.writeUInt32(0)
        tail.writeUInt64(UInt64(IndexFileFormat.headerSize))
        tail.writeUInt32(UInt32(length))
        tail.writeUInt32(UInt32(block.count))
        tail.writeUInt32(frame.withUnsafeBytes { CRC32.checksum($0) })
        tail.writeUInt64(UInt64(IndexFileFormat.headerSize + length))
        tail.writeUInt32(1)
        tail.writeUInt32(UInt32(documentCount))
        tail.writeUInt32(UInt32(StoredDocumentsLayout.codecZstd))
        tail.writeUInt32(tail.bytes.withUnsafeBytes { CRC32.checksum($0) })
        writer.writeBytes(tail.bytes)
        IndexFileFormat.appendFooter(to: &writer)
        return writer.bytes
    }
}
