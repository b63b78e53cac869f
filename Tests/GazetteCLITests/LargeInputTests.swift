import Foundation
import Testing

/// Smaller versions of the big inputs `make stress-inputs` runs on a release build (200 MB files, 100,000
/// files): large enough to catch memory that grows with a document many times over, or work that grows faster
/// than the corpus, in a debug build within seconds.
@Suite("Large inputs")
struct LargeInputTests {
    /// Paragraphs of pseudo-random words from a fixed vocabulary, with a capitalised word now and then, so the
    /// entity recogniser has work to do, each ending "near Geneva." (a place it always recognises).
    static func prose(bytes: Int, seed: UInt64) -> String {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let vocabulary = (0..<5_000).map { n -> String in
            let letters = Array("abcdefghijklmnopqrstuvwxyz")
            var word = ""
            var k = n + 7
            for _ in 0..<(3 + n % 7) {
                word.append(letters[k % 26])
                k = k / 3 + n * 31 + 11
            }
            return n % 50 == 0 ? word.capitalized : word
        }
        var text = ""
        text.reserveCapacity(bytes + 1_000)
        while text.utf8.count < bytes {
            for _ in 0..<80 {
                text += vocabulary[Int(next() % 5_000)]
                text += " "
            }
            // English function words, so that the recogniser takes the paragraph for English prose.
            text += "which the delegates said was near Geneva.\n\n"
        }
        return text
    }

    @Test func twentyMegabyteTextAndHTMLFilesIndexInBoundedMemory() throws {
        let root = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = root + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let size = 20 << 20
        let text = "Big text\n\n" + Self.prose(bytes: size, seed: 1) + "lasttextmarker\n"
        try text.write(toFile: corpus + "/big.txt", atomically: false, encoding: .utf8)
        let paragraphs = Self.prose(bytes: size, seed: 2).split(separator: "\n\n")
        var page = "<html><head><title>Big page</title></head><body>"
        page.reserveCapacity(size + paragraphs.count * 8)
        for paragraph in paragraphs { page += "<p>" + paragraph + "</p>\n" }
        page += "<p>lasthtmlmarker</p></body></html>"
        try page.write(toFile: corpus + "/big.html", atomically: false, encoding: .utf8)

        let index = root + "/index"
        let (run, peakKilobytes) = try GazetteProcess.runMeasured(["index", corpus, "--index", index])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 added"))
        // 40 MB of input: 165 MB. Before the recogniser worked in runs of tokens this was 19 times a document's
        // size (760 MB); with the store copying a large record into three buffers on its way to zstd, 317 MB.
        #expect(peakKilobytes > 0)
        if !GazetteProcess.underSanitizer { #expect(peakKilobytes < 240 << 10, "peak RSS \(peakKilobytes) KB") }
        for marker in ["lasttextmarker", "lasthtmlmarker"] {
            #expect(try GazetteProcess.run(["search", marker, "--count", "--index", index]).stdout == "1\n")
        }
        // Entities are recognised through the whole of both documents, run by run: every paragraph's "Geneva".
        let genevas = text.components(separatedBy: "Geneva.").count - 1 + page.components(separatedBy: "Geneva.").count - 1
        let mentions = try GazetteProcess.json(
            try GazetteProcess.run(["mentions", "Geneva", "--limit", "1", "--json", "--index", index]).stdout)
        let geneva = (mentions["entities"] as? [[String: Any]])?.first
        #expect(geneva?["documents"] as? Int == 2)
        #expect(geneva?["mentions"] as? Int == genevas)
        let hit = try GazetteProcess.run(["search", "lasthtmlmarker", "--json", "--index", index])
        #expect(try GazetteProcess.json(hit.stdout)["total"] as? Int == 1)
        #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
    }

    @Test func aFileThatIsOneImmenseWordIndexesTheRest() throws {
        let root = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = root + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        try ("Title\n\nbefore " + String(repeating: "x", count: 4 << 20) + " aftermarker\n")
            .write(toFile: corpus + "/word.txt", atomically: false, encoding: .utf8)
        let index = root + "/index"
        let run = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(run.status == 0)
        #expect(try GazetteProcess.run(["search", "aftermarker", "--count", "--index", index]).stdout == "1\n")
        // The 4 MB word is not in the index, which stays small.
        let stats = try GazetteProcess.json(try GazetteProcess.run(["stats", "--json", "--index", index]).stdout)
        #expect((stats["bytes"] as? Int ?? .max) < 1 << 20)
    }

    @Test func aDirectoryOfTenThousandFiles() throws {
        let root = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = root + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let count = 10_000
        for n in 0..<count {
            _ = FileManager.default.createFile(
                atPath: corpus + "/f\(n).txt", contents: Data("Title \(n)\n\nword\(n) common text\n".utf8))
        }
        let index = root + "/index"
        let (first, peakKilobytes) = try GazetteProcess.runMeasured(["index", corpus, "--index", index])
        #expect(first.status == 0)
        #expect(first.stdout.contains("\(count) added"))
        // About 30 MB measured: the number of files does not add to what a run holds.
        #expect(peakKilobytes > 0)
        if !GazetteProcess.underSanitizer { #expect(peakKilobytes < 100 << 10, "peak RSS \(peakKilobytes) KB") }
        let second = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(second.stdout.contains("0 added, 0 updated, 0 deleted, \(count) unchanged"))
        #expect(try GazetteProcess.run(["search", "word7777", "--paths", "--index", index], directory: corpus).stdout == "f7777.txt\n")
        #expect(try GazetteProcess.run(["search", "common", "--count", "--index", index]).stdout == "\(count)\n")
    }
}
