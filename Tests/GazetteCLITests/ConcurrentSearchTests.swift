import Foundation
import GazetteIndex
import Synchronization
import Testing

@Suite("Searches running while gazette index commits see one whole commit and never fail")
struct ConcurrentSearchTests {
    static let queries = ["zebra", "ceasefire", "zebra OR ceasefire", "\"zebra crossing\"", "Lavrov", "person:Lavrov"]

    struct Answer: Hashable {
        var total: Int
        var paths: Set<String>
    }

    /// Every query's answer from one `gazette search --batch` process, which opens the index once: all of them
    /// must come from the same commit.
    typealias Snapshot = [Answer]

    enum BatchError: Error, CustomStringConvertible {
        case failed(String)
        var description: String { if case .failed(let text) = self { return text }; return "" }
    }

    static func search(_ index: String, queryFile: String) throws -> Snapshot {
        let run = try GazetteProcess.run(["search", "--batch", queryFile, "--index", index, "--limit", "1000"])
        guard run.status == 0, run.stderr.isEmpty else {
            throw BatchError.failed("exit \(run.status): \(run.stderr)")
        }
        var snapshot: Snapshot = []
        for line in run.stdout.split(separator: "\n") {
            let object = try GazetteProcess.json(String(line))
            guard object["error"] == nil, let total = object["total"] as? Int, let hits = object["hits"] as? [[String: Any]]
            else { throw BatchError.failed("bad answer: \(line)") }
            snapshot.append(Answer(total: total, paths: Set(hits.compactMap { $0["path"] as? String })))
        }
        guard snapshot.count == queries.count else { throw BatchError.failed("\(snapshot.count) answers: \(run.stdout)") }
        return snapshot
    }

    static func markerText(_ name: String) -> String {
        "Sergei Lavrov stopped at a zebra crossing in Moscow on Tuesday (\(name)).\n"
    }

    @Test func everyAnswerIsOneCommitsAnswer() throws {
        let scratch = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let corpus = scratch + "/corpus", index = scratch + "/index", queryFile = scratch + "/queries"
        try FileManager.default.copyItem(atPath: GazetteProcess.corpus, toPath: corpus)
        try FileManager.default.createDirectory(atPath: corpus + "/markers", withIntermediateDirectories: true)
        try (Self.queries.joined(separator: "\n") + "\n").write(toFile: queryFile, atomically: true, encoding: .utf8)
        @Sendable func reindex() throws {
            let run = try GazetteProcess.run(["index", corpus, "--index", index, "--quiet"])
            #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        }
        @Sendable func write(_ name: String) throws {
            try Self.markerText(name).write(toFile: corpus + "/markers/" + name, atomically: true, encoding: .utf8)
        }

        // What the corpus answers without markers, and which queries a marker document matches.
        try reindex()
        let base = try Self.search(index, queryFile: queryFile)
        try write("probe.txt")
        try reindex()
        let probed = try Self.search(index, queryFile: queryFile)
        let matchesMarkers = probed.map { $0.paths.contains("markers/probe.txt") }
        #expect(matchesMarkers == [true, false, true, true, true, true], "\(probed)")
        try FileManager.default.removeItem(atPath: corpus + "/markers/probe.txt")
        try reindex()
        #expect(try Self.search(index, queryFile: queryFile) == base)
        func expected(_ markers: Set<String>) -> Snapshot {
            zip(base, matchesMarkers).map { answer, matches in
                let paths = matches ? answer.paths.union(markers.map { "markers/" + $0 }) : answer.paths
                return Answer(total: paths.count, paths: paths)
            }
        }

        let states = Locked<[Set<String>]>([[]])
        let snapshots = Locked<[Snapshot]>([])
        let failures = Locked<[String]>([])
        let done = Atomic<Bool>(false)
        // The writer: each round adds two marker documents and deletes an older one in one `gazette index` run
        // (one commit, then the merges it triggers); every fourth round `gazette optimize` merges everything.
        // Each run deletes the files of the commits before it while searches are opening them.
        let writer: @Sendable () -> Void = {
            defer { done.store(true, ordering: .releasing) }
            var present: Set<String> = []
            do {
                for round in 0..<10 {
                    for name in ["m\(round)a.txt", "m\(round)b.txt"] {
                        try write(name)
                        present.insert(name)
                    }
                    if round >= 2 {
                        try FileManager.default.removeItem(atPath: corpus + "/markers/m\(round - 2)a.txt")
                        present.remove("m\(round - 2)a.txt")
                    }
                    let snapshot = present
                    states.withLock { $0.append(snapshot) }
                    try reindex()
                    if round % 4 == 3 { #expect(try GazetteProcess.run(["optimize", "--index", index]).status == 0) }
                }
            } catch {
                failures.withLock { $0.append("writer: \(error)") }
            }
        }
        let searcher: @Sendable () -> Void = {
            while !done.load(ordering: .acquiring) {
                do {
                    let snapshot = try Self.search(index, queryFile: queryFile)
                    snapshots.withLock { $0.append(snapshot) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        let bodies = [writer, searcher, searcher]
        let finished = DispatchSemaphore(value: 0)
        for body in bodies {
            Thread.detachNewThread {
                body()
                finished.signal()
            }
        }
        for _ in bodies { finished.wait() }

        let failed = failures.withLock { $0 }
        #expect(failed.isEmpty, "\(failed.count) searches failed, e.g. \(failed.prefix(3))")
        let committed = Set(states.withLock { $0 }.map(expected))
        let seen = snapshots.withLock { $0 }
        let mixed = seen.filter { !committed.contains($0) }
        #expect(mixed.isEmpty, "\(mixed.count) of \(seen.count) searches match no commit, e.g. \(String(describing: mixed.first))")
        #expect(Set(seen).count >= 4, "the searches saw only \(Set(seen).count) distinct commits")
        #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
    }
}
