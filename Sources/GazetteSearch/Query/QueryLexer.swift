/// A token of the query language, with the column where it starts.
struct QueryToken: Equatable {
    enum Kind: Equatable {
        case word(String)
        case phrase(String, slop: Int)
        /// `name` is as typed, for messages ("after 'Title:'").
        case field(QueryField, name: String)
        case openParen
        case closeParen
        /// Operators keep their spelling so messages quote what the user wrote ('-' vs 'NOT').
        case and(String)
        case or(String)
        case not(String)
        case plus
        /// `=` right before a word or a phrase: match its accents exactly.
        case exact
    }

    var kind: Kind
    var column: Int
}

/// Splits a query into tokens. Works on Unicode scalars because columns count scalars.
struct QueryLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var tokens: [QueryToken] = []

    init(_ query: String) {
        scalars = Array(query.unicodeScalars)
    }

    /// Column just past the last scalar: where errors about missing input point.
    var endColumn: Int { scalars.count + 1 }

    static func isQuote(_ scalar: Unicode.Scalar) -> Bool {
        // Typographic quotes arrive by copy-paste from the very articles being searched.
        scalar == "\"" || scalar == "\u{201C}" || scalar == "\u{201D}" || scalar == "\u{201E}"
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    private static func endsWord(_ scalar: Unicode.Scalar) -> Bool {
        isSpace(scalar) || scalar == "(" || scalar == ")" || isQuote(scalar)
    }

    mutating func tokenize() throws(QueryParseError) -> [QueryToken] {
        while index < scalars.count {
            let scalar = scalars[index]
            let column = index + 1
            if Self.isSpace(scalar) {
                index += 1
            } else if scalar == "(" {
                tokens.append(QueryToken(kind: .openParen, column: column))
                index += 1
            } else if scalar == ")" {
                tokens.append(QueryToken(kind: .closeParen, column: column))
                index += 1
            } else if Self.isQuote(scalar) {
                try lexPhrase()
            } else if scalar == "-" || scalar == "!" {
                // Only at the start of a token: "well-known" and "C++" stay words.
                tokens.append(QueryToken(kind: .not(String(scalar)), column: column))
                index += 1
            } else if scalar == "+" {
                tokens.append(QueryToken(kind: .plus, column: column))
                index += 1
            } else if scalar == "=", index + 1 < scalars.count, !Self.endsWord(scalars[index + 1]) || Self.isQuote(scalars[index + 1]) {
                // Only when something follows at once: "E = mc2" keeps its "=" as text.
                tokens.append(QueryToken(kind: .exact, column: column))
                index += 1
            } else {
                try lexWord()
            }
        }
        return tokens
    }

    private mutating func lexWord() throws(QueryParseError) {
        let start = index
        while index < scalars.count, !Self.endsWord(scalars[index]) { index += 1 }
        let raw = scalars[start..<index]
        let text = String(scalars: raw)
        let column = start + 1
        switch text {
        // Upper case only, like Lucene: "and" in a query is almost always the English word.
        case "AND", "&&":
            tokens.append(QueryToken(kind: .and(text), column: column))
            return
        case "OR", "||":
            tokens.append(QueryToken(kind: .or(text), column: column))
            return
        case "NOT":
            tokens.append(QueryToken(kind: .not(text), column: column))
            return
        default:
            break
        }
        guard let colon = raw.firstIndex(of: ":"), colon > start,
              raw[start..<colon].allSatisfy({ $0.properties.isAlphabetic })
        else {
            // "10:30", ":foo" and the like are plain words for the tokenizer to split.
            tokens.append(QueryToken(kind: .word(text), column: column))
            return
        }
        let name = String(scalars: raw[start..<colon])
        let rest = raw[(colon + 1)...]
        if rest.starts(with: ["/", "/"]) {
            // A pasted URL ("https://…") is text to find, not a field.
            tokens.append(QueryToken(kind: .word(text), column: column))
            return
        }
        guard let field = QueryField(rawValue: name.lowercased()) else {
            let known = QueryField.allCases.map(\.rawValue).joined(separator: ", ")
            throw QueryParseError(column: column, message: "unknown field '\(name)' (known: \(known))")
        }
        tokens.append(QueryToken(kind: .field(field, name: name), column: column))
        if rest.first == "=", rest.count > 1 {
            // `title:=café`: exact, then the word.
            tokens.append(QueryToken(kind: .exact, column: colon + 2))
            let restText = String(scalars: rest.dropFirst())
            tokens.append(QueryToken(kind: .word(restText), column: colon + 3))
        } else if rest.first == "=", index < scalars.count, Self.isQuote(scalars[index]) {
            // `title:="a phrase"`: the phrase follows.
            tokens.append(QueryToken(kind: .exact, column: colon + 2))
        } else if !rest.isEmpty {
            // The rest is always an atom, even "AND" or "-x": the field asked for one.
            let restText = String(scalars: rest)
            tokens.append(QueryToken(kind: .word(restText), column: colon + 2))
        }
    }

    private mutating func lexPhrase() throws(QueryParseError) {
        let openColumn = index + 1
        index += 1
        var text = String.UnicodeScalarView()
        var closed = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count, Self.isQuote(scalars[index + 1]) {
                text.append(scalars[index + 1])
                index += 2
            } else if Self.isQuote(scalar) {
                index += 1
                closed = true
                break
            } else {
                text.append(scalar)
                index += 1
            }
        }
        guard closed else {
            throw QueryParseError(
                column: endColumn,
                message: "expected closing quote for the quote opened at column \(openColumn)")
        }
        if text.allSatisfy(Self.isSpace) {
            throw QueryParseError(column: openColumn, message: "empty phrase")
        }
        var slop = 0
        if index < scalars.count, scalars[index] == "~" {
            index += 1
            let digitsStart = index
            var value = 0
            while index < scalars.count, let digit = Self.asciiDigit(scalars[index]) {
                // Saturate instead of overflowing on absurdly long numbers; anything past the maximum is rejected anyway.
                value = min(value * 10 + digit, 1000)
                index += 1
            }
            if index == digitsStart {
                throw QueryParseError(column: digitsStart + 1, message: "expected a number after '~'")
            }
            // A looser phrase could reach across the position gap between paragraphs.
            if value > PhraseMatcher.maximumSlop {
                throw QueryParseError(
                    column: digitsStart + 1, message: "slop must be between 0 and \(PhraseMatcher.maximumSlop)")
            }
            slop = value
        }
        tokens.append(QueryToken(kind: .phrase(String(text), slop: slop), column: openColumn))
    }

    private static func asciiDigit(_ scalar: Unicode.Scalar) -> Int? {
        scalar.value >= 0x30 && scalar.value <= 0x39 ? Int(scalar.value - 0x30) : nil
    }
}
