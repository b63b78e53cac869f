import GazetteAnalysis

/// One segment being built in memory by one thread (as Lucene's per-thread document writers): terms interned,
/// each term's postings and positions appended as varint streams, stored fields compressed as they come.
/// When it has grown to its share of the memory budget the indexer flushes it to disk as an immutable segment.
public final class SegmentBuilder {
    private var analyzer = Analyzer()
    private var terms = TermTable()
    private var postingStreams: [ByteWriter] = []
    private var positionStreams: [ByteWriter] = []
    private var lastDocument: [UInt32] = []
    private var documentFrequency: [UInt32] = []
    private var titleLengths: [UInt32] = []
    private var bodyLengths: [UInt32] = []
    private var store = StoredDocumentsWriter()
    private var catalog = FileCatalogWriter()
    private var entityIndex = EntityIndexWriter()
    private var frequencyInDocument: [UInt32] = []
    private var lastPositionInDocument: [UInt32] = []
    private var touched: [UInt32] = []
    private var positionCount: UInt64 = 0
    private var streamBytes = 0
    private var storedBytes = 0

    public init() {}

    public var documentCount: Int { titleLengths.count }

    /// A conservative estimate of the memory held, for the flush decision.
    public var estimatedBytes: Int {
        streamBytes + storedBytes + terms.arena.count + terms.count * 104 + titleLengths.count * 16
    }

    public func add(_ document: DocumentToIndex) {
        var none = NoBodyTokenObserver()
        add(document, observer: &none)
    }

    /// Adds a document, showing each body token to `observer` as it is indexed, so that work over the same
    /// tokens (entity recognition) need not tokenise the text again; the spans the observer returns become the
    /// document's entities. Positions given to the observer count from the body's first token (0).
    public func add<Observer: BodyTokenObserver>(_ document: DocumentToIndex, observer: inout Observer) {
        let docID = UInt32(documentCount)
        var titleTokens: UInt32 = 0
        var bodyTokens: UInt32 = 0
        if let title = document.title {
            var titleCopy = title
            titleCopy.withUTF8 { bytes in
                _ = analyzer.analyze(bytes, firstPosition: 0) { term, span in
                    record(terms.intern(term), span.position)
                    titleTokens += 1
                }
            }
        }
        let bodyStart = FieldLayout.bodyStart(titleLength: titleTokens)
        var text = document.text
        var counted = document
        counted.blockTokenCounts = [Int](repeating: 0, count: document.blocks.count)
        var blockIndex = 0
        observer.begin()
        text.withUTF8 { bytes in
            _ = analyzer.analyze(bytes, blocks: document.blocks, firstPosition: bodyStart) { term, span in
                record(terms.intern(term), span.position)
                bodyTokens += 1
                while blockIndex + 1 < document.blocks.count, span.start >= document.blocks[blockIndex].upperBound {
                    blockIndex += 1
                }
                if blockIndex < counted.blockTokenCounts.count { counted.blockTokenCounts[blockIndex] += 1 }
                observer.observe(
                    term: term, span: TokenSpan(position: span.position - bodyStart, start: span.start, end: span.end))
            }
            if let spans = observer.finish(text: bytes) { counted.entities = spans }
        }
        finishDocument(docID)
        titleLengths.append(titleTokens)
        bodyLengths.append(bodyTokens)
        positionCount += UInt64(titleTokens) + UInt64(bodyTokens)
        store.add(counted)
        catalog.add(path: document.path, fingerprint: document.fingerprint)
        entityIndex.add(document: docID, spans: counted.entities, text: document.text, bodyStart: bodyStart)
        storedBytes += counted.entities.count * 48
        storedBytes += document.text.utf8.count / 3 + document.path.utf8.count + (document.title?.utf8.count ?? 0) + 64
    }

