/// A small streaming JSON writer for command output: one line, keys in the order written, no Foundation
/// (which would add to every one-shot command's start-up time).
///
///     var json = JSONWriter()
///     json.beginObject()
///     json.field("total", 3)
///     json.endObject()
///     print(json.output)        // {"total": 3}
///
/// Strings are escaped so the output is also safe to print on a terminal: control characters, C1 controls,
/// bidi overrides, U+2028/U+2029 and the U+EF80…U+EFFF that stand for bytes of a file name that are not UTF-8
/// become `\uXXXX`, which every JSON parser decodes back to the same text.
public struct JSONWriter: Sendable {
    /// The JSON written so far. Built as UTF-8 bytes and made a string once: appending to a `String` piece by
    /// piece was most of what the API's JSON cost.
    public var output: String { String(decoding: bytes, as: UTF8.self) }
    private var bytes: [UInt8] = []

    private struct Container: Sendable {
        var isObject: Bool
        var count = 0
    }

    private var containers: [Container] = []
    private var awaitingValue = false

    public init() {}

    public mutating func beginObject() {
        prepareValue()
        bytes.append(UInt8(ascii: "{"))
        containers.append(Container(isObject: true))
    }

    public mutating func endObject() {
        precondition(containers.last?.isObject == true && !awaitingValue, "JSONWriter: unbalanced endObject")
        containers.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        prepareValue()
        bytes.append(UInt8(ascii: "["))
        containers.append(Container(isObject: false))
    }

    public mutating func endArray() {
        precondition(containers.last?.isObject == false, "JSONWriter: unbalanced endArray")
        containers.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func key(_ name: String) {
        precondition(containers.last?.isObject == true && !awaitingValue, "JSONWriter: key outside an object")
        if containers[containers.count - 1].count > 0 { write(", ") }
        containers[containers.count - 1].count += 1
        Self.appendQuoted(name, to: &bytes)
        write(": ")
        awaitingValue = true
    }

    public mutating func string(_ value: String) {
        prepareValue()
        Self.appendQuoted(value, to: &bytes)
    }

    public mutating func number(_ value: Int) {
        prepareValue()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Rounded to `decimals` places with trailing zeros dropped; NaN and infinities, which JSON cannot express,
    /// are written as 0.
    public mutating func number(_ value: Double, decimals: Int = 4) {
        prepareValue()
        bytes.append(contentsOf: Self.formatNumber(value, decimals: decimals).utf8)
    }

    public mutating func bool(_ value: Bool) {
        prepareValue()
        write(value ? "true" : "false")
    }

    public mutating func null() {
        prepareValue()
        write("null")
    }

    public mutating func field(_ name: String, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    public mutating func field(_ name: String, _ value: Int) {
        key(name)
        number(value)
    }

    public mutating func field(_ name: String, _ value: Double, decimals: Int = 4) {
        key(name)
        number(value, decimals: decimals)
    }

    public mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    private mutating func write(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func prepareValue() {
        if awaitingValue {
            awaitingValue = false
            return
        }
        guard !containers.isEmpty else {
            precondition(bytes.isEmpty, "JSONWriter: more than one top-level value")
            return
        }
        precondition(!containers[containers.count - 1].isObject, "JSONWriter: value in an object needs a key")
        if containers[containers.count - 1].count > 0 { write(", ") }
        containers[containers.count - 1].count += 1
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var result: [UInt8] = []
        appendQuoted(text, to: &result)
        return String(decoding: result, as: UTF8.self)
    }

    static func appendQuoted(_ text: String, to output: inout String) {
        output += quoted(text)
    }

    /// Appends `text` as a JSON string. Works on the UTF-8 bytes and copies each run of bytes that needs no
    /// escape at once: a document's whole text goes out this way (`annotate --json`, the API). Escaped: quote,
    /// backslash, control characters (C0, DEL, C1), the bidirectional overrides and isolates and the line and
    /// paragraph separators (so that no text can reorder or break what a terminal shows), and U+EF80…U+EFFF,
    /// the bytes of a file name that are not UTF-8 (`FileName`), so that they stay visible.
    static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0, index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                var length = 1
                var escaped: UInt32?
                if byte < 0x80 {
                    if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F { escaped = UInt32(byte) }
                } else {
                    // A Swift string's UTF-8 is well formed: the lead byte gives the length.
                    length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    if byte == 0xC2, bytes[index + 1] <= 0x9F {
                        escaped = UInt32(bytes[index + 1])
                    } else if byte == 0xE2 || byte == 0xEE {
                        let value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6
                            | UInt32(bytes[index + 2] & 0x3F)
                        if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x2028
                            || value == 0x2029 || (0xEF80...0xEFFF).contains(value) {
                            escaped = value
                        }
                    }
                }
                if let escaped {
                    if index > runStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                    output.append(UInt8(ascii: "\\"))
                    switch escaped {
                    case 0x22: output.append(UInt8(ascii: "\""))
                    case 0x5C: output.append(UInt8(ascii: "\\"))
                    case 0x0A: output.append(UInt8(ascii: "n"))
                    case 0x0D: output.append(UInt8(ascii: "r"))
                    case 0x09: output.append(UInt8(ascii: "t"))
                    default:
                        output.append(UInt8(ascii: "u"))
                        for shift in stride(from: 12, through: 0, by: -4) {
                            output.append(Self.hexDigits[Int((escaped >> UInt32(shift)) & 0xF)])
                        }
                    }
                    runStart = index + length
                }
                index += length
            }
            if count > runStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func formatNumber(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        guard var text = fixed(value, places: decimals) else {
            // Too large to round exactly; Swift's shortest representation is valid JSON for finite values.
            return value.description
        }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// `value` with exactly `places` decimals, or nil when it is not finite or too large for exact rounding.
    static func fixed(_ value: Double, places: Int) -> String? {
        let places = min(max(places, 0), 9)
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        guard value.isFinite else { return nil }
        let scaled = (value.magnitude * Double(scale)).rounded()
        guard scaled < 9.0e15 else { return nil }
        let units = Int(scaled)
        let sign = value < 0 && units != 0 ? "-" : ""
        guard places > 0 else { return sign + String(units) }
        var fraction = String(units % scale)
        while fraction.count < places { fraction = "0" + fraction }
        return sign + String(units / scale) + "." + fraction
    }
}
