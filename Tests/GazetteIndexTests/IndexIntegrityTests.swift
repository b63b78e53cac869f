import Foundation
import Testing
@testable import GazetteIndex

@Suite("Damaged, foreign and missing indexes are refused with a clear error")
struct IndexIntegrityTests {
    func buildIndex() throws -> TemporaryDirectory {
        let directory = TemporaryDirectory()
        let writer = try IndexWriter(directory: directory.path)
        for i in 0..<20 {
            let text = "document number \(i) about security guarantees and energy"
            writer.add(DocumentToIndex(path: "\(i).txt", title: "Title \(i)", text: text, blocks: [0..<text.utf8.count]))
        }
        try writer.commit()
        return directory
    }

    @Test func missingIndexIsNamed() {
        #expect(throws: IndexError.noIndex(directory: "/nonexistent/gazette")) {
            _ = try IndexReader(directory: "/nonexistent/gazette")
        }
    }

    @Test(arguments: ["terms", "post", "pos", "norms", "store"])
    func everyFlippedByteIsDetected(extension ext: String) throws {
        let directory = try buildIndex()
        let path = directory.path + "/s1." + ext
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        // Flip one byte at several places: header, body and footer.
        for offset in [0, 5, original.count / 2, original.count - 9, original.count - 1] {
            var damaged = original
            damaged[offset] ^= 0x40
            try damaged.write(to: URL(fileURLWithPath: path))
            #expect(throws: IndexError.self, "flip at \(offset) of \(ext) went unnoticed") {
                _ = try IndexReader(directory: directory.path)
            }
        }
        try original.write(to: URL(fileURLWithPath: path))
        #expect(try IndexReader(directory: directory.path).documentCount == 20)
    }

    @Test func truncatedFileIsCorrupt() throws {
        let directory = try buildIndex()
        let path = directory.path + "/s1.post"
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        try original.prefix(original.count - 3).write(to: URL(fileURLWithPath: path))
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
        try text.replacingOccurrences(of: "gazette-index 1", with: "gazette-index 9")
            .write(toFile: manifestPath, atomically: true, encoding: .utf8)
        #expect(throws: IndexError.unsupportedVersion(file: manifestPath, found: 9, supported: 1)) {
            _ = try IndexReader(directory: directory.path)
        }
        let error = IndexError.unsupportedVersion(file: manifestPath, found: 9, supported: 1)
        #expect(error.description.contains("version 9"))
    }

    @Test func versionInsideAFileIsChecked() throws {
        let directory = try buildIndex()
        let path = directory.path + "/s1.norms"
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[4] = 7
        try data.write(to: URL(fileURLWithPath: path))
        #expect(throws: IndexError.unsupportedVersion(file: path, found: 7, supported: 1)) {
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
