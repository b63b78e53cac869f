import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `--memory-budget` is shared by the indexing threads and bounds the process: a small budget with more threads
/// than the budget has 4 MiB shares for still indexes everything correctly, in several segments, within the
/// budget plus the fixed part. (`make bench-memory` measures the same on a 1 GiB corpus.)
@Suite("Memory budget")
struct MemoryBudgetTests {
    /// 400 documents of about 10 KB: Zipf-like words from 40,000 made-up ones, so every segment has a large
    /// dictionary. Returns each word's number of documents.
    static func writeCorpus(_ directory: String) throws -> [String: Int] {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let letters = Array("bcdfghjklmnprstvz"), vowels = Array("aeiou")
        var vocabulary: [String] = []
        for n in 0..<40_000 {
            var word = "", k = n + 85
            while k > 0 {
                word.append(letters[k % letters.count])
                word.append(vowels[(k / letters.count) % vowels.count])
                k /= letters.count * vowels.count
            }
            vocabulary.append(word)
        }
        var documentFrequency: [String: Int] = [:]
        for file in 0..<400 {
            var words: [String] = []
            var seen = Set<String>()
            while words.count < 1600 {
                let u = Double(next() % 1_000_000) / 1_000_000
                let word = vocabulary[Int(u * u * u * Double(vocabulary.count))]
                words.append(word)
                seen.insert(word)
            }
            for word in seen { documentFrequency[word, default: 0] += 1 }
            try ("Title \(file)\n\n" + words.joined(separator: " ") + "\n")
                .write(toFile: directory + "/doc\(file).txt", atomically: false, encoding: .utf8)
        }
        return documentFrequency
    }

    /// Runs the binary and returns its exit status, stdout and peak resident set in MiB (from wait4, for this
    /// process alone: other tests' processes run at the same time).
    static func runMeasured(_ arguments: [String]) throws -> (status: Int32, stdout: String, peakMiB: Double) {
        let output = GazetteProcess.temporaryDirectory() + "/stdout"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv = ([GazetteProcess.binary.path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, GazetteProcess.binary.path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
        }
        let stdout = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        // The exit status is bits 8-15 of a normal termination's wait status.
        return ((status >> 8) & 0xFF, stdout, Double(usage.ru_maxrss) / 1024)
    }

    @Test func aSmallBudgetSharedByManyThreadsIndexesEverythingWithinIt() throws {
        let root = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = root + "/corpus", index = root + "/index"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let frequencies = try Self.writeCorpus(corpus)

        let run = try Self.runMeasured(["index", corpus, "--index", index, "--memory-budget", "16", "--threads", "8"])
        #expect(run.status == 0)
        let segments = run.stdout.firstMatch(of: /400 documents in (\d+) segments/).flatMap { Int($0.1) } ?? 0
        // 4 MB of text in 4 MiB shares: several flushes, then merges.
        #expect(segments >= 2, "\(run.stdout)")
        // The fixed part of a debug build is about 30 MiB. Under a sanitizer (`make sanitize` sets GAZETTE_SANITIZER)
        // shadow memory and ASan's quarantine add hundreds of MiB (840 MiB measured), so only the rest is checked.
        if ProcessInfo.processInfo.environment["GAZETTE_SANITIZER"] == nil {
            #expect(run.peakMiB <= 16 + 64, "peak resident set \(run.peakMiB) MiB")
        }

        #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
        // Every document of every word, common and rare, is found: nothing lost in flushes and merges.
        let words = frequencies.keys.sorted().filter { $0.count > 2 }.enumerated().filter { $0.offset % 40 == 0 }
            .map(\.element)
        try (words.joined(separator: "\n") + "\n").write(toFile: root + "/queries", atomically: false, encoding: .utf8)
        let batch = try GazetteProcess.run(["search", "--batch", root + "/queries", "--index", index, "--limit", "1"])
        let totals = try batch.stdout.split(separator: "\n").map { line in
            let object = try GazetteProcess.json(String(line))
            return (object["query"] as? String ?? "", object["total"] as? Int ?? -1)
        }
        #expect(totals.count == words.count)
        for (word, total) in totals { #expect(total == frequencies[word], "\(word)") }
    }
}
