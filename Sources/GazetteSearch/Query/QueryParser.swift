/// Parses the query language shared by every command:
///
///     query    := orExpr
///     orExpr   := andExpr ( ("OR" | "||") andExpr )*
///     andExpr  := unary ( ["AND" | "&&"] unary )*        juxtaposition means AND
///     unary    := ("NOT" | "-" | "!") unary | "+" unary | primary
///     primary  := "(" orExpr ")" | [field ":"] atom | field ":" "(" orExpr ")"
///     atom     := ["="] '"' phrase '"' ["~" N] | ["="] word | word "*" | word "~" N | pattern
///
/// Precedence is NOT > AND > OR. A field written before a group applies to every leaf inside that has no field
/// of its own.
public enum QueryParser {
    public static func parse(_ query: String) throws(QueryParseError) -> QueryNode {
        var lexer = QueryLexer(query)
        let tokens = try lexer.tokenize()
        var parser = Parser(tokens: tokens, endColumn: lexer.endColumn)
        return try parser.parseQuery()
    }

    /// `--exact`: the query with every word and phrase of the text written `=word`, in canonical syntax; a
    /// query that does not parse is returned as it is, for the search to report its error.
    public static func markingExact(_ query: String) -> String {
        guard let parsed = try? parse(query) else { return query }
        return parsed.markingExact().description
    }
}

private struct Parser {
    /// Groups and operators nest at most this deep. The parser recurses once per level, so without a bound a
    /// query of 10,000 '(' (20 KB, well within a command line or a `--batch` line) overflowed the stack.
    static let maximumDepth = 100

    let tokens: [QueryToken]
    let endColumn: Int
    var position = 0
    var depth = 0

    init(tokens: [QueryToken], endColumn: Int) {
        self.tokens = tokens
        self.endColumn = endColumn
    }

    private var current: QueryToken? { position < tokens.count ? tokens[position] : nil }

    /// Where an error about something missing points: the token that is there instead, or the end of input.
    private var currentColumn: Int { current?.column ?? endColumn }

    private var currentStartsOperand: Bool {
        switch current?.kind {
        case .word, .phrase, .field, .openParen, .not, .plus, .exact: return true
        case .and, .or, .closeParen, nil: return false
        }
    }

    mutating func parseQuery() throws(QueryParseError) -> QueryNode {
        guard !tokens.isEmpty else { throw QueryParseError(column: 1, message: "empty query") }
        let node = try parseOr(field: nil)
        if let extra = current {
            // parseOr only stops early at a ')' it cannot match.
            throw QueryParseError(column: extra.column, message: "unmatched ')'")
        }
        return node
    }

    private mutating func parseOr(field: QueryField?) throws(QueryParseError) -> QueryNode {
        var children = [try parseAnd(field: field)]
        while case .or(let spelling) = current?.kind {
            position += 1
            guard currentStartsOperand else {
                throw QueryParseError(column: currentColumn, message: "expected a term or phrase after '\(spelling)'")
            }
            children.append(try parseAnd(field: field))
        }
        return QueryNode.makeOr(children)
    }

    private mutating func parseAnd(field: QueryField?) throws(QueryParseError) -> QueryNode {
        switch current?.kind {
        case .and(let spelling), .or(let spelling):
            throw QueryParseError(column: currentColumn, message: "expected a term or phrase before '\(spelling)'")
        case .closeParen:
            throw QueryParseError(column: currentColumn, message: "unmatched ')'")
        default:
            break
        }
        var children = [try parseUnary(field: field)]
        while true {
            if case .and(let spelling) = current?.kind {
                position += 1
                guard currentStartsOperand else {
                    throw QueryParseError(
                        column: currentColumn, message: "expected a term or phrase after '\(spelling)'")
                }
            } else if !currentStartsOperand {
                break
            }
            children.append(try parseUnary(field: field))
        }
        return QueryNode.makeAnd(children)
    }

