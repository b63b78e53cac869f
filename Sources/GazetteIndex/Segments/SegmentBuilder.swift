import CPrefetch
import GazetteAnalysis

/// One segment being built in memory by one thread (as Lucene's per-thread document writers): terms interned,
/// each term's postings and positions appended as varint streams in a slice pool, stored fields compressed as
/// they come. When it has grown to its share of the memory budget the indexer flushes it to disk as an immutable
/// segment; the flush streams every file out, so it needs little memory beyond what the builder holds.
public final class SegmentBuilder {
    private var analyzer = Analyzer()
    private var terms = TermTable()
    /// Scratch for an exact-form term: `ExactTerm.marker`, then the form.
    private var exactTerm: [UInt8] = [ExactTerm.marker]
    /// Set for an index that stems its words (`gazette index --stem`).
    private var stemming: Stemming?

    /// With stemming, the indexed terms are the words' stems, and a word that is not its own stem is also
    /// indexed at its position as an exact term, so that `=strikes` still finds only "strikes". The words
    /// themselves (as the analyzer folds them) keep a table of their own, which the observer learns: entity
    /// recognition reads words, not stems. Each word is stemmed once per segment, at its first occurrence.
    private struct Stemming {
        let stemmer: Stemmer
        var words = TermTable(capacity: 1 << 14)
        /// By word id: the term id of its stem.
        var stems: [UInt32] = []
        /// By word id: the term id of its exact term, or `UInt32.max` when the word is its own stem.
        var exactTerms: [UInt32] = []
    }
    private let pool = ByteSlicePool()
    /// What `record` reads and writes of a term at each of its tokens, in one place, so that a token touches
    /// one array element (one uniqueness check, mostly one cache line) rather than one in each of three arrays.
    private struct TermInDocument {
        var positions: SliceStream
        /// Occurrences in the current document; 0 when the document has not touched the term yet.
        var frequency: UInt32 = 0
        var lastPosition: UInt32 = 0
    }
    /// By term id: its position stream and what the current document did with it.
    private var termStates: [TermInDocument] = []
    /// By term id: its posting stream and the last document written to it (`finishDocument`, once per
    /// document and term).
    private var postingStreams: [SliceStream] = []
    private var lastDocument: [UInt32] = []
    private var titleLengths: [UInt32] = []
    private var bodyLengths: [UInt32] = []
    private var store = StoredDocumentsWriter()
    private var catalog = FileCatalogWriter()
    private var entityIndex = EntityIndexWriter()
    private var touched: [UInt32] = []
    private var positionCount: UInt64 = 0
    /// The current document's body tokens, for an observer that wants them (reused across documents).
    private var bodyTokens: [IndexedToken] = []
    /// The most tokens whose buffer is kept from one document to the next for an observer. A larger buffer is
    /// given back: a long document should not leave memory of its size behind. Kept buffers matter because
    /// large allocations are mapped afresh each time, and a new buffer for every long document cost a page fault
    /// per 4 KB of it. The indexing pipeline raises this in proportion to its memory share (counted in
    /// `estimatedBytes` either way).
    public var tokenBufferLimit = 1 << 16
    /// Term ids below this have been shown to the observer (`BodyTokenObserver.learn`).
    private var termsShownToObserver = 0

    /// Longer words (a run of letters with no space, as in a file of base64 or a hostile one of 200 MB) are not
    /// indexed: each would sit in the term dictionary, and as a block's first term in the index every search
    /// loads. They still take their position, so no phrase matches across them. (Lucene refuses terms over
    /// 32 KB; Tantivy's default tokenizer drops words over 40 bytes.)
    public static let maximumTermLength = 1024

    /// A long document's body tokens reach the observer in runs of about this many, each ending where a block
    /// ends (or at twice the length, for a block that never ends): the builder's 16 bytes and the recogniser's
    /// 40 bytes per token would otherwise be held for every token of the document at once — 1.7 GB for a
    /// 200 MB file.
    public static let tokenRunLength = 1 << 19

