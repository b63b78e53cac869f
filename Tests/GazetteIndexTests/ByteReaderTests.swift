import Testing
@testable import GazetteIndex

@Suite("Byte reader: variable-length numbers")
struct ByteReaderTests {
    /// Numbers of every length from one byte to ten, so that runs of them cross the eight-byte words
    /// `skipVarUInts` counts in.
    static func numbers(_ count: Int, random: inout CodecRandom) -> (bytes: [UInt8], ends: [Int]) {
        var writer = ByteWriter()
        var ends: [Int] = []
        for _ in 0..<count {
            let bits = Int(random.next() % 65)
            let value = bits == 0 ? 0 : random.next() >> UInt64(64 - bits)
            writer.writeVarUInt(value)
            ends.append(writer.count)
        }
        return (writer.bytes, ends)
    }

    /// Skipping `n` numbers from any number's start lands where reading them does; asking for more than are
    /// left fails and leaves the offset where it was.
    @Test func skippingNumbersLandsWhereReadingThemDoes() {
        var random = CodecRandom(seed: 4242)
        var checked = 0
        for round in 0..<300 {
            let (bytes, ends) = Self.numbers(1 + Int(random.next() % 60), random: &random)
            bytes.withUnsafeBytes { raw in
                let first = Int(random.next() % UInt64(ends.count))
                let start = first == 0 ? 0 : ends[first - 1]
                let left = ends.count - first
                for n in [0, 1, 2, 3, 4, 5, 8, 9, left - 1, left, left + 1, Int(random.next() % UInt64(left + 2))] where n >= 0 {
                    var skipper = ByteReader(raw, offset: start)
                    let skipped = skipper.skipVarUInts(n)
                    if n > left {
                        #expect(!skipped, "round \(round): \(n) of \(left) numbers")
                        #expect(skipper.offset == start)
                    } else {
                        var reader = ByteReader(raw, offset: start)
                        for _ in 0..<n { _ = reader.readVarUInt64() }
                        #expect(skipped, "round \(round)")
                        #expect(skipper.offset == reader.offset, "round \(round): \(n) numbers from \(start)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 2000)
    }

    /// The one-byte fast path of `readVarUInt32` and `readVarInt` agrees with the general decoding at every
    /// boundary, refuses what does not fit, and fails on a number cut short.
    @Test func smallNumbersAndLimitsDecodeAsBefore() {
        for value: UInt64 in [0, 1, 127, 128, 300, 16_383, 16_384, UInt64(UInt32.max), UInt64(UInt32.max) + 1, UInt64(Int.max), .max] {
            var writer = ByteWriter()
            writer.writeVarUInt(value)
            writer.bytes.withUnsafeBytes { raw in
                var a = ByteReader(raw), b = ByteReader(raw), c = ByteReader(raw)
                #expect(a.readVarUInt64() == value)
                #expect(b.readVarUInt32() == (value <= UInt64(UInt32.max) ? UInt32(value) : nil))
                #expect(c.readVarInt() == (value <= UInt64(Int.max) ? Int(value) : nil))
                if value <= UInt64(UInt32.max) { #expect(b.offset == raw.count) }
                var cut = ByteReader(UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 1)]))
                #expect(raw.count == 1 ? cut.readVarUInt32() == nil : cut.readVarUInt64() == nil)
            }
        }
    }
}
