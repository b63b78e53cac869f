/// Makes text from outside (file names, index folders, messages quoting them) safe and legible on a terminal:
/// everything a terminal would act on becomes a visible escape, so a name with a newline or an escape sequence
/// neither breaks a line-per-path listing nor reaches the terminal, and a name that is not UTF-8 shows its bytes.
///
///     new⏎line.txt          → new\nline.txt
///     ESC[2Jevil.txt        → \x1B[2Jevil.txt
///     caf 0xE9 .txt         → caf\xE9.txt        (a byte that is not UTF-8, see `FileName`)
///     RLO txt.exe           → \u{202E}txt.exe
public enum TerminalEscaping {
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                result.append(scalar)
                continue
            }
            let value = scalar.value
            let escape: String
            switch value {
            case 0x09: escape = "\\t"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x00...0x1F, 0x7F: escape = "\\x" + hex(value, digits: 2)
            case FileName.escapedRange: escape = "\\x" + hex(value - FileName.escapeBase, digits: 2)
            default: escape = "\\u{" + hex(value, digits: value > 0xFF ? 4 : 2) + "}"
            }
            result.append(contentsOf: escape.unicodeScalars)
        }
        return String(result)
    }

    /// C0 controls, DEL, C1 controls, the line and paragraph separators, bidi embeddings, overrides and
    /// isolates, and the scalars that stand for bytes that are not UTF-8.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, FileName.escapedRange:
            return true
        default:
            return false
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
