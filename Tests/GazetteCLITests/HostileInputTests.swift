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

    /// Root reads any file whatever its mode; run as root, the binary is started without the capabilities that
    /// allow it (setpriv), so that chmod 000 means unreadable for it too. Without setpriv, root skips this test
    /// (the same error path is covered by the FIFO and deleted-file tests of GazetteIngestTests).
    static let dropReadCapabilities: [String]? = {
        guard geteuid() == 0 else { return [] }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return nil }
        return ["/usr/bin/setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]
    }()

    @Test(.enabled(if: dropReadCapabilities != nil, "running as root without setpriv"))
    func unreadableFilesAreWarnedAboutAndTheRestIsIndexed() throws {
        let root = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = root + "/corpus"
        try write(corpus, "good.txt", Array("Headline\n\nThe readable ceasefire.".utf8))
        try write(corpus, "locked.txt", Array("Secret\n\nlockedmarker".utf8))
        try write(corpus, "sealed/inside.txt", Array("sealedmarker".utf8))
        #expect(chmod(corpus + "/locked.txt", 0) == 0)
        #expect(chmod(corpus + "/sealed", 0) == 0)
        defer { chmod(corpus + "/sealed", 0o755) }
        let index = root + "/index"
        let run = try GazetteProcess.run(["index", corpus, "--index", index], prefix: Self.dropReadCapabilities ?? [])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 added") && run.stdout.contains("1 skipped"), "\(run.stdout)")
        let warnings = run.stderr.split(separator: "\n")
        #expect(warnings.contains { $0.contains(corpus + "/locked.txt: Permission denied") }, "\(warnings)")
        #expect(warnings.contains { $0.contains(corpus + "/sealed: Permission denied") }, "\(warnings)")
        #expect(try GazetteProcess.run(["search", "ceasefire", "--count", "--index", index]).stdout == "1\n")
    }

    /// Files are truncated, rewritten and deleted while `gazette index` reads them: every run completes, and
    /// the index always verifies and, once the corpus is still, holds exactly the files there are.
    @Test func filesChangingWhileTheyAreIndexedNeverBreakARun() throws {
        let root = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = root + "/corpus"
        let body = Array(String(repeating: "The churning ceasefire talks went on. ", count: 1_000).utf8)
        for n in 0..<120 { try write(corpus, "f\(n).txt", body) }
        let index = root + "/index"
        let stop = ChurnFlag()
        let finished = DispatchSemaphore(value: 0)
        Thread {
            var round = 0
            while !stop.isSet {
                round += 1
                let path = corpus + "/f\((round * 37) % 120).txt"
                switch round % 4 {
                case 0:
                    // Only ever shorter: extending a file would fill it with NULs and make it binary.
                    var status = stat()
                    if stat(path, &status) == 0, status.st_size > 0 { truncate(path, off_t(round) % status.st_size) }
                case 1: unlink(path)
                default: try? Data(body).write(to: URL(fileURLWithPath: path))
                }
            }
            finished.signal()
        }.start()
        for _ in 0..<2 {
            let run = try GazetteProcess.run(["index", corpus, "--index", index, "--quiet"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(!run.stderr.contains("error"), "\(run.stderr)")
            #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
        }
        stop.set()
        finished.wait()
        let settled = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(settled.status == 0)
        let present = try FileManager.default.contentsOfDirectory(atPath: corpus).count
        let stats = try GazetteProcess.json(try GazetteProcess.run(["stats", "--json", "--index", index]).stdout)
        #expect(stats["documents"] as? Int == present)
    }
}

/// A flag the test thread sets and the churning thread polls.
final class ChurnFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
}
