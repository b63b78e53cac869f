#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GazetteIndex
import GazetteKit
import GazetteSearch

/// The indexes a server serves, reopened when a newer commit exists. Readers are Sendable and shared by every
/// request; a `SearchSession`, which is not, is opened per request over them (which maps nothing: the readers
/// are open already). The entity directory one request gathers is kept for the next ones until the indexes
/// change.
final class ServedCorpus: Sendable {
    let folders: [String]

    struct Snapshot: Sendable {
        var stamps: [ManifestStamp]
        var readers: [IndexReader]
        var directory: EntityDirectory?
        /// Counts reopenings, so that a directory gathered over older readers is never kept for newer ones.
        var version: Int
    }

    private let state: Locked<Snapshot>

    init(folders: [String]) throws(IndexError) {
        var unique: [String] = []
        for folder in folders where !unique.contains(folder) { unique.append(folder) }
        self.folders = unique
        state = Locked(try Self.open(unique, version: 0))
    }

    /// The snapshot to answer a request from: the one open, unless a manifest changed since it was opened (a
    /// `stat` per index: a commit renames a new manifest over the old one).
    func current() throws(IndexError) -> Snapshot {
        try state.withLock { (snapshot: inout sending Snapshot) throws(IndexError) -> Snapshot in
            let stamps = folders.map(ManifestStamp.init(folder:))
            if stamps != snapshot.stamps {
                snapshot = try Self.open(folders, version: snapshot.version + 1)
            }
            return snapshot
        }
    }

    /// A session over the current snapshot; with `entities`, its entity directory is gathered (once per
    /// snapshot) before it is returned.
    func session(entities: Bool = false) throws(IndexError) -> (session: SearchSession, snapshot: Snapshot) {
        let snapshot = try current()
        let session = SearchSession(indexes: snapshot.readers, directory: snapshot.directory)
        if entities, snapshot.directory == nil {
            let directory = try session.gatheredEntityDirectory()
            state.withLock { (current: inout sending Snapshot) in
                if current.version == snapshot.version, current.directory == nil { current.directory = directory }
            }
        }
        return (session, snapshot)
    }

    /// The stamps are taken before the readers open: a commit in between leaves a stamp older than the
    /// readers, which costs one needless reopening at the next request, never a missed commit.
    private static func open(_ folders: [String], version: Int) throws(IndexError) -> Snapshot {
        let stamps = folders.map(ManifestStamp.init(folder:))
        var readers: [IndexReader] = []
        for folder in folders { readers.append(try IndexReader(directory: folder)) }
        return Snapshot(stamps: stamps, readers: readers, directory: nil, version: version)
    }
}

/// Identity and times of an index's manifest file: any commit changes it.
struct ManifestStamp: Equatable, Sendable {
    var device: UInt64 = 0
    var inode: UInt64 = 0
    var size: Int64 = -1
    var seconds: Int = 0
    var nanoseconds: Int = 0

    init(folder: String) {
        var info = stat()
        guard stat(folder + "/" + Manifest.fileName, &info) == 0 else { return }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        seconds = Int(info.st_mtim.tv_sec)
        nanoseconds = Int(info.st_mtim.tv_nsec)
    }
}
