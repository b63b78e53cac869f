/// Windows-1252, the encoding browsers use for any page labelled Latin-1 or ASCII and the usual encoding of
/// old text files that are not UTF-8. It differs from ISO-8859-1 only in 0x80–0x9F, where it has the curly
/// quotes, dashes and € that Latin-1 leaves as invisible C1 controls.
enum Windows1252 {
    /// Scalars for 0x80–0x9F. The five bytes Windows leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to
    /// the C1 control of the same value, as the WHATWG Encoding Standard does, so decoding never fails.
    static let highControls: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The Unicode scalar for one Windows-1252 byte.
    @inline(__always)
    static func scalar(_ byte: UInt8) -> UInt32 {
        if byte >= 0x80 && byte < 0xA0 { return highControls[Int(byte &- 0x80)] }
        return UInt32(byte)
    }

    /// Decodes a whole buffer to UTF-8 bytes.
    static func decodeToUTF8(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
            } else {
                UTF8Scanner.appendScalar(scalar(byte), to: &out)
            }
        }
        return out
    }
}
