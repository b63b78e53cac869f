/// Checks an index byte by byte and structure by structure, collecting every problem rather than stopping at
/// the first, each naming its file: what `gazette verify` prints.
public enum IndexVerifier {
    public struct Report: Sendable {
        public var segmentsChecked = 0
        public var filesChecked = 0
        public var bytesChecked = 0
        public var documentsChecked = 0
        public var termsChecked = 0
        public var problems: [IndexError] = []
    }

    /// Verifies the current commit. A writer committing meanwhile deletes the files of the commit being checked,
    /// which would read as missing files: problems found under a manifest that has since been replaced are set
    /// aside and the new commit is checked instead.
    public static func verify(directory: any Directory) -> Report {
        var attempts = 1
        while true {
            let (report, manifest) = verifyOnce(directory: directory)
            guard !report.problems.isEmpty, attempts < IndexReader.maximumAttempts, let manifest,
                  let current = try? IndexReader.readManifest(directory: directory), current != manifest
            else { return report }
            attempts += 1
        }
    }

    /// Verifies the index in the folder at `path`.
    public static func verify(directory path: String) -> Report {
        verify(directory: FileSystemDirectory(path: path))
    }

    private static func verifyOnce(directory: any Directory) -> (Report, Manifest?) {
        var report = Report()
        let manifest: Manifest
        do {
            manifest = try IndexReader.readManifest(directory: directory)
        } catch {
            report.problems.append(error)
            return (report, nil)
        }
        var recordCounts: [String: Int] = [:]
        for segment in manifest.segments {
            report.segmentsChecked += 1
            // Whole-file checksums first: they need nothing but the bytes, so they work even on a segment whose
            // structures are too damaged to open.
            for name in segment.fileNames {
                guard directory.fileExists(name) else {
                    report.problems.append(.corrupt(file: directory.path(of: name), reason: "file is missing"))
                    continue
                }
                let ext = String(name.split(separator: ".").last ?? "")
                guard let kind = IndexFileFormat.Kind.allCases.first(where: { $0.fileExtension == ext }) else { continue }
                do {
                    let file = try directory.openInput(name)
                    _ = try IndexFileFormat.validate(file, kind: kind, verifyChecksum: true)
                    report.filesChecked += 1
                    report.bytesChecked += file.bytes.count
                } catch {
                    report.problems.append(error)
                }
            }
            let reader: SegmentReader
            do {
                reader = try SegmentReader(directory: directory, segment: segment)
            } catch {
                if !report.problems.contains(error) { report.problems.append(error) }
                continue
            }
            verifyStructures(reader, directory: directory, into: &report)
            recordCounts[segment.name] = try? reader.entityIndex.recordCount()
        }
        if let name = manifest.resolutionFileName {
            if !directory.fileExists(name) {
                report.problems.append(.corrupt(file: directory.path(of: name), reason: "file is missing"))
            } else {
                do {
                    let file = try directory.openInput(name)
                    _ = try EntityResolution.read(file)
                    report.filesChecked += 1
                    report.bytesChecked += file.bytes.count
                } catch {
                    report.problems.append(error)
                }
            }
        }
        verifyEntityGroups(of: manifest, recordCounts: recordCounts, directory: directory, into: &report)
        return (report, manifest)
    }

    /// The commit's entity group table, when there is one: whole, for these segments and deletions, a group for
    /// every entity record of each.
    private static func verifyEntityGroups(
        of manifest: Manifest, recordCounts: [String: Int], directory: any Directory, into report: inout Report
    ) {
        let name = EntityGroupTable.fileName(generation: manifest.generation)
        guard directory.fileExists(name) else { return }
        let path = directory.path(of: name)
        do {
            let file = try directory.openInput(name)
            let table = try EntityGroupTable.read(file)
            report.filesChecked += 1
            report.bytesChecked += file.bytes.count
            guard table.describes(manifest) else {
                report.problems.append(.corrupt(file: path, reason: "describes other segments than the manifest's"))
                return
            }
            for segment in table.segments {
                if let count = recordCounts[segment.name], count != segment.recordGroups.count {
                    report.problems.append(.corrupt(
                        file: path,
                        reason: "files \(segment.recordGroups.count) entity records of \(segment.name), which has \(count)"))
                }
            }
        } catch {
            report.problems.append(error)
        }
    }

    private static func verifyStructures(_ reader: SegmentReader, directory: any Directory, into report: inout Report) {
        let base = directory.path(of: reader.name)
        do {
            try reader.terms.verify()
        } catch {
            report.problems.append(error)
            return
        }
        var postings: UInt64 = 0, positions: UInt64 = 0, terms: UInt64 = 0
        var scratch: [UInt32] = []
        var firstProblem: IndexError?
        do {
            try reader.terms.forEach { term, info in
                guard firstProblem == nil else { return }
                terms += 1
                var cursor = reader.postings(info)
                var count: UInt32 = 0
                var total: UInt64 = 0
                while cursor.next() != PostingsCursor.exhausted {
                    if Int(cursor.document) >= reader.documentCount {
                        firstProblem = .corrupt(file: base + ".post", reason: "a posting names document \(cursor.document), the segment has \(reader.documentCount)")
                        return
                    }
                    cursor.readPositions(into: &scratch)
                    count += 1
                    total += UInt64(scratch.count)
                }
                if let corruption = cursor.corruption {
                    firstProblem = corruption
                    return
                }
                if count != info.documentFrequency || total != info.totalTermFrequency {
                    let text = String(decoding: term, as: UTF8.self)
                    firstProblem = .corrupt(
                        file: base + ".post",
                        reason: "term '\(text)' has \(count) postings and \(total) positions, the dictionary says \(info.documentFrequency) and \(info.totalTermFrequency)")
                    return
                }
                postings += UInt64(count)
                positions += total
            }
        } catch {
            report.problems.append(error)
            return
        }
        if let firstProblem {
            report.problems.append(firstProblem)
            return
        }
        report.termsChecked += Int(terms)
        let stats = reader.norms.statistics
        if stats.termCount != terms || stats.postingCount != postings || stats.positionCount != positions {
            report.problems.append(.corrupt(
                file: base + ".norms",
                reason: "statistics say \(stats.termCount) terms, \(stats.postingCount) postings, \(stats.positionCount) positions; the segment holds \(terms), \(postings), \(positions)"))
        }
        do {
            var documents = 0
            try reader.store.forEach { doc, stored throws(IndexError) in
                let entry = try reader.catalog.entry(doc)
                if entry.path != stored.path {
                    throw .corrupt(file: base + ".files", reason: "document \(doc) is '\(entry.path)' here and '\(stored.path)' in the store")
                }
                documents += 1
            }
            if documents != reader.documentCount {
                report.problems.append(.corrupt(file: base + ".store", reason: "holds \(documents) documents, expected \(reader.documentCount)"))
            }
            report.documentsChecked += documents
        } catch {
            report.problems.append(error)
        }
        do {
            for entity in try reader.entityIndex.entities() {
                let postings = try reader.entityIndex.postings(entity)
                let mentions = postings.reduce(0) { $0 + $1.mentions.count }
                if mentions != entity.mentionCount {
                    report.problems.append(.corrupt(
                        file: base + ".ents",
                        reason: "entity '\(entity.canonical)' has \(mentions) mentions, the directory says \(entity.mentionCount)"))
                    break
                }
            }
        } catch {
            report.problems.append(error)
        }
    }
}
