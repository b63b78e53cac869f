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
    private var tokenScratch: [UInt64] = []
    private var positionCount: UInt64 = 0
    private var streamBytes = 0
    private var storedBytes = 0

    public init() {}

    public var documentCount: Int { titleLengths.count }

    /// A conservative estimate of the memory held, for the flush decision.
    public var estimatedBytes: Int {
        streamBytes + storedBytes + terms.arena.count + terms.count * 96 + titleLengths.count * 16
            + tokenScratch.capacity * 8
    }

    public func add(_ document: DocumentToIndex) {
        let docID = UInt32(documentCount)
        tokenScratch.removeAll(keepingCapacity: true)
        var titleTokens: UInt32 = 0
        var bodyTokens: UInt32 = 0
        if let title = document.title {
            var titleCopy = title
            titleCopy.withUTF8 { bytes in
                _ = analyzer.analyze(bytes, firstPosition: 0) { term, span in
                    let id = terms.intern(term)
                    tokenScratch.append(UInt64(id) << 32 | UInt64(span.position))
                    titleTokens += 1
                }
            }
        }
        let bodyStart = FieldLayout.bodyStart(titleLength: titleTokens)
        var text = document.text
        text.withUTF8 { bytes in
            _ = analyzer.analyze(bytes, blocks: document.blocks, firstPosition: bodyStart) { term, span in
                let id = terms.intern(term)
                tokenScratch.append(UInt64(id) << 32 | UInt64(span.position))
                bodyTokens += 1
            }
        }
        titleLengths.append(titleTokens)
        bodyLengths.append(bodyTokens)
        store.add(document)
        catalog.add(path: document.path, fingerprint: document.fingerprint)
        entityIndex.add(document: docID, spans: document.entities, text: document.text, bodyStart: bodyStart)
        storedBytes += document.entities.count * 48
        storedBytes += document.text.utf8.count / 3 + document.path.utf8.count + (document.title?.utf8.count ?? 0) + 64
        invert(docID)
    }

    /// Sorting (term, position) pairs groups each term's positions in order, so a document's postings are
    /// appended term by term with no per-document hash map.
    private func invert(_ docID: UInt32) {
        while postingStreams.count < terms.count {
            postingStreams.append(ByteWriter())
            positionStreams.append(ByteWriter())
            lastDocument.append(0)
            documentFrequency.append(0)
        }
        tokenScratch.sort()
        positionCount += UInt64(tokenScratch.count)
        var index = 0
        let count = tokenScratch.count
        while index < count {
            let termID = Int(tokenScratch[index] >> 32)
            var end = index + 1
            while end < count, Int(tokenScratch[end] >> 32) == termID { end += 1 }
            let before = postingStreams[termID].count + positionStreams[termID].count
            postingStreams[termID].writeVarUInt(docID - lastDocument[termID])
            postingStreams[termID].writeVarUInt(end - index)
            var previous: UInt32 = 0
            for i in index..<end {
                let position = UInt32(truncatingIfNeeded: tokenScratch[i])
                positionStreams[termID].writeVarUInt(position - previous)
                previous = position
            }
            streamBytes += postingStreams[termID].count + positionStreams[termID].count - before
            lastDocument[termID] = docID
            documentFrequency[termID] += 1
            index = end
        }
    }

    /// Writes the segment's files under `name` in `directory` and fsyncs them. The segment becomes part of the
    /// index only when a manifest naming it is committed.
    public func flush(directory: String, name: String) throws(IndexError) -> Manifest.Segment {
        let base = directory + "/" + name
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

        try DurableFileSystem.writeFile(base + ".terms", bytes: dictionary.finish())
        try DurableFileSystem.writeFile(base + ".post", bytes: postingBytes)
        try DurableFileSystem.writeFile(base + ".pos", bytes: positionBytes)
        try DurableFileSystem.writeFile(base + ".norms", bytes: norms)
        try DurableFileSystem.writeFile(base + ".store", bytes: store.finish())
        try DurableFileSystem.writeFile(base + ".files", bytes: catalog.finish())
        try DurableFileSystem.writeFile(base + ".ents", bytes: entityIndex.finish())
        return Manifest.Segment(name: name, documentCount: documentCount)
    }
}
