/// Validation and repair of UTF-8 on raw bytes. Decoding decisions (is this file UTF-8 or Windows-1252?) are
/// made over whole files of up to megabytes, so this works on buffers, with a fast path for ASCII runs.
enum UTF8Scanner {
    struct Summary: Equatable {
        /// Maximal ill-formed subsequences, each of which a decoder would replace by one U+FFFD.
        var invalidSequences = 0
        /// Well-formed scalars of two or more bytes: evidence that the file really is UTF-8.
        var multibyteScalars = 0

        var isValid: Bool { invalidSequences == 0 }

        /// True when a file that is not strictly valid is still overwhelmingly UTF-8 (a few stray bytes in a
        /// UTF-8 page, typically a truncated paste), so repairing it loses less than reading it as
        /// Windows-1252 would. Windows-1252 text almost never forms valid multi-byte sequences by chance.
        var isMostlyUTF8: Bool {
            invalidSequences == 0 || multibyteScalars >= 4 * invalidSequences
        }
    }

    /// Length of the well-formed sequence starting at `i`, or the negated length of the maximal ill-formed
    /// subpart to skip (Unicode §3.9 "U+FFFD substitution of maximal subparts").
    @inline(__always)
    static func sequenceLength(_ p: UnsafeRawBufferPointer, at i: Int) -> Int {
        let lead = p[i]
        let remaining = p.count - i
        @inline(__always) func isContinuation(_ k: Int) -> Bool { k < remaining && p[i + k] & 0xC0 == 0x80 }
        switch lead {
        case 0x00...0x7F:
            return 1
        case 0xC2...0xDF:
            return isContinuation(1) ? 2 : -1
        case 0xE0...0xEF:
            guard remaining > 1 else { return -1 }
            let second = p[i + 1]
            let secondOK: Bool
            switch lead {
            case 0xE0: secondOK = second >= 0xA0 && second <= 0xBF
            case 0xED: secondOK = second >= 0x80 && second <= 0x9F
            default: secondOK = second & 0xC0 == 0x80
            }
            guard secondOK else { return -1 }
            return isContinuation(2) ? 3 : -2
        case 0xF0...0xF4:
            guard remaining > 1 else { return -1 }
            let second = p[i + 1]
            let secondOK: Bool
            switch lead {
            case 0xF0: secondOK = second >= 0x90 && second <= 0xBF
            case 0xF4: secondOK = second >= 0x80 && second <= 0x8F
            default: secondOK = second & 0xC0 == 0x80
            }
            guard secondOK else { return -1 }
            guard isContinuation(2) else { return -2 }
            return isContinuation(3) ? 4 : -3
        default:
            return -1
        }
    }

    static func scan(_ p: UnsafeRawBufferPointer) -> Summary {
        var summary = Summary()
        var i = 0
        let count = p.count
        while i < count {
            // ASCII fast path: eight bytes at a time while none has the high bit set.
            while i + 8 <= count && p.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            guard i < count else { break }
            if p[i] < 0x80 { i += 1; continue }
            let length = sequenceLength(p, at: i)
            if length > 0 {
                summary.multibyteScalars += 1
                i += length
            } else {
                summary.invalidSequences += 1
                i -= length
            }
        }
        return summary
    }

    /// `String(decoding: p, as: UTF8.self)`, made faster for long texts. The standard library checks a buffer
    /// eight bytes at a time only while all of it is ASCII; one curly quote anywhere (most pages have some)
    /// and it checks every byte alone, for every document indexed. Here the ASCII runs of at least
    /// `minimumASCIIRun` bytes become strings of their own (the fast check), and what lies between them goes
    /// through the standard library as before; the pieces are joined without another check. Every
    /// cut is before or after an ASCII byte, which no UTF-8 sequence, well-formed or not, spans: the repairs
    /// (U+FFFD for each maximal ill-formed subpart) and so the string are the same as the whole buffer's.
    static func string(decoding p: UnsafeRawBufferPointer) -> String {
        let count = p.count
        guard count >= 2 * minimumASCIIRun else { return String(decoding: p, as: UTF8.self) }
        var result = String()
        result.reserveCapacity(count)
        var pending = 0  // start of the bytes not yet appended
        var i = 0
        while i < count {
            let runStart = i
            while i + 8 <= count && p.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            while i < count && p[i] < 0x80 { i += 1 }
            if i - runStart >= minimumASCIIRun {
                if runStart > pending {
                    result.append(String(decoding: UnsafeRawBufferPointer(rebasing: p[pending..<runStart]), as: UTF8.self))
                }
                result.append(String(decoding: UnsafeRawBufferPointer(rebasing: p[runStart..<i]), as: UTF8.self))
                pending = i
            }
            while i < count && p[i] >= 0x80 { i += 1 }
        }
        if pending < count {
            result.append(String(decoding: UnsafeRawBufferPointer(rebasing: p[pending..<count]), as: UTF8.self))
        }
        return result
    }

    /// The shortest ASCII run made a string of its own: long enough that the allocation of a piece costs less
    /// than checking its bytes one by one.
    static let minimumASCIIRun = 256

    /// A copy with every ill-formed subsequence replaced by U+FFFD.
    static func repaired(_ p: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(p.count + 16)
        var i = 0
        var runStart = 0
        while i < p.count {
            if p[i] < 0x80 { i += 1; continue }
            let length = sequenceLength(p, at: i)
            if length > 0 { i += length; continue }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[runStart..<i]))
            out.append(contentsOf: [0xEF, 0xBF, 0xBD])
            i -= length
            runStart = i
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[runStart..<p.count]))
        return out
    }

    @inline(__always)
    static func appendScalar(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
