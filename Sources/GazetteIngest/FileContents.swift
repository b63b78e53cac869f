#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GazetteFileNames

/// Reads a whole file into memory with plain POSIX calls: documents are small, and one read into an exactly
/// sized buffer beats any streaming for them.
enum FileContents {
    static func read(_ path: String) throws(IngestError) -> [UInt8] {
        // O_NONBLOCK: a FIFO put where a document was listed must not block the open until a writer comes.
        // It changes nothing for regular files, the only kind read below.
        let fd = FileName.withCString(path) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard fd >= 0 else { throw .unreadable(path: path, errno: errno) }
        defer { close(fd) }

        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .unreadable(path: path, errno: errno) }
        // A FIFO named like a document would block the reader forever; a directory cannot be read at all.
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .unreadable(path: path, errno: status.st_mode & S_IFMT == S_IFDIR ? EISDIR : EINVAL)
        }
        let size = Int64(status.st_size)
        guard size < Int64(Int32.max) else { throw .tooLarge(path: path, size: size) }

        // The file may grow between fstat and read; keep reading until EOF so nothing is cut off.
        var buffer = [UInt8](repeating: 0, count: Int(size) + 1)
        var filled = 0
        while true {
            if filled == buffer.count { buffer.append(contentsOf: repeatElement(0, count: max(4096, filled))) }
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
        buffer.removeLast(buffer.count - filled)
        return buffer
    }
}

/// POSIX read(2); named apart because `FileContents.read` shadows it.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
