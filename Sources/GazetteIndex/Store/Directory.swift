/// Where an index's files live. Every file operation of the index goes through one: readers map files through
/// it, writers create outputs, write small files, rename, list, delete and lock through it. It works at file
/// granularity only — a reader gets a file's bytes once and decodes them in place, and a writer hands over a
/// buffer at a time — so the hot paths never see it.
///
/// `FileSystemDirectory` is a folder on disk (memory maps, fsync, `flock`); `MemoryDirectory` keeps the files in
/// memory, for tests and for programs that index without a disk. A directory that wraps another one can watch
/// the writer's steps (`IndexStep`) to stop the process or fail a write at a chosen moment: that is how the
/// crash-safety tests inject faults, with nothing of it in the shipped binary.
///
/// Names are plain file names inside the directory (no `/`). Errors name the file by `path(of:)`.
public protocol Directory: AnyObject, Sendable {
    /// The folder's path (a label for a memory directory), which messages show.
    var path: String { get }

    /// Creates the folder if it does not exist yet; fails when something else has its name.
    func create() throws(IndexError)

    /// The file's bytes, read-only, for as long as the returned object lives — also after the file is deleted
    /// or replaced, as a memory map outlives the name it was opened by.
    func openInput(_ name: String) throws(IndexError) -> MappedFile

    /// A new (or truncated) file, written front to back; `step` says what the write is for.
    func createOutput(_ name: String, for step: IndexStep) throws(IndexError) -> any WritableFile

    /// Writes a whole small file and makes it durable (a file that fails is removed); `step` says what for.
    func writeFile(_ name: String, bytes: [UInt8], for step: IndexStep) throws(IndexError)

    /// Makes the folder's entries durable: files created, renamed or deleted in it since the last sync.
    func sync() throws(IndexError)

    /// Replaces `to` with `from` atomically: a reader sees the old file or the new one, never neither.
    func rename(_ from: String, to: String) throws(IndexError)

    /// The names of the files in the folder, in no particular order.
    func names() -> [String]

    /// Removes the file if it is there. Readers that opened it keep their bytes.
    func delete(_ name: String)

    func fileExists(_ name: String) -> Bool

    /// The file's size in bytes, or nil when there is no such file.
    func fileSize(_ name: String) -> Int64?

    /// Takes the index's writer lock, held until the returned object is released. When another writer holds
    /// it, `waiting` says whether to fail at once or wait; `onWait` hears of a wait, once, before it starts.
    func obtainLock(waiting: LockWaiting, onWait: (LockHolder?) -> Void) throws(IndexError) -> any DirectoryLock

    /// The writer has come to `step` (one of the steps that write no file: a document, a rename, a file swept).
    func reached(_ step: IndexStep)
}

extension Directory {
    /// The file's path, for messages.
    public func path(of name: String) -> String { path + "/" + name }

    public func reached(_ step: IndexStep) {}
}

/// A file being written: bytes are appended, then synced and closed. An output that fails or is never finished
/// is discarded (closed and removed), so that no half-written file is left under a name a manifest could take.
public protocol WritableFile: AnyObject {
    /// The file's path, for messages.
    var path: String { get }
    /// Appends the bytes.
    func write(_ bytes: UnsafeRawBufferPointer) throws(IndexError)
    /// Cuts the file to its first `length` bytes.
    func truncate(to length: Int) throws(IndexError)
    /// Makes what was written durable.
    func sync() throws(IndexError)
    func close() throws(IndexError)
    /// Closes the file, if it is still open, and removes it.
    func discard()
}

/// The writer lock of a directory, released when the object goes.
public protocol DirectoryLock: AnyObject, Sendable {}

/// The named steps of writing an index, which the writer tells its directory of: each file it creates or writes
/// is for one of the write steps, and it reports the steps that write nothing with `Directory.reached`. A
/// directory on disk or in memory ignores them; a test directory counts them to stop the process (or fail a
/// write) at the n-th one, so that a fault lands in a phase that random timing rarely hits (a manifest rename
/// lasts microseconds).
public enum IndexStep: String, Sendable, CaseIterable {
    /// A document about to be added to a segment builder (parsing and inverting). Reported by the indexing
    /// pipeline, which owns the builders.
    case document
    /// A segment file written by a flush.
    case flush
    /// A segment file written by a merge.
    case merge
    /// A deletion file written by a commit.
    case deletions
    /// The entity resolution file written by a commit.
    case resolution
    /// The entity group table written after a commit and its merges (derived data, see `EntityGroupTable`).
    case entityGroups
    /// The temporary manifest written by a commit.
    case manifest
    /// A new manifest renamed into place, before the folder is synced.
    case rename
    /// A file no commit names removed after a commit.
    case sweep
}
