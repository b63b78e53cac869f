#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File names as Swift strings, losslessly. A Linux file name is any bytes but NUL and "/", so a name that is not
/// UTF-8 has no String of its own; decoding it with replacement characters would make it impossible to open,
/// and two different names could collide. Instead, each byte that is not part of well-formed UTF-8 becomes one
/// private-use scalar U+EF80…U+EFFF (byte 0x80 + n becomes U+EF80 + n: the range MirBSD's OPTU-8 uses), which
/// `bytes(of:)` turns back into the byte. A name that is well-formed UTF-8 is its own string, except that a
/// scalar of that very range is itself written byte by byte, so that no two names ever share a string.
public enum FileName {
    /// Byte order of two names' (or paths') UTF-8, by `memcmp`: the order a corpus walk lists files in. The
    /// generic `lexicographicallyPrecedes` of `String.UTF8View` steps byte by byte through an iterator, and a
    /// walk sorts thousands of paths before any indexing starts.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                if common > 0 {
                    let order = memcmp(x.baseAddress!, y.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return x.count < y.count
            }
        }
    }

    /// Whether two names (or paths) have the same UTF-8 bytes — not `String`'s `==`, under which canonically
    /// equivalent spellings ("é" and "e" + U+0301) are equal although they name different files. By `memcmp`:
    /// the generic `elementsEqual` of two `String.UTF8View`s was most of the time of looking a corpus's paths up.
    public static func sameBytes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
    }

    /// The first scalar of the range that stands for raw bytes; scalar `escapeBase + b` is byte `b` (b ≥ 0x80).
    static let escapeBase: UInt32 = 0xEF00
    static let escapedRange: ClosedRange<UInt32> = 0xEF80...0xEFFF

    /// The string for a file name's bytes (or a path's: "/" is ASCII and passes through).
    public static func string(fromBytes bytes: UnsafeRawBufferPointer) -> String {
        if let valid = String(validating: bytes, as: UTF8.self), !containsEscapeScalar(bytes) { return valid }
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            let length = wellFormedLength(bytes, at: i)
            if length > 0 {
                let scalar = decodeScalar(bytes, at: i, length: length)
                if !escapedRange.contains(scalar.value) {
                    scalars.append(scalar)
                    i += length
                    continue
                }
                // A scalar that looks like an escape is written as its bytes, each escaped.
                for k in 0..<length { scalars.append(escape(bytes[i + k])) }
                i += length
            } else {
                scalars.append(escape(bytes[i]))
                i += 1
            }
        }
        return String(scalars)
    }

    public static func string<Bytes: Collection<UInt8>>(fromBytes bytes: Bytes) -> String {
        if let result = bytes.withContiguousStorageIfAvailable({ string(fromBytes: UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(bytes).withUnsafeBytes { string(fromBytes: $0) }
    }

    /// The bytes a string from `string(fromBytes:)` stands for, to give to the system.
    public static func bytes(of name: String) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(name.utf8.count)
        for scalar in name.unicodeScalars {
            if escapedRange.contains(scalar.value) {
                result.append(UInt8(truncatingIfNeeded: scalar.value - escapeBase))
            } else {
                result.append(contentsOf: UTF8.encode(scalar)!)
            }
        }
        return result
    }

    /// Calls `body` with the name as a NUL-terminated C string of its original bytes, for open(2) and friends.
    public static func withCString<Result>(_ name: String, _ body: (UnsafePointer<CChar>) throws -> Result)
        rethrows -> Result
    {
        guard name.unicodeScalars.contains(where: { escapedRange.contains($0.value) }) else {
            return try name.withCString(body)
        }
        var raw = bytes(of: name)
        raw.append(0)
        return try raw.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// Whether the name's bytes are not UTF-8 (the string holds escape scalars).
    public static func hasRawBytes(_ name: String) -> Bool {
        name.unicodeScalars.contains { escapedRange.contains($0.value) }
    }

    @inline(__always)
    private static func escape(_ byte: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(escapeBase + UInt32(byte))!
    }

    /// UTF-8 of U+EF80…U+EFFF is EE BE 80…EE BF BF.
    private static func containsEscapeScalar(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 3 else { return false }
        for i in 0..<(bytes.count - 2) where bytes[i] == 0xEE && (bytes[i + 1] == 0xBE || bytes[i + 1] == 0xBF) {
            return true
        }
        return false
    }

    /// Length of the well-formed UTF-8 sequence at `i`, or 0 when the byte there does not start one.
    private static func wellFormedLength(_ p: UnsafeRawBufferPointer, at i: Int) -> Int {
        let lead = p[i]
        let remaining = p.count - i
        func continuation(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            k < remaining && range.contains(p[i + k])
        }
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xE1...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }

    private static func decodeScalar(_ p: UnsafeRawBufferPointer, at i: Int, length: Int) -> Unicode.Scalar {
        var value: UInt32
        switch length {
        case 1: return Unicode.Scalar(p[i])
        case 2: value = UInt32(p[i] & 0x1F)
        case 3: value = UInt32(p[i] & 0x0F)
        default: value = UInt32(p[i] & 0x07)
        }
        for k in 1..<length { value = value << 6 | UInt32(p[i + k] & 0x3F) }
        return Unicode.Scalar(value)!
    }
}
