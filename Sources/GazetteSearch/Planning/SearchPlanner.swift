import GazetteAnalysis
import GazetteEntities
import GazetteIndex

/// Turns a parsed query into a plan, reporting unusable clauses at their column.
struct SearchPlanner {
    /// Named `index` for the code that predates several indexes; it is all of them.
    let index: SearchCorpus
    var analyzer = Analyzer()
    var notices: [String] = []
    /// Words of the query that no document holds, as typed and as folded: "did you mean" looks for them.
    var unknownWords: [(typed: String, term: String)] = []
    /// When expanding words over the term dictionaries must stop (`SearchError.timeLimit`).
    var deadline: ContinuousClock.Instant?
    static let prefixExpansionLimit = 512
    /// The stemmer of the indexes' words, made at the first word that needs it: `.some(nil)` when they are not
    /// stemmed.
    private var stemmerState: Stemmer??

    init(index: SearchCorpus) {
        self.index = index
    }

    init(index: IndexReader) {
        self.init(index: SearchCorpus(indexes: [index]))
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
        case .some(let field) where field.isMetadata:
            return try metadataPlan(leaf, field: field)
        case .some(let field):
            return try entityPlan(leaf, field: field)
        }
        switch leaf.kind {
        case .word(let text) where leaf.exact:
            return try exactPlan(text, scope: scope, slop: 0, leaf: leaf)
        case .phrase(let text, let slop) where leaf.exact:
            return try exactPlan(text, scope: scope, slop: slop, leaf: leaf)
        case .word(let text):
            let terms = try stemmed(analyzer.terms(of: text).map(\.term))
            guard !terms.isEmpty else {
                throw .query(QueryParseError(column: leaf.column, message: "'\(text)' has no searchable letters or digits"))
            }
            let plan = try termsPlan(
                terms, scope: scope, slop: 0, label: leaf.description,
                isBareWord: terms.count == 1 && leaf.field == nil)
            if case .nothing = plan, terms.count == 1, !unknownWords.contains(where: { $0.term == terms[0] }) {
                unknownWords.append((text, terms[0]))
            }
            return plan
        case .phrase(let text, let slop):
            let terms = try stemmed(analyzer.terms(of: text).map(\.term))
            guard !terms.isEmpty else {
                throw .query(QueryParseError(column: leaf.column, message: "the phrase has no searchable letters or digits"))
            }
            return try termsPlan(terms, scope: scope, slop: slop, label: leaf.description)
        case .prefix(let text):
            let terms = analyzer.terms(of: text).map(\.term)
            guard terms.count == 1, let prefix = terms.first else {
                throw .query(QueryParseError(
                    column: leaf.column, message: "a prefix must be a single word, '\(text)*' is not"))
            }
            return try expand(prefix: prefix, scope: scope)
        case .fuzzy(let text, let distance):
            let terms = analyzer.terms(of: text).map(\.term)
            guard terms.count == 1, let word = terms.first else {
                throw .query(QueryParseError(
                    column: leaf.column, message: "a fuzzy term must be a single word, '\(text)' is not"))
            }
            guard word.unicodeScalars.count <= Self.fuzzyWordLimit else {
                throw .query(QueryParseError(
                    column: leaf.column, message: "a fuzzy word can have at most \(Self.fuzzyWordLimit) characters"))
            }
            return try expand(fuzzy: word, distance: distance, scope: scope, label: leaf.description)
        case .pattern(let text):
            return try expand(pattern: text, scope: scope, leaf: leaf)
        }
    }

    func termsPlan(
        _ terms: [String], scope: FieldScope, slop: Int, label: String, isBareWord: Bool = false,
        exclusions: [[String]] = []
    ) throws(SearchError) -> SearchPlan {
        var idf = 0.0
        for term in terms {
            let df = try documentFrequency(term)
            if df == 0 { return .nothing }
            idf += BM25.idf(documentFrequency: df, documentCount: index.documentCount)
        }
        return .terms(TermsPlan(
            terms: terms, scope: scope, slop: slop, idf: idf, label: label, isBareWord: isBareWord,
            exclusions: exclusions.contains { !$0.isEmpty } ? exclusions : []))
    }

    /// `=café`, `="école normale"`: each accented word by its exact form (`ExactTerm`), each unaccented one by
    /// its folded term minus the positions of its accented variants. Document frequencies (for idf) are those
    /// of the terms searched, so an unaccented word's idf counts its variants' documents too: a bound, not a
    /// count, which only shifts its weight a little.
    private mutating func exactPlan(_ text: String, scope: FieldScope, slop: Int, leaf: QueryLeaf) throws(SearchError) -> SearchPlan {
        let words = analyzer.termsWithExactForms(of: text)
        guard !words.isEmpty else {
            throw .query(QueryParseError(column: leaf.column, message: "'\(text)' has no searchable letters or digits"))
        }
        var terms: [String] = [], exclusions: [[String]] = []
        for word in words {
            // The index holds an exact term for every word whose exact form differs from its indexed term (its
            // folded form, or its stem); a word that is its own indexed term is that term minus its variants.
            let exact = word.exact ?? word.term
            let indexed = try stemmed([word.term])[0]
            if Array(exact.utf8) != Array(indexed.utf8) {
                terms.append(String(decoding: ExactTerm.term(exact.utf8), as: UTF8.self))
                exclusions.append([])
            } else {
                terms.append(indexed)
                exclusions.append(try exactVariants(of: indexed, stemmer: try stemmer()))
            }
        }
        return try termsPlan(terms, scope: scope, slop: slop, label: leaf.description, exclusions: exclusions)
    }

    /// The stemmer of the indexes searched, nil when they do not stem.
    mutating func stemmer() throws(SearchError) -> Stemmer? {
        if let made = stemmerState { return made }
        let made = try index.stemming().flatMap { Stemmer(language: $0) }
        stemmerState = .some(made)
        return made
    }

    /// The terms as the index holds them: their stems when it stems its words.
    mutating func stemmed(_ terms: [String]) throws(SearchError) -> [String] {
        guard let stemmer = try stemmer() else { return terms }
        return terms.map { stemmer.stem($0) }
    }

    /// `person:Lavrov`, `org:"Financial Times"`, `entity:"Sergei Lavrov"`: every entity of that type (any type
    /// for `entity:`) whose canonical name or one of its aliases matches, the surname alone included.
    private mutating func entityPlan(_ leaf: QueryLeaf, field: QueryField) throws(SearchError) -> SearchPlan {
        let name: String
        switch leaf.kind {
        case .word(let text), .phrase(let text, _): name = text
        case .prefix, .fuzzy, .pattern:
            throw .query(QueryParseError(
                column: leaf.column, message: "'\(field.rawValue):' takes a name, not '\(leaf.description)'"))
        }
        let type = Self.entityType(field)
        // The corpus's entities as its resolution has them, so that `person:Howard` finds "John Howard" where a
        // lone "Howard" joined him, and `org:Qantas` every "Qantas" once the corpus has typed it ORG; every
        // name an entity goes by counts, the surname alone included.
        var matched = Set<EntityIdentity>()
        var postings: [ObjectIdentifier: [EntityPostingsReference]] = [:]
        var documentFrequency = 0
        /// Documents naming it under each other type, for the notice when the asked type has none.
        var otherTypes: [String: Int] = [:]
        do {
            let groups = try index.entityGroups(types: Set(EntityType.allCases))
            var wanted = Set<Int32>()
            for group in try groups.groups(named: name, exactFirst: false) {
                let entity = groups.groups[Int(group)]
                guard type == nil || entity.type.rawValue == type else {
                    otherTypes[entity.type.rawValue, default: 0] += entity.documents
                    continue
                }
                wanted.insert(group)
                documentFrequency += entity.documents
            }
            for (number, records) in groups.records(of: wanted).enumerated() where !records.isEmpty {
                let segment = index.segments[number]
                postings[ObjectIdentifier(segment)] = records
                for record in records {
                    let stored = try segment.entityIndex.record(of: record)
                    matched.insert(EntityIdentity(type: stored.type, canonical: stored.canonical))
                }
            }
        } catch {
            throw .index(error)
        }
        guard !matched.isEmpty else {
            if let type, !otherTypes.isEmpty {
                notices.append(Self.otherTypesNotice(field: field, name: name, type: type, otherTypes: otherTypes))
            }
            return .nothing
        }
        let idf = BM25.idf(documentFrequency: min(documentFrequency, index.documentCount), documentCount: index.documentCount)
        return .entity(EntityPlan(entities: matched, postings: postings, idf: idf))
    }

    /// `org:Qantas: no ORG "Qantas"; it is a PERSON in 10 documents`: a type filter that finds nothing where
    /// the name is known under other types says so, rather than leave the reader to think it absent.
    static func otherTypesNotice(field: QueryField, name: String, type: String, otherTypes: [String: Int]) -> String {
        let ranked = otherTypes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let readings = ranked.map { "\(article($0.key)) \($0.key) in \($0.value) document\($0.value == 1 ? "" : "s")" }
        let quoted = "\"" + name + "\""
        return "\(field.rawValue):\(name.contains(" ") ? quoted : name): no \(type) \(quoted); it is "
            + readings.joined(separator: " and ") + " (entity:\(quoted) finds any type)"
    }

    private static func article(_ type: String) -> String {
        type.first.map { "AEIOU".contains($0) } == true ? "an" : "a"
    }

    static func entityType(_ field: QueryField) -> String? {
        switch field {
        case .person: "PERSON"
        case .org: "ORG"
        case .place: "PLACE"
        case .norp: "NORP"
        case .entity, .title, .body, .date, .author, .source, .folder: nil
        }
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
