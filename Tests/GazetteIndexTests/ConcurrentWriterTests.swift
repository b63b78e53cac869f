import GazetteTestSupport
import Dispatch
import Testing
@testable import GazetteIndex

/// `gazette index` flushes and deletes from every indexing thread through one `IndexWriter`. These tests do the
/// same with more threads than cores, so that the locks are contended; `make sanitize-thread` runs them under
/// ThreadSanitizer, which reports any access to shared state that the locks do not order.
@Suite("Several threads writing one index")
struct ConcurrentWriterTests {
    @Test func lockedCountsEveryIncrementFromEveryThread() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<50_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == 400_000)
    }

    @Test func lockedRethrowsTheBodysError() {
        struct Refused: Error, Equatable {}
        let value = Locked([1, 2])
        #expect(throws: Refused.self) {
            try value.withLock { (array: inout [Int]) throws(Refused) in
                array.append(3)
                throw Refused()
            }
        }
        // What the body did before it threw stays done: the lock guards access, it is not a transaction.
        #expect(value.withLock { $0 } == [1, 2, 3])
    }

    @Test func threadsFlushAndDeleteAtOnceAndTheCommitHoldsExactlyTheirWork() throws {
        let directory = TemporaryDirectory()
        try commitDocuments((0..<200).map { document("old/\($0).txt", "old text number\($0)") }, to: directory.path)

        let threads = 4
        let writer = try IndexWriter(directory: directory.path, rebuild: false)
        let failures = Locked<[String]>([])
        let deleted = Locked(0)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var builder = SegmentBuilder()
            for i in 0..<100 {
                builder.add(document("t\(thread)/\(i).txt", "fresh text thread\(thread) item\(i)"))
                // Several small segments per thread, so that flushes overlap with other threads' deletes.
                if i % 25 == 24 {
                    do {
                        try writer.flush(builder)
                    } catch {
                        failures.withLock { $0.append("flush: \(error)") }
                    }
                    builder = SegmentBuilder()
                }
                // Each thread deletes its own quarter of the first 100 old documents.
                let old = i * threads + thread
                if old < 100, writer.delete(path: "old/\(old).txt") { deleted.withLock { $0 += 1 } }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(deleted.withLock { $0 } == 100)
        let summary = try writer.commit()
        #expect(summary.documentCount == 500)

        let reader = try IndexReader(directory: directory.path)
        #expect(reader.liveDocumentCount == 500)
        var live: [String] = []
        for segment in reader.segments {
            for doc in 0..<UInt32(segment.documentCount) where !segment.isDeleted(doc) {
                live.append(try segment.catalog.path(doc))
            }
        }
        let expected = (100..<200).map { "old/\($0).txt" }
            + (0..<threads).flatMap { thread in (0..<100).map { "t\(thread)/\($0).txt" } }
        #expect(live.sorted() == expected.sorted())
        for thread in 0..<threads {
            #expect(try documents(containing: "thread\(thread)", in: reader) == 100)
        }
        #expect(try documents(containing: "old", in: reader) == 100)
        #expect(IndexVerifier.verify(directory: directory.path).problems.isEmpty)
    }

    private func documents(containing term: String, in reader: IndexReader) throws -> Int {
        var count = 0
        for segment in reader.segments {
            guard var cursor = try segment.postings(forTerm: term) else { continue }
            while cursor.next() != PostingsCursor.exhausted {
                if !segment.isDeleted(cursor.document) { count += 1 }
            }
        }
        return count
    }
}
