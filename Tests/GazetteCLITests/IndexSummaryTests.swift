import Foundation
import Testing

/// The summary line of `gazette index` accounts for every file of the corpus: indexed, skipped by reason, or
/// not indexed for its extension; a corpus with nothing to index is said to be one.
@Suite("Index summary")
struct IndexSummaryTests {
    @Test func skippedAndUnsupportedFilesAreCountedByReason() throws {
        let root = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = root + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus + "/sub", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: GazetteProcess.corpus + "/lavrov-security-guarantees.txt", toPath: corpus + "/lavrov.txt")
        try Data("%PDF-1.4\n".utf8).write(to: URL(fileURLWithPath: corpus + "/report.pdf"))
        try Data("%PDF-1.4\n".utf8).write(to: URL(fileURLWithPath: corpus + "/sub/other.PDF"))
        try Data("a\tb\n".utf8).write(to: URL(fileURLWithPath: corpus + "/table.tsv"))
        try Data("no extension\n".utf8).write(to: URL(fileURLWithPath: corpus + "/README"))
        try Data([0x61, 0x00, 0x62]).write(to: URL(fileURLWithPath: corpus + "/binary.txt"))

        let run = try GazetteProcess.run(["index", corpus, "--index", root + "/index"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 added"), "\(run.stdout)")
        #expect(run.stdout.contains("1 skipped (1 binary)"), "\(run.stdout)")
        #expect(run.stdout.contains("1 document in 1 segment"), "\(run.stdout)")
        #expect(run.stdout.contains("not indexed: 2 .pdf, 1 without extension, 1 .tsv"), "\(run.stdout)")
        #expect(run.stderr.contains("binary.txt: binary file"), "\(run.stderr)")
    }

    @Test func aCorpusWithNothingToIndexIsReported() throws {
        let root = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
        let empty = try GazetteProcess.run(["index", root + "/empty", "--index", root + "/i1"])
        #expect(empty.status == 0)
        #expect(empty.stderr.contains("holds no .txt, .text, .md, .html, .htm or .xhtml files"), "\(empty.stderr)")
        #expect(empty.stdout.contains("0 documents in 0 segments"), "\(empty.stdout)")

        try FileManager.default.createDirectory(atPath: root + "/pdfs", withIntermediateDirectories: true)
        try Data("%PDF".utf8).write(to: URL(fileURLWithPath: root + "/pdfs/a.pdf"))
        let pdfs = try GazetteProcess.run(["index", root + "/pdfs", "--index", root + "/i2"])
        #expect(pdfs.stderr.contains("(1 .pdf not indexed)"), "\(pdfs.stderr)")
    }
}
