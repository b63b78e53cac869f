/// The facts an article's JSON-LD (`<script type="application/ld+json">`) states: `datePublished`, `author` and
/// `publisher`, read from the article object — a top-level object, an element of a top-level array, or of an
/// `@graph` — whose `@type` is an article type (`NewsArticle`, `Article`, `BlogPosting`…), else the first object
/// with a `datePublished`. References by `@id` to other objects of the same block (Yoast's graphs) are followed.
/// A block that is not valid JSON is ignored whole.
enum JSONLD {
    struct Facts: Equatable {
        var date: PublicationDate?
        var author: String?
        var publisher: String?
    }

    static func facts(_ blocks: [[UInt8]]) -> Facts {
        var objects: [[(String, JSONValue)]] = []
        var byID: [String: [(String, JSONValue)]] = [:]
        for block in blocks {
            guard let value = JSONValue.parse(block) else { continue }
            collect(value, into: &objects, depth: 0)
        }
        for object in objects {
            if case .string(let id)? = member(object, "@id"), byID[id] == nil { byID[id] = object }
        }
        guard
            let article = objects.first(where: isArticle)
                ?? objects.first(where: { member($0, "datePublished") != nil })
        else { return Facts() }

        func resolve(_ value: JSONValue) -> JSONValue {
            if case .object(let members) = value, members.count == 1, case .string(let id)? = member(members, "@id"),
                let target = byID[id]
            {
                return .object(target)
            }
            return value
        }
        func names(_ value: JSONValue, limit: Int) -> [String] {
            switch resolve(value) {
            case .string(let s): return MetadataText.name(s).map { [$0] } ?? []
            case .object(let members):
                guard case .string(let s)? = member(members, "name") else { return [] }
                return MetadataText.name(s).map { [$0] } ?? []
            case .array(let elements):
                var out: [String] = []
                for element in elements where out.count < limit {
                    for name in names(element, limit: 1) where !out.contains(name) { out.append(name) }
                }
                return out
            default: return []
            }
        }

        var facts = Facts()
        if case .string(let s)? = member(article, "datePublished") { facts.date = DateParser.parseValue(s) }
        if let author = member(article, "author") {
            let list = names(author, limit: 10)
            if !list.isEmpty { facts.author = list.joined(separator: ", ") }
        }
        let publisher = member(article, "publisher") ?? objects.lazy.compactMap { member($0, "publisher") }.first
        if let publisher { facts.publisher = names(publisher, limit: 1).first }
        return facts
    }

    private static func collect(_ value: JSONValue, into objects: inout [[(String, JSONValue)]], depth: Int) {
        guard depth < 3 else { return }
        switch value {
        case .object(let members):
            objects.append(members)
            if let graph = member(members, "@graph") { collect(graph, into: &objects, depth: depth + 1) }
        case .array(let elements):
            for element in elements { collect(element, into: &objects, depth: depth + 1) }
        default: break
        }
    }

    private static func member(_ members: [(String, JSONValue)], _ key: String) -> JSONValue? {
        members.first { $0.0 == key }?.1
    }

    private static func isArticle(_ members: [(String, JSONValue)]) -> Bool {
        func articleType(_ name: String) -> Bool {
            name.hasSuffix("Article") || name.hasSuffix("BlogPosting") || name == "Report"
        }
        switch member(members, "@type") {
        case .string(let type)?: return articleType(type)
        case .array(let types)?:
            return types.contains { if case .string(let t) = $0 { return articleType(t) } else { return false } }
        default: return false
        }
    }
}

/// A JSON value, as much of it as JSON-LD metadata needs: numbers, booleans and null are kept only as present.
indirect enum JSONValue {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case scalar

    /// Nesting deeper than this is refused (a hostile page cannot overflow the stack).
    static let maximumDepth = 64

    /// The value of a whole text (surrounding whitespace aside), or nil when it is not valid JSON. Control
    /// characters inside strings, which pages leave in and browsers accept, are kept.
    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBytes { raw in
            var parser = Parser(b: raw)
            parser.skipSpace()
            guard let value = parser.value(depth: 0) else { return nil }
            parser.skipSpace()
            return parser.i == raw.count ? value : nil
        }
    }

    private struct Parser {
        let b: UnsafeRawBufferPointer
        var i = 0

        mutating func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        mutating func value(depth: Int) -> JSONValue? {
            guard i < b.count, depth < JSONValue.maximumDepth else { return nil }
            switch b[i] {
            case UInt8(ascii: "{"):
                i += 1
                var members: [(String, JSONValue)] = []
                skipSpace()
                if i < b.count, b[i] == UInt8(ascii: "}") {
                    i += 1
                    return .object(members)
                }
                while true {
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: "\""), let key = string() else { return nil }
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
                    i += 1
                    skipSpace()
                    guard let member = value(depth: depth + 1) else { return nil }
                    members.append((key, member))
                    skipSpace()
                    guard i < b.count else { return nil }
                    if b[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    guard b[i] == UInt8(ascii: "}") else { return nil }
                    i += 1
                    return .object(members)
                }
            case UInt8(ascii: "["):
                i += 1
                var elements: [JSONValue] = []
                skipSpace()
                if i < b.count, b[i] == UInt8(ascii: "]") {
                    i += 1
                    return .array(elements)
                }
                while true {
                    skipSpace()
                    guard let element = value(depth: depth + 1) else { return nil }
                    elements.append(element)
                    skipSpace()
                    guard i < b.count else { return nil }
                    if b[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    guard b[i] == UInt8(ascii: "]") else { return nil }
                    i += 1
                    return .array(elements)
                }
            case UInt8(ascii: "\""):
                return string().map { .string($0) }
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number()
            }
        }

        mutating func literal(_ word: StaticString) -> JSONValue? {
            let count = word.utf8CodeUnitCount
            guard i + count <= b.count else { return nil }
            for k in 0..<count where b[i + k] != word.utf8Start[k] { return nil }
            i += count
            return .scalar
        }

        mutating func number() -> JSONValue? {
            let start = i
            if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
            let digitsStart = i
            while i < b.count, DateParser.isDigit(b[i]) { i += 1 }
            guard i > digitsStart else { return nil }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                let fraction = i
                while i < b.count, DateParser.isDigit(b[i]) { i += 1 }
                guard i > fraction else { return nil }
            }
            if i < b.count, b[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                let exponent = i
                while i < b.count, DateParser.isDigit(b[i]) { i += 1 }
                guard i > exponent else { return nil }
            }
            return i > start ? .scalar : nil
        }

        /// A string starting at the opening quote.
        mutating func string() -> String? {
            i += 1
            var out: [UInt8] = []
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if c != UInt8(ascii: "\\") {
                    out.append(c)
                    i += 1
                    continue
                }
                guard i + 1 < b.count else { return nil }
                let e = b[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if scalar >= 0xD800 && scalar <= 0xDBFF, i + 1 < b.count, b[i] == UInt8(ascii: "\\"),
                        b[i + 1] == UInt8(ascii: "u")
                    {
                        let save = i
                        i += 2
                        if let low = hex4(), low >= 0xDC00 && low <= 0xDFFF {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            i = save
                        }
                    }
                    if scalar >= 0xD800 && scalar <= 0xDFFF { scalar = 0xFFFD }
                    UTF8Scanner.appendScalar(scalar, to: &out)
                default: return nil
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= b.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let c = b[i]
                let digit: UInt32
                switch c {
                case 0x30...0x39: digit = UInt32(c - 0x30)
                case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
                default: return nil
                }
                value = value << 4 | digit
                i += 1
            }
            return value
        }
    }
}
