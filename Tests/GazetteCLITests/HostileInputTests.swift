import Foundation
import Testing

@Suite("Hostile corpora: bad files are skipped, nothing raw reaches the terminal")
struct HostileInputTests {
    func write(_ corpus: String, _ name: String, _ bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: corpus + "/" + name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    @Test func badFilesAreWarnedAboutAndTheRunCompletes() throws {
        let root = GazetteProcess.temporaryDirectory()
        let corpus = root + "/corpus"
        try write(corpus, "good.txt", Array("Headline\n\nThe ceasefire talks resumed in Geneva.".utf8))
        try write(corpus, "binary.txt", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF, 0x10])
        try write(corpus, "latin.txt", Array("Caf".utf8) + [0xE9] + Array(" in Z".utf8) + [0xFC] + Array("rich".utf8))
        try write(corpus, "broken.html", Array("<html><title>Broken</title><p>ceasefire <b>talks<div>unclosed".utf8))
        try write(corpus, "image.html", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00])
        try FileManager.default.createDirectory(atPath: corpus + "/dir.html", withIntermediateDirectories: true)
        let index = root + "/index"
        let run = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(run.status == 0, "\(run.stderr)")
        let warnings = run.stderr.split(separator: "\n")
        #expect(warnings.contains { $0.contains("binary.txt") })
        #expect(warnings.contains { $0.contains("image.html") })
        #expect(run.stdout.contains("3 added"))
        #expect(run.stdout.contains("2 skipped"))

        let latin = try GazetteProcess.run(["search", "Zürich café", "--json", "--index", index])
        #expect(try GazetteProcess.json(latin.stdout)["total"] as? Int == 1)
        let broken = try GazetteProcess.run(["search", "\"ceasefire talks\"", "--json", "--index", index])
        #expect(try GazetteProcess.json(broken.stdout)["total"] as? Int == 2)
    }

    @Test func escapeSequencesInDocumentsNeverReachAPipe() throws {
        let root = GazetteProcess.temporaryDirectory()
        let corpus = root + "/corpus"
        try write(corpus, "evil\u{1B}[2Jname.txt", Array("Title \u{1B}]0;pwned\u{07}\n\nThe sanctions \u{1B}[31mred\u{1B}[0m text \u{9B}31m here.".utf8))
        let index = root + "/index"
        let indexed = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(indexed.status == 0)
        #expect(!indexed.stdoutBytes.contains(0x1B))
        for arguments in [["search", "sanctions"], ["search", "sanctions", "--json"], ["search", "sanctions", "--color", "always"]] {
            let run = try GazetteProcess.run(arguments + ["--index", index])
            #expect(run.status == 0)
            if arguments.contains("--color") {
                // Only the renderer's own SGR sequences may appear: never the document's clear-screen or OSC.
                #expect(!run.stdout.contains("\u{1B}[2J"))
                #expect(!run.stdout.contains("\u{1B}]0;"))
                #expect(!run.stdout.contains("\u{1B}[31mred"))
            } else {
                #expect(!run.stdoutBytes.contains(0x1B), "\(arguments)")
                #expect(!run.stdout.unicodeScalars.contains { $0.value == 0x9B })
            }
        }
    }
}
