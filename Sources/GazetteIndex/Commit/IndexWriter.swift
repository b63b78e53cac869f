/// Decides a commit's entity resolution from the segments it publishes and the resolution in force before it
/// (whose user corrections it keeps). Given to `commit` and `optimize` by whoever knows how entities are named.
public typealias EntityResolver = @Sendable (_ segments: [PublishedSegment], _ previous: EntityResolution) throws(IndexError) -> EntityResolution
/// Files every entity record of a commit's final segments (after its merges) under the entity the resolution makes
/// it (`EntityGroupTable`, derived data that speeds up questions about every entity).
public typealias EntityGrouper = @Sendable (_ segments: [SegmentReader], _ manifest: Manifest, _ resolution: EntityResolution) throws(IndexError) -> EntityGroupTable

/// A segment as a commit publishes it, for the entity resolver: its reader and the deletions of this very commit
/// (a reader opened earlier knows only the deletions it was opened with). Evidence counted from live documents
/// only makes the resolution a function of the corpus, not of the index's history of updates and merges.
public struct PublishedSegment: Sendable {
    public let reader: SegmentReader
    public let deletions: DeletionSet?

    public init(reader: SegmentReader, deletions: DeletionSet?) {
        self.reader = reader
        self.deletions = deletions
    }

    public var hasDeletions: Bool { (deletions?.deletedCount ?? 0) > 0 }

    public func isDeleted(_ document: UInt32) -> Bool { deletions?.contains(document) ?? false }
}

/// What a commit changed, for the indexer's summary line.
public struct CommitSummary: Sendable, Equatable {
    public var generation: UInt64
    public var segmentCount: Int
    public var documentCount: Int
    public var mergedSegments: Int
}

/// Writes to an index: new segments from `SegmentBuilder`s, tombstones for deleted documents, and commits
/// that publish both atomically. Safe to use from several indexing threads at once; one `IndexWriter` per
/// index folder at a time (enforced by a lock file).
///
/// A commit: (1) every new segment's files are already written and fsynced by `flush`; (2) changed deletion
/// sets are written to new files and fsynced; (3) a new manifest is written to a temporary file, fsynced and
/// renamed over the old one; (4) the folder is fsynced. A crash before (3) completes leaves the previous
/// manifest — and every file it names — untouched. Then the merge policy may merge segments, each merge being
/// another such commit. Files no manifest names are removed last.
public final class IndexWriter: Sendable {
    /// Where the index lives; the indexing pipeline also reports its documents to it (`IndexStep.document`).
    public let directory: any Directory
    public let mergeFactor: Int
    /// Automatic merges leave alone any group whose segments together exceed this many bytes on disk, which
    /// bounds the merging a commit may do (`optimize` merges everything regardless). Memory is not the reason:
    /// a merge streams its output, whatever its size.
    public let maximumMergedBytes: Int
    private let lock: any DirectoryLock
    private let state: Locked<State>
    /// Segments of the starting commit, open for reading their catalogs and for merges.
    private let baseReaders: [String: SegmentReader]
    /// The entity resolution of the starting commit (none after `rebuild`), for its corrections.
    private let baseResolution: EntityResolution
    /// The manifest the writer opened, as read (nil for a new index, and with `rebuild`): `commitIfChanged`
    /// commits nothing when the state still matches it.
    private let baseManifest: Manifest?

    private struct State: @unchecked Sendable {
        var manifest: Manifest
        var deletions: [String: DeletionSet] = [:]
        var changedDeletions: Set<String> = []
        var live: [DocumentPath: (segment: String, document: UInt32, fingerprint: FileFingerprint)] = [:]
        var newSegments: [Manifest.Segment] = []
        /// The resolution of the last commit this writer made, once it made one.
        var resolution: EntityResolution?
    }

