import Foundation
import GazetteTestSupport
import GazetteFileNames
import Testing
@testable import GazetteIngest

/// Files and folders a corpus should not contain but may: each is skipped with a warning or read as well as it
/// can be, and nothing blocks, crashes or recurses without bound.
@Suite("Hostile files")
struct HostileFileTests {
    private func walk(_ root: String) throws -> (files: [CorpusFile], warnings: [IngestWarning]) {
        var warnings: [IngestWarning] = []
        let files = try CorpusWalker(root: root).files { warnings.append($0) }
        return (files, warnings)
    }

    /// Creates a file whose name is given as raw bytes (Foundation's String paths cannot say them).
    private func createFile(in directory: String, name: [UInt8], contents: String) {
        let path = Array(directory.utf8) + [UInt8(ascii: "/")] + name + [0]
        let fd = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        #expect(fd >= 0)
        _ = Array(contents.utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    // MARK: Names

    @Test func namesThatAreNotUTF8AreListedAndReadable() throws {
        let dir = TemporaryDirectory()
        let latin1 = Array("caf".utf8) + [0xE9] + Array(".txt".utf8)
        createFile(in: dir.path, name: latin1, contents: "latin one")
        createFile(in: dir.path, name: Array("new\nline.txt".utf8), contents: "newline")
        // A folder whose name is not UTF-8, holding a file whose name is not either.
        let folder = dir.path + "/" + FileName.string(fromBytes: Array("sub dir".utf8) + [0xFF])
        #expect(FileName.withCString(folder) { mkdir($0, 0o755) } == 0)
        let fd = FileName.withCString(folder + "/" + FileName.string(fromBytes: [0xC3, 0x28] + Array(".html".utf8))) {
            open($0, O_WRONLY | O_CREAT, 0o644)
        }
        #expect(fd >= 0)
        _ = Array("<p>inner</p>".utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let (files, warnings) = try walk(dir.path)
        #expect(warnings.isEmpty)
        #expect(files.count == 3)
        #expect(files.map { FileName.bytes(of: $0.relativePath) }.contains(latin1))
        #expect(files.map(\.relativePath).contains("new\nline.txt"))
        for file in files {
            #expect(try DocumentReader.read(file).text.isEmpty == false, "\(file.relativePath)")
        }
    }

    // MARK: Links

    @Test func aWebOfLinksIsWalkedInLinearTime() throws {
        // d0 … d24, each with two links to the next: followed naively, 2^24 paths lead to the last folder.
        let dir = TemporaryDirectory()
        let depth = 24
        for level in 0...depth {
            try dir.write("d\(level)/f.txt", "level \(level)")
            if level < depth {
                try dir.link("d\(level)/x", to: "../d\(level + 1)")
                try dir.link("d\(level)/y", to: "../d\(level + 1)")
            }
        }
        let clock = ContinuousClock()
        let started = clock.now
        let (files, warnings) = try walk(dir.path)
        #expect(clock.now - started < .seconds(10))
        // Each folder once directly and once through the first link that reaches it.
        #expect(files.count == 2 * (depth + 1) - 1)
        #expect(warnings.contains { $0.reason == "directory already indexed through another symbolic link" })
    }

    @Test func aLongChainOfLinksEndsWithAWarningNotAStackOverflow() throws {
        // e0/n -> e1, e1/n -> e2, …: no loop, but the path e0/n/n/n/… grows with every folder.
        let dir = TemporaryDirectory()
        let count = 2_500
        for level in 0..<count {
            try dir.makeDirectory("e\(level)")
            try dir.link("e\(level)/n", to: "../e\(level + 1)")
        }
        try dir.write("e\(count)/end.txt", "end")
        let (files, warnings) = try walk(dir.path)
        #expect(files.map(\.relativePath).contains("e\(count)/end.txt"))
        #expect(files.allSatisfy { $0.relativePath.utf8.count < 4096 })
        #expect(warnings.contains { $0.reason == "path too long" })
    }

    @Test func aDirectoryLinkToItsParentAndFileLinksInACycleEnd() throws {
        let dir = TemporaryDirectory()
        try dir.write("sub/real.txt", "x")
        try dir.link("sub/parent", to: "..")
        try dir.link("a.txt", to: "b.txt")
        try dir.link("b.txt", to: "a.txt")
        let (files, warnings) = try walk(dir.path)
        #expect(files.map(\.relativePath) == ["sub/real.txt"])
        #expect(Set(warnings.map { ($0.path as NSString).lastPathComponent }) == ["a.txt", "b.txt", "parent"])
    }

    // MARK: Special files

    @Test func socketsAndDevicesNamedLikeDocumentsAreSkipped() throws {
        let dir = TemporaryDirectory()
        try dir.write("real.txt", "x")
        let socketPath = dir.path + "/socket.txt"
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in socketPath.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        if geteuid() == 0 {
            // /dev/zero's numbers: a reader that followed it would never finish.
            #expect(mknod(dir.path + "/zero.txt", S_IFCHR | 0o600, dev_t(0x105)) == 0)  // major 1, minor 5
        }
        #expect(mkfifo(dir.path + "/fifo.html", 0o644) == 0)
        #expect(try walk(dir.path).files.map(\.relativePath) == ["real.txt"])
    }

    @Test func aFIFOInPlaceOfAListedFileDoesNotBlock() throws {
        let dir = TemporaryDirectory()
        let path = try dir.write("story.txt", "x")
        let file = try #require(try walk(dir.path).files.first)
        // Between the walk and the read, the file becomes a FIFO no one writes to.
        try FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o644) == 0)
        let error = ingestError { _ = try DocumentReader.read(file) }
        #expect(error == .unreadable(path: path, errno: EINVAL))
    }

    @Test func aFileDeletedAfterTheWalkIsUnreadable() throws {
        let dir = TemporaryDirectory()
        let path = try dir.write("gone.txt", "x")
        let file = try #require(try walk(dir.path).files.first)
        try FileManager.default.removeItem(atPath: path)
        #expect(ingestError { _ = try DocumentReader.read(file) } == .unreadable(path: path, errno: ENOENT))
    }

    // MARK: Reading

    @Test func readingStopsAtTheLimit() throws {
        let dir = TemporaryDirectory()
        let path = try dir.write("ten.txt", "0123456789")
        let exact = try FileContents.read(path, limit: 10)
        #expect(exact.bytes == Array("0123456789".utf8) && !exact.isTruncated)
        let cut = try FileContents.read(path, limit: 4)
        #expect(cut.bytes == Array("0123".utf8) && cut.isTruncated)
        let nine = try FileContents.read(path, limit: 9)
        #expect(nine.bytes.count == 9 && nine.isTruncated)
        let empty = try FileContents.read(try dir.write("empty.txt", ""), limit: 4)
        #expect(empty.bytes.isEmpty && !empty.isTruncated)
    }

    /// Another thread truncates, rewrites and deletes the file as fast as it can while it is read: every read
    /// ends with the bytes that were there (a prefix of what was written) or a clean error — never a crash,
    /// which is what a memory mapping would give (SIGBUS).
    @Test func aFileTruncatedOrDeletedWhileItIsReadNeverCrashes() throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/churn.txt"
        let content = [UInt8](repeating: UInt8(ascii: "w"), count: 4 << 20)
        try Data(content).write(to: URL(fileURLWithPath: path))
        let file = CorpusFile(relativePath: "churn.txt", absolutePath: path, kind: .plainText, size: Int64(content.count),
                              modificationTimeNanoseconds: 0)
        let stop = ManagedAtomicFlag()
        let finished = DispatchSemaphore(value: 0)
        let writer = Thread {
            var round = 0
            while !stop.isSet {
                round += 1
                switch round % 3 {
                case 0: truncate(path, off_t(round * 7919 % content.count))
                case 1: unlink(path)
                default: try? Data(content).write(to: URL(fileURLWithPath: path))
                }
            }
            finished.signal()
        }
        writer.start()
        defer {
            stop.set()
            finished.wait()
        }
        var reads = 0, failures = 0
        for _ in 0..<300 {
            do {
                let bytes = try DocumentReader.readBytes(file)
                #expect(bytes.count <= content.count)
                #expect(bytes.allSatisfy { $0 == UInt8(ascii: "w") || $0 == 0 })
                reads += 1
            } catch {
                failures += 1
            }
        }
        #expect(reads + failures == 300)
    }

