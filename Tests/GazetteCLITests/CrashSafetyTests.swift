import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Kills indexing runs over and over — `gazette index` with SIGKILL at random times, and `gazette-crash-harness`
/// (the same indexing over a `FaultInjectingDirectory`, a test-only program) at injected steps in parsing,
/// segment writes, merges, deletion files, the manifest and the sweep — and checks after every kill that the
/// index opens, verifies, and answers a fixed set of queries exactly as the previous commit did or exactly as
/// the next one does: never a mix, never an error.
///
/// A round changes the corpus, runs an indexer to be killed, checks the index, then finishes the round with a
/// clean `gazette index` whose answers are the next commit's. Rounds go on past GAZETTE_CRASH_ROUNDS until 20
/// kills have landed and every phase has had one (a run that finishes before its kill point counts for nothing).
///
/// Environment: GAZETTE_CRASH_ROUNDS (default 22), GAZETTE_CRASH_SEED (default: random, printed),
/// GAZETTE_CRASH_CORPUS_KB (default 1200), GAZETTE_CRASH_VERBOSE (set: one line per round).
/// `make stress` runs it longer, on a bigger corpus, with the release binary.
@Suite("Crash safety: gazette index killed at any moment")
struct CrashSafetyTests {
    @Test func killedRunsLeaveThePreviousOrTheNextCommit() throws {
        let environment = ProcessInfo.processInfo.environment
        let rounds = environment["GAZETTE_CRASH_ROUNDS"].flatMap(Int.init) ?? 22
        let seed = environment["GAZETTE_CRASH_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...999_999)
        let corpusBytes = (environment["GAZETTE_CRASH_CORPUS_KB"].flatMap(Int.init) ?? 1200) * 1024
        let verbose = environment["GAZETTE_CRASH_VERBOSE"] != nil
        let started = Date()
        let root = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var corpus = try CrashCorpus(
            root: root + "/corpus", from: GazetteProcess.corpus, seed: seed, targetBytes: corpusBytes)
        let harness = CrashHarness(root: root, corpus: corpus.root)
        let context = "seed \(seed) (GAZETTE_CRASH_SEED=\(seed) reproduces the corpus and the kill plans)"

        var tally = KillTally()
        var times = StepTimes()
        var schedule = KillSchedule(random: SplitMix64(seed: seed ^ 0x5EED))

        // The very first run killed while it writes its segments: there is no commit to fall back to, so there is
        // no index (an error, not a crash), and the next run builds one over the debris.
        let first = KillPlan(full: true, point: "flush", occurrence: 1 + Int(seed % 7))
        guard case .killed = try times.measure("killed runs", { try harness.run(first) }) else {
            Issue.record("the first run was not killed at \(first), \(context)")
            return
        }
        tally.record(.flush, injected: true)
        let noIndex = try GazetteProcess.run(["search", "ceasefire", "--index", harness.index])
        try #require(noIndex.status == 2 && noIndex.stderr.contains("no index"), "after \(first): \(noIndex.stderr)")

        var fullSeconds = try harness.cleanRun(full: true)
        let debris = IndexFolder(harness.index).unreferencedFiles
        try #require(debris.isEmpty, "files of the killed first run survive the next: \(debris.sorted()), \(context)")
        if verbose {
            print("first run: \(corpus.fileCount) files, \(corpus.bytes / 1024) KB, \(String(format: "%.1f", fullSeconds)) s")
        }
        var incrementalSeconds = 0.5
        var previous = try harness.snapshot("after the first run, \(context)")
        if verbose { print("matches: " + previous.results.map { "\($0.query) \($0.total)" }.joined(separator: ", ")) }
        try harness.checkModel(previous, corpus, "after the first run, \(context)")
        var round = 0
        while round < rounds || (!tally.isComplete && round < 3 * rounds) {
            round += 1
            try corpus.change(round: round)
            let plan = schedule.next(
                fileCount: corpus.fileCount, fullSeconds: fullSeconds, incrementalSeconds: incrementalSeconds)
            let situation = "round \(round), \(plan), \(context)"
            let before = IndexFolder(harness.index)
            let outcome = try times.measure("killed runs") { try harness.run(plan) }
            let phase: KillPhase?
            switch outcome {
            case .finished(let seconds):
                phase = nil
                if plan.full { fullSeconds = seconds }
                schedule.missed(plan)
            case .killed:
                phase = plan.point.map(KillPhase.init) ?? IndexFolder(harness.index).phaseOfKill(since: before)
            }
            tally.record(phase, injected: plan.point != nil)

            let verify = try times.measure("verify") { try GazetteProcess.run(["verify", "--index", harness.index]) }
            try #require(verify.status == 0, "verify after the kill, \(situation): \(verify.stdout)\(verify.stderr)")
            let afterKill = try times.measure("queries") { try harness.snapshot(situation) }

            incrementalSeconds = try times.measure("clean runs") { try harness.cleanRun(full: false) }
            let next = try times.measure("queries") { try harness.snapshot("after the clean run, \(situation)") }
            try harness.checkModel(next, corpus, "after the clean run, \(situation)")
            try #require(next != previous, "the round changed no query's results, so it proves nothing: \(situation)")
            let mixed = afterKill.difference(previous: previous, next: next)
            try #require(
                afterKill == previous || afterKill.sameDocuments(as: next),
                "after the kill the index answers neither as the previous commit nor as the next: \(situation)\n\(mixed)")
            let leftovers = IndexFolder(harness.index).unreferencedFiles
            try #require(leftovers.isEmpty, "files no commit names survive a clean run: \(leftovers.sorted()), \(situation)")
            previous = next
            if verbose { print("round \(round): \(plan): \(phase.map { "killed in \($0.rawValue)" } ?? "finished")") }
        }

        // Nothing committed was lost along the way: a rebuild from scratch finds the same documents.
        let rebuilt = try harness.rebuildElsewhere(context)
        let drift = previous.difference(previous: previous, next: rebuilt)
        try #require(rebuilt.sameDocuments(as: previous), "a fresh index of the final corpus differs: \(context)\n\(drift)")

        let seconds = Date().timeIntervalSince(started)
        print(tally.report(rounds: round, seconds: seconds, corpusBytes: corpus.bytes, files: corpus.fileCount, seed: seed)
            + "  time: " + times.description)
        #expect(tally.kills >= 20, "only \(tally.kills) kills landed in \(round) rounds, \(context)")
        for phase in KillPhase.allCases {
            #expect(tally.count(phase) > 0, "no kill landed in \(phase) in \(round) rounds, \(context)")
        }
    }
}

