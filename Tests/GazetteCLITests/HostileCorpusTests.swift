import Foundation
import Testing

/// The hostile files of the issue, together in one corpus, through every command: each gives at most a warning
/// naming it, the run completes, everything else is indexed, and no output carries a raw control character.
@Suite("Hostile corpus end to end")
struct HostileCorpusTests {
    /// Writes a file whose name is given as bytes (Foundation's String paths cannot say every name).
    static func write(_ directory: String, name: [UInt8], _ contents: [UInt8]) throws {
        let path = Array(directory.utf8) + [UInt8(ascii: "/")] + name + [0]
        let fd = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        _ = contents.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    static func write(_ directory: String, _ name: String, _ text: String) throws {
        try write(directory, name: Array(name.utf8), Array(text.utf8))
    }

    static func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE])
            + text.utf16.flatMap { bigEndian ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    /// The raw control characters a terminal acts on: C0 but the newline, DEL, and C1 (UTF-8 C2 80…C2 9F).
    static func rawControls(_ bytes: Data) -> [UInt8] {
        var found: [UInt8] = []
        var previous: UInt8 = 0
        for byte in bytes {
            if (byte < 0x20 && byte != 0x0A) || byte == 0x7F { found.append(byte) }
            if previous == 0xC2 && (0x80...0x9F).contains(byte) { found.append(byte) }
            previous = byte
        }
        return found
    }

    static func expectClean(_ run: GazetteRun, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(rawControls(run.stdoutBytes).isEmpty, "\(what): stdout \(run.stdout)", sourceLocation: sourceLocation)
        #expect(rawControls(run.stderrBytes).isEmpty, "\(what): stderr \(run.stderr)", sourceLocation: sourceLocation)
    }

    static let latin1Name = Array("latin".utf8) + [0xE9] + Array(".txt".utf8)

    /// Builds the corpus; returns each indexable file with the marker word it carries. (An array, not a
    /// dictionary: "café" in NFC and in NFD are one String key.)
    static func makeCorpus(_ corpus: String) throws -> [(file: String, marker: String)] {
        try FileManager.default.createDirectory(atPath: corpus + "/loop", withIntermediateDirectories: true)
        var markers: [(file: String, marker: String)] = []
        func text(_ name: String, _ marker: String, _ body: String? = nil) throws {
            try write(corpus, name, body ?? "Headline \(marker)\n\nThe \(marker) ceasefire talks resumed in Geneva.\n")
            markers.append((name, marker))
        }
        try text("good.txt", "goodmarker")
        try write(corpus, "empty.txt", "")
        try write(corpus, "empty.html", "")
        try write(corpus, name: Array("invalid.txt".utf8), Array("Invalid ".utf8) + [0xFF, 0xFE, 0xC3] + Array(" invalidtextmarker".utf8))
        markers.append(("invalid.txt", "invalidtextmarker"))
        try write(corpus, name: Array("invalid.html".utf8),
                  Array("<title>Bad</title><p>invalidhtmlmarker ".utf8) + [0xFF, 0xC3, 0x28] + Array("</p>".utf8))
        markers.append(("invalid.html", "invalidhtmlmarker"))
        for bigEndian in [false, true] {
            let tag = bigEndian ? "be" : "le"
            try write(corpus, name: Array("utf16\(tag).txt".utf8),
                      utf16("UTF-16 \(tag)\n\nZürich sixteen\(tag)textmarker 😀\n", bigEndian: bigEndian))
            markers.append(("utf16\(tag).txt", "sixteen\(tag)textmarker"))
            try write(corpus, name: Array("utf16\(tag).html".utf8),
                      utf16("<html><head><title>UTF-16 page</title></head><body><p>Zürich sixteen\(tag)htmlmarker</p></body></html>",
                            bigEndian: bigEndian))
            markers.append(("utf16\(tag).html", "sixteen\(tag)htmlmarker"))
        }
        try text("with space.txt", "spacemarker")
        try text("new\nline.txt", "newlinemarker")
        try text("esc\u{1B}[31mred\u{07}.txt", "escapemarker")
        try text("\u{202E}txt.exe.txt", "bidimarker")
        try text("caf\u{E9}.txt", "composedmarker")
        try text("cafe\u{301}.txt", "decomposedmarker")
        try write(corpus, name: latin1Name, Array("Latin name\n\nlatinnamemarker here\n".utf8))
        markers.append(("latin1", "latinnamemarker"))
        try text("deep.html", "deepmarker",
                 "<html><body><p>before</p>" + String(repeating: "<div>", count: 100_000) + "deepmarker"
                    + String(repeating: "</div>", count: 100_000) + "<p>after</p></body></html>")
        try write(corpus, name: Array("binary.txt".utf8), [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00])
        try FileManager.default.createSymbolicLink(atPath: corpus + "/a.txt", withDestinationPath: "b.txt")
        try FileManager.default.createSymbolicLink(atPath: corpus + "/b.txt", withDestinationPath: "a.txt")
        try FileManager.default.createSymbolicLink(atPath: corpus + "/loop/parent", withDestinationPath: "..")
        #expect(mkfifo(corpus + "/fifo.txt", 0o644) == 0)
        return markers
    }

    @Test func everyHostileFileGivesAtMostAWarningAndEverythingElseIsIndexed() throws {
        let root = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = root + "/corpus", index = root + "/index"
        let markers = try Self.makeCorpus(corpus)
        let documents = markers.count + 2  // and the two empty files

        let first = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(first.status == 0, "\(first.stderr)")
        Self.expectClean(first, "index")
        #expect(first.stdout.contains("\(documents) added"), "\(first.stdout)")
        #expect(first.stdout.contains("1 skipped"))
        // Every warning names its file, and only the hostile ones are named.
        let warnings = first.stderr.split(separator: "\n").map(String.init)
        #expect(warnings.count == 4, "\(warnings)")
        for name in ["binary.txt", "a.txt", "b.txt", "loop/parent"] {
            #expect(warnings.contains { $0.hasPrefix("warning: skipped ") && $0.contains(corpus + "/" + name) }, "\(name)")
        }

        for (file, marker) in markers {
            let found = try GazetteProcess.run(["search", marker, "--count", "--index", index])
            #expect(found.stdout == "1\n", "\(file): \(marker)")
        }

        // Paths are shown escaped, one per line, and exactly.
        let paths = try GazetteProcess.run(
            ["search", "Geneva OR latinnamemarker", "--paths", "--index", index], directory: corpus)
        Self.expectClean(paths, "search --paths")
        let lines = Set(paths.stdout.split(separator: "\n").map(String.init))
        for expected in ["new\\nline.txt", "esc\\x1B[31mred\\x07.txt", "\\u{202E}txt.exe.txt", "latin\\xE9.txt",
                         "with space.txt", "caf\u{E9}.txt", "cafe\u{301}.txt"] {
            #expect(lines.contains(expected), "\(expected) in \(lines)")
        }
        // JSON carries the exact path: a byte that is not UTF-8 as U+EF00 + byte (documented in docs/CLI.md).
        let json = try GazetteProcess.run(["search", "latinnamemarker OR newlinemarker", "--json", "--index", index])
        Self.expectClean(json, "search --json")
        let hits = try #require(try GazetteProcess.json(json.stdout)["hits"] as? [[String: Any]])
        #expect(Set(hits.compactMap { $0["path"] as? String }) == ["latin\u{EFE9}.txt", "new\nline.txt"])

        // Every command over this index prints nothing raw.
        let batch = root + "/queries.txt"
        try "ceasefire\nlatinnamemarker\nnewlinemarker\n\"unclosed\n".write(toFile: batch, atomically: false, encoding: .utf8)
        let commands: [[String]] = [
            ["search", "ceasefire"], ["search", "ceasefire", "--limit", "30", "--snippets", "3"],
            ["search", "ceasefire", "--json", "--explain"], ["search", "ceasefire", "--count"],
            ["search", "--batch", batch], ["mentions", "Geneva"], ["mentions", "Geneva", "--json"], ["entities"],
            ["entities", "--json"], ["stats"], ["stats", "--json"], ["verify"],
        ]
        for command in commands {
            let run = try GazetteProcess.run(command + ["--index", index])
            // The batch holds a query that cannot run ("unclosed): its line says so and the status is 2.
            #expect(run.status == (command.contains("--batch") ? 2 : 0), "\(command): \(run.stderr)")
            Self.expectClean(run, "\(command)")
            if command.contains("--json") { #expect((try? GazetteProcess.json(run.stdout)) != nil, "\(command)") }
        }
        let extract = try GazetteProcess.run(["extract", corpus])
        Self.expectClean(extract, "extract")
        let extracted = extract.stdout.split(separator: "\n")
        #expect(extracted.count == documents)
        for line in extracted { #expect((try? GazetteProcess.json(String(line))) != nil) }
        let annotate = try GazetteProcess.run(["annotate", corpus + "/esc\u{1B}[31mred\u{07}.txt", corpus + "/new\nline.txt"])
        #expect(annotate.status == 0)
        Self.expectClean(annotate, "annotate")
        #expect(annotate.stdout.contains("esc\\x1B[31mred\\x07.txt: "))

        // A second run finds every path unchanged: none re-added, none shadowed by another.
        let second = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(second.stdout.contains("0 added, 0 updated, 0 deleted, \(documents) unchanged"), "\(second.stdout)")

        // Deleting files removes exactly them.
        try FileManager.default.removeItem(atPath: corpus + "/new\nline.txt")
        let latin1Path = Array(corpus.utf8) + [UInt8(ascii: "/")] + Self.latin1Name + [0]
        #expect(latin1Path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { unlink($0.baseAddress!) } } == 0)
        try FileManager.default.removeItem(atPath: corpus + "/cafe\u{301}.txt")
        let third = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(third.stdout.contains("0 added, 0 updated, 3 deleted, \(documents - 3) unchanged"), "\(third.stdout)")
        for marker in ["newlinemarker", "latinnamemarker", "decomposedmarker"] {
            #expect(try GazetteProcess.run(["search", marker, "--count", "--index", index]).stdout == "0\n")
        }
        #expect(try GazetteProcess.run(["search", "composedmarker", "--count", "--index", index]).stdout == "1\n")
    }
}
