/// What a scalar does to tokenization. Raw values start at 1 so that 0 can mean "not yet classified" in the
/// analyzer's cache.
enum ScalarClass: UInt8 {
    /// Ends any token: punctuation, symbols, spaces, emoji, controls, invalid bytes.
    case separator = 1
    /// Letters and numbers that run together into words.
    case word = 2
    /// Combining marks: part of a word when they follow a letter or digit (decomposed accents, Indic and
    /// Thai vowel signs), a separator anywhere else.
    case mark = 3
    /// Joins two word characters (`don't`, `O’Reilly`); dropped anywhere else.
    case apostrophe = 4
    /// Han, Hiragana and Katakana: each character is a token of its own, because these scripts do not mark
    /// word boundaries and a search engine without a dictionary does best matching them character by
    /// character (phrase queries then recover words). Hangul is *not* here: Korean separates words with
    /// spaces, so its syllables run together like any other letters.
    case ideograph = 5

    /// Classifies a scalar from its Unicode properties. This is slow (a property lookup, sometimes a range
    /// test), so the analyzer caches the answer per scalar.
    static func of(_ scalar: Unicode.Scalar) -> ScalarClass {
        let value = scalar.value
        if value < 0x80 { return ofASCII(UInt8(value)) }
        switch value {
        case 0x2019, 0x02BC:
            // U+02BC is a modifier letter, but in running text it is used as an apostrophe.
            return .apostrophe
        case 0xFE00...0xFE0F, 0xE0100...0xE01EF:
            // Variation selectors are Mn, but they only pick a glyph (mostly emoji presentation): keeping them
            // would turn the keycap emoji "1️⃣" into a token that differs from "1".
            return .separator
        default:
            break
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return isCharacterPerToken(scalar) ? .ideograph : .word
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .mark
        default:
            return .separator
        }
    }

    static func ofASCII(_ byte: UInt8) -> ScalarClass {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .word
        case UInt8(ascii: "'"):
            return .apostrophe
        default:
            return .separator
        }
    }

    private static func isCharacterPerToken(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x309F,  // Hiragana
             0x30A0...0x30FF,  // Katakana
             0x31F0...0x31FF,  // Katakana phonetic extensions
             0xFF66...0xFF9F,  // Halfwidth Katakana
             0x1AFF0...0x1B16F:  // Kana extended, supplement and small kana
            return true
        default:
            // Covers the CJK unified and compatibility ideographs in every extension block without a table
            // that would go stale with each Unicode version.
            return scalar.properties.isIdeographic
        }
    }
}
