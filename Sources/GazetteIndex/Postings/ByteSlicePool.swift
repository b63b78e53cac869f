#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Many growable byte streams — one per term, for a segment's postings and positions as they are inverted —
/// kept in a few large pages instead of one heap array each (Lucene's ByteBlockPool and its slices). A stream is
/// a chain of slices that double in size (8 bytes, then 16, … up to 1 KB); the last 4 bytes of a full slice hold
/// the address of the next. What the pool holds is thus exactly its pages: no per-array headers, no allocator
/// overhead, no capacity doubling per term, and the pages go back to the system (`munmap`) when the pool goes.
///
/// Addresses are 32-bit (page number and offset), so a pool holds at most 4 GB; `isNearlyFull` tells a builder
/// to flush well before that.
final class ByteSlicePool {
    static let pageShift = 18
    static let pageSize = 1 << pageShift
    static let pageMask = UInt32(pageSize - 1)
    static let maximumPages = 1 << (32 - pageShift)
    /// Slice sizes by level, link included.
    static let sliceSizes: [UInt32] = [8, 16, 32, 64, 128, 256, 512, 1024]
    static let linkSize: UInt32 = 4

    private var pages: [UnsafeMutableRawPointer] = []
    private var used = pageSize

    init() {}

    deinit {
        for page in pages { munmap(page, Self.pageSize) }
    }

    /// Memory the pool holds.
    var memoryBytes: Int { pages.count * Self.pageSize + pages.capacity * 8 }

    /// The pool is within 64 MB of its 4 GB address space.
    var isNearlyFull: Bool { pages.count >= Self.maximumPages - 256 }

    /// A new, empty stream.
    func makeStream() -> SliceStream {
        let start = allocate(Self.sliceSizes[0])
        return SliceStream(start: start, upto: start, limit: start &+ Self.sliceSizes[0] &- Self.linkSize, level: 0)
    }

    @inline(__always)
    func address(_ address: UInt32) -> UnsafeMutableRawPointer {
        pages[Int(address >> UInt32(Self.pageShift))] + Int(address & Self.pageMask)
    }

    @inline(__always)
    func write(_ byte: UInt8, to stream: inout SliceStream) {
        if stream.upto == stream.limit { nextSlice(&stream) }
        address(stream.upto).storeBytes(of: byte, as: UInt8.self)
        stream.upto &+= 1
        stream.length &+= 1
    }

    @inline(__always)
    func writeVarUInt(_ value: UInt32, to stream: inout SliceStream) {
        var v = value
        while v >= 0x80 {
            write(UInt8(truncatingIfNeeded: v) | 0x80, to: &stream)
            v >>= 7
        }
        write(UInt8(v), to: &stream)
    }

    /// Links a full slice to a new one of the next size.
    private func nextSlice(_ stream: inout SliceStream) {
        let level = min(Int(stream.level) + 1, Self.sliceSizes.count - 1)
        let size = Self.sliceSizes[level]
        let next = allocate(size)
        address(stream.limit).storeBytes(of: next.littleEndian, as: UInt32.self)
        stream.upto = next
        stream.limit = next &+ size &- Self.linkSize
        stream.level = UInt8(level)
    }

    private func allocate(_ size: UInt32) -> UInt32 {
        if used + Int(size) > Self.pageSize {
            precondition(pages.count < Self.maximumPages, "slice pool full (4 GB)")
            guard let page = mmap(nil, Self.pageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                  page != MAP_FAILED
            else { fatalError("out of memory: cannot map \(Self.pageSize) bytes for the segment being built") }
            pages.append(page)
            used = 0
        }
        let address = UInt32(pages.count - 1) << UInt32(Self.pageShift) | UInt32(used)
        used += Int(size)
        return address
    }
}

/// Where one stream of a `ByteSlicePool` starts and where its next byte goes.
struct SliceStream {
    var start: UInt32
    var upto: UInt32
    /// Address of the current slice's link: the slice is full when `upto` reaches it.
    var limit: UInt32
    var level: UInt8
    /// Bytes written.
    var length: UInt32 = 0
}

/// Reads a stream of a `ByteSlicePool` back from its start, following the links from slice to slice.
struct SliceReader {
    private let pool: ByteSlicePool
    /// The next byte, and the link at the end of its slice: a slice never crosses a page, so within one the
    /// reader steps a pointer instead of translating an address per byte.
    private var cursor: UnsafeRawPointer
    private var sliceEnd: UnsafeRawPointer
    private var level: Int
    private var remaining: UInt32

    init(_ pool: ByteSlicePool, _ stream: SliceStream) {
        self.pool = pool
        cursor = UnsafeRawPointer(pool.address(stream.start))
        sliceEnd = cursor + Int(ByteSlicePool.sliceSizes[0] &- ByteSlicePool.linkSize)
        level = 0
        remaining = stream.length
    }

    var isAtEnd: Bool { remaining == 0 }

    /// Where the stream starts, to ask for its first bytes ahead of reading them.
    static func firstByte(_ pool: ByteSlicePool, _ stream: SliceStream) -> UnsafeRawPointer {
        UnsafeRawPointer(pool.address(stream.start))
    }

    @inline(__always)
    mutating func readByte() -> UInt8 {
        precondition(remaining > 0, "read past the end of a slice stream")
        if cursor == sliceEnd {
            let next = UInt32(littleEndian: sliceEnd.loadUnaligned(as: UInt32.self))
            level = min(level + 1, ByteSlicePool.sliceSizes.count - 1)
            cursor = UnsafeRawPointer(pool.address(next))
            sliceEnd = cursor + Int(ByteSlicePool.sliceSizes[level] &- ByteSlicePool.linkSize)
        }
        let byte = cursor.load(as: UInt8.self)
        cursor += 1
        remaining &-= 1
        return byte
    }

    @inline(__always)
    mutating func readVarUInt32() -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            let byte = readByte()
            result |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }
}