    /// Opens the index for writing, creating the folder if needed. With `rebuild`, the next commit replaces
    /// every existing document; otherwise existing documents stay until deleted. When another process holds
    /// the index's lock, `lockWaiting` says whether to fail at once or wait (`onLockWait` hears of the wait,
    /// with the holder, before it starts).
    public init(
        directory: any Directory, rebuild: Bool, mergeFactor: Int = 8, maximumMergedBytes: Int = Int.max,
        lockWaiting: LockWaiting = .fail, onLockWait: (LockHolder?) -> Void = { _ in }
    ) throws(IndexError) {
        self.directory = directory
        self.mergeFactor = max(2, mergeFactor)
        self.maximumMergedBytes = max(1, maximumMergedBytes)
        try directory.create()
        lock = try directory.obtainLock(waiting: lockWaiting, onWait: onLockWait)
        var manifest: Manifest
        var read: Manifest?
        do {
            manifest = try IndexReader.readManifest(directory: directory)
            read = manifest
        } catch .noIndex {
            manifest = .empty
        } catch {
            // A damaged or foreign manifest can only be replaced, never extended.
            guard rebuild else { throw error }
            manifest = .empty
            manifest.nextSegmentNumber = Self.highestSegmentNumber(in: directory) + 1
        }
        baseManifest = rebuild ? nil : read
        var state = State(manifest: manifest)
        var readers: [String: SegmentReader] = [:]
        if rebuild || manifest.segments.isEmpty {
            // Whatever the index holds from now on is analysed by this build; a caller that recognises
            // entities says which recogniser with `setAnalysis`. A rebuilt index keeps its stemming.
            state.manifest.analysis = AnalysisVersion(entities: 0, stemmer: manifest.analysis?.stemmer)
        }
        if rebuild {
            state.manifest.segments = []
        } else {
            for segment in manifest.segments {
                let reader = try SegmentReader(directory: directory, segment: segment)
                readers[segment.name] = reader
                if let deletions = reader.deletions { state.deletions[segment.name] = deletions }
                for doc in 0..<UInt32(reader.documentCount) where !reader.isDeleted(doc) {
                    let entry = try reader.catalog.entry(doc)
                    state.live[DocumentPath(entry.path)] = (segment.name, doc, entry.fingerprint)
                }
                // The catalog was read once, whole; its pages need not stay in the resident set.
                reader.releaseResidentPages()
            }
        }
        baseReaders = readers
        if let name = manifest.resolutionFileName {
            do {
                baseResolution = try EntityResolution.read(try directory.openInput(name))
            } catch {
                // It holds the user's corrections: refuse to write over a damaged one, but on a rebuild, which
                // replaces everything anyway.
                guard rebuild else { throw error }
                baseResolution = .none
            }
        } else {
            baseResolution = .none
        }
        if rebuild { state.manifest.resolutionGeneration = 0 }
        self.state = Locked(state)
    }

    /// The corpus folders the index holds documents of, as of the last commit or as set since.
    public var roots: [String] { state.withLock { $0.manifest.roots } }

    /// Records the corpus folders of the index's documents; committed with the next commit.
    public func setRoots(_ roots: [String]) {
        state.withLock { $0.manifest.roots = roots }
    }

    /// What analysed the documents the index holds, as of the last commit or as set since.
    public var analysis: AnalysisVersion { state.withLock { $0.manifest.analysis ?? .unrecorded } }

    /// Records what analyses the documents of this run; committed with the next commit. A caller that
    /// analyses otherwise than the index's documents were re-indexes all of them (`IndexingPipeline.plan`).
    public func setAnalysis(_ analysis: AnalysisVersion) {
        state.withLock { $0.manifest.analysis = analysis }
    }

    /// Opens the index in the folder at `path` for writing (see `init(directory:rebuild:…)`).
    public convenience init(
        directory path: String, rebuild: Bool, mergeFactor: Int = 8, maximumMergedBytes: Int = Int.max,
        lockWaiting: LockWaiting = .fail, onLockWait: (LockHolder?) -> Void = { _ in }
    ) throws(IndexError) {
        try self.init(
            directory: FileSystemDirectory(path: path), rebuild: rebuild, mergeFactor: mergeFactor,
            maximumMergedBytes: maximumMergedBytes, lockWaiting: lockWaiting, onLockWait: onLockWait)
    }

    /// The entity resolution in force when the writer opened (with the user's corrections).
    public var resolution: EntityResolution { state.withLock { $0.resolution ?? baseResolution } }

    /// Fingerprints of the documents the index holds, by path.
    public func existingDocuments() -> [DocumentPath: FileFingerprint] {
        state.withLock { state in state.live.mapValues(\.fingerprint) }
    }

