import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteIndex
import GazetteAnalysis

@Suite("Segments, deletions, merges and commits")
struct IncrementalIndexTests {
    func livePaths(_ directory: String) throws -> [String] {
        let reader = try IndexReader(directory: directory)
        var paths: [String] = []
        for segment in reader.segments {
            for doc in 0..<UInt32(segment.documentCount) where !segment.isDeleted(doc) {
                paths.append(try segment.catalog.path(doc))
            }
        }
        return paths.sorted()
    }

    func documentsContaining(_ term: String, _ directory: String) throws -> [String] {
        let reader = try IndexReader(directory: directory)
        var paths: [String] = []
        for segment in reader.segments {
            guard var cursor = try segment.postings(forTerm: term) else { continue }
            while cursor.next() != PostingsCursor.exhausted {
                if !segment.isDeleted(cursor.document) { paths.append(try segment.catalog.path(cursor.document)) }
            }
        }
        return paths.sorted()
    }

    @Test func addingToAnIndexKeepsWhatWasThere() throws {
        let directory = TemporaryDirectory()
        try commitDocuments([document("a.txt", "alpha one"), document("b.txt", "beta one")], to: directory.path)
        try commitDocuments([document("c.txt", "gamma one")], to: directory.path, rebuild: false)
        #expect(try livePaths(directory.path) == ["a.txt", "b.txt", "c.txt"])
        #expect(try documentsContaining("one", directory.path) == ["a.txt", "b.txt", "c.txt"])
        #expect(try IndexReader(directory: directory.path).segments.count == 2)
    }

