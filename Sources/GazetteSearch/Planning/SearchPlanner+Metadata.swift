import GazetteIndex

/// `date:`, `author:`, `source:` and `folder:`: clauses over the article's metadata terms, resolved here to the
/// exact terms the index holds, so that a segment only looks their postings up.
extension SearchPlanner {
    mutating func metadataPlan(_ leaf: QueryLeaf, field: QueryField) throws(SearchError) -> SearchPlan {
        let text: String
        var isPrefix = false
        switch leaf.kind {
        case .word(let value), .phrase(let value, _): text = value
        case .prefix(let value): text = value; isPrefix = true
        case .fuzzy, .pattern:
            throw .query(QueryParseError(
                column: leaf.column, message: "\(field.rawValue): takes words or a prefix, not '\(leaf.description)'"))
        }
        switch field {
        case .date:
            guard !isPrefix else {
                throw .query(QueryParseError(
                    column: leaf.column, message: "date: takes a date or a range (date:2001-12, date:2001..2002), not a prefix"))
            }
            return try datePlan(text, leaf: leaf)
        case .folder:
            return try folderPlan(text, isPrefix: isPrefix, leaf: leaf)
        default:
            return try wordsPlan(text, isPrefix: isPrefix, field: field, leaf: leaf)
        }
    }

    private mutating func datePlan(_ text: String, leaf: QueryLeaf) throws(SearchError) -> SearchPlan {
        let range: DateQuery
        switch DateQuery.parse(text) {
        case .success(let parsed): range = parsed
        case .failure(let error): throw .query(QueryParseError(column: leaf.column, message: "date: " + error.message))
        }
        var matching = Set<String>()
        var anyDated = false
        let prefix = MetadataTerm.dayPrefix
        for term in try indexTerms(withPrefix: prefix) {
            anyDated = true
            let day = String(term.dropFirst(prefix.count))
            if range.contains(day) { matching.insert(term) }
        }
        if !anyDated {
            notices.append(
                "note: no document of the index has a publication date, so date: matches nothing "
                    + "(dates come from the documents themselves; `gazette index --date-from-mtime` takes the file's)")
        }
        return matching.isEmpty ? .nothing : .metadata(MetadataPlan(terms: matching.sorted(), label: leaf.description))
    }

    /// `author:` and `source:`: every word of the value must be a word of the field (`author:"Jane Doe"` finds
    /// "Doe, Jane" too); a prefix matches any word that starts with it.
    private mutating func wordsPlan(
        _ text: String, isPrefix: Bool, field: QueryField, leaf: QueryLeaf
    ) throws(SearchError) -> SearchPlan {
        let prefix = field == .author ? MetadataTerm.authorPrefix : MetadataTerm.sourcePrefix
        let words = analyzer.terms(of: text).map(\.term)
        guard !words.isEmpty else {
            throw .query(QueryParseError(column: leaf.column, message: "'\(text)' has no searchable letters or digits"))
        }
        if isPrefix {
            guard words.count == 1 else {
                throw .query(QueryParseError(
                    column: leaf.column, message: "a prefix must be a single word, '\(text)*' is not"))
            }
            let expansions = try indexTerms(withPrefix: prefix + words[0])
            return expansions.isEmpty ? .nothing : .metadata(MetadataPlan(terms: expansions, label: leaf.description))
        }
        var required: [SearchPlan] = []
        for word in words {
            let term = prefix + word
            guard try documentFrequency(term) > 0 else {
                if try indexTerms(withPrefix: prefix).isEmpty {
                    notices.append("note: no document of the index names its \(field.rawValue), so \(field.rawValue): matches nothing")
                }
                return .nothing
            }
            required.append(.metadata(MetadataPlan(terms: [term], label: field.rawValue + ":" + word)))
        }
        return required.count == 1 ? required[0] : .and(required: required, excluded: [])
    }

    /// `folder:news/2001`: documents anywhere under that folder, as paths are written relative to their corpus
    /// root; letter case counts, as it does in paths. A folder the index does not have is named in a notice,
    /// with the one it probably meant.
    private mutating func folderPlan(_ text: String, isPrefix: Bool, leaf: QueryLeaf) throws(SearchError) -> SearchPlan {
        var folder = Substring(text)
        while folder.hasPrefix("./") { folder = folder.dropFirst(2) }
        while folder.hasSuffix("/") { folder = folder.dropLast() }
        guard !folder.isEmpty else {
            throw .query(QueryParseError(column: leaf.column, message: "folder: needs a folder name, relative to the corpus root"))
        }
        let prefix = MetadataTerm.folderPrefix
        if isPrefix {
            let expansions = try indexTerms(withPrefix: prefix + folder)
            return expansions.isEmpty ? .nothing : .metadata(MetadataPlan(terms: expansions, label: leaf.description))
        }
        let term = prefix + folder
        guard try documentFrequency(term) == 0 else {
            return .metadata(MetadataPlan(terms: [term], label: leaf.description))
        }
        let known = try indexTerms(withPrefix: prefix).map { String($0.dropFirst(prefix.count)) }
        if let likely = known.first(where: { $0.lowercased() == folder.lowercased() }) {
            notices.append("note: folder:\(folder) matches no folder; did you mean folder:\(likely)?")
        } else {
            let top = known.filter { !$0.contains("/") }.prefix(8)
            notices.append(
                "note: folder:\(folder) matches no folder of the index"
                    + (top.isEmpty ? " (its documents all sit at the corpus root)" : " (top folders: \(top.joined(separator: ", ")))"))
        }
        return .nothing
    }

    /// Every term of every segment that starts with `prefix`, without repeats, in order.
    func indexTerms(withPrefix prefix: String) throws(SearchError) -> [String] {
        var found = Set<String>()
        for segment in index.segments {
            for (term, _) in try segment.terms(startingWith: prefix) { found.insert(String(decoding: term, as: UTF8.self)) }
        }
        return found.sorted()
    }
}
