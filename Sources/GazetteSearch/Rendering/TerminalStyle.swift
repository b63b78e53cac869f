/// The user's `--color` choice.
public enum ColorChoice: String, Sendable, CaseIterable {
    case auto, always, never
}

/// Whether to emit ANSI colour: `always` wins over everything; otherwise a non-empty `NO_COLOR` turns colour off
/// (https://no-color.org), and `auto` colours only a terminal that is not "dumb".
public func shouldUseColor(_ choice: ColorChoice, isTTY: Bool, environment: ColorEnvironment) -> Bool {
    switch choice {
    case .always:
        return true
    case .never:
        return false
    case .auto:
        if let noColor = environment.noColor, !noColor.isEmpty { return false }
        return isTTY && environment.term != "dumb"
    }
}

/// The two environment variables `shouldUseColor` reads. A struct, not a `[String: String]`: the first
/// dictionary keyed by `String` in a process makes the runtime scan every protocol conformance of the binary
/// (0.36 M instructions, 2 % of a one-shot search).
public struct ColorEnvironment: Sendable {
    /// `NO_COLOR`: any non-empty value turns colour off.
    public var noColor: String?
    /// `TERM`: "dumb" turns colour off.
    public var term: String?

    public init(noColor: String? = nil, term: String? = nil) {
        self.noColor = noColor
        self.term = term
    }
}

/// ANSI styles and terminal hygiene. Escape sequences come only from here; text from documents, file names and
/// queries goes through `sanitize` first, so a crafted document cannot move the cursor, retitle the window or
/// reorder what the user reads.
public enum TerminalStyle {
    public static let reset = "\u{1B}[0m"
    public static let bold = "\u{1B}[1m"
    public static let dim = "\u{1B}[2m"
    public static let match = "\u{1B}[1;33m"

    /// The colour of an entity highlight by its kind. Matches stay bold yellow on top of any of these.
    public static func entity(_ kind: String) -> String {
        switch kind.uppercased() {
        case "PERSON", "PER": return "\u{1B}[36m"
        case "ORG", "ORGANIZATION": return "\u{1B}[35m"
        case "PLACE", "GPE", "LOC", "LOCATION": return "\u{1B}[32m"
        case "NORP": return "\u{1B}[34m"
        default: return "\u{1B}[2;4m"
        }
    }

    /// Replaces every scalar a terminal would interpret — C0 controls, DEL, C1 controls, bidi embeddings,
    /// overrides and isolates — with U+FFFD, one scalar for one, so highlight offsets stay valid. Tabs and line
    /// feeds become spaces: they are harmless, merely layout.
    public static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0) }) else { return text }
        var clean = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            clean.append(sanitized(scalar))
        }
        return String(clean)
    }

    static func sanitized(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard isUnsafe(scalar) else { return scalar }
        return scalar == "\t" || scalar == "\n" ? " " : "\u{FFFD}"
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// Columns a scalar occupies in a monospaced terminal: 0 for combining marks, 2 for East Asian wide and
    /// emoji, 1 otherwise. An approximation of wcwidth, good enough to wrap snippets.
    static func columns(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        // Printable ASCII, nearly every scalar of a snippet, without a Unicode property look-up.
        if value >= 0x20 && value < 0x7F { return 1 }
        if value == 0x200B || value == 0x200D || scalar.properties.isGraphemeExtend { return 0 }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
