import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteIndex

/// Crashes of the index readers, found by `make fuzz` or while fixing what it found, each reproduced with files
/// whose checksums are valid. (The fuzz build reads every checksum as 0 so that damage reaches the decoders; a
/// file can also carry valid checksums and still be wrong, when it was written to do harm.) The raw fuzz inputs
/// are in Fuzz/regressions/index/: a selector byte, then the file that replaced one of the fuzz target's sample
/// index.
@Suite("Fuzz regressions: index readers")
struct IndexReaderFuzzRegressionTests {
    /// A block index entry whose offset exceeds Int.max trapped in the conversion, before any check
    /// (Fuzz/regressions/index/store-block-offset-past-int-max, checksums restored).
    @Test func storeBlockOffsetPastIntMaxIsRefused() throws {
        var store = Array(try FuzzRegressionInputs.input("index", "store-block-offset-past-int-max").dropFirst())
        Reseal.store(&store)
        let directory = TemporaryDirectory()
        let path = directory.path + "/s1.store"
        try Data(store).write(to: URL(fileURLWithPath: path))
        #expect(throws: IndexError.self) { try StoredDocumentsReader(file: MappedFile(path: path)) }
    }

    /// A block index offset near 2^64 overflowed the bounds check that was meant to refuse it.
    @Test func storeBlockIndexOffsetNear2To64IsRefused() throws {
        let directory = try smallIndex()
        try Reseal.patch(directory.path + "/s1.store") { bytes in
            let trailer = bytes.count - 8 - StoredDocumentsLayout.trailerSize
            Reseal.put(UInt64.max - 7, into: &bytes, at: trailer)
            Reseal.store(&bytes)
        }
        #expect(throws: IndexError.self) { try IndexReader(directory: directory.path) }
    }

    /// The file catalog's table offset and record offsets come from the file: near 2^64 (or Int.max) the
    /// bounds checks overflowed and trapped instead of refusing them.
    @Test func catalogOffsetsThatWouldOverflowAreRefused() throws {
        let directory = try smallIndex()
        let catalog = directory.path + "/s1.files"
        let original = try Data(contentsOf: URL(fileURLWithPath: catalog))
        try Reseal.patch(catalog) { bytes in
            Reseal.put(UInt64.max - 3, into: &bytes, at: bytes.count - 8 - 12)
            Reseal.footer(&bytes)
        }
        #expect(throws: IndexError.self) { try IndexReader(directory: directory.path) }

        try original.write(to: URL(fileURLWithPath: catalog))
        try Reseal.patch(catalog) { bytes in
            let table = Int(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: bytes.count - 20, as: UInt64.self) })
            Reseal.put(UInt64(Int.max - 1), into: &bytes, at: table)  // document 0 starts at Int.max - 1
            Reseal.footer(&bytes)
        }
        let reader = try IndexReader(directory: directory.path)
        #expect(throws: IndexError.self) { try reader.segments[0].catalog.entry(0) }
        #expect(throws: IndexError.self) { try reader.segments[0].catalog.path(0) }
        #expect(IndexVerifier.verify(directory: directory.path).problems.isEmpty == false)
    }

    /// Entity postings whose document delta or mention length overflowed 32 bits trapped while being summed.
    @Test func entityPostingsThatWouldOverflowAreRefused() throws {
        for (delta, extra) in [(UInt32.max, UInt32(0)), (1, UInt32.max)] {
            var postings = ByteWriter()
            postings.writeVarUInt(UInt32(1))  // first document: 1
            postings.writeVarUInt(1)  // one mention
            postings.writeVarUInt(UInt32(3))
            postings.writeVarUInt(extra)
            postings.writeVarUInt(delta)  // second document: 1 + delta
            postings.writeVarUInt(1)
            postings.writeVarUInt(UInt32(5))
            postings.writeVarUInt(UInt32(0))
            var file = ByteWriter()
            IndexFileFormat.writeHeader(.entities, into: &file)
            file.writeBytes(postings.bytes)
            let directoryOffset = file.count
            file.writeVarUInt(1)
            file.writeLengthPrefixed(Array("PERSON".utf8))
            file.writeLengthPrefixed(Array("Sergei Lavrov".utf8))
            file.writeVarUInt(0)
            file.writeVarUInt(2)  // documents
            file.writeVarUInt(2)  // mentions
            file.writeVarUInt(IndexFileFormat.headerSize)
            file.writeVarUInt(postings.count)
            file.writeUInt64(UInt64(directoryOffset))
            IndexFileFormat.appendFooter(to: &file)

            let directory = TemporaryDirectory()
            let path = directory.path + "/s1.ents"
            try Data(file.bytes).write(to: URL(fileURLWithPath: path))
            let reader = try EntityIndexReader(file: MappedFile(path: path), documentCount: 3)
            let entities = try reader.entities()
            try #require(entities.count == 1)
            #expect(throws: IndexError.self) { try reader.postings(entities[0]) }
        }
    }

    /// A dictionary entry may claim up to 4 billion positions for a term's only document; reading them grew the
    /// output to that size (16 GB) before decoding any. Found reviewing the cursor while fixing the crashes above.
    @Test func frequencyBeyondWhatThePositionsFileHoldsIsRefusedBeforeAllocating() {
        let info = TermInfo(
            documentFrequency: 1, totalTermFrequency: UInt64(UInt32.max), postingsOffset: 0, positionsOffset: 8)
        let positions = [UInt8](repeating: 1, count: 64)
        positions.withUnsafeBytes { positions in
            var cursor = PostingsCursor(
                postings: UnsafeRawBufferPointer(start: nil, count: 0), positions: positions, info: info,
                postingsPath: "s1.post", positionsPath: "s1.pos", documentCount: 1)
            #expect(cursor.next() == 0)
            #expect(cursor.frequency == UInt32.max)
            var output: [UInt32] = []
            cursor.readPositions(into: &output)
            #expect(output.isEmpty)
            #expect(output.capacity < 1_000)
            #expect(cursor.corruption != nil)
        }
    }

    private func smallIndex() throws -> TemporaryDirectory {
        let directory = TemporaryDirectory()
        let documents = (0..<40).map { i in document("\(i).txt", "document \(i) about energy and sanctions", title: "Title \(i)") }
        try commitDocuments(documents, to: directory.path)
        return directory
    }
}

/// The inputs kept under Fuzz/regressions/<target>/ in the repository.
enum FuzzRegressionInputs {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/regressions")

    static func input(_ target: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(target).appendingPathComponent(name)))
    }
}

/// Recomputes the checksums a reader checks, so that a damaged file is judged on its structure alone.
enum Reseal {
    static func put(_ value: UInt64, into bytes: inout [UInt8], at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<(offset + 8), with: $0) }
    }

    static func put(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<(offset + 4), with: $0) }
    }

    /// The whole-file CRC-32 of the footer.
    static func footer(_ bytes: inout [UInt8]) {
        let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 8)])) }
        put(crc, into: &bytes, at: bytes.count - 8)
    }

    /// A document store's block index CRC (when its offset is inside the file), then the footer.
    static func store(_ bytes: inout [UInt8]) {
        let trailer = bytes.count - 8 - StoredDocumentsLayout.trailerSize
        let indexOffset = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: trailer, as: UInt64.self) }
        let crcOffset = trailer + StoredDocumentsLayout.trailerSize - 4
        if indexOffset <= UInt64(crcOffset) {
            let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[Int(indexOffset)..<crcOffset])) }
            put(crc, into: &bytes, at: crcOffset)
        }
        footer(&bytes)
    }

    static func patch(_ path: String, _ change: (inout [UInt8]) throws -> Void) throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        try change(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