// MARK: - Kill plans

/// Where a kill landed: the random ones are placed by what the index folder shows after them.
enum KillPhase: String, CaseIterable, CustomStringConvertible {
    case parse, flush, deletions, commit, merge, sweep

    /// The phase of an injected point (an `IndexStep` name; the entity resolution file is written by the commit,
    /// just before its manifest).
    init(_ point: String) {
        switch point {
        case "document": self = .parse
        case "flush": self = .flush
        case "deletions": self = .deletions
        case "resolution", "manifest", "rename", "entityGroups": self = .commit
        case "merge": self = .merge
        default: self = .sweep
        }
    }

    var description: String {
        switch self {
        case .parse: "parsing"
        case .flush: "segment writes (flush)"
        case .deletions: "deletion files"
        case .commit: "the commit (resolution and manifest writes, rename)"
        case .merge: "merges"
        case .sweep: "the sweep of old files"
        }
    }
}

struct KillPlan: CustomStringConvertible {
    var full: Bool
    /// The `IndexStep` to kill at and its occurrence (the harness's `--kill-at`); nil for a kill after a random
    /// delay.
    var point: String?
    var occurrence = 1
    var delay: Double = 0

    var description: String {
        let mode = full ? "--full" : "incremental"
        if let point { return "\(mode) run killed at \(point):\(occurrence)" }
        return "\(mode) run killed after \(String(format: "%.3f", delay)) s"
    }
}

