import GazetteAnalysis
import GazetteIndex

/// Words that stand for several terms — `co*`, `word~1`, `Ara?at` — expanded against every segment's term
/// dictionary into the terms the index holds, the most frequent first when there are more than a query should
/// search (with a note saying so), then searched as alternatives.
extension SearchPlanner {
    /// At most this many terms for a fuzzy word (Lucene's default maxExpansions is 50).
    static let fuzzyExpansionLimit = 64
    /// The longest word `word~N` takes (its table grows with the square of its length).
    static let fuzzyWordLimit = 64

    /// A matching term: its bytes, documents summed over the segments, and for a fuzzy word its distance.
    struct Expansion {
        var term: [UInt8]
        var documents: Int
        var distance: Int
    }

    /// `co*`: terms starting with the prefix.
    mutating func expand(prefix: String, scope: FieldScope) throws(SearchError) -> SearchPlan {
        let start = Array(prefix.utf8)
        let found = try walkTerms(from: start) { term in
            term.starts(with: start) ? .match(distance: 0) : .stop
        }
        return plan(found, limit: Self.prefixExpansionLimit, scope: scope, shown: prefix + "*")
    }

    /// `word~N`: terms within N edits of the word (Damerau–Levenshtein, adjacent transpositions), found by a
    /// walk that skips every run of terms whose common start is already more than N edits away.
    mutating func expand(fuzzy word: String, distance: Int, scope: FieldScope, label: String) throws(SearchError) -> SearchPlan {
        var matcher = FuzzyTermMatcher(word, distance: distance)
        let found = try walkTerms(from: []) { matcher.step($0) }
        return plan(found, limit: Self.fuzzyExpansionLimit, scope: scope, shown: label)
    }

    /// `Ara?at`, `co*tion`: terms matching the pattern, each literal part folded as the analyzer folds words.
    mutating func expand(pattern text: String, scope: FieldScope, leaf: QueryLeaf) throws(SearchError) -> SearchPlan {
        var pattern: [Unicode.Scalar] = []
        var literal = String.UnicodeScalarView()
        func flush() throws(SearchError) {
            guard !literal.isEmpty else { return }
            let terms = analyzer.terms(of: String(literal)).map(\.term)
            guard terms.count == 1, let term = terms.first else {
                throw .query(QueryParseError(
                    column: leaf.column, message: "'\(String(literal))' in the pattern '\(text)' is not one word"))
            }
            pattern += term.unicodeScalars
            literal = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            if scalar == "*" || scalar == "?" {
                try flush()
                pattern.append(scalar)
            } else {
                literal.append(scalar)
            }
        }
        try flush()
        let fixed = pattern.prefix { $0 != "*" && $0 != "?" }
        let start = Array(String(scalars: fixed).utf8)
        let found = try walkTerms(from: start) { term in
            guard term.starts(with: start) else { return .stop }
            return Self.glob(pattern, matches: String(decoding: term, as: UTF8.self)) ? .match(distance: 0) : .next
        }
        return plan(found, limit: Self.prefixExpansionLimit, scope: scope, shown: leaf.description)
    }

    /// "did you mean": for each word of the query no document holds, the most frequent term one edit away, else
    /// two, that starts with the word's first letter; for a query that found nothing. The first letter is kept,
    /// as Lucene's `DirectSpellChecker` keeps it by default (`minPrefix` 1): a slip is rarely there, and the walk
    /// then reads the terms of one letter instead of the whole dictionary (a query that found nothing spent nine
    /// tenths of its time here).
    func suggestions() throws(SearchError) -> [String] {
        var lines: [String] = []
        for (typed, term) in unknownWords where term.unicodeScalars.count <= Self.fuzzyWordLimit {
            guard let first = term.unicodeScalars.first else { continue }
            let prefix = Array(String(first).utf8)
            var matcher = FuzzyTermMatcher(term, distance: 2)
            let found = try walkTerms(from: prefix) { bytes in
                guard bytes.count >= prefix.count, bytes.prefix(prefix.count).elementsEqual(prefix) else { return .stop }
                return matcher.step(bytes)
            }
            let best = found.filter { $0.distance > 0 }.min {
                if $0.distance != $1.distance { return $0.distance < $1.distance }
                if $0.documents != $1.documents { return $0.documents > $1.documents }
                return $0.term.lexicographicallyPrecedes($1.term)
            }
            guard let best else { continue }
            let documents = min(best.documents, index.documentCount)
            lines.append(
                "note: no document has '\(typed)'; did you mean '\(String(decoding: best.term, as: UTF8.self))' "
                    + "(\(documents) document\(documents == 1 ? "" : "s"))?")
        }
        return lines
    }

    enum TermVerdict {
        case match(distance: Int)
        case next
        case stop
        /// No term that starts with this many bytes of the current one can match.
        case skipPast(prefixLength: Int)
    }

