import CChecksum

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78: the checksum of iSCSI, ext4 and RocksDB blocks) of the
/// small units the postings, positions and term dictionary readers decode: skip groups, document blocks and
/// tails, positions blocks, dictionary blocks. Like any CRC-32 it detects every error burst of 32 bits or less
/// (so every damaged byte) and misses other damage with probability 2^-32; Castagnoli's polynomial has the
/// better Hamming distance at these block lengths.
///
/// With the processor's `crc32` instruction where it has one (SSE 4.2, through the `CChecksum` shim): 8 bytes per
/// instruction, about three times the table's speed; checking blocks is a tenth of a frequent term's query.
/// Elsewhere slice-by-16 over little-endian 64-bit loads, with its tables in one never-freed allocation so the hot
/// loop has no bounds checks, retains or lazy-initialisation checks: about 1 byte per cycle, several times the
/// speed of the byte-indexed `CRC32` used for whole-file footers. Both give the same value (`PostingsTests`).
enum BlockChecksum {
    /// Whether the processor computes CRC-32C itself; asked once.
    private static let hardware: Bool = gazette_crc32c_supported() != 0

    /// 16 tables of 256 entries, written once at first use and only read afterwards.
    nonisolated(unsafe) private static let tables: UnsafePointer<UInt32> = {
        let table = UnsafeMutablePointer<UInt32>.allocate(capacity: 16 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0x82F6_3B78 ^ (c >> 1) : c >> 1 }
            table[n] = c
        }
        for n in 0..<256 {
            var c = table[n]
            for slice in 1..<16 {
                c = table[Int(c & 0xFF)] ^ (c >> 8)
                table[slice * 256 + n] = c
            }
        }
        return UnsafePointer(table)
    }()

    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return 0 }
        return checksum(base, count: bytes.count)
    }

    static func checksum(_ base: UnsafeRawPointer, count: Int) -> UInt32 {
        #if GAZETTE_FUZZING
        // Fuzz builds only, as CRC32.checksum: every checksum is 0.
        return 0
        #else
        if hardware { return ~gazette_crc32c_update(~0, base, count) }
        return tableChecksum(base, count: count)
        #endif
    }

    /// The table-driven computation, on any processor (and for tests, beside the instruction).
    static func tableChecksum(_ base: UnsafeRawPointer, count: Int) -> UInt32 {
        #if GAZETTE_FUZZING
        return 0
        #else
        let t = tables
        var crc: UInt32 = ~0
        var index = 0
        while count &- index >= 16 {
            let low = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) ^ UInt64(crc)
            let high = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self))
            crc = t[15 &* 256 &+ Int(low & 0xFF)]
                ^ t[14 &* 256 &+ Int((low >> 8) & 0xFF)]
                ^ t[13 &* 256 &+ Int((low >> 16) & 0xFF)]
                ^ t[12 &* 256 &+ Int((low >> 24) & 0xFF)]
                ^ t[11 &* 256 &+ Int((low >> 32) & 0xFF)]
                ^ t[10 &* 256 &+ Int((low >> 40) & 0xFF)]
                ^ t[9 &* 256 &+ Int((low >> 48) & 0xFF)]
                ^ t[8 &* 256 &+ Int(low >> 56)]
                ^ t[7 &* 256 &+ Int(high & 0xFF)]
                ^ t[6 &* 256 &+ Int((high >> 8) & 0xFF)]
                ^ t[5 &* 256 &+ Int((high >> 16) & 0xFF)]
                ^ t[4 &* 256 &+ Int((high >> 24) & 0xFF)]
                ^ t[3 &* 256 &+ Int((high >> 32) & 0xFF)]
                ^ t[2 &* 256 &+ Int((high >> 40) & 0xFF)]
                ^ t[1 &* 256 &+ Int((high >> 48) & 0xFF)]
                ^ t[Int(high >> 56)]
            index &+= 16
        }
        while count &- index >= 8 {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                ^ UInt64(crc)
            crc = t[7 &* 256 &+ Int(word & 0xFF)]
                ^ t[6 &* 256 &+ Int((word >> 8) & 0xFF)]
                ^ t[5 &* 256 &+ Int((word >> 16) & 0xFF)]
                ^ t[4 &* 256 &+ Int((word >> 24) & 0xFF)]
                ^ t[3 &* 256 &+ Int((word >> 32) & 0xFF)]
                ^ t[2 &* 256 &+ Int((word >> 40) & 0xFF)]
                ^ t[1 &* 256 &+ Int((word >> 48) & 0xFF)]
                ^ t[Int(word >> 56)]
            index &+= 8
        }
        while index < count {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            crc = t[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            index &+= 1
        }
        return ~crc
        #endif
    }
}
