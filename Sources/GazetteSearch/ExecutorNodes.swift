import GazetteIndex

/// Document-at-a-time matching: every node walks its documents in increasing order and can jump forward
/// (`advance`), so a conjunction is driven by its rarest clause and never decodes what it cannot match.
/// `doc` is `PostingsCursor.exhausted` when a node has no more documents.
///
/// Scoring is in two steps so that positions are read only for documents that can still make the top k:
/// `maxScore()` bounds the current document's score from what the postings already tell (frequencies, lengths),
/// and `score()` is exact, reading positions when it must (the title/body split of a bare word, proximity).
class MatchNode {
    final var doc: UInt32 = 0
    final var started = false
    /// The clause in query syntax, for `--explain`.
    final var label = ""

    /// An upper bound on the documents this node can match, to order conjunctions cheapest first.
    var cost: Int { 0 }

    /// The next document: one past the current, or the first on the first call.
    func next() -> UInt32 {
        let target = started && doc != PostingsCursor.exhausted ? doc + 1 : (started ? doc : 0)
        return advance(to: target)
    }

    func advance(to target: UInt32) -> UInt32 { fatalError("abstract") }
    /// Score of the current document.
    func score() -> Double { 0 }
    /// At least `score()` of the current document, without reading positions.
    func maxScore() -> Double { score() }
    /// `score()` broken down by clause, field and factor.
    func explain() -> ScoreExplanation {
        ScoreExplanation(value: score(), label: label, kind: "entity")
    }
    /// The first undecodable postings or positions block met during the walk, if any.
    var corruption: IndexError? { nil }
}

final class EmptyNode: MatchNode {
    override func next() -> UInt32 {
        started = true
        doc = PostingsCursor.exhausted
        return doc
    }
    override func advance(to target: UInt32) -> UInt32 { next() }
}

/// Which part of a document's position space a leaf may match in (see `FieldLayout`).
enum FieldScope: Sendable, Equatable {
    case any, title, body
}

/// A term or a phrase (terms at consecutive positions, or within `slop` moves of that) in one segment, scored by
/// BM25F: occurrences before the document's body start are title occurrences.
final class PhraseNode: MatchNode {
    private var cursors: [PostingsCursor]
    /// Offset of each cursor's term inside the phrase.
    private let offsets: [Int]
    /// Cursor indices, rarest term first: the rarest leads the intersection.
    private let order: [Int]
    private let scope: FieldScope
    private let slop: Int
    let idf: Double
    private let scorer: DocumentScorer
    private var positionLists: [[UInt32]]
    /// One term anywhere: matched from the postings alone; positions are read only to split title from body
    /// (and for proximity), and only when asked.
    let isSingleTerm: Bool
    private var fields = FieldFrequencies(title: 0, body: 0)
    private var fieldsKnown = false
    private var positionsRead = false

    init(cursors: [PostingsCursor], offsets: [Int], scope: FieldScope, slop: Int, idf: Double, scorer: DocumentScorer) {
        self.cursors = cursors
        self.offsets = offsets
        self.order = cursors.indices.sorted { cursors[$0].documentFrequency < cursors[$1].documentFrequency }
        self.scope = scope
        self.slop = slop
        self.idf = idf
        self.scorer = scorer
        self.positionLists = Array(repeating: [], count: cursors.count)
        self.isSingleTerm = cursors.count == 1 && scope == .any
    }

    override var cost: Int { Int(cursors[order[0]].documentFrequency) }

    override var corruption: IndexError? { cursors.lazy.compactMap(\.corruption).first }

    override func advance(to target: UInt32) -> UInt32 {
        if started, doc >= target { return doc }
        started = true
        var candidate = cursors[order[0]].advance(to: target)
        while candidate != PostingsCursor.exhausted {
            var agreed = true
            for index in order.dropFirst() {
                let found = cursors[index].advance(to: candidate)
                if found != candidate {
                    candidate = cursors[order[0]].advance(to: found)
                    agreed = false
                    break
                }
            }
            guard agreed else { continue }
            if isSingleTerm {
                fieldsKnown = false
                positionsRead = false
                doc = candidate
                return doc
            }
            fields = matchFrequencies(candidate)
            if fields.title + fields.body > 0 {
                fieldsKnown = true
                doc = candidate
                return doc
            }
            candidate = cursors[order[0]].advance(to: candidate + 1)
        }
        doc = PostingsCursor.exhausted
        return doc
    }

    /// Occurrences (or weighted phrase instances) in the current document, title and body together.
    var totalFrequency: Double {
        isSingleTerm ? Double(cursors[0].frequency) : fields.title + fields.body
    }

    /// The current document's positions of a single-term node, read on first use.
    func currentPositions() -> [UInt32] {
        if !positionsRead {
            cursors[0].readPositions(into: &positionLists[0])
            positionsRead = true
        }
        return positionLists[0]
    }

    func fieldFrequencies() -> FieldFrequencies {
        if !fieldsKnown {
            let total = Double(cursors[0].frequency)
            if scorer.norms.titleLength(doc) == 0 {
                fields = FieldFrequencies(title: 0, body: total)
            } else {
                let bodyStart = scorer.bodyStart(doc)
                let positions = currentPositions()
                var inTitle = 0
                while inTitle < positions.count, positions[inTitle] < bodyStart { inTitle += 1 }
                fields = FieldFrequencies(title: Double(inTitle), body: Double(positions.count - inTitle))
            }
            fieldsKnown = true
        }
        return fields
    }

    override func score() -> Double {
        scorer.score(fieldFrequencies(), idf: idf, document: doc)
    }