    /// Counts one more level of nesting for the construct opened at `column`; `leave` undoes it.
    private mutating func enter(at column: Int) throws(QueryParseError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw QueryParseError(column: column, message: "query nests more than \(Self.maximumDepth) levels deep")
        }
    }

    private mutating func leave() { depth -= 1 }

    private mutating func parseUnary(field: QueryField?) throws(QueryParseError) -> QueryNode {
        let spelling: String
        let negate: Bool
        switch current?.kind {
        case .not(let text):
            spelling = text
            negate = true
        case .plus:
            spelling = "+"
            negate = false
        default:
            return try parsePrimary(field: field)
        }
        try enter(at: tokens[position].column)
        defer { leave() }
        position += 1
        guard currentStartsOperand else {
            throw QueryParseError(column: currentColumn, message: "expected a term or phrase after '\(spelling)'")
        }
        let operand = try parseUnary(field: field)
        // "+x" only insists x is present, which every AND member already is.
        return negate ? QueryNode.makeNot(operand) : operand
    }

    private mutating func parsePrimary(field: QueryField?) throws(QueryParseError) -> QueryNode {
        guard let token = current else {
            throw QueryParseError(column: endColumn, message: "expected a term or phrase")
        }
        switch token.kind {
        case .openParen:
            try enter(at: token.column)
            defer { leave() }
            position += 1
            let unclosed = "expected ')' to close the '(' opened at column \(token.column)"
            switch current?.kind {
            case nil:
                throw QueryParseError(column: endColumn, message: unclosed)
            case .closeParen:
                throw QueryParseError(column: token.column, message: "empty parentheses")
            default:
                break
            }
            let node = try parseOr(field: field)
            guard case .closeParen = current?.kind else {
                throw QueryParseError(column: currentColumn, message: unclosed)
            }
            position += 1
            return node

        case .field(let named, let name):
            position += 1
            switch current?.kind {
            case .openParen:
                // The innermost field wins, as in Lucene: title:(a body:b) searches b in the body.
                return try parsePrimary(field: named)
            case .word, .phrase:
                let atom = tokens[position]
                position += 1
                return .leaf(try leaf(atom, field: named, column: token.column))
            case .exact:
                return .leaf(try exactLeaf(field: named, column: token.column))
            default:
                throw QueryParseError(
                    column: currentColumn, message: "expected a term, phrase or '(' after '\(name):'")
            }

        case .word, .phrase:
            position += 1
            return .leaf(try leaf(token, field: field, column: token.column))

        case .exact:
            return .leaf(try exactLeaf(field: field, column: token.column))

        case .closeParen, .and, .or, .not, .plus:
            // Callers check currentStartsOperand first; kept as an error rather than a trap.
            throw QueryParseError(column: token.column, message: "expected a term or phrase")
        }
    }

    /// `=word` or `="a phrase"` (the current token is the `=`): a word or phrase whose accents must match.
    private mutating func exactLeaf(field: QueryField?, column: Int) throws(QueryParseError) -> QueryLeaf {
        let marker = tokens[position]
        position += 1
        switch current?.kind {
        case .word, .phrase: break
        default: throw QueryParseError(column: currentColumn, message: "expected a word or a phrase right after '='")
        }
        var leaf = try leaf(tokens[position], field: field, column: column)
        position += 1
        switch leaf.kind {
        case .word, .phrase: break
        case .prefix, .fuzzy, .pattern:
            throw QueryParseError(column: marker.column, message: "'=' matches a word or a phrase exactly, not '\(leaf)'")
        }
        if let field, field != .title, field != .body {
            throw QueryParseError(
                column: marker.column,
                message: "'=' matches words of the text; '\(field.rawValue):' looks up \(field.isMetadata ? "metadata" : "entities")")
        }
        leaf.exact = true
        return leaf
    }

    private func leaf(_ token: QueryToken, field: QueryField?, column: Int) throws(QueryParseError) -> QueryLeaf {
        switch token.kind {
        case .phrase(let text, let slop):
            return QueryLeaf(field: field, kind: .phrase(text, slop: slop), column: column)
        case .word(let text):
            let scalars = Array(text.unicodeScalars)
            // Only a single word takes `~` or wildcards: "example.com/page?id=3" stays text for the tokenizer.
            func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
                scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                    || scalar.properties.generalCategory == .nonspacingMark || scalar == "'" || scalar == "\u{2019}"
            }
            if let tilde = scalars.firstIndex(of: "~"),
               scalars[..<tilde].allSatisfy({ isWordScalar($0) || $0 == "*" || $0 == "?" })
            {
                return try fuzzyLeaf(scalars, tilde: tilde, field: field, column: column, tokenColumn: token.column)
            }
            let wildcards = scalars.indices.filter { scalars[$0] == "*" || scalars[$0] == "?" }
            if let first = wildcards.first, !(scalars[first] == "*" && scalars[first...].allSatisfy { $0 == "*" }),
               scalars.allSatisfy({ $0 == "*" || $0 == "?" || isWordScalar($0) })
            {
                let literal = scalars.filter { $0 != "*" && $0 != "?" }
                guard !literal.isEmpty else {
                    throw QueryParseError(column: token.column, message: "a pattern needs at least one letter or digit")
                }
                return QueryLeaf(field: field, kind: .pattern(text), column: column)
            }
            guard text.unicodeScalars.last == "*" else {
                return QueryLeaf(field: field, kind: .word(text), column: column)
            }
            var stem = text.unicodeScalars
            while stem.last == "*" { stem.removeLast() }
            // One-letter prefixes would expand to a large part of the dictionary for no useful result.
            guard stem.count >= 2 else {
                throw QueryParseError(column: token.column, message: "prefix needs at least 2 characters before '*'")
            }
            return QueryLeaf(field: field, kind: .prefix(String(stem)), column: column)
        default:
            throw QueryParseError(column: token.column, message: "expected a term or phrase")
        }
    }

    /// `word~N`: at most 2 edits, as Lucene allows (more would match much of the dictionary).
    private func fuzzyLeaf(
        _ scalars: [Unicode.Scalar], tilde: Int, field: QueryField?, column: Int, tokenColumn: Int
    ) throws(QueryParseError) -> QueryLeaf {
        let digits = scalars[(tilde + 1)...]
        guard tilde > 0 else {
            throw QueryParseError(column: tokenColumn, message: "'~' follows a word (word~1) or a phrase (\"…\"~N)")
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) else {
            throw QueryParseError(
                column: tokenColumn + tilde + 1, message: "expected 0, 1 or 2 after '~' (word~1: one edit away)")
        }
        guard digits.count == 1, let distance = Int(String(scalars: digits)), distance <= 2 else {
            throw QueryParseError(
                column: tokenColumn + tilde + 1, message: "a word can be at most 2 edits away (word~1, word~2)")
        }
        let word = Array(scalars[..<tilde])
        if word.contains("*") || word.contains("?") {
            throw QueryParseError(column: tokenColumn, message: "a word is either fuzzy (~) or a pattern (* ?), not both")
        }
        return QueryLeaf(field: field, kind: .fuzzy(String(scalars: word), distance: distance), column: column)
    }
}