    /// Tombstones the document with this path, if the index holds one. Returns whether it did.
    @discardableResult
    public func delete(path: String) -> Bool {
        state.withLock { state in
            guard let entry = state.live.removeValue(forKey: DocumentPath(path)) else { return false }
            let count = baseReaders[entry.segment]?.documentCount ?? 0
            var set = state.deletions[entry.segment] ?? DeletionSet(documentCount: count)
            set.insert(entry.document)
            state.deletions[entry.segment] = set
            state.changedDeletions.insert(entry.segment)
            return true
        }
    }

    /// Writes the builder's documents as a new segment (not yet visible: `commit` publishes it).
    public func flush(_ builder: SegmentBuilder) throws(IndexError) {
        guard builder.documentCount > 0 else { return }
        let name = state.withLock { state in
            defer { state.manifest.nextSegmentNumber += 1 }
            return SegmentFiles.name(number: state.manifest.nextSegmentNumber)
        }
        let segment = try builder.flush(into: directory, name: name)
        state.withLock { $0.newSegments.append(segment) }
    }

    /// Publishes flushed segments and deletions, then lets the merge policy tidy up.
    @discardableResult
    public func commit(resolver: EntityResolver? = nil, grouper: EntityGrouper? = nil) throws(IndexError) -> CommitSummary {
        var manifest = try publish(resolver: resolver)
        var merged = 0
        let directory = self.directory
        let policy = MergePolicy(mergeFactor: mergeFactor, maximumMergedBytes: maximumMergedBytes) { segment in
            segment.fileNames.reduce(0) { $0 + Int(directory.fileSize($1) ?? 0) }
        }
        while let group = policy.selectMerge(manifest.segments) {
            manifest = try merge(group, into: manifest)
            merged += group.count
        }
        try writeEntityGroups(of: manifest, grouper: grouper)
        removeUnreferencedFiles(keeping: manifest)
        return CommitSummary(
            generation: manifest.generation, segmentCount: manifest.segments.count,
            documentCount: manifest.segments.reduce(0) { $0 + $1.liveDocumentCount }, mergedSegments: merged)
    }

    /// `commit`, unless there is nothing to commit: no new segment, no deletion, the manifest as the writer
    /// opened it (corpus folders, analysis, format), its resolution and entity groups in place (when `resolver`
    /// and `grouper` are given) and no merge due. Then the index is left as it is — no new generation for
    /// readers to reopen, no resolution decided again — and the summary describes the commit in force. For a run
    /// over a corpus that did not change; corrections, which change only the resolution, call `commit`.
    @discardableResult
    public func commitIfChanged(resolver: EntityResolver? = nil, grouper: EntityGrouper? = nil) throws(IndexError) -> CommitSummary {
        let unchanged: Manifest? = state.withLock { state in
            guard let base = baseManifest, state.newSegments.isEmpty, state.changedDeletions.isEmpty,
                  state.manifest == base, base.formatVersion == IndexFileFormat.version
            else { return nil }
            return base
        }
        guard let manifest = unchanged,
              resolver == nil || manifest.resolutionGeneration != 0,
              grouper == nil || manifest.resolutionGeneration == 0
                || directory.fileExists(EntityGroupTable.fileName(generation: manifest.generation))
        else { return try commit(resolver: resolver, grouper: grouper) }
        let directory = self.directory
        let policy = MergePolicy(mergeFactor: mergeFactor, maximumMergedBytes: maximumMergedBytes) { segment in
            segment.fileNames.reduce(0) { $0 + Int(directory.fileSize($1) ?? 0) }
        }
        guard policy.selectMerge(manifest.segments) == nil else { return try commit(resolver: resolver, grouper: grouper) }
        return CommitSummary(
            generation: manifest.generation, segmentCount: manifest.segments.count,
            documentCount: manifest.segments.reduce(0) { $0 + $1.liveDocumentCount }, mergedSegments: 0)
    }

