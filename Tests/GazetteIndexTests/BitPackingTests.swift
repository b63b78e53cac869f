import Testing
@testable import GazetteIndex

@Suite("Bit packing of 128-value blocks")
struct BitPackingTests {
    @Test(arguments: Array(0...32))
    func everyWidthRoundTrips(width: Int) {
        var random = CodecRandom(seed: UInt64(width) + 1)
        let mask: UInt64 = width == 0 ? 0 : (1 << UInt64(width)) - 1
        for pattern in 0..<4 {
            var values = (0..<128).map { _ in UInt32(truncatingIfNeeded: random.next() & mask) }
            if pattern == 1 { values = values.map { _ in UInt32(truncatingIfNeeded: mask) } }  // all ones
            if pattern == 2, width > 0 { values[127] = UInt32(truncatingIfNeeded: mask); values[0] = 0 }
            if pattern == 3 { values = (0..<128).map { UInt32(truncatingIfNeeded: UInt64($0) & mask) } }
            let needed = values.withUnsafeBufferPointer { BitPacking.width(of: $0.baseAddress!, count: 128) }
            #expect(needed <= width)
            var writer = ByteWriter()
            values.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, width: width, into: &writer) }
            #expect(writer.count == BitPacking.byteCount(width: width))
            #expect(writer.count == 16 * width)
            var decoded = [UInt32](repeating: 0xDEAD, count: 128)
            var generic = [UInt32](repeating: 0xBEEF, count: 128)
            // Decode from an odd address: the mapped file gives no alignment.
            var shifted = [UInt8](repeating: 0, count: 1)
            shifted.append(contentsOf: writer.bytes)
            shifted.withUnsafeBytes { raw in
                decoded.withUnsafeMutableBufferPointer { BitPacking.unpack(raw.baseAddress! + 1, width: width, into: $0.baseAddress!) }
                generic.withUnsafeMutableBufferPointer { BitPacking.unpackGeneric(raw.baseAddress! + 1, width: width, into: $0.baseAddress!) }
            }
            #expect(decoded == values)
            #expect(generic == values)
        }
    }

    @Test(arguments: Array(0...32))
    func patchedBlocksRoundTrip(baseWidth: Int) {
        var random = CodecRandom(seed: UInt64(baseWidth) &* 31 &+ 5)
        let mask: UInt64 = baseWidth == 0 ? 0 : (1 << UInt64(baseWidth)) - 1
        for outliers in [0, 1, 5, 30, 100, 128] {
            var values = (0..<128).map { _ in UInt32(truncatingIfNeeded: random.next() & mask) }
            for _ in 0..<outliers {
                let extra = UInt64(1 + random.below(12))
                values[random.below(128)] = UInt32(truncatingIfNeeded: min(random.next() & ((mask << extra) | mask), UInt64(UInt32.max)))
            }
            let plan = values.withUnsafeBufferPointer { BitPacking.patchPlan($0.baseAddress!) }
            let plain = values.withUnsafeBufferPointer { BitPacking.width(of: $0.baseAddress!, count: 128) }
            #expect(plan.width <= plain && plan.width >= plain - 8)
            #expect(BitPacking.byteCount(width: plan.width, exceptions: plan.exceptions) <= BitPacking.byteCount(width: plain))
            var writer = ByteWriter()
            values.withUnsafeBufferPointer { BitPacking.packPatched($0.baseAddress!, width: plan.width, into: &writer) }
            #expect(writer.count == BitPacking.byteCount(width: plan.width, exceptions: plan.exceptions))
            var decoded = [UInt32](repeating: 1, count: 128)
            let ok = writer.bytes.withUnsafeBytes { raw in
                decoded.withUnsafeMutableBufferPointer {
                    BitPacking.unpackPatched(raw.baseAddress!, width: plan.width, exceptions: plan.exceptions, into: $0.baseAddress!)
                }
            }
            #expect(ok)
            #expect(decoded == values)
        }
    }

    @Test func patchingPaysForAFewLargeValues() {
        var values = [UInt32](repeating: 1, count: 128)
        values[17] = 200
        values[90] = 1000
        let plan = values.withUnsafeBufferPointer { BitPacking.patchPlan($0.baseAddress!) }
        #expect(plan.width == 2)  // 1000 needs 10 bits: 2 + 8
        #expect(plan.exceptions == 2)
        #expect(BitPacking.byteCount(width: plan.width, exceptions: plan.exceptions) == 36)
        // An exception pointing outside the block is refused, not written out of bounds.
        var bytes = [UInt8](repeating: 0, count: 16 + 2)
        bytes[16] = 200
        var out = [UInt32](repeating: 0, count: 128)
        let ok = bytes.withUnsafeBytes { raw in
            out.withUnsafeMutableBufferPointer { BitPacking.unpackPatched(raw.baseAddress!, width: 1, exceptions: 1, into: $0.baseAddress!) }
        }
        #expect(!ok)
    }

    @Test func widthOfBlock() {
        var values = [UInt32](repeating: 0, count: 128)
        #expect(values.withUnsafeBufferPointer { BitPacking.width(of: $0.baseAddress!, count: 128) } == 0)
        values[77] = 1
        #expect(values.withUnsafeBufferPointer { BitPacking.width(of: $0.baseAddress!, count: 128) } == 1)
        values[3] = 1000
        #expect(values.withUnsafeBufferPointer { BitPacking.width(of: $0.baseAddress!, count: 128) } == 10)
        values[9] = UInt32.max
        #expect(values.withUnsafeBufferPointer { BitPacking.width(of: $0.baseAddress!, count: 128) } == 32)
    }

    @Test func outOfRangeWidthDecodesZerosInsteadOfTrapping() {
        var out = [UInt32](repeating: 7, count: 128)
        let source = [UInt8](repeating: 0xFF, count: 16 * 40)
        source.withUnsafeBytes { raw in
            out.withUnsafeMutableBufferPointer { BitPacking.unpack(raw.baseAddress!, width: 40, into: $0.baseAddress!) }
        }
        #expect(out.allSatisfy { $0 == 0 })
    }
}
