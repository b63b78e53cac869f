import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteIngest

@Suite("Corpus walker")
struct CorpusWalkerTests {
    private func walk(_ root: String) throws -> (files: [CorpusFile], warnings: [IngestWarning]) {
        var warnings: [IngestWarning] = []
        let files = try CorpusWalker(root: root).files { warnings.append($0) }
        return (files, warnings)
    }

    /// Byte order puts "a-b" ('-' is 0x2D) before "a/" ('/' is 0x2F) and "P" before "p".
    @Test func walksRecursivelyInByteOrderAndFiltersByExtension() throws {
        let dir = TemporaryDirectory()
        try dir.write("energy/price-cap.html", "<p>x</p>")
        try dir.write("energy/Price.HTM", "<p>x</p>")
        try dir.write("energy/deep/er/note.TXT", "x")
        try dir.write("b.md", "# b")
        try dir.write("a-b.text", "x")
        try dir.write("a/z.xhtml", "<p/>")
        try dir.write("photo.jpg", "not indexed")
        try dir.write("README", "no extension")
        try dir.write("archive.html.gz", "no")
        try dir.makeDirectory("empty")

        let (files, warnings) = try walk(dir.path)
        #expect(files.map(\.relativePath) == [
            "a-b.text", "a/z.xhtml", "b.md", "energy/Price.HTM", "energy/deep/er/note.TXT", "energy/price-cap.html",
        ])
        #expect(files.map(\.kind) == [.plainText, .html, .plainText, .html, .plainText, .html])
        #expect(warnings.isEmpty)
        let cap = try #require(files.last)
        #expect(cap.absolutePath == dir.path + "/energy/price-cap.html")
        #expect(cap.size == 8)
        #expect(cap.modificationTimeNanoseconds > 1_600_000_000 * 1_000_000_000)
    }

    @Test func hiddenFilesAndFoldersAreSkipped() throws {
        let dir = TemporaryDirectory()
        try dir.write(".hidden.txt", "x")
        try dir.write(".git/notes.txt", "x")
        try dir.write("docs/.draft.md", "x")
        try dir.write("docs/visible.md", "x")
        #expect(try walk(dir.path).files.map(\.relativePath) == ["docs/visible.md"])
    }

    @Test func directoryNamedLikeADocumentIsWalkedNotListed() throws {
        let dir = TemporaryDirectory()
        try dir.write("x.html/inner.txt", "x")
        #expect(try walk(dir.path).files.map(\.relativePath) == ["x.html/inner.txt"])
    }

    @Test func fifoNamedLikeADocumentIsIgnored() throws {
        let dir = TemporaryDirectory()
        try dir.write("real.txt", "x")
        #expect(mkfifo(dir.path + "/pipe.txt", 0o644) == 0)
        #expect(try walk(dir.path).files.map(\.relativePath) == ["real.txt"])
    }

    @Test func symbolicLinksInsideTheRootAreFollowed() throws {
        let dir = TemporaryDirectory()
        try dir.write("data/story.html", "<p>x</p>")
        try dir.write(".archive/old.txt", "x")
        try dir.link("alias.html", to: "data/story.html")
        try dir.link("old", to: dir.path + "/.archive")
        let (files, warnings) = try walk(dir.path)
        #expect(files.map(\.relativePath) == ["alias.html", "data/story.html", "old/old.txt"])
        #expect(warnings.isEmpty)
        #expect(files[2].absolutePath == dir.path + "/old/old.txt")
    }

    @Test func symbolicLinksLeadingOutsideTheRootAreNotFollowed() throws {
        let outside = TemporaryDirectory()
        try outside.write("secret.txt", "x")
        try outside.write("more/secret2.txt", "x")
        let dir = TemporaryDirectory()
        try dir.write("inside.txt", "x")
        try dir.link("leak.txt", to: outside.path + "/secret.txt")
        try dir.link("leakdir", to: outside.path + "/more")
        try dir.link("up", to: "..")
        let (files, warnings) = try walk(dir.path)
        #expect(files.map(\.relativePath) == ["inside.txt"])
        #expect(Set(warnings.map { ($0.path as NSString).lastPathComponent }) == ["leak.txt", "leakdir", "up"])
        #expect(warnings.allSatisfy { $0.description.hasPrefix("warning: skipped \(dir.path)/") })
    }

    @Test func symbolicLinkLoopsTerminate() throws {
        let dir = TemporaryDirectory()
        try dir.write("a/file.txt", "x")
        try dir.link("a/back", to: "..")
        try dir.link("a/self", to: ".")
        try dir.link("a/b", to: "../c")
        try dir.link("c", to: "a")
        try dir.link("loop.txt", to: "loop.txt")
        let (files, warnings) = try walk(dir.path)
        // "c" is a link to "a", so a's file is listed under both names, once each.
        #expect(files.map(\.relativePath) == ["a/file.txt", "c/file.txt"])
        #expect(warnings.contains { $0.path.hasSuffix("/loop.txt") })
        #expect(warnings.contains { $0.reason == "symbolic link loop" })
    }

    @Test func brokenSymbolicLinkIsAWarning() throws {
        let dir = TemporaryDirectory()
        try dir.link("gone.html", to: "nowhere.html")
        let (files, warnings) = try walk(dir.path)
        #expect(files.isEmpty)
        #expect(warnings == [IngestWarning(path: dir.path + "/gone.html", reason: "broken symbolic link")])
    }

    @Test(.enabled(if: geteuid() != 0, "root can read anything"))
    func unreadableSubdirectoryIsAWarningAndTheWalkGoesOn() throws {
        let dir = TemporaryDirectory()
        try dir.write("locked/a.txt", "x")
        try dir.write("open/b.txt", "x")
        chmod(dir.path + "/locked", 0)
        defer { chmod(dir.path + "/locked", 0o755) }
        let (files, warnings) = try walk(dir.path)
        #expect(files.map(\.relativePath) == ["open/b.txt"])
        #expect(warnings.map(\.description) == ["warning: skipped \(dir.path)/locked: Permission denied"])
    }

    @Test func missingRootThrows() throws {
        let dir = TemporaryDirectory()
        let missing = dir.path + "/nope"
        #expect(throws: IngestError.cannotReadCorpus(path: missing, errno: ENOENT)) { try walk(missing) }
        #expect(IngestError.cannotReadCorpus(path: "x", errno: EACCES).description
            == "cannot read corpus directory 'x': Permission denied")
    }

    @Test func rootThatIsAFileThrows() throws {
        let dir = TemporaryDirectory()
        let file = try dir.write("file.txt", "x")
        #expect(throws: IngestError.corpusNotADirectory(path: file)) { try walk(file) }
    }

    @Test func manyFilesAreWalked() throws {
        let dir = TemporaryDirectory()
        for d in 0..<20 {
            try dir.makeDirectory("d\(d)")
            for f in 0..<100 {
                #expect(FileManager.default.createFile(atPath: "\(dir.path)/d\(d)/f\(f).txt", contents: nil))
            }
        }
        let files = try walk(dir.path).files
        #expect(files.count == 2000)
        #expect(files.map(\.relativePath) == files.map(\.relativePath).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }
}
