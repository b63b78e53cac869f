import GazetteAnalysis

/// An open index: the segments of the current commit. Opening reads the manifest once; later commits by
/// another process do not disturb an open reader, whose files stay mapped.
public final class IndexReader: Sendable {
    public let directory: any Directory
    public let manifest: Manifest
    public let segments: [SegmentReader]

    /// How many commits in a row may overtake an opening reader before it gives up (see `openSnapshot`).
    static let maximumAttempts = 100

    /// The commit's entity resolution file, mapped with the segments so that a later commit cannot take it
    /// away; parsed on first use (`entityResolution()`), since most searches need none of it.
    private let resolutionFile: MappedFile?
    private let parsedResolution = Locked<Result<EntityResolution, IndexError>?>(nil)
    private let redirects = Locked<Result<EntityRedirects, IndexError>?>(nil)
    /// The commit's entity group table when one was written for it, mapped with the segments for the same reason.
    private let groupTableFile: MappedFile?
    private let parsedGroupTable = Locked<EntityGroupTable??>(nil)

    public init(directory: any Directory) throws(IndexError) {
        self.directory = directory
        (manifest, segments, resolutionFile) = try Self.openSnapshot(directory: directory)
        let groupTableName = EntityGroupTable.fileName(generation: manifest.generation)
        // Absent for a commit written without one; any failure to open it reads as absent (the table is derived).
        groupTableFile = try? directory.openInput(groupTableName)
        let text = (manifest.analysis ?? .unrecorded).text
        guard text == AnalysisVersion.currentText else {
            throw .analysisChanged(directory: directory.path, found: text, current: AnalysisVersion.currentText)
        }
        if let stemmer = manifest.analysis?.stemmer, !Stemmer.languages.contains(stemmer) {
            throw .unknownStemmer(directory: directory.path, name: stemmer)
        }
    }

    /// The Snowball algorithm the index's words are stemmed with, nil for none.
    public var stemmer: String? { manifest.analysis?.stemmer }

    /// Opens the index in the folder at `path`.
    public convenience init(directory path: String) throws(IndexError) {
        try self.init(directory: FileSystemDirectory(path: path))
    }

    /// How the commit resolves entities across the corpus (`EntityResolution.none` for an index written
    /// before there was one). A damaged file is an error naming it, every time it is asked for.
    public func entityResolution() throws(IndexError) -> EntityResolution {
        guard let resolutionFile else { return .none }
        let result = parsedResolution.withLock { cached in
            if let cached { return cached }
            let parsed = Result { () throws(IndexError) in try EntityResolution.read(resolutionFile) }
            cached = parsed
            return parsed
        }
        return try result.get()
    }

    /// The commit's entity redirects for looking up a few identities (a search's highlights) without parsing the
    /// whole resolution (`EntityRedirects`); built on first use. A damaged file is an error naming it.
    public func entityRedirects() throws(IndexError) -> EntityRedirects {
        guard let resolutionFile else { return .none }
        let result = redirects.withLock { cached in
            if let cached { return cached }
            let made = Result { () throws(IndexError) in try EntityRedirects(file: resolutionFile) }
            cached = made
            return made
        }
        return try result.get()
    }

    /// The entity group table of this commit, or nil when there is none that describes the segments opened: none
    /// was written (an older writer, an index without entities, a crash before it was written), or it is damaged
    /// (`gazette verify` reports that). Callers then compute the groups from the records.
    public func entityGroupTable() -> EntityGroupTable? {
        guard let groupTableFile else { return nil }
        return parsedGroupTable.withLock { cached in
            if let cached { return cached }
            let table = (try? EntityGroupTable.read(groupTableFile)).flatMap { $0.describes(manifest) ? $0 : nil }
            cached = .some(table)
            return table
        }
    }

    /// Documents in all segments, deleted ones included: the N of idf, consistent with document frequencies
    /// that also still count deleted documents until a merge purges them (as in Lucene).
    public var documentCount: Int { segments.reduce(0) { $0 + $1.documentCount } }
    public var liveDocumentCount: Int { segments.reduce(0) { $0 + $1.liveDocumentCount } }

    /// The manifest and its segments, opened as one snapshot. A writer deletes the files of older commits once
    /// its new manifest is durable, so between reading a manifest and opening the files it names, a reader may
    /// find some of them gone (or, after a crash and a rebuild, replaced). Once open, files stay mapped and a
    /// deletion no longer matters; until then, a failure while the manifest has moved on only means a newer
    /// commit exists, and that one is opened instead (as Lucene's readers retry on a newer segments file). A
    /// failure under a manifest that still stands is real damage, and is thrown.
    static func openSnapshot(directory: any Directory) throws(IndexError) -> (Manifest, [SegmentReader], MappedFile?) {
        var manifest = try readManifest(directory: directory)
        var attempts = 1
        while true {
            do {
                var opened: [SegmentReader] = []
                for segment in manifest.segments {
                    opened.append(try SegmentReader(directory: directory, segment: segment))
                }
                let resolution = try manifest.resolutionFileName.map { (name) throws(IndexError) in
                    try directory.openInput(name)
                }
                return (manifest, opened, resolution)
            } catch {
                guard attempts < maximumAttempts, let newer = try? readManifest(directory: directory), newer != manifest
                else { throw error }
                manifest = newer
                attempts += 1
            }
        }
    }

    static func readManifest(directory: any Directory) throws(IndexError) -> Manifest {
        let file: MappedFile
        do {
            file = try directory.openInput(Manifest.fileName)
        } catch {
            // Asked only once opening failed, to tell a folder with no index from an index that cannot be read.
            guard directory.fileExists(Manifest.fileName) else { throw .noIndex(directory: directory.path) }
            throw error
        }
        return try Manifest.parse(file.bytes, path: file.path)
    }

    static func readManifest(directory path: String) throws(IndexError) -> Manifest {
        try readManifest(directory: FileSystemDirectory(path: path))
    }
}
