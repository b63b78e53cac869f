/// Bit packing of blocks of 128 unsigned 32-bit values, the unit of the postings and positions streams, with
/// optional patching of a few large values (patched frame of reference, as Lucene's `PForUtil`).
///
/// Packed layout at width `w` (0...32), `16 * w` bytes: the block is four interleaved lanes — lane `j` holds
/// values `j, j+4, j+8, …` — and lane `j`'s values are packed least-significant-bit first into 32-bit
/// little-endian words; word `k` of lane `j` is at byte `(4k + j) * 4`. (This is the "4x vertical" layout of
/// Lemire's SIMD bit packing, which Tantivy also uses: one 128-bit SIMD load, shift and mask yields four values.)
/// Width 0 (every value 0) takes no bytes.
///
/// Patched layout: the low `w` bits of every value packed as above, then one exception per value that does
/// not fit in `w` bits: `u8 index, u8 (value >> w)`; `w` is chosen to minimise the size with every value
/// fitting in `w + 8` bits, so a block of small deltas with a few large ones (the first position of each
/// document, a frequency of 40 among 1s) does not pay the large width 128 times.
#if _endian(big)
#error("the index format is little-endian and decoded with native loads")
#endif

enum BitPacking {
    static let blockSize = 128
    static let maxWidth = 32
    /// Bytes of one exception: index, high bits.
    static let exceptionSize = 2

    /// Bytes taken by one block packed at `width`.
    @inline(__always)
    static func byteCount(width: Int) -> Int { width &* 16 }

    /// Bytes taken by one patched block.
    @inline(__always)
    static func byteCount(width: Int, exceptions: Int) -> Int { width &* 16 &+ exceptions &* exceptionSize }

    /// Bits needed for the largest of `count` values (0 when all are 0).
    @inline(__always)
    static func width(of values: UnsafePointer<UInt32>, count: Int) -> Int {
        var union: UInt32 = 0
        for i in 0..<count { union |= values[i] }
        return 32 - union.leadingZeroBitCount
    }

