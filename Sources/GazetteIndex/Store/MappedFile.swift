#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole index file's bytes, read-only: what `Directory.openInput` returns. From a folder on disk it is a
/// memory map — index files are immutable once committed, so the mapping can be shared by every thread; pages
/// come from the OS page cache and nothing is copied up front. From a `MemoryDirectory` it is the directory's
/// own copy of the file, kept alive by this object.
public final class MappedFile: @unchecked Sendable {
    public let path: String
    public let bytes: UnsafeRawBufferPointer
    /// The length of this object's own mapping (or allocation, in fuzz builds); 0 for bytes someone else owns.
    private let mappedLength: Int
    /// What keeps `bytes` alive when they are not this object's own.
    private let owner: (any AnyObject & Sendable)?

    /// Bytes that `owner` keeps alive and never changes: how a `Directory` that is not a folder on disk (a
    /// `MemoryDirectory`, or one of another program) hands out its files.
    public init(path: String, bytes: UnsafeRawBufferPointer, owner: any AnyObject & Sendable) {
        self.path = path
        self.bytes = bytes
        self.owner = owner
        mappedLength = 0
    }

    /// Maps the file at `path` (what `FileSystemDirectory` does).
    public init(path: String) throws(IndexError) {
        self.path = path
        owner = nil
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
        #if GAZETTE_FUZZING
        // Fuzz builds only (Fuzz/, `make fuzz`): the file is read into an allocation of exactly its size, so
        // AddressSanitizer reports a read one byte past its end, which a page-rounded mapping would let through.
        let copy = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        var done = 0
        while done < size {
            let n = pread(fd, copy + done, size - done, off_t(done))
            guard n > 0 else {
                copy.deallocate()
                throw .io(path: path, operation: "read", errno: errno)
            }
            done += n
        }
        mappedLength = size
        bytes = UnsafeRawBufferPointer(start: copy, count: size)
        #else
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw .io(path: path, operation: "map", errno: errno)
        }
        mappedLength = size
        bytes = UnsafeRawBufferPointer(start: address, count: size)
        #endif
    }

    /// Drops the pages of the mapping the process has touched from its resident set; they stay in the page
    /// cache and come back on the next access. A merge reads its inputs once from front to back: releasing them
    /// as it goes keeps its memory from growing with the size of the segments it reads.
    public func releaseResidentPages() {
        #if !GAZETTE_FUZZING
        // Not in fuzz builds: there the bytes are a heap allocation, and MADV_DONTNEED would zero its pages
        // under the allocator (the index target found that as a bad free).
        guard mappedLength > 0, let base = bytes.baseAddress else { return }
        madvise(UnsafeMutableRawPointer(mutating: base), mappedLength, MADV_DONTNEED)
        #endif
    }

    deinit {
        if mappedLength > 0, let base = bytes.baseAddress {
            #if GAZETTE_FUZZING
            UnsafeMutableRawPointer(mutating: base).deallocate()
            #else
            munmap(UnsafeMutableRawPointer(mutating: base), mappedLength)
            #endif
        }
    }
}