/// A cycle of kill plans: a quarter after random delays, the rest at a random occurrence of an injected point. A
/// point that a run did not reach (a run that merged nothing, say) is tried again at the next round.
struct KillSchedule {
    private var random: SplitMix64
    private var position = 0
    private var retry: [KillPlan] = []

    init(random: SplitMix64) { self.random = random }

    /// Point, kind of run, and how many times a run surely reaches the point (0: once per file).
    private static let cycle: [(point: String?, full: Bool, occurrences: Int)] = [
        (nil, true, 0), ("document", true, 0), ("merge", false, 7), ("flush", true, 7), ("deletions", false, 2),
        ("manifest", false, 2), (nil, true, 0), ("rename", false, 2), ("sweep", true, 7), (nil, false, 0),
        ("merge", false, 7), ("rename", true, 1), ("resolution", false, 1), ("entityGroups", false, 1),
    ]

    mutating func next(fileCount: Int, fullSeconds: Double, incrementalSeconds: Double) -> KillPlan {
        if !retry.isEmpty { return retry.removeFirst() }
        let (point, full, occurrences) = Self.cycle[position % Self.cycle.count]
        position += 1
        guard let point else {
            // Up to a little past the run's expected end, so that kills also land in its last moments.
            return KillPlan(full: full, delay: random.unit() * 1.05 * (full ? fullSeconds : incrementalSeconds))
        }
        // A segment has 7 files; a run publishes once, then commits once per merge (when it merges).
        let count = occurrences == 0 ? max(1, fileCount - 1) : occurrences
        return KillPlan(full: full, point: point, occurrence: 1 + random.below(count))
    }

    mutating func missed(_ plan: KillPlan) {
        guard plan.point != nil, retry.count < 3 else { return }
        var again = plan
        again.occurrence = 1
        retry.append(again)
    }
}

struct KillTally {
    private var counts: [KillPhase: (random: Int, injected: Int)] = [:]
    private(set) var kills = 0
    private(set) var finished = 0

    mutating func record(_ phase: KillPhase?, injected: Bool) {
        guard let phase else {
            finished += 1
            return
        }
        kills += 1
        var count = counts[phase] ?? (0, 0)
        if injected { count.injected += 1 } else { count.random += 1 }
        counts[phase] = count
    }

    func count(_ phase: KillPhase) -> Int { counts[phase].map { $0.random + $0.injected } ?? 0 }

    var isComplete: Bool { kills >= 20 && KillPhase.allCases.allSatisfy { count($0) > 0 } }

    func report(rounds: Int, seconds: Double, corpusBytes: Int, files: Int, seed: UInt64) -> String {
        var text = "crash safety: \(rounds) rounds, \(kills) kills, \(finished) runs finished before their kill point; "
        text += "corpus \(files) files / \(corpusBytes / 1024) KB, seed \(seed), \(String(format: "%.1f", seconds)) s\n"
        for phase in KillPhase.allCases {
            let count = counts[phase] ?? (0, 0)
            text += "  \(phase.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))"
            text += "\(count.random + count.injected) (\(count.random) at random times, \(count.injected) injected)\n"
        }
        return text
    }
}

/// Where the test's time goes, for tuning its size.
struct StepTimes: CustomStringConvertible {
    private var seconds: [(String, Double)] = []

    mutating func measure<T>(_ step: String, _ body: () throws -> T) rethrows -> T {
        let started = Date()
        defer {
            let elapsed = Date().timeIntervalSince(started)
            if let index = seconds.firstIndex(where: { $0.0 == step }) {
                seconds[index].1 += elapsed
            } else {
                seconds.append((step, elapsed))
            }
        }
        return try body()
    }

    var description: String {
        seconds.map { "\($0.0) \(String(format: "%.1f", $0.1)) s" }.joined(separator: ", ")
    }
}

// MARK: - Running gazette

/// Runs `gazette index` (cleanly, or to be killed at a random time) or the crash harness (to be killed at an
/// injected step) on the crash corpus, and the query set on the index.
struct CrashHarness {
    let root: String
    let corpus: String
    let index: String
    private let queryFile: String

