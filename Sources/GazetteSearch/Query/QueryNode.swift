/// A field a query leaf can be restricted to: a stored text field, an entity type, or the article's metadata.
public enum QueryField: String, Sendable, Equatable, CaseIterable {
    case title, body, person, org, place, norp, entity, date, author, source, folder

    /// Fields answered from the article's metadata terms rather than its text or entities.
    public var isMetadata: Bool {
        switch self {
        case .date, .author, .source, .folder: true
        case .title, .body, .person, .org, .place, .norp, .entity: false
        }
    }
}

/// One thing to look up in the index: a word, a phrase, or a prefix, optionally restricted to a field.
public struct QueryLeaf: Sendable, Equatable {
    public var field: QueryField?
    public var kind: Kind
    /// 1-based column (in Unicode scalars) where the leaf was written, including its `field:` prefix when the
    /// prefix was written on the leaf itself; the executor points its own errors here.
    public var column: Int
    /// `=word`, `="a phrase"`: accents must match as typed (`=café` finds "café", not "cafe"; `=resume` finds
    /// "resume", not "résumé"); case still does not matter.
    public var exact = false

    public enum Kind: Sendable, Equatable {
        /// Raw text as typed: the executor runs it through the tokenizer, so "U.S." may still become two terms.
        case word(String)
        case phrase(String, slop: Int)
        /// The text before the `*`, raw as typed.
        case prefix(String)
        /// `word~1`: the terms within `distance` edits (insertions, deletions, substitutions, transpositions of
        /// two neighbours) of the word, raw as typed without its `~N`.
        case fuzzy(String, distance: Int)
        /// `Ara?at`, `co*tion`: a word with wildcards, `?` for one character and `*` for any run, raw as typed.
        case pattern(String)
    }

    public init(field: QueryField? = nil, kind: Kind, column: Int, exact: Bool = false) {
        self.field = field
        self.kind = kind
        self.column = column
        self.exact = exact
    }
}

/// A parsed query. `and`/`or` never hold a single child nor a child of their own kind.
public indirect enum QueryNode: Sendable, Equatable {
    case leaf(QueryLeaf)
    case and([QueryNode])
    case or([QueryNode])
    case not(QueryNode)
}

extension QueryNode {
    /// Builds a conjunction that keeps the AST canonical, so equal queries compare equal.
    static func makeAnd(_ children: [QueryNode]) -> QueryNode {
        var flat: [QueryNode] = []
        for child in children {
            if case .and(let inner) = child { flat += inner } else { flat.append(child) }
        }
        return flat.count == 1 ? flat[0] : .and(flat)
    }

    static func makeOr(_ children: [QueryNode]) -> QueryNode {
        var flat: [QueryNode] = []
        for child in children {
            if case .or(let inner) = child { flat += inner } else { flat.append(child) }
        }
        return flat.count == 1 ? flat[0] : .or(flat)
    }

    /// The query with every word and phrase of the text (no field, `title:`, `body:`) matching its accents
    /// exactly (`--exact`); prefixes, patterns, fuzzy words, entities and metadata are left as they are.
    public func markingExact() -> QueryNode {
        switch self {
        case .leaf(var leaf):
            let isText = leaf.field == nil || leaf.field == .title || leaf.field == .body
            switch leaf.kind {
            case .word, .phrase: if isText { leaf.exact = true }
            case .prefix, .fuzzy, .pattern: break
            }
            return .leaf(leaf)
        case .and(let children): return .and(children.map { $0.markingExact() })
        case .or(let children): return .or(children.map { $0.markingExact() })
        case .not(let child): return .not(child.markingExact())
        }
    }

    static func makeNot(_ child: QueryNode) -> QueryNode {
        if case .not(let inner) = child { return inner }
        return .not(child)
    }
}

extension QueryLeaf: CustomStringConvertible {
    /// The leaf in query syntax; parsing it again gives the same leaf (columns aside).
    public var description: String {
        let prefix = (field.map { "\($0.rawValue):" } ?? "") + (exact ? "=" : "")
        switch kind {
        case .word(let text):
            return prefix + text
        case .prefix(let text):
            return prefix + text + "*"
        case .fuzzy(let text, let distance):
            return prefix + text + "~\(distance)"
        case .pattern(let text):
            return prefix + text
        case .phrase(let text, let slop):
            var quoted = "\""
            for scalar in text.unicodeScalars {
                if QueryLexer.isQuote(scalar) { quoted += "\\" }
                quoted.unicodeScalars.append(scalar)
            }
            quoted += "\""
            return prefix + quoted + (slop > 0 ? "~\(slop)" : "")
        }
    }
}

extension QueryNode: CustomStringConvertible {
    /// The query in canonical syntax with explicit operators; compound children are parenthesised so the
    /// structure is visible at a glance in `--explain` output, and the text parses back to the same tree.
    public var description: String {
        switch self {
        case .leaf(let leaf):
            return leaf.description
        case .and(let children):
            return children.map(\.operandDescription).joined(separator: " AND ")
        case .or(let children):
            return children.map(\.operandDescription).joined(separator: " OR ")
        case .not(let child):
            return "NOT " + child.operandDescription
        }
    }

    private var operandDescription: String {
        switch self {
        case .leaf, .not: return description
        case .and, .or: return "(" + description + ")"
        }
    }
}
