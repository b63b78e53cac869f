import Foundation
import GazetteTestSupport
import Synchronization
import Testing
@testable import GazetteIndex

@Suite("Readers and verify, opened while a writer commits, merges and sweeps, see one whole commit")
struct ConcurrentReadTests {
    /// What a reader can tell about the index, computed three independent ways: the live documents (catalog),
    /// the documents holding the marker word, and those holding the word every document has.
    struct Observation: Hashable {
        var live: Set<String>
        var markers: Set<String>
        var common: Set<String>
    }

    static func observe(_ directory: String) throws -> Observation {
        let reader = try IndexReader(directory: directory)
        var observation = Observation(live: [], markers: [], common: [])
        for segment in reader.segments {
            for doc in 0..<UInt32(segment.documentCount) where !segment.isDeleted(doc) {
                observation.live.insert(try segment.catalog.path(doc))
            }
            for (term, keyPath) in [("marker", \Observation.markers), ("common", \Observation.common)] {
                guard var cursor = try segment.postings(forTerm: term) else { continue }
                while cursor.next() != PostingsCursor.exhausted {
                    if !segment.isDeleted(cursor.document) {
                        observation[keyPath: keyPath].insert(try segment.catalog.path(cursor.document))
                    }
                }
                if let corruption = cursor.corruption { throw corruption }
            }
        }
        return observation
    }

    /// The observation a commit holding exactly `paths` must give.
    static func expected(_ paths: Set<String>) -> Observation {
        Observation(live: paths, markers: paths.filter { $0.hasPrefix("m") }, common: paths)
    }

    @Test func readersNeverFailAndNeverMixCommits() throws {
        let directory = TemporaryDirectory()
        let base = (0..<12).map { "b\($0).txt" }
        try commitDocuments(base.map { document($0, "common base text \($0)") }, to: directory.path)
        let states = Locked<[Set<String>]>([Set(base)])
        let done = Atomic<Bool>(false)
        let path = directory.path

        // The writer: every round adds marker documents and deletes older ones in one commit; a merge factor of
        // 3 merges (and sweeps the merged segments' files) every few rounds, and deletions rewrite segments
        // that become mostly tombstones, so readers race with every kind of file deletion.
        let writer: @Sendable () -> Void = {
            defer { done.store(true, ordering: .releasing) }
            var present = Set(base)
            for round in 0..<30 {
                do {
                    let writer = try IndexWriter(directory: path, rebuild: false, mergeFactor: 3)
                    for victim in present.filter({ $0.hasPrefix("m") }).sorted().prefix(round % 3) {
                        writer.delete(path: victim)
                        present.remove(victim)
                    }
                    let builder = SegmentBuilder()
                    for copy in 0..<2 {
                        let name = "m\(round)-\(copy).txt"
                        builder.add(document(name, "common marker round \(round)"))
                        present.insert(name)
                    }
                    try writer.flush(builder)
                    states.withLock { $0.append(present) }
                    try writer.commit()
                } catch {
                    Issue.record("writer failed in round \(round): \(error)")
                    return
                }
            }
        }

        let observations = Locked<[Observation]>([])
        let failures = Locked<[String]>([])
        let reader: @Sendable () -> Void = {
            while !done.load(ordering: .acquiring) {
                do {
                    let seen = try Self.observe(path)
                    observations.withLock { $0.append(seen) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        // `verify` reads every file of the commit it starts on, a much wider window for a sweep to hit.
        let verifier: @Sendable () -> Void = {
            while !done.load(ordering: .acquiring) {
                let problems = IndexVerifier.verify(directory: path).problems
                if !problems.isEmpty { failures.withLock { $0.append("verify: \(problems)") } }
            }
        }
        let bodies = [writer, reader, reader, verifier]
        let finished = DispatchSemaphore(value: 0)
        for body in bodies {
            Thread.detachNewThread {
                body()
                finished.signal()
            }
        }
        for _ in bodies { finished.wait() }

        let committed = Set(states.withLock { $0 }.map(Self.expected))
        let seen = observations.withLock { $0 }
        let failed = failures.withLock { $0 }
        #expect(failed.isEmpty, "\(failed.count) reads failed, e.g. \(failed.prefix(3))")
        #expect(seen.count > 20, "only \(seen.count) reads ran during the updates")
        let mixed = seen.filter { !committed.contains($0) }
        #expect(mixed.isEmpty, "\(mixed.count) of \(seen.count) reads match no commit, e.g. \(String(describing: mixed.first))")
        #expect(Set(seen.map(\.live)).count > 5, "reads saw too few distinct commits to have raced with the writer")
        #expect(IndexVerifier.verify(directory: path).problems.isEmpty)
    }
}