    override func maxScore() -> Double {
        if fieldsKnown { return score() }
        return scorer.maximumScore(total: totalFrequency, idf: idf, document: doc)
    }

    override func explain() -> ScoreExplanation {
        scorer.explain(fieldFrequencies(), idf: idf, document: doc, clause: label, kind: offsets.count > 1 ? "phrase" : "term")
    }

    /// Phrase instances in the current candidate (all cursors on it), per field, as BM25 term frequencies; a
    /// sloppy instance counts 1 / (1 + its distance), as in Lucene.
    private func matchFrequencies(_ candidate: UInt32) -> FieldFrequencies {
        for i in cursors.indices { cursors[i].readPositions(into: &positionLists[i]) }
        positionsRead = true
        let bodyStart = scorer.bodyStart(candidate)
        var title = 0.0, body = 0.0
        let scope = self.scope, slop = self.slop
        PhraseMatcher.forEachMatch(positionLists, offsets: offsets, slop: slop) { start, _, distance in
            let inTitle = start < bodyStart
            switch scope {
            case .any: break
            case .title: if !inTitle { return }
            case .body: if inTitle { return }
            }
            let weight = slop == 0 ? 1 : 1.0 / Double(distance + 1)
            if inTitle { title += weight } else { body += weight }
        }
        return FieldFrequencies(title: title, body: body)
    }
}

/// Every required clause matches and no excluded clause does; the score sums the required clauses and, for bare
/// words, how close together they stand.
final class ConjunctionNode: MatchNode {
    /// In query order, for `--explain`.
    private let clauses: [MatchNode]
    /// Cheapest first, to lead the intersection.
    private let required: [MatchNode]
    private let excluded: [MatchNode]
    private let proximity: ProximityScorer?

    init(required: [MatchNode], excluded: [MatchNode], proximity: ProximityScorer? = nil) {
        self.clauses = required
        self.required = required.sorted { $0.cost < $1.cost }
        self.excluded = excluded
        self.proximity = proximity
    }

    override var cost: Int { required.first?.cost ?? 0 }

    override var corruption: IndexError? {
        (required + excluded).lazy.compactMap(\.corruption).first
    }

    override func advance(to target: UInt32) -> UInt32 {
        if started, doc >= target { return doc }
        started = true
        var candidate = required[0].advance(to: target)
        while candidate != PostingsCursor.exhausted {
            var agreed = true
            for node in required.dropFirst() {
                let found = node.advance(to: candidate)
                if found != candidate {
                    candidate = required[0].advance(to: found)
                    agreed = false
                    break
                }
            }
            guard agreed else { continue }
            if excluded.contains(where: { $0.advance(to: candidate) == candidate }) {
                candidate = required[0].advance(to: candidate + 1)
                continue
            }
            doc = candidate
            return doc
        }
        doc = PostingsCursor.exhausted
        return doc
    }

    override func score() -> Double {
        var total = 0.0
        for node in clauses { total += node.score() }
        if let proximity { total += proximity.score() }
        return total
    }

    override func maxScore() -> Double {
        var total = 0.0
        for node in clauses { total += node.maxScore() }
        if let proximity { total += proximity.maxScore() }
        return total
    }

    override func explain() -> ScoreExplanation {
        var children = clauses.map { $0.explain() }
        if let proximity, let explained = proximity.explain() { children.append(explained) }
        return ScoreExplanation(value: score(), label: "all of", kind: "sum", children: children)
    }
}

/// At least one clause matches; the score sums the clauses that do.
final class DisjunctionNode: MatchNode {
    private let children: [MatchNode]

    init(children: [MatchNode]) {
        self.children = children
    }

    override var cost: Int { children.reduce(0) { $0 + $1.cost } }

    override var corruption: IndexError? { children.lazy.compactMap(\.corruption).first }

    override func advance(to target: UInt32) -> UInt32 {
        if started, doc >= target { return doc }
        started = true
        var smallest = PostingsCursor.exhausted
        for child in children {
            let found = child.started && child.doc >= target ? child.doc : child.advance(to: target)
            smallest = min(smallest, found)
        }
        doc = smallest
        return doc
    }

    override func score() -> Double {
        var total = 0.0
        for child in children where child.doc == doc { total += child.score() }
        return total
    }

    override func maxScore() -> Double {
        var total = 0.0
        for child in children where child.doc == doc { total += child.maxScore() }
        return total
    }

    override func explain() -> ScoreExplanation {
        let matching = children.filter { $0.doc == doc }.map { $0.explain() }
        return ScoreExplanation(value: score(), label: "any of", kind: "sum", children: matching)
    }
}

/// Documents mentioning an entity (any of several, when a name matched several), from the segment's entity
/// postings, which are small enough to hold as a sorted list.
final class EntityNode: MatchNode {
    private let documents: [UInt32]
    private let mentions: [Double]
    private let idf: Double
    private let scorer: DocumentScorer
    private var index = -1

    init(documents: [UInt32], mentions: [Double], idf: Double, scorer: DocumentScorer) {
        self.documents = documents
        self.mentions = mentions
        self.idf = idf
        self.scorer = scorer
    }

    override var cost: Int { documents.count }

    override func advance(to target: UInt32) -> UInt32 {
        if started, doc >= target { return doc }
        started = true
        var low = max(index, 0), high = documents.count
        while low < high {
            let mid = (low + high) / 2
            if documents[mid] < target { low = mid + 1 } else { high = mid }
        }
        index = low
        doc = index < documents.count ? documents[index] : PostingsCursor.exhausted
        return doc
    }

    override func score() -> Double {
        scorer.score(frequency: mentions[index], idf: idf, document: doc)
    }
}
