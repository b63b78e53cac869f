/// One immutable segment of a commit, opened through memory maps, with the deletions that commit gives it.
///
/// Opening checks each file's header, version and footer and the small structures read up front (term block
/// index, norms, stored-document block index); the blocks a query decodes carry their own checksums, checked
/// as they are read. `gazette verify` checks every byte.
public final class SegmentReader: Sendable {
    public let name: String
    public let terms: TermDictionaryReader
    public let norms: NormsReader
    public let store: StoredDocumentsReader
    public let catalog: FileCatalogReader
    public let entityIndex: EntityIndexReader
    public let deletions: DeletionSet?
    let postingsFile: MappedFile
    let positionsFile: MappedFile
    /// Every mapped file, for `stats` and `verify`.
    let mappedFiles: [(kind: IndexFileFormat.Kind, file: MappedFile)]

    /// Opens a file the manifest names; one that is not there is damage to the index. Whether it is there is asked
    /// only once opening failed: a search opens a dozen files, and a check before each was a system call apiece.
    private static func open(_ name: String, in directory: any Directory) throws(IndexError) -> MappedFile {
        do {
            return try directory.openInput(name)
        } catch {
            guard directory.fileExists(name) else { throw .corrupt(file: directory.path(of: name), reason: "file is missing") }
            throw error
        }
    }

    public init(directory: any Directory, segment: Manifest.Segment) throws(IndexError) {
        name = segment.name
        func map(_ kind: IndexFileFormat.Kind) throws(IndexError) -> MappedFile {
            try Self.open(SegmentFiles.fileName(segment.name, kind: kind), in: directory)
        }
        let termsFile = try map(.terms)
        let normsFile = try map(.norms)
        let storeFile = try map(.store)
        let catalogFile = try map(.files)
        let entitiesFile = try map(.entities)
        postingsFile = try map(.postings)
        positionsFile = try map(.positions)
        terms = try TermDictionaryReader(file: termsFile)
        norms = try NormsReader(file: normsFile, verifyChecksum: true)
        store = try StoredDocumentsReader(file: storeFile)
        catalog = try FileCatalogReader(file: catalogFile)
        entityIndex = try EntityIndexReader(file: entitiesFile, documentCount: norms.documentCount)
        _ = try IndexFileFormat.validate(postingsFile, kind: .postings, verifyChecksum: false)
        _ = try IndexFileFormat.validate(positionsFile, kind: .positions, verifyChecksum: false)
        for (count, file) in [(store.documentCount, storeFile), (catalog.documentCount, catalogFile)]
        where count != norms.documentCount {
            throw .corrupt(file: file.path, reason: "holds \(count) documents, the segment has \(norms.documentCount)")
        }
        guard norms.documentCount == segment.documentCount else {
            throw .corrupt(
                file: normsFile.path,
                reason: "holds \(norms.documentCount) documents, the manifest says \(segment.documentCount)")
        }
        if let deletionName = segment.deletionFileName {
            let path = directory.path(of: deletionName)
            let deletionFile = try Self.open(deletionName, in: directory)
            let set = try DeletionSet.read(deletionFile, expectedDocuments: segment.documentCount)
            guard set.deletedCount == segment.deletedCount else {
                throw .corrupt(file: path, reason: "holds \(set.deletedCount) deletions, the manifest says \(segment.deletedCount)")
            }
            deletions = set
            mappedFiles = [
                (.terms, termsFile), (.postings, postingsFile), (.positions, positionsFile), (.norms, normsFile),
                (.store, storeFile), (.files, catalogFile), (.entities, entitiesFile), (.deletions, deletionFile),
            ]
        } else {
            deletions = nil
            mappedFiles = [
                (.terms, termsFile), (.postings, postingsFile), (.positions, positionsFile), (.norms, normsFile),
                (.store, storeFile), (.files, catalogFile), (.entities, entitiesFile),
            ]
        }
    }

    /// Documents in the segment, deleted ones included (document ids run up to this).
    public var documentCount: Int { norms.documentCount }
    public var liveDocumentCount: Int { documentCount - (deletions?.deletedCount ?? 0) }

    public func isDeleted(_ doc: UInt32) -> Bool {
        deletions?.contains(doc) ?? false
    }

    /// Releases the pages of every file the process touched (see `MappedFile.releaseResidentPages`).
    func releaseResidentPages() {
        for (_, file) in mappedFiles { file.releaseResidentPages() }
    }

    /// File names and sizes, for `stats`.
    public var files: [(name: String, bytes: Int)] {
        mappedFiles.map { (String($0.file.path.split(separator: "/").last ?? ""), $0.file.bytes.count) }
    }

    public func postings(_ info: TermInfo) -> PostingsCursor {
        PostingsCursor(
            postings: postingsFile.bytes, positions: positionsFile.bytes, info: info,
            postingsPath: postingsFile.path, positionsPath: positionsFile.path, documentCount: norms.documentCount)
    }

    public func postings(forTerm term: String) throws(IndexError) -> PostingsCursor? {
        var copy = term
        let found: Result<TermInfo?, IndexError> = copy.withUTF8 { bytes in
            Result { () throws(IndexError) in try terms.lookup(UnsafeRawBufferPointer(bytes)) }
        }
        return try found.get().map { postings($0) }
    }
}
