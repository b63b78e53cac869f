/// An open index: the segments of the current commit. Opening reads the manifest once; later commits by
/// another process do not disturb an open reader, whose files stay mapped.
public final class IndexReader: Sendable {
    public let directory: String
    public let manifest: Manifest
    public let segments: [SegmentReader]

    /// Opens the index at `directory`. With `verifyChecksums`, every file's CRC is checked first.
    public init(directory: String, verifyChecksums: Bool = true) throws(IndexError) {
        self.directory = directory
        manifest = try Self.readManifest(directory: directory)
        var opened: [SegmentReader] = []
        for segment in manifest.segments {
            let reader = try SegmentReader(directory: directory, name: segment.name, verifyChecksums: verifyChecksums)
            guard reader.documentCount == segment.documentCount else {
                throw .corrupt(
                    file: directory + "/" + Manifest.fileName,
                    reason: "segment \(segment.name) holds \(reader.documentCount) documents, manifest says \(segment.documentCount)")
            }
            opened.append(reader)
        }
        segments = opened
    }

    public var documentCount: Int { segments.reduce(0) { $0 + $1.documentCount } }

    static func readManifest(directory: String) throws(IndexError) -> Manifest {
        let path = directory + "/" + Manifest.fileName
        guard DurableFileSystem.fileExists(path) else { throw .noIndex(directory: directory) }
        let file = try MappedFile(path: path)
        return try Manifest.parse(file.bytes, path: path)
    }
}
