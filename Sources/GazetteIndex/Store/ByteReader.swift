/// Bounds-checked reader over a mapped file region. Every read that would run past the end fails instead of
/// trapping, so a truncated or corrupt file becomes an `IndexError`, never a crash.
public struct ByteReader {
    public let base: UnsafeRawBufferPointer
    public var offset: Int

    public init(_ base: UnsafeRawBufferPointer, offset: Int = 0) {
        self.base = base
        self.offset = offset
    }

    public var remaining: Int { base.count - offset }
    public var isAtEnd: Bool { offset >= base.count }

    public mutating func readVarUInt64() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < base.count {
            let byte = base[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    /// Moves past `n` variable-length numbers without decoding them: each ends at its first byte below 0x80.
    /// False, the offset unchanged, when the bytes run out first. Nothing else is checked (a number of more than
    /// ten bytes passes): for walks that want only what comes after the numbers, whose reader checks their total
    /// length. A few numbers, the common case, are stepped over byte by byte; more are counted eight bytes at a
    /// time by their high bits.
    @inline(__always)
    public mutating func skipVarUInts(_ n: Int) -> Bool {
        guard n <= 4 else { return skipManyVarUInts(n) }
        var left = n, at = offset
        while left > 0 {
            guard at < base.count else { return false }
            if base[at] < 0x80 { left &-= 1 }
            at &+= 1
        }
        offset = at
        return true
    }

    private mutating func skipManyVarUInts(_ n: Int) -> Bool {
        guard let start = base.baseAddress else { return false }
        var left = n
        var at = offset
        let count = base.count
        while at + 8 <= count {
            let word = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            var ends = ~word & 0x8080_8080_8080_8080
            let found = ends.nonzeroBitCount
            if found < left {
                left -= found
                at += 8
                continue
            }
            // The `left`-th end of this word: the lower ones cleared first.
            for _ in 1..<left { ends &= ends - 1 }
            offset = at + ends.trailingZeroBitCount / 8 + 1
            return true
        }
        while at < count {
            if start.load(fromByteOffset: at, as: UInt8.self) < 0x80 {
                left -= 1
                if left == 0 {
                    offset = at + 1
                    return true
                }
            }
            at += 1
        }
        return false
    }

    // A number below 128, one byte, is most of what the postings and records hold: read inline, the rest by
    // `readVarUInt64`.
    @inline(__always)
    public mutating func readVarUInt32() -> UInt32? {
        if offset < base.count, base[offset] < 0x80 {
            defer { offset &+= 1 }
            return UInt32(base[offset])
        }
        guard let value = readVarUInt64(), value <= UInt64(UInt32.max) else { return nil }
        return UInt32(value)
    }

    @inline(__always)
    public mutating func readVarInt() -> Int? {
        if offset < base.count, base[offset] < 0x80 {
            defer { offset &+= 1 }
            return Int(base[offset])
        }
        guard let value = readVarUInt64(), value <= UInt64(Int.max) else { return nil }
        return Int(value)
    }

    public mutating func readUInt8() -> UInt8? {
        guard offset < base.count else { return nil }
        defer { offset += 1 }
        return base[offset]
    }

    public mutating func readUInt32() -> UInt32? {
        guard base.count - offset >= 4 else { return nil }
        defer { offset += 4 }
        return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    public mutating func readUInt64() -> UInt64? {
        guard base.count - offset >= 8 else { return nil }
        defer { offset += 8 }
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// A slice of `count` bytes, or nil when the file is too short.
    public mutating func readBytes(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, base.count - offset >= count else { return nil }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: base[offset..<(offset + count)])
    }

    public mutating func readLengthPrefixed() -> UnsafeRawBufferPointer? {
        guard let length = readVarInt() else { return nil }
        return readBytes(length)
    }
}

extension ByteReader {
    /// The varint at `base[at]`, `at` moved past it; nil when it runs to `end` or past nine bytes (or above
    /// `Int.max`). For loops that read a field in place through a pointer, without a reader's checks per byte.
    @inline(__always)
    static func varint(_ base: UnsafePointer<UInt8>, at: inout Int, end: Int) -> Int? {
        var value = 0, shift = 0
        while at < end && shift <= 56 {
            let byte = base[at]
            at &+= 1
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return value >= 0 ? value : nil }
            shift &+= 7
        }
        return nil
    }
}
