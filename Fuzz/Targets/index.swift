#if canImport(Glibc)
import Glibc
#endif
import GazetteIndex
import GazetteSearch

/// The index reader fed damaged files. The sample index is built once per process; each input is one byte
/// choosing a file of it (the manifest or any segment file, deletion files included) followed by the bytes
/// that replace that file. The index is then opened, searched (snippets and explanations read stored
/// documents), listed (every catalog entry, every stored document, every entity and its mentions), opened for
/// writing (an incremental run reads the catalog), and verified. Any `IndexError` is a right answer; a crash, a
/// trap or a hang is a bug. (In fuzz builds checksums are all 0, see CRC32.checksum, so damage reaches the
/// decoders behind them.)
private struct Fixture {
    let directory: String
    let files: [(name: String, bytes: [UInt8])]

    init() {
        let directory = makeTemporaryDirectory("index")
        self.directory = directory
        SampleIndex.build(in: directory)
        var names: [String] = []
        if let dir = opendir(directory) {
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name != "." && name != ".." && name != ".lock" { names.append(name) }
            }
            closedir(dir)
        }
        files = names.sorted().map { ($0, readWholeFile(directory + "/" + $0)) }
    }
}

private let fixture = Fixture()

/// With GAZETTE_FUZZ_SEEDS=DIR, writes one seed per file of the sample index (its selector byte, then the
/// file), so the fuzzer starts from the real files of the current format.
@_cdecl("LLVMFuzzerInitialize")
public func initializeIndexFuzzer(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    if let seeds = getenv("GAZETTE_FUZZ_SEEDS") {
        let folder = String(cString: seeds)
        for (selector, file) in fixture.files.enumerated() {
            let seed = [UInt8(selector)] + file.bytes
            seed.withUnsafeBufferPointer { writeWholeFile(folder + "/" + file.name, $0) }
        }
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIndex(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = inputBuffer(data, size)
    guard let selector = input.first else { return 0 }
    let file = fixture.files[Int(selector) % fixture.files.count]
    let path = fixture.directory + "/" + file.name
    writeWholeFile(path, UnsafeBufferPointer(rebasing: input[1...]))
    defer { file.bytes.withUnsafeBufferPointer { writeWholeFile(path, $0) } }
    exercise(fixture.directory)
    return 0
}

private func exercise(_ directory: String) {
    do {
        let reader = try IndexReader(directory: directory)
        let searcher = Searcher(index: reader)
        for query in SampleIndex.queries {
            _ = try? searcher.search(query, options: SearchOptions(limit: 3, snippets: 2, explain: true))
        }
        for segment in reader.segments {
            for doc in 0..<UInt32(segment.documentCount) {
                _ = try? segment.catalog.entry(doc)
                _ = segment.isDeleted(doc)
                _ = segment.norms.titleLength(doc) &+ segment.norms.bodyLength(doc)
            }
            try? segment.store.forEach { _, _ in }
            _ = try? segment.store.documents([0, UInt32(segment.documentCount - 1)])
            if let entities = try? segment.entityIndex.entities() {
                for entity in entities { _ = try? segment.entityIndex.postings(entity) }
            }
        }
        if let directory = try? EntityDirectory(index: reader) {
            for entity in directory.entities.prefix(1) { _ = try? directory.mentions(of: entity) }
        }
    } catch {
        // A damaged index must be refused with an IndexError: that is the right answer.
    }
    if let writer = try? IndexWriter(directory: directory, rebuild: false) {
        _ = writer.existingDocuments()
    }
    _ = IndexVerifier.verify(directory: directory)
}
