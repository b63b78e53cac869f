/// CSV by RFC 4180: a header row, CRLF line ends, a field quoted when it holds a comma, a quote, CR or LF, and
/// quotes doubled inside. Text fields that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
/// `@`, a tab or a CR) get a leading `'`, as OWASP advises for CSV injection; numbers are written as numbers.
public struct CSVWriter {
    public private(set) var output = ""
    private var fieldsInRow = 0

    public init(header: [String]) {
        for name in header { text(name) }
        endRow()
    }

    /// A text cell, neutralised and quoted as needed.
    public mutating func text(_ value: String?) {
        var cell = value ?? ""
        if let first = cell.unicodeScalars.first, Self.formulaStarts.contains(first) { cell = "'" + cell }
        separate()
        if cell.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) {
            output += "\"" + cell.replacing("\"", with: "\"\"") + "\""
        } else {
            output += cell
        }
    }

    public mutating func number(_ value: Int) {
        separate()
        output += String(value)
    }

    /// A number with at most `decimals` digits after the point, trailing zeros dropped.
    public mutating func number(_ value: Double, decimals: Int) {
        separate()
        output += JSONWriter.formatNumber(value, decimals: decimals)
    }

    public mutating func endRow() {
        output += "\r\n"
        fieldsInRow = 0
    }

    private mutating func separate() {
        if fieldsInRow > 0 { output += "," }
        fieldsInRow += 1
    }

    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}