    @Test func aCommitWithNothingToCommitLeavesTheIndexAsItIs() throws {
        let directory = TemporaryDirectory()
        try commitDocuments([document("a.txt", "alpha one"), document("b.txt", "beta one")], to: directory.path)
        func manifestBytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: directory.path + "/gazette.manifest")) }
        let before = try manifestBytes()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let generation = try IndexReader(directory: directory.path).manifest.generation

        // Nothing changed: the same manifest, the same files, the summary of the commit in force.
        let idle = try IndexWriter(directory: directory.path, rebuild: false).commitIfChanged()
        #expect(idle == CommitSummary(generation: generation, segmentCount: 1, documentCount: 2, mergedSegments: 0))
        #expect(try manifestBytes() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == names)

        // A deletion of a path the index does not hold changes nothing either.
        do {
            let writer = try IndexWriter(directory: directory.path, rebuild: false)
            #expect(!writer.delete(path: "missing.txt"))
            #expect(try writer.commitIfChanged().generation == generation)
        }

        // Each kind of change commits: a deletion, new corpus folders, another analysis, new documents.
        do {
            let writer = try IndexWriter(directory: directory.path, rebuild: false)
            #expect(writer.delete(path: "b.txt"))
            #expect(try writer.commitIfChanged().generation > generation)
        }
        #expect(try livePaths(directory.path) == ["a.txt"])
        do {
            let writer = try IndexWriter(directory: directory.path, rebuild: false)
            let before = try IndexReader(directory: directory.path).manifest.generation
            writer.setRoots(["/somewhere/else"])
            #expect(try writer.commitIfChanged().generation > before)
            #expect(try IndexReader(directory: directory.path).manifest.roots == ["/somewhere/else"])
        }
        do {
            let writer = try IndexWriter(directory: directory.path, rebuild: false)
            let before = try IndexReader(directory: directory.path).manifest.generation
            writer.setAnalysis(AnalysisVersion(entities: 0, stemmer: "english"))
            #expect(try writer.commitIfChanged().generation > before)
            #expect(try IndexReader(directory: directory.path).manifest.analysis?.stemmer == "english")
        }
        do {
            let writer = try IndexWriter(directory: directory.path, rebuild: false)
            let builder = SegmentBuilder()
            builder.add(document("c.txt", "gamma one"))
            try writer.flush(builder)
            #expect(try writer.commitIfChanged().documentCount == 2)
        }
        #expect(try livePaths(directory.path) == ["a.txt", "c.txt"])

        // A new index, and a rebuild, always commit.
        let fresh = TemporaryDirectory()
        let made = try IndexWriter(directory: fresh.path, rebuild: false).commitIfChanged()
        #expect(made.generation == 1)
        #expect(try IndexReader(directory: fresh.path).documentCount == 0)
        let rebuilt = try IndexWriter(directory: directory.path, rebuild: true).commitIfChanged()
        #expect(rebuilt.documentCount == 0)
    }

    @Test func deletionsHideDocumentsUntilAMergePurgesThem() throws {
        let directory = TemporaryDirectory()
        try commitDocuments((0..<10).map { document("\($0).txt", "shared word\($0)") }, to: directory.path)
        do {
            let writer = try IndexWriter(directory: directory.path, rebuild: false)
            #expect(writer.delete(path: "3.txt"))
            #expect(!writer.delete(path: "missing.txt"))
            try writer.commit()
        }
        #expect(try documentsContaining("shared", directory.path).count == 9)
        #expect(try documentsContaining("word3", directory.path).isEmpty)
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.manifest.segments[0].deletedCount == 1)
        #expect(reader.liveDocumentCount == 9)
        try IndexWriter(directory: directory.path, rebuild: false).optimize()
        let optimized = try IndexReader(directory: directory.path)
        #expect(optimized.segments.count == 1)
        #expect(optimized.documentCount == 9)
        #expect(optimized.manifest.segments[0].deletedCount == 0)
        #expect(try optimized.segments[0].postings(forTerm: "word3") == nil)
        #expect(IndexVerifier.verify(directory: directory.path).problems.isEmpty)
    }

    @Test func anUpdateIsADeleteAndAnAdd() throws {
        let directory = TemporaryDirectory()
        try commitDocuments([document("a.txt", "old words"), document("b.txt", "other")], to: directory.path)
        do {
            let writer = try IndexWriter(directory: directory.path, rebuild: false)
            writer.delete(path: "a.txt")
            let builder = SegmentBuilder()
            builder.add(document("a.txt", "new words", hash: 7))
            try writer.flush(builder)
            try writer.commit()
        }
        #expect(try documentsContaining("old", directory.path).isEmpty)
        #expect(try documentsContaining("new", directory.path) == ["a.txt"])
        #expect(try livePaths(directory.path) == ["a.txt", "b.txt"])
        let fingerprints = try IndexWriter(directory: directory.path, rebuild: false).existingDocuments()
        #expect(fingerprints["a.txt"]?.contentHash == 7)
        #expect(fingerprints.count == 2)
    }

    @Test func theMergePolicyBoundsTheSegmentCount() throws {
        let directory = TemporaryDirectory()
        for round in 0..<20 {
            try commitDocuments([document("r\(round).txt", "round \(round) text")], to: directory.path, rebuild: false)
        }
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.segments.count < 8)
        #expect(reader.liveDocumentCount == 20)
        #expect(try documentsContaining("text", directory.path).count == 20)
        #expect(IndexVerifier.verify(directory: directory.path).problems.isEmpty)
        // No file is left behind that the manifest does not name (besides the lock and the manifest).
        let named = Set(reader.manifest.segments.flatMap(\.fileNames))
        let present = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(Set(present).subtracting(named).subtracting([".lock", Manifest.fileName]).isEmpty)
    }

    @Test func segmentsWrittenWithoutACommitAreInvisibleAndSweptLater() throws {
        let directory = TemporaryDirectory()
        try commitDocuments([document("a.txt", "committed")], to: directory.path)
        // A run that flushed a segment and died before its commit.
        do {
            let writer = try IndexWriter(directory: directory.path, rebuild: false)
            let builder = SegmentBuilder()
            builder.add(document("b.txt", "uncommitted"))
            try writer.flush(builder)
        }
        #expect(try livePaths(directory.path) == ["a.txt"])
        #expect(IndexVerifier.verify(directory: directory.path).problems.isEmpty)
        try commitDocuments([document("c.txt", "later")], to: directory.path, rebuild: false)
        #expect(try livePaths(directory.path) == ["a.txt", "c.txt"])
        let present = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let named = Set(try IndexReader(directory: directory.path).manifest.segments.flatMap(\.fileNames))
        #expect(Set(present).subtracting(named).subtracting([".lock", Manifest.fileName]).isEmpty)
    }
}

