/// A fast 64-bit hash of file contents for change detection (not cryptographic): it only has to tell an
/// edited file from an untouched one whose modification time moved. Processes 8 bytes per step.
public enum ContentHash {
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
        let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var h: UInt64 = 0x2545_F491_4F6C_DD1D ^ (UInt64(bytes.count) &* prime1)
        var index = 0
        let count = bytes.count
        while count - index >= 8 {
            var word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            word = word &* prime2
            word = (word << 31) | (word >> 33)
            h ^= word &* prime1
            h = ((h << 27) | (h >> 37)) &* prime1 &+ 0x85EB_CA77_C2B2_AE63
            index += 8
        }
        while index < count {
            h ^= UInt64(bytes[index]) &* 0x27D4_EB2F_1656_67C5
            h = ((h << 11) | (h >> 53)) &* prime1
            index += 1
        }
        h ^= h >> 33
        h = h &* prime2
        h ^= h >> 29
        return h
    }
}
