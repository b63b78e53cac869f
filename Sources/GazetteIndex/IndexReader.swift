/// An open index: the segments of the current commit. Opening reads the manifest once; later commits by
/// another process do not disturb an open reader, whose files stay mapped.
public final class IndexReader: Sendable {
    public let directory: String
    public let manifest: Manifest
    public let segments: [SegmentReader]

    public init(directory: String) throws(IndexError) {
        self.directory = directory
        manifest = try Self.readManifest(directory: directory)
        var opened: [SegmentReader] = []
        for segment in manifest.segments {
            opened.append(try SegmentReader(directory: directory, segment: segment))
        }
        segments = opened
    }

    /// Documents in all segments, deleted ones included: the N of idf, consistent with document frequencies
    /// that also still count deleted documents until a merge purges them (as in Lucene).
    public var documentCount: Int { segments.reduce(0) { $0 + $1.documentCount } }
    public var liveDocumentCount: Int { segments.reduce(0) { $0 + $1.liveDocumentCount } }

    static func readManifest(directory: String) throws(IndexError) -> Manifest {
        let path = directory + "/" + Manifest.fileName
        guard DurableFileSystem.fileExists(path) else { throw .noIndex(directory: directory) }
        let file = try MappedFile(path: path)
        return try Manifest.parse(file.bytes, path: path)
    }
}
