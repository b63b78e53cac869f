#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An index folder on disk: files are memory-mapped for reading, written through file descriptors, fsynced
/// before anything names them, and the writer lock is `flock` on `.lock` (`IndexLock`). Errors name the path.
///
/// A commit's order is: write and fsync every new file, write the manifest to a temporary name, fsync it,
/// rename it over the old manifest, fsync the folder. Until the rename the old commit is the visible one.
public final class FileSystemDirectory: Directory {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func create() throws(IndexError) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw .io(path: path, operation: "use as index folder", errno: ENOTDIR)
            }
            return
        }
        // Missing parents are made too, as `mkdir -p` does: `--index runs/2025/news` should just work.
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw .io(path: prefix, operation: "create folder", errno: errno)
            }
            prefix += "/"
        }
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .io(path: path, operation: "use as index folder", errno: ENOTDIR)
        }
    }

    public func openInput(_ name: String) throws(IndexError) -> MappedFile {
        try MappedFile(path: path(of: name))
    }

    public func createOutput(_ name: String, for step: IndexStep) throws(IndexError) -> any WritableFile {
        try FileSystemFile(path: path(of: name))
    }

    public func writeFile(_ name: String, bytes: [UInt8], for step: IndexStep) throws(IndexError) {
        let file = try FileSystemFile(path: path(of: name))
        let written = bytes.withUnsafeBytes { raw in Result { () throws(IndexError) in try file.write(raw) } }
        do throws(IndexError) {
            try written.get()
            try file.sync()
            try file.close()
        } catch {
            file.discard()
            throw error
        }
    }

    public func sync() throws(IndexError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        defer { closeDescriptor(fd) }
        guard fsync(fd) == 0 else { throw .io(path: path, operation: "fsync", errno: errno) }
    }

    public func rename(_ from: String, to: String) throws(IndexError) {
        guard renameFile(path(of: from), path(of: to)) == 0 else {
            throw .io(path: path(of: to), operation: "rename into place", errno: errno)
        }
    }

    public func names() -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            // Read in place: copying `d_name` would read all 256 bytes of a record that may be shorter.
            let name = String(cString: (UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                .assumingMemoryBound(to: CChar.self))
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public func delete(_ name: String) {
        unlink(path(of: name))
    }

    public func fileExists(_ name: String) -> Bool {
        var info = stat()
        return stat(path(of: name), &info) == 0
    }

    public func fileSize(_ name: String) -> Int64? {
        var info = stat()
        guard stat(path(of: name), &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    public func obtainLock(
        waiting: LockWaiting, onWait: (LockHolder?) -> Void
    ) throws(IndexError) -> any DirectoryLock {
        try IndexLock(directory: path, waiting: waiting, onWait: onWait)
    }
}

/// A file of a `FileSystemDirectory` being written, through its descriptor (opened with O_CLOEXEC, so that a
/// process the indexer starts does not inherit it).
final class FileSystemFile: WritableFile {
    let path: String
    private var descriptor: Int32

    init(path: String) throws(IndexError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, operation: "create", errno: errno) }
        self.path = path
        descriptor = fd
    }

    deinit {
        if descriptor >= 0 { closeDescriptor(descriptor) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(IndexError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        while offset < bytes.count {
            let count = writeDescriptor(descriptor, base + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "write", errno: errno)
            }
            offset += count
        }
    }

    func truncate(to length: Int) throws(IndexError) {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw .io(path: path, operation: "truncate", errno: errno) }
    }

    func sync() throws(IndexError) {
        guard fsync(descriptor) == 0 else { throw .io(path: path, operation: "fsync", errno: errno) }
    }

    func close() throws(IndexError) {
        guard descriptor >= 0 else { return }
        let result = closeDescriptor(descriptor)
        descriptor = -1
        guard result == 0 else { throw .io(path: path, operation: "close", errno: errno) }
    }

    func discard() {
        if descriptor >= 0 {
            closeDescriptor(descriptor)
            descriptor = -1
        }
        unlink(path)
    }
}

// The C functions by other names: inside the types above, `close`, `write` and `rename` are their own methods.
@discardableResult
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }

private func writeDescriptor(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }

private func renameFile(_ from: String, _ to: String) -> Int32 { rename(from, to) }
