import Foundation
import GazetteTestSupport
import GazetteAnalysis
import Testing
@testable import GazetteIndex

/// The bytes a flush and a merge write. Writers stream their files to disk piece by piece; these tests pin the
/// result to the bytes the in-memory writers of format 3 produced (checksums recorded from them; the store's
/// since its codec 2, frames and the text last in each record), and check
/// that a merge writes exactly what building its live documents in one segment writes.
@Suite("Segment files, byte for byte")
struct SegmentBytesTests {
    /// Deterministic documents: Zipf-like words from a fixed vocabulary, several blocks, some titles, a few
    /// long texts (store blocks of one document, positions blocks), entity spans with aliases that differ in
    /// case, and enough documents that common terms fill several skip groups of postings.
    static func documents(count: Int, seed: UInt64) -> [DocumentToIndex] {
        var random = CodecRandom(seed: seed)
        let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qu", "do", "fe", "gi", "hu"]
        var vocabulary: [String] = []
        for a in syllables { for b in syllables { vocabulary.append(a + b) } }
        for a in syllables { for b in syllables { for c in syllables.prefix(6) { vocabulary.append(a + b + c) } } }
        let names = ["Anna Kova", "Lavrov", "Peskov", "Rosneft", "Kyiv", "Black Sea", "Orban", "Merz"]
        let types = ["PERSON", "PERSON", "PERSON", "ORG", "PLACE", "PLACE", "PERSON", "PERSON"]
        var analyzer = Analyzer()
        var result: [DocumentToIndex] = []
        for n in 0..<count {
            let long = n % 97 == 5
            let blockCount = 1 + Int(random.next() % (long ? 20 : 4))
            var text = "report "  // in every document: postings long enough for a second skip group
            var blocks: [Range<Int>] = []
            var spans: [StoredEntitySpan] = []
            for b in 0..<blockCount {
                if b > 0 { text += "\n" }
                let start = b == 0 ? 0 : text.utf8.count
                let words = 3 + Int(random.next() % (long ? 300 : 20))
                for w in 0..<words {
                    if w > 0 { text += " " }
                    if random.next() % 23 == 0 {
                        let which = Int(random.next() % UInt64(names.count))
                        var surface = names[which]
                        if random.next() % 3 == 0 { surface = surface.uppercased() }
                        let spanStart = text.utf8.count
                        text += surface
                        spans.append(StoredEntitySpan(
                            range: spanStart..<text.utf8.count, type: types[which], canonical: names[which]))
                    } else {
                        // Squaring a uniform draw favours the first words: a few very common terms, a long tail.
                        let u = Double(random.next() % 1_000_000) / 1_000_000
                        text += vocabulary[Int(u * u * u * Double(vocabulary.count))]
                    }
                }
                blocks.append(start..<text.utf8.count)
            }
            let title: String? = n % 3 == 0 ? nil : "title \(vocabulary[n % vocabulary.count]) \(n)"
            let located = EntitySpan.locating(spans, in: text, blocks: blocks, analyzer: &analyzer)
            result.append(DocumentToIndex(
                path: "docs/\(n % 7)/file-\(n).txt", title: title, text: text, blocks: blocks,
                fingerprint: FileFingerprint(
                    size: Int64(text.utf8.count), modificationTimeNanoseconds: 1_700_000_000_000_000_000 + Int64(n),
                    contentHash: random.next()),
                entities: located))
        }
        return result
    }

