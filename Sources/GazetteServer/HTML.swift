/// Everything that puts text into a page or a URL goes through here: one escaping function for HTML text and
/// attribute values, one percent-encoder for URLs, one parser for query strings.
public enum HTML {
    /// `text` safe inside an element or a double- or single-quoted attribute value: `& < > " '` become entities,
    /// and control characters (but tab, line feed and carriage return), which no page should carry and some
    /// browsers act on, become U+FFFD.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `text`'s UTF-8 percent-encoded but for RFC 3986's unreserved characters: safe as a query value or a path
    /// segment whatever it holds (`/`, `?`, `#`, `&`, `:` included).
    public static func percentEncode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    /// A site-relative URL: `path` (one of the server's own, never user text) and the parameters percent-encoded;
    /// parameters with an empty value are left out. Not yet HTML-escaped: `href(…)` does both.
    public static func url(_ path: String, _ parameters: [(String, String)] = []) -> String {
        let query = parameters.filter { !$0.1.isEmpty }.map { percentEncode($0.0) + "=" + percentEncode($0.1) }
        return query.isEmpty ? path : path + "?" + query.joined(separator: "&")
    }

    /// `url(path, parameters)` escaped for an attribute value.
    public static func href(_ path: String, _ parameters: [(String, String)] = []) -> String {
        escape(url(path, parameters))
    }

    /// Decodes `application/x-www-form-urlencoded` text (a URL's query string): `+` is a space, `%XX` a byte, and
    /// bytes that are not UTF-8 become U+FFFD. A `%` not followed by two hex digits stays as it is.
    public static func formDecode<S: StringProtocol>(_ text: S) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            let byte = utf8[i]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), i + 2 < utf8.count,
                      let high = hexValue(utf8[i + 1]), let low = hexValue(utf8[i + 2]) {
                bytes.append(high << 4 | low)
                i += 2
            } else {
                bytes.append(byte)
            }
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The parameters of a raw query string, decoded; the first of a repeated name wins.
    public static func parameters(_ query: String?) -> [String: String] {
        guard let query, !query.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: String, value: String
            if let equals = pair.firstIndex(of: "=") {
                name = formDecode(pair[..<equals])
                value = formDecode(pair[pair.index(after: equals)...])
            } else {
                name = formDecode(pair)
                value = ""
            }
            if result[name] == nil { result[name] = value }
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A stretch of text to mark: Unicode-scalar offsets, end exclusive; CSS classes; a tooltip; a link.
    public struct Mark: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var classes: [String]
        public var title: String?
        public var link: String?

        public init(start: Int, end: Int, classes: [String], title: String? = nil, link: String? = nil) {
            self.start = start
            self.end = end
            self.classes = classes
            self.title = title
            self.link = link
        }
    }

    /// `text` escaped, with each stretch covered by marks wrapped in one element carrying the classes of every
    /// mark over it: overlapping marks (a query match inside an entity) never produce crossed tags. The
    /// element is a link when a mark over it has one (already a URL from `url(…)`), else a `<span>`.
    public static func marked(_ text: String, _ marks: [Mark]) -> String {
        let scalars = Array(text.unicodeScalars)
        let count = scalars.count
        let valid = marks.compactMap { mark -> Mark? in
            let start = min(max(mark.start, 0), count), end = min(max(mark.end, start), count)
            guard end > start else { return nil }
            var clamped = mark
            clamped.start = start
            clamped.end = end
            return clamped
        }.sorted { $0.start < $1.start }
        guard !valid.isEmpty else { return escape(text) }
        var boundaries = Set([0, count])
        for mark in valid {
            boundaries.insert(mark.start)
            boundaries.insert(mark.end)
        }
        let points = boundaries.sorted()
        var out = ""
        var next = 0
        var active: [Mark] = []
        for (from, to) in zip(points, points.dropFirst()) {
            active.removeAll { $0.end <= from }
            while next < valid.count, valid[next].start <= from {
                if valid[next].end > from { active.append(valid[next]) }
                next += 1
            }
            let piece = escape(String(String.UnicodeScalarView(scalars[from..<to])))
            guard !active.isEmpty else {
                out += piece
                continue
            }
            var classes: [String] = []
            for mark in active { for name in mark.classes where !classes.contains(name) { classes.append(name) } }
            let title = active.compactMap(\.title).first
            let link = active.compactMap(\.link).first
            let titleAttribute = title.map { " title=\"" + escape($0) + "\"" } ?? ""
            let classAttribute = " class=\"" + escape(classes.joined(separator: " ")) + "\""
            if let link {
                out += "<a href=\"" + escape(link) + "\"" + classAttribute + titleAttribute + ">" + piece + "</a>"
            } else {
                out += "<span" + classAttribute + titleAttribute + ">" + piece + "</span>"
            }
        }
        return out
    }
}
