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
    public private(set) var output = ""

    private struct Container: Sendable {
        var isObject: Bool
        var count = 0
    }

    private var containers: [Container] = []
    private var awaitingValue = false

    public init() {}

    public mutating func beginObject() {
        prepareValue()
        output += "{"
        containers.append(Container(isObject: true))
    }

    public mutating func endObject() {
        precondition(containers.last?.isObject == true && !awaitingValue, "JSONWriter: unbalanced endObject")
        containers.removeLast()
        output += "}"
    }

    public mutating func beginArray() {
        prepareValue()
        output += "["
        containers.append(Container(isObject: false))
    }

    public mutating func endArray() {
        precondition(containers.last?.isObject == false, "JSONWriter: unbalanced endArray")
        containers.removeLast()
        output += "]"
    }

    public mutating func key(_ name: String) {
        precondition(containers.last?.isObject == true && !awaitingValue, "JSONWriter: key outside an object")
        if containers[containers.count - 1].count > 0 { output += ", " }
        containers[containers.count - 1].count += 1
        Self.appendQuoted(name, to: &output)
        output += ": "
        awaitingValue = true
    }

    public mutating func string(_ value: String) {
        prepareValue()
        Self.appendQuoted(value, to: &output)
    }

    public mutating func number(_ value: Int) {
        prepareValue()
        output += String(value)
    }

    /// Rounded to `decimals` places with trailing zeros dropped; NaN and infinities, which JSON cannot express,
    /// are written as 0.
    public mutating func number(_ value: Double, decimals: Int = 4) {
        prepareValue()
        output += Self.formatNumber(value, decimals: decimals)
    }

    public mutating func bool(_ value: Bool) {
        prepareValue()
        output += value ? "true" : "false"
    }

    public mutating func null() {
        prepareValue()
        output += "null"
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

    private mutating func prepareValue() {
        if awaitingValue {
            awaitingValue = false
            return
        }
        guard !containers.isEmpty else {
            precondition(output.isEmpty, "JSONWriter: more than one top-level value")
            return
        }
        precondition(!containers[containers.count - 1].isObject, "JSONWriter: value in an object needs a key")
        if containers[containers.count - 1].count > 0 { output += ", " }
        containers[containers.count - 1].count += 1
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var result = ""
        appendQuoted(text, to: &result)
        return result
    }

    static func appendQuoted(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                let value = scalar.value
                // U+EF80…U+EFFF: bytes of a file name that are not UTF-8 (`FileName`), escaped to stay visible.
                if value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
                    || (0x2066...0x2069).contains(value) || value == 0x2028 || value == 0x2029
                    || (0xEF80...0xEFFF).contains(value) {
                    output += "\\u" + hex4(value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = Array("0123456789abcdef".unicodeScalars)
        var text = String.UnicodeScalarView()
        for shift in stride(from: 12, through: 0, by: -4) {
            text.append(digits[Int((value >> UInt32(shift)) & 0xF)])
        }
        return String(text)
    }

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
