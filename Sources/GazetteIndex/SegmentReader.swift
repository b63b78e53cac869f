/// One immutable segment, opened through memory maps.
public final class SegmentReader: Sendable {
    public let name: String
    public let terms: TermDictionaryReader
    public let norms: NormsReader
    public let store: StoredDocumentsReader
    private let postingsFile: MappedFile
    private let positionsFile: MappedFile

    /// Files of the segment, with their sizes, for `stats`.
    public let files: [(name: String, bytes: Int)]

    init(directory: String, name: String, verifyChecksums: Bool) throws(IndexError) {
        self.name = name
        func map(_ kind: IndexFileFormat.Kind) throws(IndexError) -> MappedFile {
            let path = directory + "/" + name + "." + kind.fileExtension
            guard DurableFileSystem.fileExists(path) else {
                throw .corrupt(file: path, reason: "file is missing")
            }
            return try MappedFile(path: path)
        }
        let termsFile = try map(.terms)
        let normsFile = try map(.norms)
        let storeFile = try map(.store)
        postingsFile = try map(.postings)
        positionsFile = try map(.positions)
        terms = try TermDictionaryReader(file: termsFile, verifyChecksum: verifyChecksums)
        norms = try NormsReader(file: normsFile, verifyChecksum: verifyChecksums)
        store = try StoredDocumentsReader(file: storeFile, verifyChecksum: verifyChecksums)
        _ = try IndexFileFormat.validate(postingsFile, kind: .postings, verifyChecksum: verifyChecksums)
        _ = try IndexFileFormat.validate(positionsFile, kind: .positions, verifyChecksum: verifyChecksums)
        guard norms.documentCount == store.documentCount else {
            throw .corrupt(file: storeFile.path, reason: "holds \(store.documentCount) documents, norms say \(norms.documentCount)")
        }
        files = [termsFile, postingsFile, positionsFile, normsFile, storeFile].map {
            (name: String($0.path.split(separator: "/").last ?? ""), bytes: $0.bytes.count)
        }
    }

    public var documentCount: Int { norms.documentCount }

    public func postings(_ info: TermInfo) -> PostingsCursor {
        let postingsEnd = postingsFile.bytes.count - IndexFileFormat.footerSize
        let positionsEnd = positionsFile.bytes.count - IndexFileFormat.footerSize
        return PostingsCursor(
            postings: UnsafeRawBufferPointer(rebasing: postingsFile.bytes[0..<postingsEnd]),
            positions: UnsafeRawBufferPointer(rebasing: positionsFile.bytes[0..<positionsEnd]),
            info: info)
    }

    public func postings(forTerm term: String) throws(IndexError) -> PostingsCursor? {
        var copy = term
        let found: Result<TermInfo?, IndexError> = copy.withUTF8 { bytes in
            Result { () throws(IndexError) in try terms.lookup(UnsafeRawBufferPointer(bytes)) }
        }
        return try found.get().map { postings($0) }
    }
}
