#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of a whole file. Index files are immutable once committed, so the mapping can be
/// shared by every thread; pages come from the OS page cache and nothing is copied up front.
public final class MappedFile: @unchecked Sendable {
    public let path: String
    public let bytes: UnsafeRawBufferPointer
    private let mappedLength: Int

    public init(path: String) throws(IndexError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, operation: "stat", errno: errno) }
        let size = Int(info.st_size)
        if size == 0 {
            mappedLength = 0
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw .io(path: path, operation: "map", errno: errno)
        }
        mappedLength = size
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// Drops the pages of the mapping the process has touched from its resident set; they stay in the page
    /// cache and come back on the next access. A merge reads its inputs once from front to back: releasing them
    /// as it goes keeps its memory from growing with the size of the segments it reads.
    public func releaseResidentPages() {
        guard mappedLength > 0, let base = bytes.baseAddress else { return }
        madvise(UnsafeMutableRawPointer(mutating: base), mappedLength, MADV_DONTNEED)
    }

    deinit {
        if mappedLength > 0, let base = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), mappedLength)
        }
    }
}