    /// Inverts as the tokens come: positions arrive in increasing order, so each goes straight into its term's
    /// position stream; the term's (document, frequency) posting is written once the document is done.
    /// No sorting and no per-document map — only the list of terms the document touched.
    private func record(_ term: UInt32, _ position: UInt32) {
        let id = Int(term)
        if id >= postingStreams.count {
            postingStreams.append(ByteWriter())
            positionStreams.append(ByteWriter())
            lastDocument.append(0)
            documentFrequency.append(0)
            frequencyInDocument.append(0)
            lastPositionInDocument.append(0)
        }
        if frequencyInDocument[id] == 0 {
            touched.append(term)
            lastPositionInDocument[id] = 0
        }
        frequencyInDocument[id] += 1
        let before = positionStreams[id].count
        positionStreams[id].writeVarUInt(position - lastPositionInDocument[id])
        streamBytes += positionStreams[id].count - before
        lastPositionInDocument[id] = position
    }

    private func finishDocument(_ docID: UInt32) {
        for term in touched {
            let id = Int(term)
            let before = postingStreams[id].count
            postingStreams[id].writeVarUInt(docID - lastDocument[id])
            postingStreams[id].writeVarUInt(frequencyInDocument[id])
            streamBytes += postingStreams[id].count - before
            lastDocument[id] = docID
            documentFrequency[id] += 1
            frequencyInDocument[id] = 0
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// Writes the segment's files under `name` in `directory` and fsyncs them. The segment becomes part of the
    /// index only when a manifest naming it is committed.
    public func flush(directory: String, name: String) throws(IndexError) -> Manifest.Segment {
        var postings = PostingsWriter()
        var dictionary = TermDictionaryWriter()
        var postingCount: UInt64 = 0
        var positions: [UInt32] = []
        for id in terms.sortedIDs() {
            postings.beginTerm()
            postingStreams[id].bytes.withUnsafeBytes { postingBytes in
                positionStreams[id].bytes.withUnsafeBytes { positionBytes in
                    var docs = ByteReader(postingBytes)
                    var pos = ByteReader(positionBytes)
                    var doc: UInt32 = 0
                    var first = true
                    while !docs.isAtEnd {
                        let delta = docs.readVarUInt32()!
                        let frequency = Int(docs.readVarUInt32()!)
                        doc = first ? delta : doc + delta
                        first = false
                        positions.removeAll(keepingCapacity: true)
                        var position: UInt32 = 0
                        for _ in 0..<frequency {
                            position += pos.readVarUInt32()!
                            positions.append(position)
                        }
                        positions.withUnsafeBufferPointer { postings.add(document: doc, positions: $0) }
                    }
                }
            }
            let info = postings.endTerm()
            postingCount += UInt64(info.documentFrequency)
            terms.withTerm(id) { term in dictionary.add(term: term, info: info) }
        }
        let (postingBytes, positionBytes) = postings.finish()
        let norms = NormsWriter.serialize(
            titleLengths: titleLengths, bodyLengths: bodyLengths,
            statistics: SegmentStatistics(
                documentCount: UInt64(documentCount), termCount: UInt64(terms.count),
                postingCount: postingCount, positionCount: positionCount))

        try SegmentFiles.write(
            [
                .terms: dictionary.finish(), .postings: postingBytes, .positions: positionBytes, .norms: norms,
                .store: store.finish(), .files: catalog.finish(), .entities: entityIndex.finish(),
            ],
            directory: directory, name: name)
        return Manifest.Segment(name: name, documentCount: documentCount)
    }
}

/// Sees a document's body tokens as the segment builder indexes them (see `SegmentBuilder.add(_:observer:)`).
public protocol BodyTokenObserver {
    /// A new document starts.
    mutating func begin()
    /// One body token: folded term bytes (valid only during the call) and its span, positions from 0.
    mutating func observe(term: UnsafeBufferPointer<UInt8>, span: TokenSpan)
    /// The document's text is done; entity spans to store with it, or nil to keep the document's own.
    mutating func finish(text: UnsafeBufferPointer<UInt8>) -> [EntitySpan]?
}

/// Observes nothing: the document keeps the entities it came with.
public struct NoBodyTokenObserver: BodyTokenObserver {
    public init() {}
    public mutating func begin() {}
    public mutating func observe(term: UnsafeBufferPointer<UInt8>, span: TokenSpan) {}
    public mutating func finish(text: UnsafeBufferPointer<UInt8>) -> [EntitySpan]? { nil }
}
