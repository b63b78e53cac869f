/// The encodings the reader distinguishes. The first four are decoded in Swift — they cover nearly every real
/// page and must never fail; anything else is handed to libxml2 (iconv) by name.
enum TextEncoding: Equatable, Sendable {
    case utf8
    case utf16LittleEndian
    case utf16BigEndian
    case windows1252
    /// Any other label, already mapped to the name iconv knows it by.
    case other(String)

    /// The encoding a byte-order mark announces, and the mark's length.
    static func byteOrderMark(_ p: UnsafeRawBufferPointer) -> (encoding: TextEncoding, length: Int)? {
        if p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { return (.utf8, 3) }
        if p.count >= 2 && p[0] == 0xFF && p[1] == 0xFE { return (.utf16LittleEndian, 2) }
        if p.count >= 2 && p[0] == 0xFE && p[1] == 0xFF { return (.utf16BigEndian, 2) }
        return nil
    }

    /// Maps a charset label from a page (`<meta charset>`, an XML declaration) the way browsers do, or nil
    /// when the label cannot be an encoding name at all.
    init?(label raw: some Sequence<UInt8>) {
        var label = ""
        for byte in raw {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): label.unicodeScalars.append(Unicode.Scalar(byte | 0x20))
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
                label.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                return nil
            }
            if label.utf8.count > 40 { return nil }
        }
        guard !label.isEmpty else { return nil }
        switch label {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8":
            self = .utf8
        // A UTF-16 label inside an ASCII-readable page is a lie: the page would not be readable if it were
        // UTF-16. Browsers treat it as UTF-8.
        case "utf-16", "utf-16le", "utf-16be", "ucs-2", "unicode", "csunicode", "iso-10646-ucs-2", "unicodefffe":
            self = .utf8
        // Browsers decode Latin-1 and ASCII labels as Windows-1252, and authors write their pages to match.
        case "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso88591", "iso_8859-1",
             "iso_8859-1:1987", "latin1", "l1", "cp819", "ibm819", "iso-ir-100", "csisolatin1", "ascii",
             "us-ascii", "ansi_x3.4-1968", "iso646-us", "x-user-defined":
            self = .windows1252
        // Windows code pages are the supersets browsers use for these labels; iconv knows them by these names.
        case "gb2312", "gb_2312", "gb_2312-80", "csgb2312", "chinese", "iso-ir-58", "x-gbk", "gbk", "cp936":
            self = .other("GBK")
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "ms932", "windows-31j", "csshiftjis":
            self = .other("CP932")
        case "euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "korean", "windows-949",
             "csksc56011987", "iso-ir-149":
            self = .other("CP949")
        default:
            self = .other(label)
        }
    }
}
