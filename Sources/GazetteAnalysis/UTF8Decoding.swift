/// Hand-rolled UTF-8 decoding: the tokenizer walks raw bytes and must never trap on malformed input, and the
/// standard library's decoders either allocate, go through `Character`, or repair input in ways that would
/// move byte offsets.
enum UTF8Decoding {
    /// Returned as the scalar value for a byte that does not start a well-formed sequence. It is not a valid
    /// scalar value, so it can never collide with real text.
    static let invalid: UInt32 = 0xFFFF_FFFF

    /// Decodes the scalar starting at `i` (which must be `< end` and point at a non-ASCII byte).
    ///
    /// Follows the well-formed byte sequences of Unicode table 3-7 (no overlongs, no surrogates, nothing above
    /// U+10FFFF). On failure only the first byte is consumed, so each stray byte becomes a separator of its own
    /// and decoding resynchronises at the next lead byte.
    @inline(__always)
    static func decodeNonASCII(_ p: UnsafePointer<UInt8>, at i: Int, end: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(p[i])
        if b0 < 0xC2 { return (invalid, 1) }  // continuation byte or overlong 2-byte lead
        if b0 < 0xE0 {
            guard i + 1 < end else { return (invalid, 1) }
            let b1 = UInt32(p[i + 1])
            guard b1 & 0xC0 == 0x80 else { return (invalid, 1) }
            return ((b0 & 0x1F) << 6 | (b1 & 0x3F), 2)
        }
        if b0 < 0xF0 {
            guard i + 2 < end else { return (invalid, 1) }
            let b1 = UInt32(p[i + 1]), b2 = UInt32(p[i + 2])
            let lower: UInt32 = b0 == 0xE0 ? 0xA0 : 0x80  // rejects overlongs
            let upper: UInt32 = b0 == 0xED ? 0x9F : 0xBF  // rejects surrogates
            guard b1 >= lower, b1 <= upper, b2 & 0xC0 == 0x80 else { return (invalid, 1) }
            return ((b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F), 3)
        }
        if b0 < 0xF5 {
            guard i + 3 < end else { return (invalid, 1) }
            let b1 = UInt32(p[i + 1]), b2 = UInt32(p[i + 2]), b3 = UInt32(p[i + 3])
            let lower: UInt32 = b0 == 0xF0 ? 0x90 : 0x80  // rejects overlongs
            let upper: UInt32 = b0 == 0xF4 ? 0x8F : 0xBF  // rejects values above U+10FFFF
            guard b1 >= lower, b1 <= upper, b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { return (invalid, 1) }
            return ((b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | (b3 & 0x3F), 4)
        }
        return (invalid, 1)
    }
}
