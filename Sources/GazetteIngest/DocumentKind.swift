/// How a corpus file is turned into text. Decided by the file name's extension alone, so the walker never has
/// to open a file to know whether it belongs to the corpus.
public enum DocumentKind: String, Sendable {
    case plainText
    case html

    /// The kind for a file name, or nil when the extension is not one we index. Case-insensitive.
    public init?(fileName: String) {
        var name = fileName
        let kind = name.withUTF8 { DocumentKind(fileNameBytes: UnsafeRawBufferPointer($0)) }
        guard let kind else { return nil }
        self = kind
    }

    /// Works on the raw bytes of a directory entry so the walk allocates no String for the many files it ignores.
    init?(fileNameBytes name: UnsafeRawBufferPointer) {
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot + 1 < name.count else { return nil }
        let length = name.count - dot - 1
        guard length <= 5 else { return nil }
        // Pack the lower-cased extension into an integer: a tiny switch instead of string comparisons.
        var key: UInt64 = 0
        for i in (dot + 1)..<name.count {
            var b = name[i]
            if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { b |= 0x20 }
            key = key << 8 | UInt64(b)
        }
        switch key {
        case Self.pack("txt"), Self.pack("text"), Self.pack("md"): self = .plainText
        case Self.pack("html"), Self.pack("htm"), Self.pack("xhtml"): self = .html
        default: return nil
        }
    }

    private static func pack(_ s: StaticString) -> UInt64 {
        var key: UInt64 = 0
        for i in 0..<s.utf8CodeUnitCount { key = key << 8 | UInt64(s.utf8Start[i]) }
        return key
    }
}
