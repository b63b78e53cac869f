/// Finds the encoding a page declares for itself. libxml2's HTML parser would otherwise assume ISO-8859-1;
/// we pass it the answer explicitly and tell it to ignore the page's own hints.
enum EncodingSniffer {
    /// How far into a page a `<meta charset>` is looked for. Browsers look at 1 KB, but pages with long
    /// inline styles in the head put it later, and scanning a few KB more costs nothing.
    static let prescanLength = 8192

    /// The encoding declared by `<meta charset=…>`, `<meta http-equiv="Content-Type" content="…; charset=…">`
    /// or an XML declaration near the start of the page, or nil.
    static func declaredEncoding(_ page: UnsafeRawBufferPointer) -> TextEncoding? {
        let p = UnsafeRawBufferPointer(rebasing: page[0..<min(page.count, prescanLength)])
        if startsWith(p, at: 0, "<?xml") {
            let end = find(p, from: 5, "?>") ?? p.count
            if let label = charsetValue(p, in: 5..<end, attribute: "encoding"),
               let encoding = TextEncoding(label: label) {
                return encoding
            }
        }
        var i = 0
        while let tagStart = find(p, from: i, "<meta") {
            let tagEnd = findByte(p, from: tagStart + 5, UInt8(ascii: ">")) ?? p.count
            if let label = charsetValue(p, in: (tagStart + 5)..<tagEnd, attribute: "charset"),
               let encoding = TextEncoding(label: label) {
                return encoding
            }
            i = tagEnd
        }
        return nil
    }

    /// The value after `attribute` `=` inside a tag, quotes optional. Matching "charset" anywhere in the tag
    /// covers both `charset="x"` and the `content="text/html; charset=x"` form.
    private static func charsetValue(_ p: UnsafeRawBufferPointer, in range: Range<Int>, attribute: StaticString)
        -> ArraySlice<UInt8>?
    {
        var i = range.lowerBound
        while let hit = find(p, from: i, attribute), hit < range.upperBound {
            var j = hit + attribute.utf8CodeUnitCount
            i = j
            while j < range.upperBound && isSpace(p[j]) { j += 1 }
            guard j < range.upperBound && p[j] == UInt8(ascii: "=") else { continue }
            j += 1
            while j < range.upperBound && isSpace(p[j]) { j += 1 }
            if j < range.upperBound && (p[j] == UInt8(ascii: "\"") || p[j] == UInt8(ascii: "'")) { j += 1 }
            var end = j
            while end < range.upperBound {
                let b = p[end]
                if isSpace(b) || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: ";")
                    || b == UInt8(ascii: ">") || b == UInt8(ascii: "/") { break }
                end += 1
            }
            if end > j { return ArraySlice(UnsafeRawBufferPointer(rebasing: p[j..<end])) }
        }
        return nil
    }

    @inline(__always)
    private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C
    }

    private static func findByte(_ p: UnsafeRawBufferPointer, from start: Int, _ byte: UInt8) -> Int? {
        var i = start
        while i < p.count {
            if p[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// Case-insensitive search for an ASCII needle (the needle is given in lower case).
    private static func find(_ p: UnsafeRawBufferPointer, from start: Int, _ needle: StaticString) -> Int? {
        let n = needle.utf8CodeUnitCount
        guard n > 0, p.count >= n else { return nil }
        let first = needle.utf8Start[0]
        var i = start
        while i + n <= p.count {
            if p[i] | 0x20 == first && startsWith(p, at: i, needle) { return i }
            i += 1
        }
        return nil
    }

    private static func startsWith(_ p: UnsafeRawBufferPointer, at i: Int, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard i + n <= p.count else { return false }
        for k in 0..<n {
            var b = p[i + k]
            if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { b |= 0x20 }
            if b != needle.utf8Start[k] { return false }
        }
        return true
    }
}