    // MARK: Encodings

    /// The two-pass transcoder against Swift's own UTF-16 decoder, on units with every kind of surrogate.
    @Test func utf16DecodesLikeSwiftIncludingBrokenSurrogates() throws {
        var generator = SplitMix(seed: 7)
        let interesting: [UInt16] = [0x41, 0xE9, 0x7FF, 0x800, 0xFFFD, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xD83D, 0xDE00, 0x20]
        for round in 0..<300 {
            let count = Int(generator.next() % 40)
            let units = (0..<count).map { _ in interesting[Int(generator.next() % UInt64(interesting.count))] }
            let expected = String(decoding: units, as: UTF16.self)
            let little: [UInt8] = [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            let big: [UInt8] = [0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            for bytes in [little, big] {
                let doc = try plainBytes(bytes)
                // The extractor keeps plain text unchanged, so the text is the decoded file.
                #expect(doc.text == expected, "round \(round)")
            }
        }
        // An odd trailing byte is half a character.
        #expect(try plainBytes([0xFF, 0xFE, 0x41, 0x00, 0x42]).text == "A\u{FFFD}")
        // A NUL code unit makes the file binary, at its byte offset.
        #expect(ingestError { _ = try plainBytes([0xFE, 0xFF, 0x00, 0x41, 0x00, 0x00]) } == .binary(path: "note.txt", offset: 4))
    }

    @Test func emptyAndInvalidFilesOfBothKinds() throws {
        #expect(try htmlBytes([]) == .empty)
        #expect(try plainBytes([]) == .empty)
        let page = try htmlBytes(Array("<title>T\u{FF}</title><p>ok ".utf8) + [0xFF, 0xC3] + Array(" fine</p>".utf8))
        #expect(page.text.hasPrefix("ok ") && page.text.hasSuffix(" fine"))
        let text = try plainBytes(Array("Bad ".utf8) + [0xFF, 0xFE, 0xC3] + Array(" bytes\n".utf8))
        #expect(text.text.hasPrefix("Bad ") && text.text.hasSuffix(" bytes\n"))
    }

    // MARK: Deep HTML

    /// libxml2 has no depth limit for HTML; neither may our SAX handlers (they keep counters, not a stack).
    @Test(arguments: [
        ("div", "<div>", "</div>"), ("inline", "<b>", "</b>"), ("table", "<table><tr><td>", "</td></tr></table>"),
        ("unclosed", "<span><div>", ""), ("list", "<ul><li>", ""),
    ])
    func htmlNested100000LevelsDeepKeepsItsText(_ name: String, _ open: String, _ close: String) throws {
        let depth = 100_000
        let page = "<html><head><title>Deep \(name)</title></head><body><p>before</p>"
            + String(repeating: open, count: depth) + "deepest" + String(repeating: close, count: depth)
            + "<p>after</p></body></html>"
        let doc = try html(page)
        #expect(doc.title == "Deep \(name)")
        #expect(doc.blockTexts.first == "before")
        #expect(doc.text.contains("deepest"))
        #expect(doc.blockTexts.last == "after")
    }
}

/// A flag one thread sets and another polls.
final class ManagedAtomicFlag: @unchecked Sendable {
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
