import CChecksum

/// CRC-32 (IEEE 802.3, the polynomial of zlib and PNG). Runs of 64 bytes and more are folded by carry-less
/// multiplication where the processor has it (PCLMULQDQ, through the `CChecksum` shim: about 0.2 instructions a
/// byte against 3.6 for the tables), so that checking a file as it is opened or written costs little beside
/// reading it; the rest, and every byte on other processors, goes slice-by-8 through the tables.
public struct CRC32: Sendable {
    /// Whether the processor folds with carry-less multiplication; asked once.
    private static let hardware: Bool = gazette_crc32_supported() != 0

    private var state: UInt32 = 0

    /// The CRC of the bytes so far. Fuzz builds only (Fuzz/, `make fuzz`): every checksum is 0, so the index a
    /// fuzz target writes carries 0s and a mutated byte reaches the decoders behind the checksum instead of
    /// bouncing off it — whether the CRC is computed at once (`checksum`) or as a file is written.
    public var value: UInt32 {
        #if GAZETTE_FUZZING
        return 0
        #else
        return state
        #endif
    }

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = ~state
        var index = 0
        let count = bytes.count
        if count >= 64, Self.hardware, let base = bytes.baseAddress {
            index = count & ~15
            crc = gazette_crc32_fold(crc, base, index)
        }
        CRC32Tables.tables.withUnsafeBufferPointer { table in
            while count - index >= 8 {
                let low = UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
                    | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
                let high = UInt32(bytes[index + 4]) | UInt32(bytes[index + 5]) << 8
                    | UInt32(bytes[index + 6]) << 16 | UInt32(bytes[index + 7]) << 24
                let mixed = low ^ crc
                crc = table[7 * 256 + Int(mixed & 0xFF)]
                    ^ table[6 * 256 + Int((mixed >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((mixed >> 16) & 0xFF)]
                    ^ table[4 * 256 + Int(mixed >> 24)]
                    ^ table[3 * 256 + Int(high & 0xFF)]
                    ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ table[1 * 256 + Int((high >> 16) & 0xFF)]
                    ^ table[Int(high >> 24)]
                index += 8
            }
            while index < count {
                crc = table[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
        }
        state = ~crc
    }

    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}

enum CRC32Tables {
    static let tables: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[n] = c
        }
        for n in 0..<256 {
            var c = table[n]
            for slice in 1..<8 {
                c = table[Int(c & 0xFF)] ^ (c >> 8)
                table[slice * 256 + n] = c
            }
        }
        return table
    }()
}
