import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteIndex

@Suite("An index in a MemoryDirectory")
struct MemoryDirectoryTests {
    static let first = [
        document("a.txt", "Lavrov said security guarantees matter. The talks resumed.", title: "Security guarantees"),
        document("b.txt", "Talks in Abu Dhabi. Lavrov's team left early."),
        document("c.txt", "Energy prices and the price cap."),
        document("f.txt", "Nothing about that here."),
    ]
    static let second = [
        document("d.txt", "Security talks in Geneva; the price cap again."),
        document("e.txt", "A ceasefire was agreed in the talks."),
    ]

    /// Two commits (two segments), a deletion (too few to have the merge policy rewrite the segment), then a
    /// merge of everything: every kind of file a writer makes.
    static func write(into directory: any Directory) throws {
        for (batch, rebuild) in [(first, true), (second, false)] {
            let writer = try IndexWriter(directory: directory, rebuild: rebuild)
            let builder = SegmentBuilder()
            for document in batch { builder.add(document) }
            try writer.flush(builder)
            if !rebuild { writer.delete(path: "b.txt") }
            try writer.commit()
        }
    }

    @Test func writtenIndexReadsBack() throws {
        let directory = MemoryDirectory()
        try Self.write(into: directory)
        var reader = try IndexReader(directory: directory)
        #expect(reader.segments.count == 2)
        #expect(reader.documentCount == 6)
        #expect(reader.liveDocumentCount == 5)
        var talks = try #require(try reader.segments[0].postings(forTerm: "talks"))
        #expect(talks.documentFrequency == 2)
        #expect(talks.next() == 0)
        #expect(talks.next() == 1)
        #expect(reader.segments[1].norms.statistics.documentCount == 2)
        #expect(try reader.segments[1].store.document(1).path == "e.txt")
        #expect(IndexVerifier.verify(directory: directory).problems.isEmpty)

        try IndexWriter(directory: directory, rebuild: false).optimize()
        reader = try IndexReader(directory: directory)
        #expect(reader.segments.count == 1)
        #expect(reader.documentCount == 5)
        let segment = reader.segments[0]
        talks = try #require(try segment.postings(forTerm: "talks"))
        // a.txt, d.txt and e.txt: b.txt went with the merge.
        #expect(talks.documentFrequency == 3)
        var terms = 0
        try segment.terms.forEach { _, _ in terms += 1 }
        #expect(UInt64(terms) == segment.norms.statistics.termCount)
        #expect(segment.norms.statistics.postingCount > 0)
        #expect(try (0..<5).map { try segment.catalog.path(UInt32($0)) } == ["a.txt", "c.txt", "f.txt", "d.txt", "e.txt"])
        #expect(IndexVerifier.verify(directory: directory).problems.isEmpty)
        // Only the files of the last commit are left (and no lock: a memory directory has no lock file).
        #expect(Set(directory.names()) == Set(reader.manifest.segments.flatMap(\.fileNames) + [Manifest.fileName]))
    }

    @Test func filesAreThoseAFolderGets() throws {
        let memory = MemoryDirectory()
        try Self.write(into: memory)
        let folder = TemporaryDirectory()
        try Self.write(into: FileSystemDirectory(path: folder.path))
        let onDisk = FileSystemDirectory(path: folder.path)
        #expect(Set(memory.names()) == Set(onDisk.names()).subtracting([".lock"]))
        for name in memory.names() {
            let a = try memory.openInput(name), b = try onDisk.openInput(name)
            #expect(Array(a.bytes) == Array(b.bytes), "\(name)")
        }
        withExtendedLifetime(folder) {}
    }

    @Test func openedFileOutlivesItsDeletion() throws {
        let directory = MemoryDirectory(path: "mem")
        try directory.writeFile("x", bytes: [1, 2, 3], for: .deletions)
        let file = try directory.openInput("x")
        #expect(file.path == "mem/x")
        directory.delete("x")
        try directory.writeFile("x", bytes: [9], for: .deletions)
        #expect(Array(file.bytes) == [1, 2, 3])
        #expect(directory.fileSize("x") == 1)
        #expect(throws: IndexError.io(path: "mem/y", operation: "open", errno: ENOENT)) {
            _ = try directory.openInput("y")
        }
    }

    @Test func oneWriterAtATime() throws {
        let directory = MemoryDirectory()
        var first: IndexWriter? = try IndexWriter(directory: directory, rebuild: false)
        #expect {
            _ = try IndexWriter(directory: directory, rebuild: false)
        } throws: { error in
            guard case .locked(let name, _) = error as? IndexError else { return false }
            return name == directory.path
        }
        _ = first
        first = nil
        _ = try IndexWriter(directory: directory, rebuild: false)
    }

    @Test func emptyMemoryDirectoryIsNoIndex() {
        #expect(throws: IndexError.noIndex(directory: "memory")) { _ = try IndexReader(directory: MemoryDirectory()) }
    }
}
