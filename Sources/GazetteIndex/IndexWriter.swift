import GazetteAnalysis

/// Builds a segment in memory — terms interned, postings and positions appended as varint streams — and
/// commits it durably. Documents get ids in the order they are added.
public final class IndexWriter {
    public let directory: String
    private var analyzer = Analyzer()
    private var terms = TermTable()
    private var postingStreams: [ByteWriter] = []
    private var positionStreams: [ByteWriter] = []
    private var lastDocument: [UInt32] = []
    private var documentFrequency: [UInt32] = []
    private var titleLengths: [UInt32] = []
    private var bodyLengths: [UInt32] = []
    private var store = StoredDocumentsWriter()
    private var tokenScratch: [UInt64] = []
    private var positionCount: UInt64 = 0

    public var documentCount: Int { titleLengths.count }

    /// Opens (creating if needed) the index folder for writing a fresh commit that will replace the current one.
    public init(directory: String) throws(IndexError) {
        self.directory = directory
        try DurableFileSystem.createDirectory(directory)
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
        invert(docID)
    }

    /// Sorting (term, position) pairs groups each term's positions in order, so a document's postings are
    /// appended term by term with no per-document hash maps.
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
            postingStreams[termID].writeVarUInt(docID - lastDocument[termID])
            postingStreams[termID].writeVarUInt(end - index)
            var previous: UInt32 = 0
            for i in index..<end {
                let position = UInt32(truncatingIfNeeded: tokenScratch[i])
                positionStreams[termID].writeVarUInt(position - previous)
                previous = position
            }
            lastDocument[termID] = docID
            documentFrequency[termID] += 1
            index = end
        }
    }

    /// Writes the segment files, fsyncs them, then atomically publishes a manifest naming only this segment
    /// (a full rebuild replaces whatever was there). Files of older commits are removed afterwards.
    @discardableResult
    public func commit() throws(IndexError) -> Manifest {
        let manifestPath = directory + "/" + Manifest.fileName
        let previous = try? IndexReader.readManifest(directory: directory)
        let generation = (previous?.generation ?? 0) + 1
        let segmentName = "s\(generation)"
        let base = directory + "/" + segmentName

        var postings = ByteWriter(reservingCapacity: postingStreams.reduce(0) { $0 + $1.count } + 64)
        var positions = ByteWriter(reservingCapacity: positionStreams.reduce(0) { $0 + $1.count } + 64)
        IndexFileFormat.writeHeader(.postings, into: &postings)
        IndexFileFormat.writeHeader(.positions, into: &positions)
        var dictionary = TermDictionaryWriter()
        var postingCount: UInt64 = 0
        for id in terms.sortedIDs() {
            let postingsOffset = UInt64(postings.count)
            let positionsOffset = UInt64(positions.count)
            postingStreams[id].bytes.withUnsafeBytes { postings.writeBytes($0) }
            positionStreams[id].bytes.withUnsafeBytes { positions.writeBytes($0) }
            postingCount += UInt64(documentFrequency[id])
            terms.withTerm(id) { term in
                dictionary.add(
                    term: term,
                    info: TermInfo(
                        documentFrequency: documentFrequency[id],
                        postingsOffset: postingsOffset,
                        positionsOffset: positionsOffset))
            }
        }
        IndexFileFormat.appendFooter(to: &postings)
        IndexFileFormat.appendFooter(to: &positions)

        let norms = NormsWriter.serialize(
            titleLengths: titleLengths, bodyLengths: bodyLengths,
            statistics: SegmentStatistics(
                documentCount: UInt64(documentCount), termCount: UInt64(terms.count),
                postingCount: postingCount, positionCount: positionCount))

        try DurableFileSystem.writeFile(base + ".terms", bytes: dictionary.finish())
        try DurableFileSystem.writeFile(base + ".post", bytes: postings.bytes)
        try DurableFileSystem.writeFile(base + ".pos", bytes: positions.bytes)
        try DurableFileSystem.writeFile(base + ".norms", bytes: norms)
        try DurableFileSystem.writeFile(base + ".store", bytes: store.finish())

        let manifest = Manifest(
            generation: generation, segments: [.init(name: segmentName, documentCount: documentCount)])
        let temporary = manifestPath + ".tmp"
        try DurableFileSystem.writeFile(temporary, bytes: manifest.serialized())
        try DurableFileSystem.rename(temporary, to: manifestPath)
        try DurableFileSystem.syncDirectory(directory)
        removeUnreferencedFiles(keeping: Set(manifest.segments.map(\.name)))
        return manifest
    }

    /// Old segments are garbage once the new manifest is durable; a crash before this point only leaves
    /// garbage for the next commit to sweep, never a broken index.
    private func removeUnreferencedFiles(keeping live: Set<String>) {
        for name in DurableFileSystem.listDirectory(directory) {
            guard let dot = name.firstIndex(of: "."), name.hasPrefix("s") else { continue }
            let segment = String(name[..<dot])
            let ext = String(name[name.index(after: dot)...])
            guard IndexFileFormat.Kind.allCases.contains(where: { $0.fileExtension == ext }),
                  segment.dropFirst().allSatisfy(\.isNumber),
                  !live.contains(segment)
            else { continue }
            DurableFileSystem.remove(directory + "/" + name)
        }
    }
}