    /// `stemmer`: the stemmer of an index that stems its words, nil for one that does not.
    public init(stemmer: Stemmer? = nil) {
        stemming = stemmer.map { Stemming(stemmer: $0) }
    }

    public var documentCount: Int { titleLengths.count }

    /// The memory the builder holds, counted from what it allocated (pool pages, array capacities, compressed
    /// stored documents, entity accumulators), for the flush decision.
    public var estimatedBytes: Int {
        let perTerm = postingStreams.capacity * MemoryLayout<SliceStream>.stride
            + termStates.capacity * MemoryLayout<TermInDocument>.stride + lastDocument.capacity * 4
        let stems = stemming.map { $0.words.memoryBytes + ($0.stems.capacity + $0.exactTerms.capacity) * 4 } ?? 0
        return pool.memoryBytes + terms.memoryBytes + stems + perTerm + touched.capacity * 4
            + bodyTokens.capacity * MemoryLayout<IndexedToken>.stride
            + (titleLengths.capacity + bodyLengths.capacity) * 4
            + store.memoryBytes + catalog.memoryBytes + entityIndex.memoryBytes
    }

    /// The builder must be flushed whatever the budget: its pool nears its 4 GB address space, or it holds as
    /// many documents as a segment may.
    public var isFull: Bool { pool.isNearlyFull || documentCount >= Int(UInt32.max) - 1 }

    public func add(_ document: DocumentToIndex) {
        var none = NoBodyTokenObserver()
        add(document, observer: &none)
    }

    /// Adds a document, handing its body tokens to `observer` once the text is indexed, so that work over the
    /// same tokens (entity recognition) need not tokenise the text again; the spans the observer returns become
    /// the document's entities. Tokens carry the id their term has in this builder, and the observer learns
    /// each id's bytes once, before the first token that uses it: per-term work is then done once per segment,
    /// not once per token. Positions given to the observer count from the body's first token (0).
    public func add<Observer: BodyTokenObserver>(_ document: DocumentToIndex, observer: inout Observer) {
        let docID = UInt32(documentCount)
        let titleTokens = indexTitle(document.title)
        let bodyStart = FieldLayout.bodyStart(titleLength: titleTokens)
        var counted = document
        let collect = observer.wantsTokens && IndexedToken.canDescribe(textOfLength: document.text.utf8.count)
        let bodyTokenCount = indexBody(of: &counted, bodyStart: bodyStart, collectTokens: collect) { text, run in
            teach(&observer)
            observer.observe(text: text, tokens: run)
        }
        if collect { teach(&observer) }
        var text = document.text
        let spans = text.withUTF8 { bytes in
            bodyTokens.withUnsafeBufferPointer { observer.finish(text: bytes, tokens: $0) }
        }
        if let spans { counted.entities = spans }
        // A long document leaves a token buffer of its size: do not carry it to the next.
        if bodyTokens.capacity > tokenBufferLimit { bodyTokens = [] }
        let metadataTerms = indexMetadata(path: document.path, metadata: document.metadata)
        finishDocument(docID)
        titleLengths.append(titleTokens)
        bodyLengths.append(bodyTokenCount)
        positionCount += UInt64(titleTokens) + UInt64(bodyTokenCount) + UInt64(metadataTerms)
        store.add(counted)
        catalog.add(path: document.path, fingerprint: document.fingerprint)
        entityIndex.add(document: docID, spans: counted.entities, text: document.text, bodyStart: bodyStart)
    }

    /// Shows the observer the ids minted since it last learned (titles' included), in order, so that its table
    /// by id never has holes.
    private func teach<Observer: BodyTokenObserver>(_ observer: inout Observer) {
        let words = stemming?.words ?? terms
        while termsShownToObserver < words.count {
            let id = termsShownToObserver
            words.withTerm(id) { observer.learn(term: UInt32(id), bytes: $0) }
            termsShownToObserver += 1
        }
    }

