#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system operations a crash-safe commit needs, with errors that name the path.
/// A commit's order is: write and fsync every new file, write the manifest to a temporary name, fsync it,
/// rename it over the old manifest, fsync the folder. Until the rename the old commit is the visible one.
enum DurableFileSystem {
    /// `crashPoint` names the write for fault injection (`CrashPoint`): when armed, the process dies with half
    /// of the bytes written, as a crash in the middle of a write would leave the file.
    static func writeFile(
        _ path: String, bytes: [UInt8], sync: Bool = true, crashPoint: CrashPoint? = nil
    ) throws(IndexError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, operation: "create", errno: errno) }
        var failure: IndexError?
        let tornAt = crashPoint?.isFatal() == true ? bytes.count / 2 : nil
        bytes.withUnsafeBytes { raw in
            var offset = 0
            let end = tornAt ?? raw.count
            while offset < end {
                let written = write(fd, raw.baseAddress! + offset, end - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = .io(path: path, operation: "write", errno: errno)
                    return
                }
                offset += written
            }
        }
        if tornAt != nil, failure == nil { CrashPoint.die() }
        if failure == nil, sync, fsync(fd) != 0 {
            failure = .io(path: path, operation: "fsync", errno: errno)
        }
        if close(fd) != 0, failure == nil {
            failure = .io(path: path, operation: "close", errno: errno)
        }
        if let failure {
            unlink(path)
            throw failure
        }
    }

    static func syncDirectory(_ path: String) throws(IndexError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .io(path: path, operation: "fsync", errno: errno) }
    }

    static func rename(_ from: String, to: String) throws(IndexError) {
        guard Glibc.rename(from, to) == 0 else { throw .io(path: to, operation: "rename into place", errno: errno) }
    }

    static func createDirectory(_ path: String) throws(IndexError) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw .io(path: path, operation: "use as index folder", errno: ENOTDIR)
            }
            return
        }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw .io(path: path, operation: "create folder", errno: errno)
        }
    }

    static func fileExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    static func listDirectory(_ path: String) -> [String] {
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

    static func remove(_ path: String) {
        unlink(path)
    }
}
