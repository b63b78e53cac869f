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

    public mutating func readVarUInt32() -> UInt32? {
        guard let value = readVarUInt64(), value <= UInt64(UInt32.max) else { return nil }
        return UInt32(value)
    }

    public mutating func readVarInt() -> Int? {
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
