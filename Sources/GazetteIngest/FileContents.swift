#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GazetteFileNames

/// Reads a file into memory with plain POSIX calls: documents are small, and one read into an exactly sized
/// buffer beats any streaming for them. `read(2)`, not `mmap`: a file truncated while it is read then just
/// ends early, where a mapping would fault (SIGBUS) on the pages that vanished.
enum FileContents {
    struct Contents {
        var bytes: [UInt8]
        /// The file holds more than the limit; `bytes` are its first `limit` bytes.
        var isTruncated: Bool
    }

    /// The first `limit` bytes of the file (all of it when shorter), read to the end even if it grew since
    /// it was listed.
    static func read(_ path: String, limit: Int) throws(IngestError) -> Contents {
        // O_NONBLOCK: a FIFO put where a document was listed must not block the open until a writer comes.
        // It changes nothing for regular files, the only kind read below.
        let fd = FileName.withCString(path) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard fd >= 0 else { throw .unreadable(path: path, errno: errno) }
        defer { close(fd) }

        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .unreadable(path: path, errno: errno) }
        // A FIFO or device named like a document is not one; a directory cannot be read at all.
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .unreadable(path: path, errno: status.st_mode & S_IFMT == S_IFDIR ? EISDIR : EINVAL)
        }
        // One byte beyond the limit tells a file of exactly `limit` bytes from a longer one.
        let wanted = limit + 1
        var buffer = [UInt8](repeating: 0, count: Int(min(Int64(status.st_size), Int64(limit))) + 1)
        var filled = 0
        while filled < wanted {
            if filled == buffer.count {
                buffer.append(contentsOf: repeatElement(0, count: min(max(4096, filled), wanted - filled)))
            }
            let n = buffer.withUnsafeMutableBytes { raw in
                systemRead(fd, raw.baseAddress! + filled, raw.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, errno: errno)
            }
            if n == 0 { break }
            filled += n
        }
        let isTruncated = filled > limit
        buffer.removeLast(buffer.count - min(filled, limit))
        return Contents(bytes: buffer, isTruncated: isTruncated)
    }
}

/// POSIX read(2); named apart because `FileContents.read` shadows it.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
