import Foundation
import Testing
@testable import GazetteIndex

@Suite("Damaged, foreign and missing indexes are refused with a clear error")
struct IndexIntegrityTests {
    func buildIndex() throws -> TemporaryDirectory {
        let directory = TemporaryDirectory()
        let documents = (0..<20).map { i in
            document("\(i).txt", "document number \(i) about security guarantees and energy", title: "Title \(i)")
        }
        try commitDocuments(documents, to: directory.path)
        return directory
    }

    @Test func missingIndexIsNamed() {
        #expect(throws: IndexError.noIndex(directory: "/nonexistent/gazette")) {
            _ = try IndexReader(directory: "/nonexistent/gazette")
        }
    }

    /// Everything a query could read: every term's postings with positions, and every stored document.
    func dump(_ directory: String) throws -> [String] {
        let reader = try IndexReader(directory: directory)
        var lines: [String] = []
        for segment in reader.segments {
            var failure: IndexError?
            try segment.terms.forEach { term, info in
                guard failure == nil else { return }
                var cursor = segment.postings(info)
                var line = String(decoding: term, as: UTF8.self) + ":"
                var positions: [UInt32] = []
                while cursor.next() != PostingsCursor.exhausted {
                    cursor.readPositions(into: &positions)
                    line += " \(cursor.document)\(positions)"
                }
                if let corruption = cursor.corruption { failure = corruption }
                lines.append(line)
            }
            if let failure { throw failure }
            for doc in 0..<UInt32(segment.documentCount) {
                let stored = try segment.store.document(doc)
                lines.append("\(doc) \(stored.path) \(stored.title ?? "-") \(stored.text) \(stored.blocks)")
                lines.append(try segment.catalog.path(doc))
                lines.append("\(segment.norms.titleLength(doc)) \(segment.norms.bodyLength(doc))")
            }
        }
        return lines
    }

    @Test(arguments: ["terms", "post", "pos", "norms", "store", "files"])
    func everyFlippedByteIsReportedAndNeverReadWrong(extension ext: String) throws {
        let directory = try buildIndex()
        let baseline = try dump(directory.path)
        let path = directory.path + "/s1." + ext
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let step = max(1, original.count / 97)
        for offset in stride(from: 0, to: original.count, by: step) {
            var damaged = original
            damaged[offset] ^= 0x5A
            try damaged.write(to: URL(fileURLWithPath: path))
            let report = IndexVerifier.verify(directory: directory.path)
            #expect(
                report.problems.contains { $0.description.contains("s1." + ext) },
                "flip at \(offset) of \(ext) not reported by verify: \(report.problems)")
            // Reading either fails with an IndexError or returns exactly what was written.
            if let seen = try? dump(directory.path) {
                #expect(seen == baseline, "flip at \(offset) of \(ext) read back wrong data")
            }
        }
        try original.write(to: URL(fileURLWithPath: path))
        #expect(IndexVerifier.verify(directory: directory.path).problems.isEmpty)
        #expect(try dump(directory.path) == baseline)
    }

    @Test func truncatedFileIsCorrupt() throws {
        let directory = try buildIndex()
        let path = directory.path + "/s1.post"
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        try original.prefix(original.count - 3).write(to: URL(fileURLWithPath: path))
        #expect(!IndexVerifier.verify(directory: directory.path).problems.isEmpty)
        let outcome = Result { () throws(IndexError) in try IndexReader(directory: directory.path) }
        guard case .failure(.corrupt(let file, _)) = outcome else {
            Issue.record("truncated file not reported as corrupt: \(outcome)")
            return
        }
        #expect(file.hasSuffix("s1.post"))
    }

    @Test func otherFormatVersionIsRefusedByName() throws {
        let directory = try buildIndex()
        let manifestPath = directory.path + "/" + Manifest.fileName
        let text = try String(contentsOfFile: manifestPath, encoding: .utf8)
        try text.replacingOccurrences(of: "gazette-index \(IndexFileFormat.version)", with: "gazette-index 9")
            .write(toFile: manifestPath, atomically: true, encoding: .utf8)
        #expect(throws: IndexError.unsupportedVersion(file: manifestPath, found: 9, supported: IndexFileFormat.version)) {
            _ = try IndexReader(directory: directory.path)
        }
        let error = IndexError.unsupportedVersion(file: manifestPath, found: 9, supported: IndexFileFormat.version)
        #expect(error.description.contains("version 9"))
    }

    @Test func versionInsideAFileIsChecked() throws {
        let directory = try buildIndex()
        let path = directory.path + "/s1.norms"
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[4] = 7
        try data.write(to: URL(fileURLWithPath: path))
        #expect(throws: IndexError.unsupportedVersion(file: path, found: 7, supported: IndexFileFormat.version)) {
            _ = try IndexReader(directory: directory.path)
        }
    }

    @Test func foreignFileIsNotAnIndex() throws {
        let directory = try buildIndex()
        let path = directory.path + "/s1.terms"
        try Data(repeating: 0x41, count: 64).write(to: URL(fileURLWithPath: path))
        #expect(throws: IndexError.foreignFile(file: path)) {
            _ = try IndexReader(directory: directory.path)
        }
    }

    @Test func missingSegmentFileIsNamed() throws {
        let directory = try buildIndex()
        try FileManager.default.removeItem(atPath: directory.path + "/s1.pos")
        #expect(throws: IndexError.corrupt(file: directory.path + "/s1.pos", reason: "file is missing")) {
            _ = try IndexReader(directory: directory.path)
        }
    }

    @Test func crcMatchesTheStandardCheckValue() {
        // The CRC-32 check value for "123456789" (IEEE) is 0xCBF43926.
        let bytes = Array("123456789".utf8)
        #expect(bytes.withUnsafeBytes { CRC32.checksum($0) } == 0xCBF4_3926)
        var long = [UInt8](repeating: 0, count: 1000)
        for i in long.indices { long[i] = UInt8(truncatingIfNeeded: i &* 31) }
        var incremental = CRC32()
        long.withUnsafeBytes { incremental.update(UnsafeRawBufferPointer(rebasing: $0[0..<333])) }
        long.withUnsafeBytes { incremental.update(UnsafeRawBufferPointer(rebasing: $0[333...])) }
        #expect(incremental.value == long.withUnsafeBytes { CRC32.checksum($0) })
    }
}