    /// Merges every segment into one, purging deleted documents.
    @discardableResult
    public func optimize(resolver: EntityResolver? = nil, grouper: EntityGrouper? = nil) throws(IndexError) -> CommitSummary {
        var manifest = try publish(resolver: resolver)
        let group = manifest.segments.filter { $0.liveDocumentCount > 0 }
        if group.count > 1 || group.contains(where: { $0.deletedCount > 0 }) || group.count != manifest.segments.count {
            manifest = try merge(manifest.segments, into: manifest)
        }
        try writeEntityGroups(of: manifest, grouper: grouper)
        removeUnreferencedFiles(keeping: manifest)
        return CommitSummary(
            generation: manifest.generation, segmentCount: manifest.segments.count,
            documentCount: manifest.segments.reduce(0) { $0 + $1.liveDocumentCount },
            mergedSegments: group.count)
    }

    private func publish(resolver: EntityResolver?) throws(IndexError) -> Manifest {
        var (manifest, deletionWrites, deletions) = state.withLock { state in
            var manifest = state.manifest
            var writes: [(String, [UInt8])] = []
            manifest.generation += 1
            for index in manifest.segments.indices {
                let name = manifest.segments[index].name
                guard state.changedDeletions.contains(name), let set = state.deletions[name] else { continue }
                manifest.segments[index].deletedCount = set.deletedCount
                manifest.segments[index].deletionGeneration = manifest.generation
                writes.append((manifest.segments[index].deletionFileName!, set.serialized()))
            }
            manifest.segments += state.newSegments
            // A segment whose every document is deleted is simply dropped.
            manifest.segments.removeAll { $0.documentCount == $0.deletedCount }
            return (manifest, writes, state.deletions)
        }
        for (name, bytes) in deletionWrites {
            try directory.writeFile(name, bytes: bytes, for: .deletions)
        }
        var resolution: EntityResolution?
        if let resolver {
            // Decided over every segment the commit publishes; written before the manifest that names it.
            var readers: [PublishedSegment] = []
            for segment in manifest.segments {
                let reader: SegmentReader
                if let base = baseReaders[segment.name] {
                    reader = base
                } else {
                    reader = try SegmentReader(directory: directory, segment: segment)
                }
                readers.append(PublishedSegment(reader: reader, deletions: deletions[segment.name]))
            }
            let decided = try resolver(readers, self.resolution)
            let name = EntityResolution.fileName(generation: manifest.generation)
            try directory.writeFile(name, bytes: decided.serialized(), for: .resolution)
            manifest.resolutionGeneration = manifest.generation
            resolution = decided
        }
        try writeManifest(manifest)
        state.withLock { state in
            if let resolution { state.resolution = resolution }
            state.manifest = manifest
            state.newSegments = []
            state.changedDeletions = []
        }
        return manifest
    }

    /// Writes the entity group table of the commit `manifest` records, once it and its merges are durable: the
    /// table is derived data that readers use only when it describes the segments they opened, so it is written
    /// after the manifest, under a temporary name renamed into place (a reader never maps half of one).
    private func writeEntityGroups(of manifest: Manifest, grouper: EntityGrouper?) throws(IndexError) {
        guard let grouper, manifest.resolutionGeneration != 0 else { return }
        var readers: [SegmentReader] = []
        for segment in manifest.segments {
            readers.append(try SegmentReader(directory: directory, segment: segment))
        }
        let table = try grouper(readers, manifest, resolution)
        guard table.describes(manifest) else { return }
        let name = EntityGroupTable.fileName(generation: manifest.generation)
        try directory.writeFile(name + ".tmp", bytes: table.serialized(), for: .entityGroups)
        try directory.rename(name + ".tmp", to: name)
    }

    private func writeManifest(_ manifest: Manifest) throws(IndexError) {
        let temporary = Manifest.fileName + ".tmp"
        try directory.writeFile(temporary, bytes: manifest.serialized(), for: .manifest)
        try directory.rename(temporary, to: Manifest.fileName)
        directory.reached(.rename)
        try directory.sync()
    }