@Suite("Entity data through flushes and merges")
struct EntityMergeTests {
    /// A document whose spans name every capitalised word, with positions from the analyzer itself.
    func documentWithEntities(_ path: String, _ text: String) -> DocumentToIndex {
        var analyzer = GazetteAnalysis.Analyzer()
        var spans: [EntitySpan] = []
        var copy = text
        copy.withUTF8 { bytes in
            _ = analyzer.analyze(bytes, firstPosition: 0) { _, span in
                if bytes[span.start] >= 0x41 && bytes[span.start] <= 0x5A {
                    let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]), as: UTF8.self)
                    spans.append(EntitySpan(range: span.start..<span.end, positions: span.position...span.position, type: "PERSON", canonical: word))
                }
            }
        }
        var document = document(path, text, title: "Title")
        document.entities = spans
        return document
    }

    func entityPostings(_ directory: String) throws -> [String: [String]] {
        let reader = try IndexReader(directory: directory)
        var result: [String: [String]] = [:]
        for segment in reader.segments {
            for record in try segment.entityIndex.entities() {
                for posting in try segment.entityIndex.postings(record) where !segment.isDeleted(posting.document) {
                    let path = try segment.catalog.path(posting.document)
                    result[record.canonical, default: []].append("\(path) \(posting.mentions.map { "\($0.start)+\($0.length)" })")
                }
            }
        }
        return result.mapValues { $0.sorted() }
    }

    @Test func mergedEntityPostingsEqualTheOriginals() throws {
        let directory = TemporaryDirectory()
        try commitDocuments([
            documentWithEntities("a.txt", "Lavrov met Peskov in Moscow. Later Lavrov spoke."),
            documentWithEntities("b.txt", "Peskov said nothing."),
        ], to: directory.path)
        try commitDocuments([documentWithEntities("c.txt", "In Kyiv, Zelenskyy answered Lavrov.")], to: directory.path, rebuild: false)
        let before = try entityPostings(directory.path)
        #expect(before["Lavrov"]?.count == 2)
        try IndexWriter(directory: directory.path, rebuild: false).optimize()
        #expect(try IndexReader(directory: directory.path).segments.count == 1)
        #expect(try entityPostings(directory.path) == before)
        let reader = try IndexReader(directory: directory.path)
        let stored = try reader.segments[0].store.document(0)
        #expect(stored.entities.map(\.canonical) == ["Lavrov", "Peskov", "Moscow", "Later", "Lavrov"])
        #expect(IndexVerifier.verify(directory: directory.path).problems.isEmpty)
    }
}

@Suite("Merge policy")
struct MergePolicyTests {
    func segments(_ counts: [Int]) -> [Manifest.Segment] {
        counts.enumerated().map { Manifest.Segment(name: "s\($0.offset + 1)", documentCount: $0.element) }
    }

    @Test func mergesEightSegmentsOfALevelSmallestFirst() {
        let policy = MergePolicy(mergeFactor: 8)
        let group = policy.selectMerge(segments([1, 2, 3, 4, 5, 6, 7, 1, 7, 100]))
        #expect(group?.count == 8)
        #expect(group?.contains { $0.documentCount == 100 } == false)
        #expect(policy.selectMerge(segments([1, 2, 3, 100, 200])) == nil)
    }

    @Test func aMergeLargerThanTheCapIsLeftAlone() {
        // Every segment "weighs" 10 bytes per document.
        let small = MergePolicy(mergeFactor: 8, maximumMergedBytes: 100) { $0.documentCount * 10 }
        #expect(small.selectMerge(segments([2, 2, 2, 2, 2, 2, 2, 2])) == nil)
        let roomy = MergePolicy(mergeFactor: 8, maximumMergedBytes: 160) { $0.documentCount * 10 }
        #expect(roomy.selectMerge(segments([2, 2, 2, 2, 2, 2, 2, 2]))?.count == 8)
    }

    @Test func aMostlyDeletedSegmentIsRewrittenAlone() {
        var input = segments([10, 10])
        input[1].deletedCount = 6
        input[1].deletionGeneration = 2
        #expect(MergePolicy(mergeFactor: 8).selectMerge(input)?.map(\.name) == ["s2"])
    }
}
