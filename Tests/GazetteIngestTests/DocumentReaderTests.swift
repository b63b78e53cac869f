import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteIngest

@Suite("Reading files")
struct DocumentReaderTests {
    private func file(_ path: String, kind: DocumentKind) -> CorpusFile {
        CorpusFile(relativePath: (path as NSString).lastPathComponent, absolutePath: path, kind: kind, size: 0,
                   modificationTimeNanoseconds: 0)
    }

    @Test func readsWalkedFilesOfBothKinds() throws {
        let dir = TemporaryDirectory()
        try dir.write("story.html", "<title>Talks</title><p>Lavrov &amp; Blinken</p>")
        try dir.write("note.txt", "Note\n\nBody text")
        let files = try CorpusWalker(root: dir.path).files { _ in }
        let documents = try files.map { try DocumentReader.read($0) }
        #expect(documents == [
            ExtractedDocument(title: "Note", text: "Note\n\nBody text", blocks: [0..<4, 6..<15]),
            ExtractedDocument(title: "Talks", text: "Lavrov & Blinken", blocks: [0..<16]),
        ])
    }

    @Test func binaryFileErrorNamesTheFile() throws {
        let dir = TemporaryDirectory()
        let path = try dir.write("blob.txt", bytes: Array("twelve bytes".utf8) + [0, 1, 2])
        #expect(throws: IngestError.binary(path: path, offset: 12)) { try DocumentReader.read(file(path, kind: .plainText)) }
    }

    @Test func danglingSymlinkIsUnreadable() throws {
        let dir = TemporaryDirectory()
        try dir.link("gone.txt", to: "missing.txt")
        let path = dir.path + "/gone.txt"
        let error = ingestError { _ = try DocumentReader.read(file(path, kind: .plainText)) }
        #expect(error == .unreadable(path: path, errno: ENOENT))
        #expect(error?.description == "\(path): No such file or directory")
    }

    @Test func directoryNamedLikeADocumentIsUnreadable() throws {
        let dir = TemporaryDirectory()
        try dir.makeDirectory("x.html")
        let path = dir.path + "/x.html"
        let error = ingestError { _ = try DocumentReader.read(file(path, kind: .html)) }
        #expect(error == .unreadable(path: path, errno: EISDIR))
        #expect(error?.description == "\(path): Is a directory")
    }

    @Test(.enabled(if: geteuid() != 0, "root can read anything"))
    func fileWithoutReadPermissionIsUnreadable() throws {
        let dir = TemporaryDirectory()
        let path = try dir.write("private.txt", "secret")
        chmod(path, 0)
        let error = ingestError { _ = try DocumentReader.read(file(path, kind: .plainText)) }
        #expect(error?.description == "\(path): Permission denied")
    }

    @Test func emptyFileReadsAsEmptyDocument() throws {
        let dir = TemporaryDirectory()
        let path = try dir.write("empty.html", "")
        #expect(try DocumentReader.read(file(path, kind: .html)) == .empty)
    }

    @Test func libxml2PrintsNothingForABrokenPage() throws {
        let broken = "<html><head><title>x</head><body><p><b><i>unclosed &bogus; &#xZZ; </div></span><table><td>"
            + "<?pi ?><!DOCTYPE nonsense><svg><foo:bar a=1 a=2><script>if (a < b) {</body></html>\u{0001}"
        let output = try capturingStandardError {
            _ = try html(broken)
            _ = try htmlBytes(EncodingTests.page(head: "<meta charset=shift_jis>", body: [0xFF, 0xFF, 0x81]))
        }
        // Other suites may run concurrently and write to the same stream, so look for libxml2's wording only.
        #expect(!output.contains("parser error"))
        #expect(!output.contains("conversion failed"))
        #expect(!output.contains("encoding error"))
    }
}

/// Runs `body` with file descriptor 2 redirected to a temporary file and returns what was written there.
private func capturingStandardError(_ body: () throws -> Void) throws -> String {
    let dir = TemporaryDirectory()
    let capture = dir.path + "/stderr"
    let fd = open(capture, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let saved = dup(2)
    dup2(fd, 2)
    close(fd)
    defer {
        dup2(saved, 2)
        close(saved)
    }
    try body()
    fflush(nil)
    return (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
}
