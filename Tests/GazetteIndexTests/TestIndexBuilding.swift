import GazetteIndex

/// Writes `documents` as one new commit of the index at `directory` (one segment per call).
func commitDocuments(_ documents: [DocumentToIndex], to directory: String, rebuild: Bool = true) throws {
    let writer = try IndexWriter(directory: directory, rebuild: rebuild)
    let builder = SegmentBuilder()
    for document in documents { builder.add(document) }
    try writer.flush(builder)
    try writer.commit()
}

func document(_ path: String, _ text: String, title: String? = nil, hash: UInt64 = 0) -> DocumentToIndex {
    DocumentToIndex(
        path: path, title: title, text: text, blocks: text.isEmpty ? [] : [0..<text.utf8.count],
        fingerprint: FileFingerprint(size: Int64(text.utf8.count), modificationTimeNanoseconds: 1, contentHash: hash))
}