    /// The exact forms (`ExactTerm`s, as the index holds them) indexed under `term` by other words: "résumé" and
    /// "resumé" for "resume"; with stemming also "strikes" and "striking" for "strike". Without stemming the walk
    /// skips each run of forms whose start already folds to something else; with stemming (where a longer word
    /// may stem to anything) it reads them all.
    func exactVariants(of term: String, stemmer: Stemmer?) throws(SearchError) -> [String] {
        let target = Array(term.utf8)
        var matcher = AccentVariantMatcher(folded: target)
        guard let stemmer else {
            return try walkExactForms { form in
                switch matcher.check(form) {
                case .match: return .match(distance: 0)
                case .next: return .next
                case .skip(let prefixLength):
                    return .skipPast(prefixLength: prefixLength)
                }
            }
        }
        return try walkExactForms { form in
            let folded = matcher.fold(form)
            let matches = folded.withUnsafeBufferPointer { word in stemmer.stem(word) { $0.elementsEqual(target) } }
            return matches ? .match(distance: 0) : .next
        }
    }

    /// The exact terms of every segment whose form (the bytes after `ExactTerm.marker`) `verdict` matches, as
    /// the index holds them; a skip counts bytes of the form. Bytes, not `String`s, until the end: Swift's string
    /// equality is canonical equivalence, under which "café" composed and decomposed, two terms here, are one.
    private func walkExactForms(_ verdict: (UnsafeRawBufferPointer) -> TermVerdict) throws(SearchError) -> [String] {
        var variants = Set<[UInt8]>()
        var visited = 0, timedOut = false
        for segment in index.segments {
            let walked = [ExactTerm.marker].withUnsafeBytes { begin in
                Result { () throws(IndexError) in
                    try segment.terms.walk(from: begin) { bytes, _ in
                        guard bytes.first == ExactTerm.marker else { return .stop }
                        visited += 1
                        if visited & 1023 == 0, let deadline, ContinuousClock.now > deadline {
                            timedOut = true
                            return .stop
                        }
                        switch verdict(UnsafeRawBufferPointer(rebasing: bytes.dropFirst())) {
                        case .match:
                            variants.insert(Array(bytes))
                            return .next
                        case .next: return .next
                        case .stop: return .stop
                        case .skipPast(let length): return .skipPast(prefixLength: length + 1)
                        }
                    }
                }
            }
            if case .failure(let error) = walked { throw .index(error) }
            if timedOut { throw .timeLimit(.zero) }
        }
        return variants.sorted { $0.lexicographicallyPrecedes($1) }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The matching terms of every segment, documents summed; metadata terms (byte 0x01 first) are never
    /// candidates.
    private func walkTerms(
        from start: [UInt8], _ verdict: (UnsafeRawBufferPointer) -> TermVerdict
    ) throws(SearchError) -> [Expansion] {
        var found: [[UInt8]: Expansion] = [:]
        var visited = 0, timedOut = false
        let first = start.isEmpty || start[0] < MetadataTerm.firstPlainByte ? [MetadataTerm.firstPlainByte] : start
        for segment in index.segments {
            let walked = first.withUnsafeBytes { begin in
                Result { () throws(IndexError) in
                    try segment.terms.walk(from: begin) { bytes, info in
                        visited += 1
                        if visited & 1023 == 0, let deadline, ContinuousClock.now > deadline {
                            timedOut = true
                            return .stop
                        }
                        switch verdict(bytes) {
                        case .match(let distance):
                            let term = Array(bytes)
                            found[term, default: Expansion(term: term, documents: 0, distance: distance)].documents +=
                                Int(info.documentFrequency)
                            return .next
                        case .next: return .next
                        case .stop: return .stop
                        case .skipPast(let length): return .skipPast(prefixLength: length)
                        }
                    }
                }
            }
            if case .failure(let error) = walked { throw .index(error) }
            if timedOut { throw .timeLimit(.zero) }
        }
        return Array(found.values)
    }

    /// The alternatives to search: nearest first for a fuzzy word, then the most frequent, at most `limit`.
    private mutating func plan(
        _ found: [Expansion], limit: Int, scope: FieldScope, shown: String
    ) -> SearchPlan {
        var ranked = found.sorted {
            if $0.distance != $1.distance { return $0.distance < $1.distance }
            if $0.documents != $1.documents { return $0.documents > $1.documents }
            return $0.term.lexicographicallyPrecedes($1.term)
        }
        if ranked.count > limit {
            notices.append(
                "note: '\(shown)' matches \(ranked.count) terms; the \(limit) \(shown.contains("~") ? "nearest, then most frequent" : "most frequent") were searched")
            ranked = Array(ranked.prefix(limit))
        }
        let field = scope == .title ? "title:" : scope == .body ? "body:" : ""
        var alternatives: [SearchPlan] = []
        for expansion in ranked {
            let text = String(decoding: expansion.term, as: UTF8.self)
            let idf = BM25.idf(documentFrequency: min(expansion.documents, index.documentCount), documentCount: index.documentCount)
            alternatives.append(.terms(TermsPlan(terms: [text], scope: scope, slop: 0, idf: idf, label: field + text, isBareWord: false)))
        }
        return alternatives.isEmpty ? .nothing : .or(alternatives)
    }

    /// Whether `text` matches `pattern` whole: `?` one scalar, `*` any run of them.
    static func glob(_ pattern: [Unicode.Scalar], matches text: String) -> Bool {
        let text = Array(text.unicodeScalars)
        var p = 0, t = 0
        var star = -1, resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || (pattern[p] != "*" && pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}

/// Damerau–Levenshtein distance (optimal string alignment) of each term of a sorted walk to one word, over
/// Unicode scalars. Rows of the table are kept for the start a term shares with the one before, so each term
/// costs only its new scalars; when every cell of a row is above the distance, no term starting that way can
/// match, and the walk skips them all. Nothing is allocated per term once the buffers have grown.
struct FuzzyTermMatcher {
    private let word: [UInt32]
    private let distance: Int32
    private let width: Int
    /// The current term's bytes (the first `byteCount`), its scalars, and where each scalar ends in the bytes
    /// (the first `scalarCount`). The buffers only grow: trimming arrays goes through their generic range
    /// replacement, which cost a `~2` walk a tenth of its time.
    private var bytes: [UInt8] = []
    private var byteCount = 0
    private var scalars: [UInt32] = []
    private var ends: [Int] = []
    private var scalarCount = 0
    /// Row i (at i × width): distances from the first i scalars of the term to each prefix of the word.
    private var rows: [Int32]

    init(_ word: String, distance: Int) {
        self.word = word.unicodeScalars.map(\.value)
        self.distance = Int32(distance)
        width = self.word.count + 1
        rows = (0..<width).map { Int32($0) }
    }

    mutating func step(_ term: UnsafeRawBufferPointer) -> SearchPlanner.TermVerdict {
        // What this term shares with the last: those rows stay.
        var sharedBytes = 0
        let limit = min(byteCount, term.count)
        while sharedBytes < limit, bytes[sharedBytes] == term[sharedBytes] { sharedBytes += 1 }
        var common = 0
        while common < scalarCount, ends[common] <= sharedBytes { common += 1 }
        scalarCount = common
        if bytes.count < term.count { bytes.append(contentsOf: repeatElement(0, count: term.count - bytes.count)) }
        for index in sharedBytes..<term.count { bytes[index] = term[index] }
        byteCount = term.count
        var offset = common == 0 ? 0 : ends[common - 1]
        while offset < term.count {
            let (scalar, length) = Self.decode(term, at: offset)
            offset += length
            if scalarCount < scalars.count {
                scalars[scalarCount] = scalar
                ends[scalarCount] = offset
            } else {
                scalars.append(scalar)
                ends.append(offset)
            }
            scalarCount += 1
        }
        let n = word.count, k = distance
        // A term more than k scalars longer than the word cannot match, nor can any term with its first n + k + 1
        // scalars: the table is never taller than that.
        let tallest = min(scalarCount, n + Int(k) + 1)
        let needed = (tallest + 1) * width
        if rows.count < needed { rows.append(contentsOf: repeatElement(0, count: needed - rows.count)) }
        var pruneAt = -1
        rows.withUnsafeMutableBufferPointer { rows in
            word.withUnsafeBufferPointer { word in
                for i in common..<max(common, tallest) {
                    let previous = i * width, current = (i + 1) * width, beforePrevious = (i - 1) * width
                    let scalar = scalars[i]
                    rows[current] = Int32(i + 1)
                    var smallest = rows[current]
                    var j = 1
                    while j <= n {
                        let cost: Int32 = scalar == word[j - 1] ? 0 : 1
                        var value = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                        if i > 0, j > 1, scalar == word[j - 2], scalars[i - 1] == word[j - 1] {
                            value = min(value, rows[beforePrevious + j - 2] + 1)
                        }
                        rows[current + j] = value
                        smallest = min(smallest, value)
                        j += 1
                    }
                    if smallest > k {
                        pruneAt = i
                        return
                    }
                }
            }
        }
        if pruneAt >= 0 {
            // No term starting with these scalars is near enough: go past them all.
            return skip(keeping: pruneAt)
        }
        if scalarCount > n + Int(k) {
            // Every term that starts with these n + k + 1 scalars is too long: go past them all.
            return skip(keeping: n + Int(k))
        }
        let found = rows[scalarCount * width + n]
        return found <= k ? .match(distance: Int(found)) : .next
    }

    /// Skips every term that starts with the current term's first `kept` + 1 scalars, keeping the rows of the
    /// first `kept`.
    private mutating func skip(keeping kept: Int) -> SearchPlanner.TermVerdict {
        let length = ends[kept]
        scalarCount = kept
        byteCount = kept == 0 ? 0 : ends[kept - 1]
        return .skipPast(prefixLength: length)
    }

    /// The scalar at `offset` and its length in bytes (a malformed byte is U+FFFD, one byte long).
    private static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> (UInt32, Int) {
        let first = bytes[offset]
        let length = first < 0x80 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 0
        guard length > 0, offset + length <= bytes.count else { return (0xFFFD, 1) }
        if length == 1 { return (UInt32(first), 1) }
        var value = UInt32(first) & (0xFF >> (length + 1))
        for index in 1..<length {
            let byte = bytes[offset + index]
            guard byte & 0xC0 == 0x80 else { return (0xFFFD, 1) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (value, length)
    }

}
