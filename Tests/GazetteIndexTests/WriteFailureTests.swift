import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteIndex

/// A disk that fills up in the middle of a commit: the commit fails with an error naming the file it could not
/// write, and the index is still the previous commit, whole.
@Suite("A write that fails (disk full) leaves the previous commit")
struct WriteFailureTests {
    static let before = [
        document("a.txt", "Talks on security guarantees resumed in Geneva."),
        document("b.txt", "Energy prices and the price cap."),
    ]
    static let after = [document("c.txt", "A ceasefire was agreed in the talks.")]

    /// Commits `before` into `folder`, then tries to commit `after` (deleting a.txt) with writes of `step`'s files
    /// failing from the `occurrence`-th on; returns the error.
    func failedCommit(_ folder: String, failing step: IndexStep, occurrence: Int = 1) throws -> IndexError? {
        try commitDocuments(Self.before, to: folder)
        let fault = FaultInjectingDirectory.Fault(step: step, occurrence: occurrence, action: .fail(errno: ENOSPC))
        let directory = FaultInjectingDirectory(wrapping: FileSystemDirectory(path: folder), fault: fault)
        let writer = try IndexWriter(directory: directory, rebuild: false)
        let builder = SegmentBuilder()
        for document in Self.after { builder.add(document) }
        writer.delete(path: "a.txt")
        let outcome = Result { () throws(IndexError) in
            try writer.flush(builder)
            try writer.commit()
        }
        guard case .failure(let error) = outcome else { return nil }
        return error
    }

    func expectPreviousCommit(_ folder: String) throws {
        let reader = try IndexReader(directory: folder)
        #expect(reader.liveDocumentCount == 2)
        #expect(try reader.segments[0].catalog.path(0) == "a.txt")
        #expect(reader.segments.allSatisfy { $0.deletions == nil })
        #expect(IndexVerifier.verify(directory: folder).problems.isEmpty)
    }

    @Test(arguments: [IndexStep.manifest, .deletions])
    func commitFileNotWritten(step: IndexStep) throws {
        let folder = TemporaryDirectory()
        let error = try #require(try failedCommit(folder.path, failing: step))
        // The commit is generation 2; its deletions of segment s1 go to s1.2.del.
        let name = step == .manifest ? "gazette.manifest.tmp" : "s1.2.del"
        #expect(error == .io(path: folder.path + "/" + name, operation: "write", errno: ENOSPC))
        #expect(error.description == "cannot write '\(folder.path)/\(name)': No space left on device")
        try expectPreviousCommit(folder.path)

        // Space again: the next writer commits over what the failed one left.
        try commitDocuments(Self.after, to: folder.path, rebuild: false)
        #expect(try IndexReader(directory: folder.path).liveDocumentCount == 3)
        #expect(IndexVerifier.verify(directory: folder.path).problems.isEmpty)
    }

    @Test func segmentFileNotWritten() throws {
        let folder = TemporaryDirectory()
        // A write some way into the flush: its first file or two are whole by then.
        let error = try #require(try failedCommit(folder.path, failing: .flush, occurrence: 5))
        guard case .io(let path, "write", ENOSPC) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(path.hasPrefix(folder.path + "/s2."))
        // The file that failed is removed: no name a commit could take is left half written.
        #expect(!FileManager.default.fileExists(atPath: path))
        try expectPreviousCommit(folder.path)
    }

    @Test func memoryDirectoryFailsTheSameWay() throws {
        let memory = MemoryDirectory()
        do {
            let writer = try IndexWriter(directory: memory, rebuild: true)
            let builder = SegmentBuilder()
            for document in Self.before { builder.add(document) }
            try writer.flush(builder)
            try writer.commit()
        }
        let fault = FaultInjectingDirectory.Fault(step: .manifest, occurrence: 1, action: .fail(errno: ENOSPC))
        let failing = try IndexWriter(directory: FaultInjectingDirectory(wrapping: memory, fault: fault), rebuild: true)
        #expect(throws: IndexError.io(path: "memory/gazette.manifest.tmp", operation: "write", errno: ENOSPC)) {
            try failing.commit()
        }
        #expect(try IndexReader(directory: memory).liveDocumentCount == 2)
    }
}
