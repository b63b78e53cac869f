import GazetteAnalysis
import GazetteIndex

/// A query resolved against the index: words analysed into terms, prefixes expanded, corpus-wide idf computed.
/// It is built once per query and then instantiated per segment as `MatchNode`s.
indirect enum SearchPlan {
    case terms(TermsPlan)
    case and(required: [SearchPlan], excluded: [SearchPlan])
    case or([SearchPlan])
    case nothing

    /// Leaves that contribute matches to highlight (those not under a NOT).
    var positiveLeaves: [TermsPlan] {
        switch self {
        case .terms(let leaf): [leaf]
        case .and(let required, _): required.flatMap(\.positiveLeaves)
        case .or(let children): children.flatMap(\.positiveLeaves)
        case .nothing: []
        }
    }
}

struct TermsPlan {
    var terms: [String]
    var scope: FieldScope
    var slop: Int
    var idf: Double
}

/// Turns a parsed query into a plan, reporting unusable clauses at their column.
struct SearchPlanner {
    let index: IndexReader
    var analyzer = Analyzer()
    var notices: [String] = []
    static let prefixExpansionLimit = 512

    init(index: IndexReader) {
        self.index = index
    }

    mutating func plan(_ node: QueryNode) throws(SearchError) -> SearchPlan {
        switch node {
        case .leaf(let leaf):
            return try plan(leaf)
        case .and(let children):
            var required: [SearchPlan] = [], excluded: [SearchPlan] = []
            for child in children {
                if case .not(let negated) = child {
                    excluded.append(try plan(negated))
                } else {
                    required.append(try plan(child))
                }
            }
            guard !required.isEmpty else {
                throw .query(QueryParseError(
                    column: Self.column(of: node),
                    message: "NOT needs something to subtract from: add a term or phrase that must match"))
            }
            return .and(required: required, excluded: excluded)
        case .or(let children):
            var alternatives: [SearchPlan] = []
            for child in children {
                if case .not = child {
                    throw .query(QueryParseError(
                        column: Self.column(of: child),
                        message: "a NOT clause cannot stand alone inside OR; group it with a term, e.g. (a -b) OR c"))
                }
                alternatives.append(try plan(child))
            }
            return .or(alternatives)
        case .not:
            throw .query(QueryParseError(
                column: Self.column(of: node),
                message: "a query needs at least one term or phrase that must match, not only NOT clauses"))
        }
    }

    private mutating func plan(_ leaf: QueryLeaf) throws(SearchError) -> SearchPlan {
        let scope: FieldScope
        switch leaf.field {
        case nil: scope = .any
        case .title: scope = .title
        case .body: scope = .body
        case .some(let field):
            throw .query(QueryParseError(
                column: leaf.column,
                message: "'\(field.rawValue):' filters need entity data, which this index does not have"))
        }
        switch leaf.kind {
        case .word(let text):
            let terms = analyzer.terms(of: text).map(\.term)
            guard !terms.isEmpty else {
                throw .query(QueryParseError(column: leaf.column, message: "'\(text)' has no searchable letters or digits"))
            }
            return try termsPlan(terms, scope: scope, slop: 0)
        case .phrase(let text, let slop):
            let terms = analyzer.terms(of: text).map(\.term)
            guard !terms.isEmpty else {
                throw .query(QueryParseError(column: leaf.column, message: "the phrase has no searchable letters or digits"))
            }
            return try termsPlan(terms, scope: scope, slop: slop)
        case .prefix(let text):
            let terms = analyzer.terms(of: text).map(\.term)
            guard terms.count == 1, let prefix = terms.first else {
                throw .query(QueryParseError(
                    column: leaf.column, message: "a prefix must be a single word, '\(text)*' is not"))
            }
            return try expand(prefix: prefix, scope: scope, column: leaf.column)
        }
    }

    private func termsPlan(_ terms: [String], scope: FieldScope, slop: Int) throws(SearchError) -> SearchPlan {
        var idf = 0.0
        for term in terms {
            let df = try documentFrequency(term)
            if df == 0 { return .nothing }
            idf += BM25.idf(documentFrequency: df, documentCount: index.documentCount)
        }
        return .terms(TermsPlan(terms: terms, scope: scope, slop: slop, idf: idf))
    }

    private mutating func expand(prefix: String, scope: FieldScope, column: Int) throws(SearchError) -> SearchPlan {
        var expansions = Set<[UInt8]>()
        var truncated = false
        var bytes = Array(prefix.utf8)
        for segment in index.segments {
            let result = bytes.withUnsafeBytes { raw in
                Result { () throws(IndexError) in
                    try segment.terms.terms(withPrefix: raw, limit: Self.prefixExpansionLimit)
                }
            }
            let found: (terms: [([UInt8], TermInfo)], truncated: Bool)
            switch result {
            case .success(let value): found = value
            case .failure(let error): throw .index(error)
            }
            for (term, _) in found.terms { expansions.insert(term) }
            truncated = truncated || found.truncated
        }
        bytes.removeAll()
        var sorted = expansions.sorted { $0.lexicographicallyPrecedes($1) }
        if sorted.count > Self.prefixExpansionLimit || truncated {
            sorted = Array(sorted.prefix(Self.prefixExpansionLimit))
            notices.append(
                "note: '\(prefix)*' matches more than \(Self.prefixExpansionLimit) terms; only the first \(Self.prefixExpansionLimit) were searched")
        }
        var alternatives: [SearchPlan] = []
        for term in sorted {
            alternatives.append(try termsPlan([String(decoding: term, as: UTF8.self)], scope: scope, slop: 0))
        }
        _ = column
        return alternatives.isEmpty ? .nothing : .or(alternatives)
    }

    func documentFrequency(_ term: String) throws(SearchError) -> Int {
        var total = 0
        for segment in index.segments {
            do {
                if let cursor = try segment.postings(forTerm: term) { total += Int(cursor.documentFrequency) }
            } catch {
                throw .index(error)
            }
        }
        return total
    }

    static func column(of node: QueryNode) -> Int {
        switch node {
        case .leaf(let leaf): leaf.column
        case .and(let children), .or(let children): children.first.map(column(of:)) ?? 1
        case .not(let child): max(1, column(of: child) - 1)
        }
    }
}
