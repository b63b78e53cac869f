import GazetteIndex

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
    /// For each cursor, the cursors of terms whose positions are not its occurrences (`TermsPlan.exclusions`).
    private var exclusions: [[PostingsCursor]]
    private var excludedPositions: [UInt32] = []
    /// Scratch of `exactMatchFrequencies`: cursor indices by the current document's frequency, and the
    /// phrase starts still possible.
    private var readOrder: [Int]
    private var starts: [Int] = []
    /// One term anywhere: matched from the postings alone; positions are read only to split title from body
    /// (and for proximity), and only when asked.
    let isSingleTerm: Bool
    private var fields = FieldFrequencies(title: 0, body: 0)
    private var fieldsKnown = false
    /// A single term's positions in the current document, once read (`positionsRead`); in an exact phrase, its
    /// rarest word's, from which the phrase's starts are taken.
    private var termPositions = PositionBuffer()
    /// Whether `termPositions` holds a single term's positions in the current document.
    private var positionsRead = false

    init(
        cursors: [PostingsCursor], offsets: [Int], scope: FieldScope, slop: Int, idf: Double, scorer: DocumentScorer,
        exclusions: [[PostingsCursor]] = []
    ) {
        self.cursors = cursors
        self.exclusions = exclusions.contains { !$0.isEmpty } ? exclusions : []
        self.offsets = offsets
        self.order = cursors.indices.sorted { cursors[$0].documentFrequency < cursors[$1].documentFrequency }
        self.scope = scope
        self.slop = slop
        self.idf = idf
        self.scorer = scorer
        self.positionLists = Array(repeating: [], count: cursors.count)
        self.readOrder = Array(cursors.indices)
        // A word with exclusions is matched like a phrase: its occurrences are known only from positions.
        self.isSingleTerm = cursors.count == 1 && scope == .any && self.exclusions.isEmpty
    }

    override var cost: Int { Int(cursors[order[0]].documentFrequency) }

    override var corruption: IndexError? {
        cursors.lazy.compactMap(\.corruption).first ?? exclusions.lazy.joined().compactMap(\.corruption).first
    }

    override func advance(to target: UInt32) -> UInt32 {
        if started, doc >= target { return doc }
        started = true
        if isSingleTerm {
            // A conjunction's word: the cursor's own document, without the phrase's loop.
            fieldsKnown = false
            positionsRead = false
            doc = cursors[0].advance(to: target)
            return doc
        }
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

    /// One term walked document by document (a term query's root): the cursor's own next document, which is
    /// inlined while inside a decoded block, rather than a seek to one past the current one.
    override func next() -> UInt32 {
        guard isSingleTerm, started else { return super.next() }
        if doc == PostingsCursor.exhausted { return doc }
        fieldsKnown = false
        positionsRead = false
        doc = cursors[0].next()
        return doc
    }

    /// A term query's walk over its segment, for a root that is this single term and hits ranked by score: every
    /// live document counted, and offered to `heap` unless its bound cannot beat the heap's weakest — the
    /// decisions of `Searcher.search`'s generic loop, made without two dynamic calls and a division per document.
    /// Once the heap is full most documents are ruled out against a threshold carried into weighted frequencies,
    /// first by a looser bound read from one array (every occurrence at the document's heavier field weight),
    /// then by the generic bound's weighted frequency, without its saturation; those left get the generic
    /// loop's own test, so the same documents are scored.
    func collectTerm(
        in segment: SegmentReader, segmentIndex: Int, into heap: inout TopHits, total: inout Int,
        checkTime: () throws(SearchError) -> Void
    ) throws(SearchError) {
        let weights = scorer.occurrenceWeights
        var weakestSeen = -Double.infinity
        var limit = -Double.infinity
        var visited = 0
        var current = next()
        while current != PostingsCursor.exhausted {
            visited += 1
            if visited & 4095 == 0 { try checkTime() }
            if !segment.isDeleted(current) {
                total += 1
                if let weakest = heap.weakestIfFull?.score {
                    if weakest != weakestSeen {
                        weakestSeen = weakest
                        limit = scorer.ranking.weightedLimit(beating: weakest, idf: idf)
                    }
                    let frequency = Double(cursors[0].frequency)
                    if frequency * weights[Int(current)] < limit
                        || scorer.maximumWeightedFrequency(total: frequency, document: current) < limit
                        || maxScore() * (1 + 1e-9) + 1e-12 < weakest
                    {
                        current = next()
                        continue
                    }
                }
                heap.offer(ScoredDocument(score: score(), segment: segmentIndex, document: current))
            }
            current = next()
        }
    }

    /// Occurrences (or weighted phrase instances) in the current document, title and body together.
    var totalFrequency: Double {
        isSingleTerm ? Double(cursors[0].frequency) : fields.title + fields.body
    }

    /// The current document's positions of a single-term node, read on first use.
    func currentPositions() -> [UInt32] {
        withCurrentPositions { Array($0) }
    }

    /// `currentPositions()` lent for the duration of `body`, without copying or retaining the array.
    @inline(__always)
    func withCurrentPositions<R>(_ body: (UnsafeBufferPointer<UInt32>) -> R) -> R {
        if !positionsRead {
            cursors[0].readPositions(into: &termPositions)
            positionsRead = true
        }
        return termPositions.withUnsafeBufferPointer(body)
    }

    /// `ProximityScorer.pairFrequencies` of `others` (another word's positions in the current document, no more
    /// than this single term has) against this term's, `othersComeFirst` when that word is the pair's first: this
    /// term's positions streamed from its postings (`PostingsCursor.sumCloseness`) unless they were read already.
    func closeness(to others: UnsafeBufferPointer<UInt32>, othersComeFirst: Bool, window: Int, bodyStart: UInt32) -> FieldFrequencies {
        if positionsRead {
            return termPositions.withUnsafeBufferPointer { mine in
                othersComeFirst
                    ? ProximityScorer.pairFrequencies(others, mine, window: window, bodyStart: bodyStart)
                    : ProximityScorer.pairFrequencies(mine, others, window: window, bodyStart: bodyStart)
            }
        }
        let sums = ProximityScorer.closeness.withUnsafeBufferPointer { closeness in
            cursors[0].sumCloseness(
                of: others, othersComeFirst: othersComeFirst, window: window, closeness: closeness, split: bodyStart)
        }
        return FieldFrequencies(title: sums.below, body: sums.from)
    }

    func fieldFrequencies() -> FieldFrequencies {
        if !fieldsKnown {
            let total = Double(cursors[0].frequency)
            if scorer.norms.titleLength(doc) == 0 {
                fields = FieldFrequencies(title: 0, body: total)
            } else {
                let bodyStart = scorer.bodyStart(doc)
                var inTitle = 0
                if positionsRead {
                    termPositions.withUnsafeBufferPointer { positions in
                        while inTitle < positions.count, positions[inTitle] < bodyStart { inTitle += 1 }
                    }
                } else {
                    // The title comes first: its share is read from the first positions alone, and the rest
                    // only if proximity needs them.
                    inTitle = cursors[0].countPositions(below: bodyStart)
                }
                fields = FieldFrequencies(title: Double(inTitle), body: total - Double(inTitle))
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

    /// Drops from each term's positions in `candidate` those where one of its excluded terms stands.
    private func removeExcludedPositions(_ candidate: UInt32) {
        for i in exclusions.indices {
            for j in exclusions[i].indices where exclusions[i][j].advance(to: candidate) == candidate {
                exclusions[i][j].readPositions(into: &excludedPositions)
                PositionLists.subtract(excludedPositions, from: &positionLists[i])
            }
        }
    }

    /// Phrase instances in the current candidate (all cursors on it), per field, as BM25 term frequencies; a
    /// sloppy instance counts 1 / (1 + its distance), as in Lucene.
    private func matchFrequencies(_ candidate: UInt32) -> FieldFrequencies {
        if slop == 0 && exclusions.isEmpty && cursors.count >= 2 { return exactMatchFrequencies(candidate) }
        for i in cursors.indices { cursors[i].readPositions(into: &positionLists[i]) }
        if !exclusions.isEmpty { removeExcludedPositions(candidate) }
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

    /// `matchFrequencies` of an exact phrase without exclusions, reading positions only while a match is still
    /// possible: the rarest term's positions in this document give the candidate phrase starts, which each other
    /// term, from the next rarest, filters as its positions are decoded (`PostingsCursor.keepPositions`: a common
    /// word's positions are never stored, and decoded only up to the last start left). In "of the caller" the
    /// common words are read only in documents where "caller" stands, and only as far as its last occurrence —
    /// where `PhraseMatcher` would read every list first. The starts left are those
    /// `PhraseMatcher.forEachMatch` finds (the same intersection, in any order).
    private func exactMatchFrequencies(_ candidate: UInt32) -> FieldFrequencies {
        let count = cursors.count
        for i in 1..<count {
            let index = readOrder[i]
            let frequency = cursors[index].frequency
            var j = i
            while j > 0 && cursors[readOrder[j - 1]].frequency > frequency {
                readOrder[j] = readOrder[j - 1]
                j -= 1
            }
            readOrder[j] = index
        }
        let first = readOrder[0]
        cursors[first].readPositions(into: &termPositions)
        let capacity = termPositions.count
        if starts.count < capacity { starts.append(contentsOf: repeatElement(0, count: capacity - starts.count)) }
        let firstShift = offsets[first]
        starts.withUnsafeMutableBufferPointer { starts in
            termPositions.withUnsafeBufferPointer { positions in
                for index in 0..<capacity { starts[index] = Int(positions[index]) &- firstShift }
            }
        }
        var found = capacity
        var next = 1
        while next < count && found > 0 {
            let list = readOrder[next]
            let shift = offsets[list]
            found = starts.withUnsafeMutableBufferPointer { starts in
                cursors[list].keepPositions(of: UnsafeMutableBufferPointer(rebasing: starts[0..<found]), shiftedBy: shift)
            }
            next &+= 1
        }
        var title = 0.0, body = 0.0
        guard found > 0 else { return FieldFrequencies(title: title, body: body) }
        let bodyStart = Int(scorer.bodyStart(candidate))
        let scope = self.scope
        for index in 0..<found where starts[index] >= 0 {
            let inTitle = starts[index] < bodyStart
            switch scope {
            case .any: break
            case .title: if !inTitle { continue }
            case .body: if inTitle { continue }
            }
            if inTitle { title += 1 } else { body += 1 }
        }
        return FieldFrequencies(title: title, body: body)
    }
}
