import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteIndex

@Suite("Damaged, foreign and missing indexes are refused with a clear error")
struct IndexIntegrityTests {
    /// Two commits: 20 documents with entity mentions, then two of them deleted, so that the index has a file
    /// of every kind (`s1.2.del` among them).
    func buildIndex() throws -> TemporaryDirectory {
        let directory = TemporaryDirectory()
        let documents = (0..<20).map { i in
            var doc = document(
                "\(i).txt", "Lavrov on document number \(i) about security guarantees and energy in Kyiv",
                title: "Title \(i)")
            let kyiv = doc.text.utf8.count - 4
            doc.entities = [EntitySpan(range: 0..<6, positions: 0...0, type: "PERSON", canonical: "Sergei Lavrov")]
            if i % 3 == 0 {
                doc.entities.append(EntitySpan(range: kyiv..<(kyiv + 4), positions: 11...11, type: "PLACE", canonical: "Kyiv"))
            }
            return doc
        }
        try commitDocuments(documents, to: directory.path)
        let writer = try IndexWriter(directory: directory.path, rebuild: false)
        writer.delete(path: "4.txt")
        writer.delete(path: "11.txt")
        try writer.commit()
        return directory
    }

    /// The file of each kind the tests damage.
    static let fileKinds = ["terms", "post", "pos", "norms", "store", "files", "ents", "del", "manifest"]

    func file(_ kind: String) -> String {
        switch kind {
        case "manifest": Manifest.fileName
        case "del": "s1.2.del"
        default: "s1." + kind
        }
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
                lines.append("\(segment.norms.titleLength(doc)) \(segment.norms.bodyLength(doc)) \(segment.isDeleted(doc))")
            }
            for entity in try segment.entityIndex.entities() {
                let postings = try segment.entityIndex.postings(entity)
                lines.append("\(entity) \(postings.map { "\($0.document) \($0.mentions.map { "\($0)" })" })")
            }
        }
        return lines
    }

    /// Damages `name` with `damage`, then checks that `verify` names the file and that reading either fails
    /// with an `IndexError` or returns exactly what was written.
    func expectDetected(
        _ directory: String, _ name: String, baseline: [String], _ what: String, damage: (inout Data) -> Void
    ) throws {
        let path = directory + "/" + name
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        var damaged = original
        damage(&damaged)
        try damaged.write(to: URL(fileURLWithPath: path))
        defer { try? original.write(to: URL(fileURLWithPath: path)) }
        let report = IndexVerifier.verify(directory: directory)
        #expect(report.problems.contains { $0.description.contains(name) }, "\(what) of \(name) not reported by verify: \(report.problems)")
        if let seen = try? dump(directory) {
            #expect(seen == baseline, "\(what) of \(name) read back wrong data")
        }
    }

    @Test(arguments: fileKinds)
    func everyFlippedByteIsReportedAndNeverReadWrong(kind: String) throws {
        let directory = try buildIndex()
        let baseline = try dump(directory.path)
        let name = file(kind)
        let size = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/" + name)).count
        let step = max(1, size / 97)
        // 0x5A changes several bits, 0x01 one, 0x20 only the case of a letter (which a parser of text might not
        // notice). The manifest, small and text, gets every mask at every byte; larger files one per offset.
        let masks: [UInt8] = [0x5A, 0x20, 0x01]
        for (number, offset) in stride(from: 0, to: size, by: step).enumerated() {
            for mask in size < 1024 ? masks : [masks[number % masks.count]] {
                try expectDetected(directory.path, name, baseline: baseline, "flip \(mask) at \(offset)") { $0[offset] ^= mask }
            }
        }
        #expect(IndexVerifier.verify(directory: directory.path).problems.isEmpty)
        #expect(try dump(directory.path) == baseline)
    }

    @Test(arguments: fileKinds)
    func everyTruncationIsReportedAndNeverReadWrong(kind: String) throws {
        let directory = try buildIndex()
        let baseline = try dump(directory.path)
        let name = file(kind)
        let size = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/" + name)).count
        for length in Set([0, 1, 4, 8, 12, size / 3, size / 2, size - 9, size - 8, size - 4, size - 1]) where length >= 0 && length < size {
            try expectDetected(directory.path, name, baseline: baseline, "truncation to \(length) bytes") { data in
                data = data.prefix(length)
            }
        }
        #expect(IndexVerifier.verify(directory: directory.path).problems.isEmpty)
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
        // A manifest intact (its checksum right) under another version.
        var future = try IndexReader(directory: directory.path).manifest
        future.formatVersion = 9
        try Data(future.serialized()).write(to: URL(fileURLWithPath: manifestPath))
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
        // A damaged version number is damage...
        data[4] = 7
        try data.write(to: URL(fileURLWithPath: path))
        let damaged = Result { () throws(IndexError) in try IndexReader(directory: directory.path) }
        guard case .failure(.corrupt(path, let reason)) = damaged else {
            Issue.record("a flipped version byte reads as \(damaged)")
            return
        }
        #expect(reason.hasPrefix("checksum mismatch"))
        // ...while an intact file of another version is refused as such.
        let crc = data.prefix(data.count - 8).withUnsafeBytes { CRC32.checksum($0) }
        withUnsafeBytes(of: crc.littleEndian) { data.replaceSubrange((data.count - 8)..<(data.count - 4), with: $0) }
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

    @Test func crcAgreesWithABitwiseReferenceAtEveryLengthAndAlignment() {
        // Runs of 64 bytes and more are folded by carry-less multiplication where the processor has it, the
        // rest goes through the tables: both, and every split between them, agree with the definition.
        var random = CodecRandom(seed: 802)
        let data = (0..<700).map { _ in UInt8(random.below(256)) }
        func reference(_ bytes: ArraySlice<UInt8>) -> UInt32 {
            var crc: UInt32 = ~0
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
            }
            return ~crc
        }
        for start in 0..<17 {
            for end in stride(from: start, through: data.count, by: 5) {
                let computed = data.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
                #expect(computed == reference(data[start..<end]), "bytes \(start)..<\(end)")
            }
        }
        // Updated piece by piece, across pieces both shorter and longer than a fold.
        for piece in [1, 15, 63, 64, 65, 200] {
            var incremental = CRC32()
            var offset = 0
            while offset < data.count {
                let end = min(offset + piece, data.count)
                data.withUnsafeBytes { incremental.update(UnsafeRawBufferPointer(rebasing: $0[offset..<end])) }
                offset = end
            }
            #expect(incremental.value == reference(data[...]), "pieces of \(piece)")
        }
    }
}
