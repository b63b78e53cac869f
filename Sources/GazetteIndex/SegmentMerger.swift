import GazetteAnalysis

/// Merges segments into one without re-analysing text: live documents are renumbered in input order, postings
/// are copied term by term through the cursors (positions included), and stored fields, norms and catalog
/// entries follow their documents. Deleted documents are left behind, which is how tombstones get purged.
enum SegmentMerger {
    static func merge(_ inputs: [SegmentReader], directory: String, name: String) throws(IndexError) -> Manifest.Segment {
        // Old document → new document, per input; UInt32.max for deleted ones.
        var documentMaps: [[UInt32]] = []
        var store = StoredDocumentsWriter()
        var catalog = FileCatalogWriter()
        var entityIndex = EntityIndexWriter()
        var analyzer = Analyzer()
        var titleLengths: [UInt32] = []
        var bodyLengths: [UInt32] = []
        var nextDocument: UInt32 = 0
        for input in inputs {
            var map = [UInt32](repeating: UInt32.max, count: input.documentCount)
            try input.store.forEach { doc, stored throws(IndexError) in
                guard !input.isDeleted(doc) else { return }
                let entry = try input.catalog.entry(doc)
                let text = stored.text
                let spans = EntitySpan.locating(stored.entities, in: text, blocks: stored.blocks, analyzer: &analyzer)
                var document = DocumentToIndex(
                    path: stored.path, title: stored.title, text: text, blocks: stored.blocks,
                    fingerprint: entry.fingerprint, entities: spans)
                document.blockTokenCounts = stored.blockTokenCounts
                store.add(document)
                catalog.add(path: entry.path, fingerprint: entry.fingerprint)
                // Entity postings are rebuilt from the stored spans: they carry everything needed.
                entityIndex.add(
                    document: nextDocument, spans: spans, text: text,
                    bodyStart: FieldLayout.bodyStart(titleLength: input.norms.titleLength(doc)))
                titleLengths.append(input.norms.titleLength(doc))
                bodyLengths.append(input.norms.bodyLength(doc))
                map[Int(doc)] = nextDocument
                nextDocument += 1
            }
            documentMaps.append(map)
        }

        // Each input's dictionary, in order; a k-way merge over them visits every distinct term once.
        var dictionaries: [[([UInt8], TermInfo)]] = []
        for input in inputs {
            var entries: [([UInt8], TermInfo)] = []
            try input.terms.forEach { term, info in entries.append((Array(term), info)) }
            dictionaries.append(entries)
        }
        var cursorsAt = [Int](repeating: 0, count: inputs.count)
        var postings = PostingsWriter()
        var dictionary = TermDictionaryWriter()
        var termCount: UInt64 = 0, postingCount: UInt64 = 0, positionCount: UInt64 = 0
        var positions: [UInt32] = []
        while true {
            var smallest: [UInt8]?
            for (index, entries) in dictionaries.enumerated() where cursorsAt[index] < entries.count {
                let term = entries[cursorsAt[index]].0
                if smallest == nil || term.lexicographicallyPrecedes(smallest!) { smallest = term }
            }
            guard let term = smallest else { break }
            postings.beginTerm()
            var added = 0
            for (index, entries) in dictionaries.enumerated() where cursorsAt[index] < entries.count {
                guard entries[cursorsAt[index]].0 == term else { continue }
                let info = entries[cursorsAt[index]].1
                cursorsAt[index] += 1
                var cursor = inputs[index].postings(info)
                while cursor.next() != PostingsCursor.exhausted {
                    let mapped = documentMaps[index][Int(cursor.document)]
                    guard mapped != UInt32.max else { continue }
                    cursor.readPositions(into: &positions)
                    if let corruption = cursor.corruption { throw corruption }
                    positions.withUnsafeBufferPointer { postings.add(document: mapped, positions: $0) }
                    added += 1
                    positionCount += UInt64(positions.count)
                }
                if let corruption = cursor.corruption { throw corruption }
            }
            let info = postings.endTerm()
            if added > 0 {
                term.withUnsafeBufferPointer { dictionary.add(term: $0, info: info) }
                termCount += 1
                postingCount += UInt64(added)
            }
        }
        let (postingBytes, positionBytes) = postings.finish()
        let norms = NormsWriter.serialize(
            titleLengths: titleLengths, bodyLengths: bodyLengths,
            statistics: SegmentStatistics(
                documentCount: UInt64(nextDocument), termCount: termCount,
                postingCount: postingCount, positionCount: positionCount))
        try SegmentFiles.write(
            [
                .terms: dictionary.finish(), .postings: postingBytes, .positions: positionBytes, .norms: norms,
                .store: store.finish(), .files: catalog.finish(), .entities: entityIndex.finish(),
            ],
            directory: directory, name: name, crashPoint: .merge)
        return Manifest.Segment(name: name, documentCount: Int(nextDocument))
    }
}