    /// "extension size fnv1a64" per file of the segment, in `SegmentFiles.kinds` order.
    static func fingerprints(_ directory: String, _ segment: String) throws -> [String] {
        try SegmentFiles.kinds.map { kind in
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + segment + "." + kind.fileExtension))
            // FNV-1a over every byte (a CRC over a file that ends with its own CRC is the same for every file).
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            return "\(kind.fileExtension) \(bytes.count) \(String(hash, radix: 16))"
        }
    }

    static let deleted: Set<Int> = [0, 1, 2, 50, 777, 1500, 2999, 3000, 4299, 4300, 4599]

    /// Two flushed segments, then deletions, then one merge of both: the files of all three.
    static func flushAndMerge(_ directory: String) throws -> (first: [String], second: [String], merged: [String]) {
        let documents = Self.documents(count: 4600, seed: 42)
        do {
            let writer = try IndexWriter(directory: directory, rebuild: true)
            for half in [documents[0..<4300], documents[4300...]] {
                let builder = SegmentBuilder()
                for document in half { builder.add(document) }
                try writer.flush(builder)
            }
            try writer.commit()
        }
        let first = try fingerprints(directory, "s1"), second = try fingerprints(directory, "s2")
        let next = try IndexWriter(directory: directory, rebuild: false)
        for n in deleted.sorted() { #expect(next.delete(path: documents[n].path)) }
        try next.optimize()
        let names = try IndexReader.readManifest(directory: directory).segments.map(\.name)
        #expect(names == ["s3"])
        return (first, second, try fingerprints(directory, "s3"))
    }

    @Test func flushAndMergeWriteTheBytesOfFormat3() throws {
        let directory = TemporaryDirectory()
        let files = try Self.flushAndMerge(directory.path)
        #expect(files.first == [
            "terms 39480 d6046faa96439b9e", "post 215798 257dda9589ba9540", "pos 291836 5ce15d0f35f0efba",
            "norms 34464 fb4083441dc62f40", "store 675711 a029388b121db964", "files 221221 48f98bfddec1479",
            "ents 31736 1c6bab3bfebce93d",
        ])
        #expect(files.second == [
            "terms 15407 c1b4654b36018e98", "post 19531 79660f4f5f8aefb7", "pos 22625 afdfe8aa001357c5",
            "norms 2464 6a1b6832c0396979", "store 44203 4cb7d84e319e7f", "files 15539 2deca397ae2a8690",
            "ents 2328 6669163fdc813b98",
        ])
        #expect(files.merged == [
            "terms 41271 9f691db572ae8704", "post 228651 596e1e89880d55c4", "pos 308276 576425301f581e5e",
            "norms 36776 668ceb2fe4b4fefb", "store 714058 47a7860445dcfbf3", "files 236168 bf65e91423624b39",
            "ents 33740 79157fad6e130331",
        ])
        #expect(IndexVerifier.verify(directory: directory.path).problems.isEmpty)
        // The documents exercise every structure: a term in more than 32 postings blocks (a second skip group),
        // and entities with several aliases.
        let segment = try IndexReader(directory: directory.path).segments[0]
        var largest: UInt32 = 0
        try segment.terms.forEach { _, info in largest = max(largest, info.documentFrequency) }
        #expect(largest > 32 * 128)
        #expect(try segment.entityIndex.entities().contains { $0.aliases.count > 1 })
    }

    /// Merging drops deleted documents and renumbers the rest; the result is the segment a flush of the live
    /// documents writes, file for file.
    @Test func aMergeWritesWhatAFlushOfItsLiveDocumentsWrites() throws {
        let merged = TemporaryDirectory(), direct = TemporaryDirectory()
        let files = try Self.flushAndMerge(merged.path)
        let live = Self.documents(count: 4600, seed: 42).enumerated().filter { !Self.deleted.contains($0.offset) }
        let writer = try IndexWriter(directory: direct.path, rebuild: true)
        let builder = SegmentBuilder()
        for (_, document) in live { builder.add(document) }
        try writer.flush(builder)
        try writer.commit()
        #expect(try Self.fingerprints(direct.path, "s1") == files.merged)
    }

    /// Facets and resolution walk an entity's documents and skip its mentions by their bytes
    /// (`forEachDocument`); what they see must be what decoding every mention gives (`postings`): the same
    /// documents, each with its number of mentions, for entities named once and hundreds of times a document.
    @Test func walkingAnEntitysDocumentsAgreesWithItsPostings() throws {
        let directory = TemporaryDirectory()
        try commitDocuments(Self.documents(count: 600, seed: 7), to: directory.path)
        let segment = try IndexReader(directory: directory.path).segments[0]
        var walked = 0, mostMentions = 0
        for record in try segment.entityIndex.entities() {
            let postings = try segment.entityIndex.postings(record)
            var documents: [UInt32] = []
            try segment.entityIndex.forEachDocument(of: record) { documents.append($0) }
            #expect(documents == postings.map(\.document), "\(record.canonical)")
            mostMentions = max(mostMentions, postings.map(\.mentions.count).max() ?? 0)
            walked += postings.count
        }
        var counted = 0
        try segment.entityIndex.forEachRecord { (view: EntityRecordView) throws(IndexError) in
            let record = try segment.entityIndex.record(of: view.postings)
            let expected = try segment.entityIndex.postings(record).map { [Int($0.document), $0.mentions.count] }
            var seen: [[Int]] = []
            try segment.entityIndex.forEachDocument(of: view) { seen.append([Int($0), $1]) }
            #expect(seen == expected, "\(record.canonical)")
            counted += seen.count
        }
        #expect(counted == walked)
        #expect(walked > 500 && mostMentions > 8)
    }

    /// A merge lists the surface forms of its live documents only: a form (or a whole entity) seen only in
    /// deleted documents goes, a form also seen in a live document stays — and the merged file is still the
    /// one a flush of the live documents writes.
    @Test func formsSeenOnlyInDeletedDocumentsAreDropped() throws {
        func document(_ path: String, _ text: String, _ mentions: [(String, String, String)]) -> DocumentToIndex {
            var spans: [StoredEntitySpan] = []
            var searchFrom = text.startIndex
            for (surface, type, canonical) in mentions {
                let range = text.range(of: surface, range: searchFrom..<text.endIndex)!
                let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
                spans.append(StoredEntitySpan(
                    range: start..<(start + surface.utf8.count), type: type, canonical: canonical))
                searchFrom = range.upperBound
            }
            var analyzer = Analyzer()
            let blocks = [0..<text.utf8.count]
            return DocumentToIndex(
                path: path, title: nil, text: text, blocks: blocks,
                entities: EntitySpan.locating(spans, in: text, blocks: blocks, analyzer: &analyzer))
        }
        let documents = [
            document("a.txt", "LAVROV and Lavrov met in Kyiv", [
                ("LAVROV", "PERSON", "Sergei Lavrov"), ("Lavrov", "PERSON", "Sergei Lavrov"), ("Kyiv", "PLACE", "Kyiv"),
            ]),
            document("b.txt", "Lavrov spoke to Sergei Lavrov", [
                ("Lavrov", "PERSON", "Sergei Lavrov"), ("Sergei Lavrov", "PERSON", "Sergei Lavrov"),
            ]),
            document("c.txt", "Peskov answered", [("Peskov", "PERSON", "Dmitry Peskov")]),
        ]
        let merged = TemporaryDirectory(), direct = TemporaryDirectory()
        do {
            let writer = try IndexWriter(directory: merged.path, rebuild: true)
            for document in documents {
                let builder = SegmentBuilder()
                builder.add(document)
                try writer.flush(builder)
            }
            try writer.commit()
        }
        let writer = try IndexWriter(directory: merged.path, rebuild: false)
        #expect(writer.delete(path: "a.txt"))
        try writer.optimize()
        let segment = try IndexReader(directory: merged.path).segments[0]
        let entities = try segment.entityIndex.entities()
        #expect(entities.map(\.canonical) == ["Dmitry Peskov", "Sergei Lavrov"])
        #expect(entities.first { $0.canonical == "Sergei Lavrov" }?.aliases == ["Lavrov", "Sergei Lavrov"])

        try commitDocuments(Array(documents[1...]), to: direct.path)
        let name = try IndexReader.readManifest(directory: merged.path).segments[0].name
        #expect(try Self.fingerprints(direct.path, "s1") == Self.fingerprints(merged.path, name))
    }
}
