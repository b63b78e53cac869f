/// RFC 2047 encoded words in mail and news header fields (`=?UTF-8?Q?J=C3=B6rg?=`, `=?ISO-8859-1?B?SvZyZw==?=`):
/// decoded when the charset is UTF-8, US-ASCII, ISO-8859-1 or Windows-1252 (read as Windows-1252, as browsers
/// do); a word in any other charset, or malformed, is left as written. Whitespace between two encoded words
/// goes, as the RFC says.
enum EncodedWords {
    static func decode(_ value: String) -> String {
        let bytes = Array(value.utf8)
        guard MetadataText.occurrences(of: Array("=?".utf8), in: bytes).first != nil else { return value }
        var out: [UInt8] = []
        var i = 0
        var pendingSpace: [UInt8] = []
        var afterWord = false
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "="), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "?"),
                let (decoded, end) = word(bytes, from: i)
            {
                if !afterWord { out += pendingSpace }
                pendingSpace = []
                out += decoded
                afterWord = true
                i = end
                continue
            }
            let b = bytes[i]
            if b == 0x20 || b == 0x09 {
                pendingSpace.append(b)
            } else {
                out += pendingSpace
                pendingSpace = []
                out.append(b)
                afterWord = false
            }
            i += 1
        }
        out += pendingSpace
        return String(decoding: out, as: UTF8.self)
    }

    /// The encoded word starting at `start` ("=?"), decoded to UTF-8, and where it ends.
    private static func word(_ b: [UInt8], from start: Int) -> ([UInt8], Int)? {
        // =?charset?encoding?text?=, no spaces inside, at most 75 bytes by the RFC (allow some slack).
        var parts: [Range<Int>] = []
        var partStart = start + 2
        var i = start + 2
        while i < b.count, i - start < 200, parts.count < 3 {
            let c = b[i]
            if c == 0x20 || c == 0x09 { return nil }
            if c == UInt8(ascii: "?") {
                parts.append(partStart..<i)
                partStart = i + 1
                if parts.count == 2 {
                    // The text runs to "?=".
                    var j = i + 1
                    while j + 1 < b.count, !(b[j] == UInt8(ascii: "?") && b[j + 1] == UInt8(ascii: "=")) {
                        if b[j] == 0x20 || b[j] == 0x09 || j - start >= 200 { return nil }
                        j += 1
                    }
                    guard j + 1 < b.count else { return nil }
                    parts.append((i + 1)..<j)
                    i = j + 2
                    break
                }
            }
            i += 1
        }
        guard parts.count == 3 else { return nil }
        var charset = String(decoding: b[parts[0]], as: UTF8.self).lowercased()
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }  // RFC 2231 language
        let encoding = String(decoding: b[parts[1]], as: UTF8.self).lowercased()
        let text = Array(b[parts[2]])
        let raw: [UInt8]?
        switch encoding {
        case "q": raw = quoted(text)
        case "b": raw = base64(text)
        default: raw = nil
        }
        guard let raw else { return nil }
        let utf8: [UInt8]
        switch charset {
        case "utf-8", "utf8", "us-ascii":
            utf8 = raw.withUnsafeBytes { UTF8Scanner.scan($0).isValid ? raw : UTF8Scanner.repaired($0) }
        case "iso-8859-1", "latin1", "iso-8859-15", "windows-1252", "cp1252":
            utf8 = raw.withUnsafeBytes { Windows1252.decodeToUTF8($0) }
        default:
            return nil
        }
        return (utf8, i)
    }

    private static func quoted(_ text: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: "_") {
                out.append(0x20)
            } else if c == UInt8(ascii: "=") {
                guard i + 2 < text.count, let high = hex(text[i + 1]), let low = hex(text[i + 2]) else { return nil }
                out.append(high << 4 | low)
                i += 2
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }

    private static func base64(_ text: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for c in text {
            let value: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(c - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(c - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="): continue
            default: return nil
            }
            buffer = buffer << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}
