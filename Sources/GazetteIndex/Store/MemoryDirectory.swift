#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An index folder in memory: the files are byte arrays behind a lock, shared by every thread. For tests, and
/// for programs that build or serve a small index without a disk. It behaves as a folder would for everything
/// the index relies on: an opened file keeps its bytes after it is deleted or replaced, a file being written
/// is there from its creation, a rename replaces its target at once, and one writer at a time holds the lock
/// (between writers of this process; a memory directory is not seen by others).
public final class MemoryDirectory: Directory {
    public let path: String
    private let state = Locked(State())

    private struct State {
        var files: [String: MemoryFileBytes] = [:]
        var locked = false
    }

    /// `path` is only a label: messages name files as `<path>/<name>`.
    public init(path: String = "memory") {
        self.path = path
    }

    public func create() throws(IndexError) {}

    public func openInput(_ name: String) throws(IndexError) -> MappedFile {
        guard let file = state.withLock({ $0.files[name] }) else {
            throw .io(path: path(of: name), operation: "open", errno: ENOENT)
        }
        return MappedFile(path: path(of: name), bytes: file.bytes, owner: file)
    }

    public func createOutput(_ name: String, for step: IndexStep) throws(IndexError) -> any WritableFile {
        let created = MemoryFileBytes([])
        store(name, created)
        return MemoryFile(directory: self, name: name, created: created)
    }

    public func writeFile(_ name: String, bytes: [UInt8], for step: IndexStep) throws(IndexError) {
        store(name, MemoryFileBytes(bytes))
    }

    public func sync() throws(IndexError) {}

    public func rename(_ from: String, to: String) throws(IndexError) {
        let moved = state.withLock { state in
            guard let file = state.files.removeValue(forKey: from) else { return false }
            state.files[to] = file
            return true
        }
        guard moved else { throw .io(path: path(of: to), operation: "rename into place", errno: ENOENT) }
    }

    public func names() -> [String] {
        state.withLock { Array($0.files.keys) }
    }

    public func delete(_ name: String) {
        state.withLock { _ = $0.files.removeValue(forKey: name) }
    }

    public func fileExists(_ name: String) -> Bool {
        state.withLock { $0.files[name] != nil }
    }

    public func fileSize(_ name: String) -> Int64? {
        state.withLock { $0.files[name].map { Int64($0.bytes.count) } }
    }

    /// Waits by polling, as `IndexLock` does when it waits with a timeout. The holder is this process: another
    /// writer of the same memory directory can only be in it.
    public func obtainLock(
        waiting: LockWaiting, onWait: (LockHolder?) -> Void
    ) throws(IndexError) -> any DirectoryLock {
        var deadline: ContinuousClock.Instant?
        if case .wait(let timeout?) = waiting { deadline = .now + timeout }
        var notified = false
        while true {
            let taken = state.withLock { state in
                guard !state.locked else { return false }
                state.locked = true
                return true
            }
            if taken { return MemoryDirectoryLock(directory: self) }
            let holder = LockHolder.current()
            guard case .wait(let timeout) = waiting else { throw .locked(directory: path, holder: holder) }
            if !notified { onWait(holder) }
            notified = true
            if let deadline, let timeout, ContinuousClock.now >= deadline {
                throw .lockTimedOut(directory: path, holder: holder, waited: timeout)
            }
            IndexLock.sleep(for: IndexLock.pollInterval)
        }
    }

    fileprivate func releaseLock() {
        state.withLock { $0.locked = false }
    }

    fileprivate func store(_ name: String, _ file: MemoryFileBytes) {
        state.withLock { $0.files[name] = file }
    }

    /// Replaces the file's bytes if they are still `expected`: a file being written whose name was since
    /// deleted, renamed or taken by another file does not come back.
    fileprivate func replace(_ name: String, _ expected: MemoryFileBytes, with file: MemoryFileBytes) -> Bool {
        state.withLock { state in
            guard state.files[name] === expected else { return false }
            state.files[name] = file
            return true
        }
    }

    fileprivate func delete(_ name: String, ifStill expected: MemoryFileBytes) {
        state.withLock { state in
            if state.files[name] === expected { state.files[name] = nil }
        }
    }
}

/// A memory file's bytes: immutable once made, so that readers can hold them without a lock. A write makes a
/// new one.
final class MemoryFileBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer

    init(_ contents: [UInt8]) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: contents.count, alignment: 16)
        contents.withUnsafeBytes { storage.copyMemory(from: $0) }
        bytes = UnsafeRawBufferPointer(storage)
    }

    deinit {
        bytes.deallocate()
    }
}

/// A memory file being written: the bytes collect here and reach the directory whenever the file is synced or
/// closed (and its name shows an empty file until then).
final class MemoryFile: WritableFile {
    let path: String
    private let directory: MemoryDirectory
    private let name: String
    private var contents: [UInt8] = []
    /// The bytes the directory holds under `name` for this file.
    private var published: MemoryFileBytes
    private var open = true

    init(directory: MemoryDirectory, name: String, created: MemoryFileBytes) {
        self.directory = directory
        self.name = name
        published = created
        path = directory.path(of: name)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(IndexError) {
        guard open else { throw .io(path: path, operation: "write", errno: EBADF) }
        contents.append(contentsOf: bytes)
    }

    func truncate(to length: Int) throws(IndexError) {
        guard open else { throw .io(path: path, operation: "truncate", errno: EBADF) }
        if length < contents.count {
            contents.removeLast(contents.count - length)
        } else {
            contents.append(contentsOf: repeatElement(0, count: length - contents.count))
        }
    }

    func sync() throws(IndexError) {
        guard open else { throw .io(path: path, operation: "fsync", errno: EBADF) }
        publish()
    }

    func close() throws(IndexError) {
        guard open else { return }
        publish()
        open = false
        contents = []
    }

    func discard() {
        directory.delete(name, ifStill: published)
        open = false
        contents = []
    }

    private func publish() {
        let file = MemoryFileBytes(contents)
        if directory.replace(name, published, with: file) { published = file }
    }
}

/// The writer lock of a `MemoryDirectory`.
final class MemoryDirectoryLock: DirectoryLock {
    private let directory: MemoryDirectory

    init(directory: MemoryDirectory) {
        self.directory = directory
    }

    deinit {
        directory.releaseLock()
    }
}