    /// Indexes the document's metadata terms (`MetadataTerm`), each once at position 0; returns how many.
    /// An observer learns their ids with the others (its table by id has no holes) but never meets them as
    /// tokens: they are no text.
    private func indexMetadata(path: String, metadata: ArticleMetadata) -> Int {
        var recorded = 0
        for var term in MetadataTerm.terms(path: path, metadata: metadata, analyzer: &analyzer) {
            term.withUTF8 { bytes in
                guard bytes.count <= Self.maximumTermLength else { return }
                record(terms.intern(bytes), 0)
                recorded += 1
            }
        }
        return recorded
    }

    /// Indexes the title's tokens; returns how many there were.
    private func indexTitle(_ title: String?) -> UInt32 {
        guard var title else { return 0 }
        var count: UInt32 = 0
        title.withUTF8 { bytes in
            _ = analyzer.analyzeWithExactForms(bytes, firstPosition: 0) { term, exact, span in
                if term.count <= Self.maximumTermLength { _ = indexWord(term, exact, span.position) }
                count += 1
            }
        }
        return count
    }

    /// Indexes the body's tokens, counting them per block into `document`, and, if asked, collects them into
    /// `bodyTokens` for an observer, handing runs of `tokenRunLength` to `deliver` as they fill. Not generic,
    /// so that this per-token loop is compiled once, fully specialised, whichever observer the caller has.
    private func indexBody(
        of document: inout DocumentToIndex, bodyStart: UInt32, collectTokens: Bool,
        deliver: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<IndexedToken>) -> Void
    ) -> UInt32 {
        var text = document.text
        let blocks = document.blocks
        var blockTokenCounts = [Int](repeating: 0, count: blocks.count)
        var blockIndex = 0
        var previousBlock = 0
        var count: UInt32 = 0
        var collected = bodyTokens
        bodyTokens = []
        collected.removeAll(keepingCapacity: true)
        text.withUTF8 { bytes in
            _ = analyzer.analyzeWithExactForms(bytes, blocks: blocks, firstPosition: bodyStart) { term, exact, span in
                count += 1
                while blockIndex + 1 < blocks.count, span.start >= blocks[blockIndex].upperBound {
                    blockIndex += 1
                }
                if blockIndex < blockTokenCounts.count { blockTokenCounts[blockIndex] += 1 }
                // An immense word has no id: it is neither indexed nor shown to the observer.
                guard term.count <= Self.maximumTermLength else { return }
                let id = indexWord(term, exact, span.position)
                if collectTokens {
                    if collected.count >= Self.tokenRunLength
                        && (blockIndex != previousBlock || collected.count >= 2 * Self.tokenRunLength) {
                        collected.withUnsafeBufferPointer { deliver(bytes, $0) }
                        collected.removeAll(keepingCapacity: true)
                    }
                    previousBlock = blockIndex
                    collected.append(IndexedToken(
                        term: id, position: span.position - bodyStart, start: span.start, end: span.end))
                }
            }
        }
        bodyTokens = collected
        document.blockTokenCounts = blockTokenCounts
        return count
    }

    /// Indexes one word (folded; `exact`, its exact form when folding changed it) at `position`; returns the id
    /// the observer knows it by.
    @inline(__always)
    private func indexWord(
        _ term: UnsafeBufferPointer<UInt8>, _ exact: UnsafeBufferPointer<UInt8>?, _ position: UInt32
    ) -> UInt32 {
        guard stemming != nil else {
            let id = terms.intern(term)
            record(id, position)
            if let exact { recordExact(exact, position) }
            return id
        }
        return indexStemmedWord(term, exact, position)
    }

    private func indexStemmedWord(
        _ term: UnsafeBufferPointer<UInt8>, _ exact: UnsafeBufferPointer<UInt8>?, _ position: UInt32
    ) -> UInt32 {
        let word = stemming!.words.intern(term)
        if Int(word) == stemming!.stems.count {
            let (stem, exactTerm) = stemming!.stemmer.stem(term) { stem in
                (terms.intern(stem), stem.elementsEqual(term) ? UInt32.max : exactTermID(term) ?? UInt32.max)
            }
            stemming!.stems.append(stem)
            stemming!.exactTerms.append(exactTerm)
        }
        record(stemming!.stems[Int(word)], position)
        if let exact {
            recordExact(exact, position)
        } else if stemming!.exactTerms[Int(word)] != UInt32.max {
            record(stemming!.exactTerms[Int(word)], position)
            positionCount += 1
        }
        return word
    }

    /// Records the exact form of a word beside its indexed term (`ExactTerm`): a word whose accents were removed,
    /// or one that stemming changed.
    private func recordExact(_ exact: UnsafeBufferPointer<UInt8>, _ position: UInt32) {
        guard let id = exactTermID(exact) else { return }
        record(id, position)
        positionCount += 1
    }

    private func exactTermID(_ exact: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard exact.count < Self.maximumTermLength else { return nil }
        exactTerm.removeSubrange(1...)
        exactTerm.append(contentsOf: exact)
        return exactTerm.withUnsafeBufferPointer { terms.intern($0) }
    }

    /// Inverts as the tokens come: positions arrive in increasing order, so each goes straight into its term's
    /// position stream; the term's (document, frequency) posting is written once the document is done.
    /// No sorting and no per-document map — only the list of terms the document touched.
    @inline(__always)
    private func record(_ term: UInt32, _ position: UInt32) {
        let id = Int(term)
        // A term may be interned before one minted after it is recorded (a stemmed word's exact term), so
        // streams are added up to the id, not just one.
        while id >= termStates.count {
            postingStreams.append(pool.makeStream())
            termStates.append(TermInDocument(positions: pool.makeStream()))
            lastDocument.append(0)
        }
        let pool = self.pool
        let isNew = termStates.withUnsafeMutableBufferPointer { states in
            let isNew = states[id].frequency == 0
            if isNew { states[id].lastPosition = 0 }
            states[id].frequency += 1
            pool.writeVarUInt(position - states[id].lastPosition, to: &states[id].positions)
            states[id].lastPosition = position
            return isNew
        }
        if isNew { touched.append(term) }
    }

    private func finishDocument(_ docID: UInt32) {
        for term in touched {
            let id = Int(term)
            pool.writeVarUInt(docID - lastDocument[id], to: &postingStreams[id])
            pool.writeVarUInt(termStates[id].frequency, to: &postingStreams[id])
            lastDocument[id] = docID
            termStates[id].frequency = 0
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// Writes the segment's files under `name` in `directory` and syncs them, streaming each through a small
    /// buffer. The segment becomes part of the index only when a manifest naming it is committed.
    public func flush(into directory: any Directory, name: String) throws(IndexError) -> Manifest.Segment {
        func create(_ kind: IndexFileFormat.Kind) throws(IndexError) -> IndexOutput {
            try IndexOutput(kind: kind, name: SegmentFiles.fileName(name, kind: kind), in: directory, for: .flush)
        }
        // The stored documents and the catalog were written as documents came: they go to their files first,
        // which frees the memory they held.
        try store.moveToFile(try directory.createOutput(SegmentFiles.fileName(name, kind: .store), for: .flush))
        try catalog.moveToFile(try directory.createOutput(SegmentFiles.fileName(name, kind: .files), for: .flush))
        try store.finish()
        try catalog.finish()

        var postings = PostingsWriter(postings: try create(.postings), positions: try create(.positions))
        var dictionary = TermDictionaryWriter(output: try create(.terms))
        var postingCount: UInt64 = 0
        var positions: [UInt32] = []
        var termCount: UInt64 = 0
        let order = terms.sortedIDs()
        let streamCount = postingStreams.count
        postingStreams.withUnsafeBufferPointer { postingStreams in
            termStates.withUnsafeBufferPointer { termStates in
                for k in order.indices {
                    // Terms come in byte order, their streams lie where they were first seen: each term's stream
                    // heads and first slices are asked for some terms ahead, so that reading them misses less.
                    if k + 16 < order.count, order[k + 16] < streamCount {
                        gazette_prefetch(postingStreams.baseAddress! + order[k + 16])
                        gazette_prefetch(termStates.baseAddress! + order[k + 16])
                    }
                    if k + 8 < order.count, order[k + 8] < streamCount {
                        gazette_prefetch(SliceReader.firstByte(pool, postingStreams[order[k + 8]]))
                        gazette_prefetch(SliceReader.firstByte(pool, termStates[order[k + 8]].positions))
                    }
                    let id = order[k]
                    // A stemmed word's exact term is minted with the word, and has no postings when the word only
                    // ever came with accents (then its accented exact term was recorded instead): it is no term of
                    // the segment.
                    guard id < streamCount, postingStreams[id].length > 0 else { continue }
                    termCount += 1
                    postings.beginTerm()
                    var docs = SliceReader(pool, postingStreams[id])
                    var pos = SliceReader(pool, termStates[id].positions)
                    var doc: UInt32 = 0
                    var first = true
                    while !docs.isAtEnd {
                        let delta = docs.readVarUInt32()
                        let frequency = Int(docs.readVarUInt32())
                        doc = first ? delta : doc + delta
                        first = false
                        if positions.count < frequency {
                            positions = [UInt32](repeating: 0, count: max(frequency, 2 * positions.count))
                        }
                        positions.withUnsafeMutableBufferPointer { buffer in
                            var position: UInt32 = 0
                            for index in 0..<frequency {
                                position += pos.readVarUInt32()
                                buffer[index] = position
                            }
                            postings.add(document: doc, positions: UnsafeBufferPointer(rebasing: buffer[0..<frequency]))
                        }
                    }
                    let info = postings.endTerm()
                    postingCount += UInt64(info.documentFrequency)
                    terms.withTerm(id) { term in dictionary.add(term: term, info: info) }
                }
            }
        }
        try postings.finish()
        try dictionary.finish()

        var norms = NormsWriter(output: try create(.norms))
        for (title, body) in zip(titleLengths, bodyLengths) { norms.add(titleLength: title, bodyLength: body) }
        try norms.finish(statistics: SegmentStatistics(
            documentCount: UInt64(documentCount), termCount: termCount,
            postingCount: postingCount, positionCount: positionCount))
        try entityIndex.finish(output: try create(.entities))
        return Manifest.Segment(name: name, documentCount: documentCount)
    }
}

/// Sees a document's body tokens once the segment builder has indexed them (see `SegmentBuilder.add(_:observer:)`).
/// An observer serves one builder: term ids are that builder's, learned from 0 up.
public protocol BodyTokenObserver {
    /// Whether `finish` needs the tokens (and `learn` the terms); false skips collecting them.
    var wantsTokens: Bool { get }
    /// The folded bytes of the builder's term `id` (valid only during the call); ids come in order, each once.
    mutating func learn(term id: UInt32, bytes: UnsafeBufferPointer<UInt8>)
    /// A run of the document's body tokens, before `finish` hands over the last one: a long document comes in
    /// runs of about `SegmentBuilder.tokenRunLength` tokens, each ending where a block ends.
    mutating func observe(text: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<IndexedToken>)
    /// The document's text and its last run of body tokens (all of them, unless `observe` had some) are done;
    /// entity spans to store with it, or nil to keep the document's own.
    mutating func finish(text: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<IndexedToken>) -> [EntitySpan]?
}

/// Observes nothing: the document keeps the entities it came with.
public struct NoBodyTokenObserver: BodyTokenObserver {
    public init() {}
    public var wantsTokens: Bool { false }
    public mutating func learn(term id: UInt32, bytes: UnsafeBufferPointer<UInt8>) {}
    public mutating func observe(text: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<IndexedToken>) {}
    public mutating func finish(text: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<IndexedToken>) -> [EntitySpan]? {
        nil
    }
}
