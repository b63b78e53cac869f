import GazetteIndex

/// Document-at-a-time matching: every node walks its documents in increasing order and can jump forward
/// (`advance`), so a conjunction is driven by its rarest clause and never decodes what it cannot match.
/// `doc` is `PostingsCursor.exhausted` when a node has no more documents.
class MatchNode {
    final var doc: UInt32 = 0
    final var started = false

    /// An upper bound on the documents this node can match, to order conjunctions cheapest first.
    var cost: Int { 0 }

    func next() -> UInt32 { fatalError("abstract") }
    func advance(to target: UInt32) -> UInt32 { fatalError("abstract") }
    /// Score of the current document.
    func score() -> Double { 0 }
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

/// A term or a phrase (terms at consecutive positions, or within `slop` moves of that) in one segment.
final class PhraseNode: MatchNode {
    private var cursors: [PostingsCursor]
    /// Offset of each cursor's term inside the phrase.
    private let offsets: [Int]
    /// Cursor indices, rarest term first: the rarest leads the intersection.
    private let order: [Int]
    private let scope: FieldScope
    private let slop: Int
    private let idf: Double
    private let scorer: DocumentScorer
    private var positionLists: [[UInt32]]
    private(set) var frequency: Double = 0

    init(cursors: [PostingsCursor], offsets: [Int], scope: FieldScope, slop: Int, idf: Double, scorer: DocumentScorer) {
        self.cursors = cursors
        self.offsets = offsets
        self.order = cursors.indices.sorted { cursors[$0].documentFrequency < cursors[$1].documentFrequency }
        self.scope = scope
        self.slop = slop
        self.idf = idf
        self.scorer = scorer
        self.positionLists = Array(repeating: [], count: cursors.count)
    }

    override var cost: Int { Int(cursors[order[0]].documentFrequency) }

    override var corruption: IndexError? { cursors.lazy.compactMap(\.corruption).first }

    private var needsPositions: Bool { cursors.count > 1 || scope != .any }

    override func next() -> UInt32 {
        let target = started && doc != PostingsCursor.exhausted ? doc + 1 : (started ? doc : 0)
        return advance(to: target)
    }

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
            frequency = matchFrequency(candidate)
            if frequency > 0 {
                doc = candidate
                return doc
            }
            candidate = cursors[order[0]].advance(to: candidate + 1)
        }
        doc = PostingsCursor.exhausted
        return doc
    }

    override func score() -> Double {
        scorer.score(frequency: frequency, idf: idf, document: doc)
    }

    /// Phrase instances in the current candidate (all cursors on it), as a BM25 term frequency.
    private func matchFrequency(_ candidate: UInt32) -> Double {
        guard needsPositions else { return Double(cursors[0].frequency) }
        for i in cursors.indices { cursors[i].readPositions(into: &positionLists[i]) }
        let bodyStart = scorer.bodyStart(candidate)
        var count = 0.0
        PhraseMatcher.forEachMatch(positionLists, offsets: offsets, slop: slop) { start, _, distance in
            switch scope {
            case .any: break
            case .title: if start >= bodyStart { return }
            case .body: if start < bodyStart { return }
            }
            count += slop == 0 ? 1 : 1.0 / Double(distance + 1)
        }
        return count
    }
}

/// Every required clause matches and no excluded clause does.
final class ConjunctionNode: MatchNode {
    private let required: [MatchNode]
    private let excluded: [MatchNode]

    init(required: [MatchNode], excluded: [MatchNode]) {
        self.required = required.sorted { $0.cost < $1.cost }
        self.excluded = excluded
    }

    override var cost: Int { required.first?.cost ?? 0 }

    override var corruption: IndexError? {
        (required + excluded).lazy.compactMap(\.corruption).first
    }

    override func next() -> UInt32 {
        let target = started && doc != PostingsCursor.exhausted ? doc + 1 : (started ? doc : 0)
        return advance(to: target)
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
        required.reduce(0) { $0 + $1.score() }
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

    override func next() -> UInt32 {
        let target = started && doc != PostingsCursor.exhausted ? doc + 1 : (started ? doc : 0)
        return advance(to: target)
    }

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
        children.reduce(0) { $0 + ($1.doc == doc ? $1.score() : 0) }
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

    override func next() -> UInt32 {
        let target = started && doc != PostingsCursor.exhausted ? doc + 1 : (started ? doc : 0)
        return advance(to: target)
    }

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
