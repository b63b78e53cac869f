#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-analyzer memo of each scalar's class and folded UTF-8 form.
///
/// Unicode property lookups and the `String`s that `lowercaseMapping` returns cost far more than tokenizing
/// a byte should, so each scalar pays for them once per analyzer; afterwards it costs an array load (BMP) or
/// a dictionary lookup (other planes). The cache is owned by one analyzer, hence by one thread, so it needs
/// no locking.
struct ScalarCache {
    /// Packed entry: bits 0–2 the `ScalarClass` raw value (0 = not computed yet); bit 3 set when the scalar
    /// folds to itself (the tokenizer then copies the input bytes); bits 4–7 the folded length in bytes;
    /// bit 8 set when removing accents changed the scalar, whose case-folded form (the exact form) then
    /// follows the folded bytes in `pool`, after a byte giving its length; bit 9 set when the scalar composes
    /// with some scalar before it (`Composition`); bits 10–31 the offset of the folded bytes in `pool`.
    struct Entry {
        var bits: UInt32

        @inline(__always) var scalarClass: ScalarClass { ScalarClass(rawValue: UInt8(truncatingIfNeeded: bits & 7))! }
        @inline(__always) var foldsToItself: Bool { bits & 8 != 0 }
        @inline(__always) var foldedLength: Int { Int((bits >> 4) & 0xF) }
        @inline(__always) var hasExactForm: Bool { bits & 0x100 != 0 }
        @inline(__always) var composesWithPrevious: Bool { bits & 0x200 != 0 }
        @inline(__always) var foldedOffset: Int { Int(bits >> 10) }
    }

    /// For each byte: the folded (lowercased) byte of an ASCII letter or digit, `'` for the apostrophe, 0 for
    /// everything else (ASCII separators and all bytes ≥ 0x80) — one load answers both "does it continue an
    /// ASCII word" and "what does it become".
    let ascii: [UInt8]
    /// Direct-mapped entries for the Basic Multilingual Plane, where nearly all text lives. Allocated at the
    /// first non-ASCII scalar, and zero-filled pages that are backed only where a scalar is seen
    /// (`BMPEntries`): a one-shot search meeting one accented letter does not zero and fault in 256 KB.
    private var bmp: BMPEntries?
    private var astral: [UInt32: UInt32] = [:]
    /// Folded bytes of every scalar that does not fold to itself, concatenated (each followed by its exact
    /// form when it has one).
    private(set) var pool: [UInt8] = []
    let accents: AccentFolding

    init(accents: AccentFolding) {
        self.accents = accents
        ascii = (0..<256).map { byte in
            guard byte < 0x80 else { return 0 }
            return switch ScalarClass.ofASCII(UInt8(byte)) {
            case .word: CaseFolding.foldASCII(UInt8(byte))
            case .apostrophe: UInt8(ascii: "'")
            default: 0
            }
        }
    }

    /// The entry for a valid non-ASCII scalar value.
    @inline(__always)
    mutating func entry(for value: UInt32) -> Entry {
        if value < 0x1_0000 {
            guard let bmp else { return computeEntry(for: value) }
            let bits = bmp.entries[Int(value)]
            if bits != 0 { return Entry(bits: bits) }
        } else if let bits = astral[value] {
            return Entry(bits: bits)
        }
        return computeEntry(for: value)
    }

    @inline(never)
    private mutating func computeEntry(for value: UInt32) -> Entry {
        // Only called with values from UTF8Decoding, which never yields surrogates or values past U+10FFFF.
        let scalar = Unicode.Scalar(value)!
        let scalarClass = ScalarClass.of(scalar)
        var bits = UInt32(scalarClass.rawValue)
        switch scalarClass {
        case .word, .mark, .ideograph:
            let folded = CaseFolding.foldedUTF8(scalar, accents: accents)
            let exact = accents == .folded ? CaseFolding.foldedUTF8(scalar, accents: .kept) : folded
            if folded.elementsEqual(UTF8.encode(scalar)!) {
                bits |= 8
            } else if folded.count < 16, exact.count < 16, pool.count < 1 << 22 {
                bits |= UInt32(folded.count) << 4 | UInt32(pool.count) << 10
                pool.append(contentsOf: folded)
                if exact != folded {
                    bits |= 0x100
                    pool.append(UInt8(exact.count))
                    pool.append(contentsOf: exact)
                }
            } else {
                // Not representable (no real folding is this long); index the scalar as written.
                bits |= 8
            }
        case .separator, .apostrophe:
            break
        }
        if scalarClass != .separator, Composition.isSecond(value) { bits |= 0x200 }
        if value < 0x1_0000 {
            // Copied first if another analyzer (a copy of this one) shares the table.
            if bmp == nil {
                bmp = BMPEntries()
            } else if !isKnownUniquelyReferenced(&bmp) {
                bmp = BMPEntries(copying: bmp!)
            }
            bmp!.entries[Int(value)] = bits
        } else {
            astral[value] = bits
        }
        return Entry(bits: bits)
    }
}

/// One entry per BMP scalar, from `calloc`: an allocation this large is fresh zeroed pages from the kernel, so
/// nothing is written until a scalar's entry is, and only the pages of scalars seen are ever backed by memory.
/// Unchecked Sendable: `ScalarCache` writes only a table no other cache shares (copy on write).
final class BMPEntries: @unchecked Sendable {
    static let count = 0x1_0000
    let entries: UnsafeMutablePointer<UInt32>

    init() {
        // Out of memory is what an array's allocation would trap on too.
        guard let zeroed = calloc(Self.count, MemoryLayout<UInt32>.stride) else { fatalError("out of memory") }
        entries = zeroed.bindMemory(to: UInt32.self, capacity: Self.count)
    }

    convenience init(copying other: BMPEntries) {
        self.init()
        entries.update(from: other.entries, count: Self.count)
    }

    deinit {
        free(entries)
    }
}