    enum Outcome {
        case killed
        case finished(seconds: Double)
    }

    init(root: String, corpus: String) {
        self.root = root
        self.corpus = corpus
        index = root + "/index"
        queryFile = root + "/queries.txt"
        let queries = Data(CrashCorpus.queries.joined(separator: "\n").utf8)
        _ = FileManager.default.createFile(atPath: queryFile, contents: queries)
    }

    /// The smallest memory budget, so that bigger corpora (`make stress`) flush several segments per run.
    private func indexArguments(full: Bool, into index: String? = nil) -> [String] {
        ["index", corpus, "--index", index ?? self.index, "--quiet", "--memory-budget", "16"] + (full ? ["--full"] : [])
    }

    /// A run that must complete; returns its duration.
    func cleanRun(full: Bool) throws -> Double {
        let started = Date()
        let run = try GazetteProcess.run(indexArguments(full: full))
        try #require(run.status == 0, "gazette index failed: \(run.stderr)")
        return Date().timeIntervalSince(started)
    }

    /// A run killed after the plan's delay (the shipped `gazette`) or at its injected step (the harness, which
    /// takes the same arguments and the kill plan).
    func run(_ plan: KillPlan) throws -> Outcome {
        let process = Process()
        if let point = plan.point {
            process.executableURL = GazetteProcess.crashHarness
            process.arguments = indexArguments(full: plan.full) + ["--kill-at", "\(point):\(plan.occurrence)"]
        } else {
            process.executableURL = GazetteProcess.binary
            process.arguments = indexArguments(full: plan.full)
        }
        let log = root + "/killed-run.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        defer { try? errors.close() }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let started = Date()
        try process.run()
        if plan.point == nil {
            Thread.sleep(forTimeInterval: plan.delay)
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL {
            return .killed
        }
        let stderr = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        try #require(process.terminationStatus == 0, "the \(plan) failed on its own: \(stderr)")
        return .finished(seconds: seconds)
    }

    /// Every query's full result list, in one process.
    func snapshot(of index: String? = nil, _ context: String) throws -> QuerySnapshot {
        let run = try GazetteProcess.run([
            "search", "--batch", queryFile, "--index", index ?? self.index, "--limit", "1000000", "--snippets", "0",
        ])
        try #require(run.status == 0, "the index does not open: \(run.stderr), \(context)")
        var results: [QueryResult] = []
        for line in run.stdout.split(separator: "\n") {
            let object = try GazetteProcess.json(String(line))
            let query = object["query"] as? String ?? "?"
            try #require(object["error"] == nil, "query \(query) failed: \(object["error"]!), \(context)")
            let total = try #require(object["total"] as? Int)
            let hits = try #require(object["hits"] as? [[String: Any]]).map {
                QueryResult.Hit(path: $0["path"] as? String ?? "", score: $0["score"] as? Double ?? .nan)
            }
            results.append(QueryResult(query: query, total: total, hits: hits))
        }
        try #require(results.map(\.query) == CrashCorpus.queries, "batch output: \(run.stdout.prefix(500)), \(context)")
        for result in results {
            // A document live in two segments at once would be the mark of a half-applied commit.
            try #require(
                Set(result.hits.map(\.path)).count == result.hits.count, "\(result.query) lists a path twice, \(context)")
            try #require(
                result.total == result.hits.count, "\(result.query): total \(result.total), \(result.hits.count) hits, \(context)")
        }
        return QuerySnapshot(results: results)
    }

    /// The marker queries return exactly the churn articles the corpus model says.
    func checkModel(_ snapshot: QuerySnapshot, _ corpus: CrashCorpus, _ context: String) throws {
        for result in snapshot.results {
            guard let expected = corpus.expectedPaths(result.query) else { continue }
            let found = Set(result.hits.map(\.path))
            let missing = expected.subtracting(found).sorted(), unexpected = found.subtracting(expected).sorted()
            try #require(found == expected, "\(result.query): missing \(missing), unexpected \(unexpected), \(context)")
        }
    }

    /// A fresh index of the current corpus, in a folder of its own.
    func rebuildElsewhere(_ context: String) throws -> QuerySnapshot {
        let fresh = root + "/fresh-index"
        let run = try GazetteProcess.run(indexArguments(full: true, into: fresh))
        try #require(run.status == 0, "gazette index failed: \(run.stderr)")
        return try snapshot(of: fresh, "a fresh index, \(context)")
    }
}