    /// The width (and number of exceptions) that makes the patched block of 128 values smallest; on a tie the
    /// larger width (fewer exceptions, faster to decode).
    static func patchPlan(_ values: UnsafePointer<UInt32>) -> (width: Int, exceptions: Int) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: maxWidth + 1) { histogram in
            histogram.initialize(repeating: 0)  // values needing exactly n bits
            var union: UInt32 = 0
            for i in 0..<blockSize {
                let value = values[i]
                union |= value
                histogram[32 &- value.leadingZeroBitCount] &+= 1
            }
            let maxBits = 32 - union.leadingZeroBitCount
            var best = (width: maxBits, exceptions: 0)
            var bestCost = byteCount(width: maxBits)
            var above = 0  // values needing more than `width` bits
            var width = maxBits - 1
            while width >= max(0, maxBits - 8) {
                above += histogram[width + 1]
                let cost = byteCount(width: width, exceptions: above)
                if cost < bestCost {
                    bestCost = cost
                    best = (width, above)
                }
                width -= 1
            }
            return best
        }
    }

    /// Appends the 128 values at `values` packed at `width` (every value must be `< 2^width`).
    static func pack(_ values: UnsafePointer<UInt32>, width: Int, into writer: inout ByteWriter) {
        guard width > 0 else { return }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 4 * width) { words in
            words.initialize(repeating: 0)
            for lane in 0..<4 {
                var bit = 0
                for i in 0..<32 {
                    let value = UInt64(values[lane &+ 4 &* i])
                    let word = bit >> 5, shift = bit & 31
                    words[4 &* word &+ lane] |= UInt32(truncatingIfNeeded: value << UInt64(shift))
                    if shift &+ width > 32 {
                        words[4 &* (word &+ 1) &+ lane] |= UInt32(truncatingIfNeeded: value >> UInt64(32 &- shift))
                    }
                    bit &+= width
                }
            }
            for i in 0..<words.count { words[i] = words[i].littleEndian }
            writer.writeBytes(UnsafeRawBufferPointer(words))
        }
    }

    /// Appends the 128 values packed at `width` with their exceptions (values of `width + 8` bits at most, as
    /// `patchPlan` chooses).
    static func packPatched(_ values: UnsafePointer<UInt32>, width: Int, into writer: inout ByteWriter) {
        guard width < 32 else { return pack(values, width: width, into: &writer) }
        let mask: UInt32 = (1 << UInt32(width)) &- 1
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: blockSize) { low in
            var exceptions = 0
            for i in 0..<blockSize {
                low[i] = values[i] & mask
                if values[i] > mask { exceptions &+= 1 }
            }
            pack(UnsafePointer(low.baseAddress!), width: width, into: &writer)
            guard exceptions > 0 else { return }
            for i in 0..<blockSize where values[i] > mask {
                writer.writeUInt8(UInt8(i))
                writer.writeUInt8(UInt8(truncatingIfNeeded: values[i] >> UInt32(width)))
            }
        }
    }

    /// Decodes a patched block: 128 values at `width` then `exceptions` patches, from `source` (which must hold
    /// `byteCount(width:exceptions:)` readable bytes). False when a patch names an index outside the block.
    @inline(__always)
    static func unpackPatched(
        _ source: UnsafeRawPointer, width: Int, exceptions: Int, into destination: UnsafeMutablePointer<UInt32>
    ) -> Bool {
        unpack(source, width: width, into: destination)
        guard exceptions > 0 else { return true }
        var bad = false
        let patches = source + byteCount(width: width)
        for e in 0..<exceptions {
            let index = Int(patches.load(fromByteOffset: 2 &* e, as: UInt8.self))
            let high = UInt32(patches.load(fromByteOffset: 2 &* e &+ 1, as: UInt8.self))
            if index >= blockSize || width >= 32 { bad = true; continue }
            destination[index] |= high &<< UInt32(width)
        }
        return !bad
    }

    /// Decodes 128 values packed at `width` from `source` (which must hold `byteCount(width:)` readable bytes)
    /// into `destination[0..<128]`. A width outside 0...32 (callers check stored widths) decodes zeros.
    static func unpack(_ source: UnsafeRawPointer, width: Int, into destination: UnsafeMutablePointer<UInt32>) {
        switch width {
        case 1: unpackBlock(source, 1, destination)
        case 2: unpackBlock(source, 2, destination)
        case 3: unpackBlock(source, 3, destination)
        case 4: unpackBlock(source, 4, destination)
        case 5: unpackBlock(source, 5, destination)
        case 6: unpackBlock(source, 6, destination)
        case 7: unpackBlock(source, 7, destination)
        case 8: unpackBlock(source, 8, destination)
        case 9: unpackBlock(source, 9, destination)
        case 10: unpackBlock(source, 10, destination)
        case 11: unpackBlock(source, 11, destination)
        case 12: unpackBlock(source, 12, destination)
        case 13: unpackBlock(source, 13, destination)
        case 14: unpackBlock(source, 14, destination)
        case 15: unpackBlock(source, 15, destination)
        case 16: unpackBlock(source, 16, destination)
        case 17: unpackBlock(source, 17, destination)
        case 18: unpackBlock(source, 18, destination)
        case 19: unpackBlock(source, 19, destination)
        case 20: unpackBlock(source, 20, destination)
        case 21: unpackBlock(source, 21, destination)
        case 22: unpackBlock(source, 22, destination)
        case 23: unpackBlock(source, 23, destination)
        case 24: unpackBlock(source, 24, destination)
        case 25: unpackBlock(source, 25, destination)
        case 26: unpackBlock(source, 26, destination)
        case 27: unpackBlock(source, 27, destination)
        case 28: unpackBlock(source, 28, destination)
        case 29: unpackBlock(source, 29, destination)
        case 30: unpackBlock(source, 30, destination)
        case 31: unpackBlock(source, 31, destination)
        case 32: unpackBlock(source, 32, destination)
        default: destination.update(repeating: 0, count: blockSize)
        }
    }

    /// The same decoding with the width as a run-time value (the reference the tests compare with, and the
    /// baseline of the benchmark that justified the specialised copies).
    @inline(never)
    static func unpackGeneric(_ source: UnsafeRawPointer, width: Int, into destination: UnsafeMutablePointer<UInt32>) {
        guard width > 0, width <= maxWidth else {
            destination.update(repeating: 0, count: blockSize)
            return
        }
        unpackBlock(source, width, destination)
    }

    /// Lane-parallel decode: value `4i + j` is bits `i*w ..< (i+1)*w` of lane `j`, so one SIMD load of four
    /// words, a shift (and for a value straddling two words, a second load and an or) and a mask give four
    /// values. With a constant `w` every shift is an immediate.
    @inline(__always)
    private static func unpackBlock(_ source: UnsafeRawPointer, _ width: Int, _ destination: UnsafeMutablePointer<UInt32>) {
        let mask = SIMD4<UInt32>(repeating: width >= 32 ? ~0 : (1 << UInt32(width)) &- 1)
        let out = UnsafeMutableRawPointer(destination)
        for i in 0..<32 {
            let bit = i &* width
            let word = bit >> 5
            let shift = UInt32(bit & 31)
            var value = source.loadUnaligned(fromByteOffset: word &* 16, as: SIMD4<UInt32>.self) &>> shift
            if Int(shift) &+ width > 32 {
                let next = source.loadUnaligned(fromByteOffset: (word &+ 1) &* 16, as: SIMD4<UInt32>.self)
                value |= next &<< (32 &- shift)
            }
            out.storeBytes(of: value & mask, toByteOffset: i &* 16, as: SIMD4<UInt32>.self)
        }
    }
}