    /// Merges `group` into one new segment and commits a manifest where it replaces them.
    private func merge(_ group: [Manifest.Segment], into manifest: Manifest) throws(IndexError) -> Manifest {
        var next = manifest
        let name = SegmentFiles.name(number: next.nextSegmentNumber)
        next.nextSegmentNumber += 1
        var inputs: [SegmentReader] = []
        for segment in group {
            inputs.append(try SegmentReader(directory: directory, segment: segment))
        }
        let merged = try SegmentMerger.merge(inputs, into: directory, name: name)
        let names = Set(group.map(\.name))
        let position = next.segments.firstIndex { names.contains($0.name) } ?? next.segments.count
        next.segments.removeAll { names.contains($0.name) }
        if merged.documentCount > 0 {
            next.segments.insert(merged, at: min(position, next.segments.count))
        }
        next.generation += 1
        try writeManifest(next)
        state.withLock { $0.manifest = next }
        return next
    }

    /// Files of older commits (and of crashed runs) are garbage once the new manifest is durable.
    private func removeUnreferencedFiles(keeping manifest: Manifest) {
        let live = Set(manifest.segments.flatMap(\.fileNames))
        let pending = state.withLock { state in Set(state.newSegments.map(\.name)) }
        for name in directory.names() {
            guard let dot = name.firstIndex(of: ".") else { continue }
            let segment = name[..<dot]
            guard SegmentFiles.isValidName(segment), !live.contains(name), !pending.contains(String(segment)) else {
                continue
            }
            let ext = name.split(separator: ".").last.map(String.init) ?? ""
            guard IndexFileFormat.Kind.allCases.contains(where: { $0.fileExtension == ext }) else { continue }
            directory.delete(name)
            directory.reached(.sweep)
        }
        for name in directory.names() where EntityResolution.isFileName(name) && name != manifest.resolutionFileName {
            directory.delete(name)
        }
        let groups = EntityGroupTable.fileName(generation: manifest.generation)
        for name in directory.names() where EntityGroupTable.isFileName(name) && name != groups {
            directory.delete(name)
        }
        directory.delete(Manifest.fileName + ".tmp")
    }

    private static func highestSegmentNumber(in directory: any Directory) -> UInt64 {
        var highest: UInt64 = 0
        for name in directory.names() {
            guard let dot = name.firstIndex(of: "."), SegmentFiles.isValidName(name[..<dot]),
                  let number = UInt64(name[name.index(after: name.startIndex)..<dot])
            else { continue }
            highest = max(highest, number)
        }
        return highest
    }
}

/// Keeps the number of segments logarithmic in the corpus size: segments are grouped in levels by live
/// document count (powers of `mergeFactor`), and `mergeFactor` segments of one level are merged into one of
/// the next, as Lucene's LogMergePolicy does. A segment that is mostly tombstones is rewritten on its own.
struct MergePolicy {
    var mergeFactor: Int
    var maximumDeletedRatio = 0.3
    var maximumMergedBytes = Int.max
    var sizeOf: (Manifest.Segment) -> Int = { _ in 0 }

    init(mergeFactor: Int, maximumMergedBytes: Int = Int.max, sizeOf: @escaping (Manifest.Segment) -> Int = { _ in 0 }) {
        self.mergeFactor = mergeFactor
        self.maximumMergedBytes = maximumMergedBytes
        self.sizeOf = sizeOf
    }

    func selectMerge(_ segments: [Manifest.Segment]) -> [Manifest.Segment]? {
        var levels: [Int: [Manifest.Segment]] = [:]
        for segment in segments {
            levels[level(segment), default: []].append(segment)
        }
        for levelNumber in levels.keys.sorted() {
            let members = levels[levelNumber]!.sorted { $0.liveDocumentCount < $1.liveDocumentCount }
            guard members.count >= mergeFactor else { continue }
            let group = Array(members.prefix(mergeFactor))
            // Groups only grow with the level: once one is too big, the levels above are too.
            guard fits(group) else { break }
            return group
        }
        if let heavy = segments.first(where: {
            $0.documentCount > 0 && Double($0.deletedCount) / Double($0.documentCount) > maximumDeletedRatio
                && fits([$0])
        }) {
            return [heavy]
        }
        return nil
    }

    private func fits(_ group: [Manifest.Segment]) -> Bool {
        maximumMergedBytes == Int.max || group.reduce(0) { $0 + sizeOf($1) } <= maximumMergedBytes
    }

    private func level(_ segment: Manifest.Segment) -> Int {
        var level = 0
        var size = max(1, segment.liveDocumentCount)
        while size >= mergeFactor {
            size /= mergeFactor
            level += 1
        }
        return level
    }
}