struct QueryResult: Equatable {
    struct Hit: Equatable {
        var path: String
        var score: Double
    }

    var query: String
    var total: Int
    var hits: [Hit]
}

struct QuerySnapshot: Equatable {
    var results: [QueryResult]

    /// Same documents for every query. Scores and order may differ between two indexes of one commit: a
    /// deleted document still counts in idf until a merge purges it, as in Lucene.
    func sameDocuments(as other: QuerySnapshot) -> Bool {
        results.count == other.results.count && zip(results, other.results).allSatisfy {
            $0.total == $1.total && Set($0.hits.map(\.path)) == Set($1.hits.map(\.path))
        }
    }

    func difference(previous: QuerySnapshot, next: QuerySnapshot) -> String {
        var lines: [String] = []
        for (index, result) in results.enumerated() {
            let paths = Set(result.hits.map(\.path))
            let old = Set(previous.results[index].hits.map(\.path)), new = Set(next.results[index].hits.map(\.path))
            guard paths != old || paths != new else { continue }
            func some(_ paths: Set<String>) -> String { "\(paths.sorted().prefix(5))" }
            var line = "  \(result.query): \(result.total) hits; previous \(previous.results[index].total), "
            line += "next \(next.results[index].total); not in previous \(some(paths.subtracting(old))), "
            line += "not in next \(some(paths.subtracting(new))), missing from previous \(some(old.subtracting(paths))), "
            line += "missing from next \(some(new.subtracting(paths)))"
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

// MARK: - The index folder

/// What an index folder holds, read from outside: the manifest's generation and the files it names.
struct IndexFolder {
    let directory: String
    let names: Set<String>
    let generation: UInt64?
    let referenced: Set<String>

    private static let segmentExtensions = ["terms", "post", "pos", "norms", "store", "files", "ents"]

    init(_ directory: String) {
        self.directory = directory
        names = Set((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
        var generation: UInt64?
        var referenced: Set<String> = []
        let manifest = (try? String(contentsOfFile: directory + "/gazette.manifest", encoding: .utf8)) ?? ""
        for line in manifest.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.first == "generation", fields.count == 2 { generation = UInt64(fields[1]) }
            // segment sN documents D deleted X delgen G
            if fields.first == "segment", fields.count == 8 {
                let name = String(fields[1])
                for ext in Self.segmentExtensions { referenced.insert(name + "." + ext) }
                if fields[7] != "0" { referenced.insert(name + "." + fields[7] + ".del") }
            }
            // entities G: the commit's entity resolution
            if fields.first == "entities", fields.count == 2 { referenced.insert("entities.\(fields[1]).res") }
        }
        // The commit's entity group table, named by its generation (derived data written after the manifest).
        if let generation { referenced.insert("entities.\(generation).groups") }
        self.generation = generation
        self.referenced = referenced
    }

    /// Files that are neither named by the manifest nor the manifest and lock themselves.
    var unreferencedFiles: Set<String> {
        names.subtracting(referenced).subtracting(["gazette.manifest", ".lock"])
    }

    /// Where a run killed at a random time was, judged from what it left behind.
    func phaseOfKill(since before: IndexFolder) -> KillPhase {
        let created = names.subtracting(before.names)
        if generation == before.generation {
            if names.contains("gazette.manifest.tmp") { return .commit }
            if created.contains(where: { !$0.hasSuffix(".del") }) { return .flush }
            return created.isEmpty ? .parse : .deletions
        }
        // A new commit is in place: the run was merging, or deleting the files of the old commit.
        if !before.referenced.isSubset(of: names) { return .sweep }
        return created.subtracting(referenced).contains(where: { !$0.hasSuffix(".tmp") }) ? .merge : .commit
    }
}
