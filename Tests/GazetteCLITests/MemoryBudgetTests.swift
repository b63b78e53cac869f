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

    @Test func aSmallBudgetSharedByManyThreadsIndexesEverythingWithinIt() throws {
        let root = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = root + "/corpus", index = root + "/index"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let frequencies = try Self.writeCorpus(corpus)

        let (run, peakKilobytes) = try GazetteProcess.runMeasured(
            ["index", corpus, "--index", index, "--memory-budget", "16", "--threads", "8"])
        #expect(run.status == 0, "\(run.stderr)")
        let segments = run.stdout.firstMatch(of: /400 documents in (\d+) segments/).flatMap { Int($0.1) } ?? 0
        // 4 MB of text in 4 MiB shares: several flushes, then merges.
        #expect(segments >= 2, "\(run.stdout)")
        // The fixed part of a debug build is about 30 MiB.
        #expect(peakKilobytes > 0)
        if !GazetteProcess.underSanitizer {
            #expect(peakKilobytes <= (16 + 64) << 10, "peak resident set \(peakKilobytes) KiB")
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

    /// A long document's token buffer is given back after it (`shrinkTokenBuffer`), but what recognition learned
    /// of the segment's terms must stay: the next documents of the same segment find their entities exactly as
    /// when they are indexed alone.
    @Test func documentsAfterALongOneKeepTheirEntities() throws {
        let root = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // The article's names appear in the long document too, in lower case (no entity there): their terms are
        // learned while the long document is indexed, and must still be known for the article.
        let words = ["report", "market", "sergei", "lavrov", "dmitry", "peskov", "moscow", "talks", "price"]
        let long = (0..<30_000).map { words[$0 % words.count] }.joined(separator: " ")
        let article = "Sergei Lavrov met Dmitry Peskov in Moscow on Tuesday, and Lavrov said the talks would go on."
            + " The Kremlin and Rosneft were named in Kyiv."
        try FileManager.default.createDirectory(atPath: root + "/both", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/alone", withIntermediateDirectories: true)
        try ("Long\n\n" + long + "\n").write(toFile: root + "/both/a-long.txt", atomically: false, encoding: .utf8)
        for folder in ["both", "alone"] {
            try ("Talks\n\n" + article + "\n").write(toFile: root + "/\(folder)/b-article.txt", atomically: false, encoding: .utf8)
        }
        var found: [String] = []
        for folder in ["both", "alone"] {
            let index = root + "/index-" + folder
            let run = try GazetteProcess.run(["index", root + "/" + folder, "--index", index, "--threads", "1"])
            #expect(run.status == 0, "\(run.stderr)")
            found.append(try GazetteProcess.run(["entities", "--index", index]).stdout)
        }
        #expect(found[1].contains("Dmitry Peskov") && found[1].contains("Moscow"))
        #expect(found[0] == found[1])
    }
}
