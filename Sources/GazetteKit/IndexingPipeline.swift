import Dispatch
import GazetteAnalysis
import GazetteEntities
import GazetteIndex
import GazetteIngest
import Synchronization

/// Brings an index up to date with a corpus: decides what changed, then reads, parses and inverts the changed
/// files on every core. Each thread fills its own `SegmentBuilder` and flushes it as a segment when it reaches
/// its share of the memory budget, so memory stays bounded however large the corpus and threads never contend
/// except to take the next file.
public struct IndexingPipeline {
    public struct Summary: Sendable {
        public var added = 0
        public var updated = 0
        public var deleted = 0
        public var unchanged = 0
        /// Files that could not be used, in all and by `IngestError.reason`.
        public var skipped = 0
        public var skippedByReason: [String: Int] = [:]
        public var bytesRead: Int64 = 0
    }

    public let writer: IndexWriter
    public let threads: Int
    public let memoryBudget: Int
    /// Off with `--no-entities`: no recognition, so no entity filters, highlights or commands for the new files.
    public var recognizeEntities = true
    /// With `--date-from-mtime`: a document that gives no publication date takes its file's modification day
    /// (UTC), marked `file-mtime` as its date source.
    public var dateFromModificationTime = false

    /// `threads` indexing threads (fewer when the budget cannot give each a useful share) within `memoryBudget`
    /// bytes in all, writing through `writer`.
    public init(writer: IndexWriter, threads: Int, memoryBudget: Int) {
        self.writer = writer
        self.threads = threads
        self.memoryBudget = memoryBudget
    }

    /// What an incremental run has to do, decided from sizes and modification times alone.
    public struct Plan: Sendable {
        public var work: [CorpusFile] = []
        public var isUpdate: [Bool] = []
        public var removed: [String] = []
        public var unchanged = 0
        public var bytes: Int64 = 0
        /// Every file is read and analysed again, changed or not (the analysis changed).
        public var reanalyses = false
    }

    /// What a run must do: files new or changed since the index took them, and documents whose file is gone;
    /// with `reanalysingAll`, every file, as when the index's documents were analysed by another version.
    public func plan(_ files: [CorpusFile], reanalysingAll: Bool = false) -> Plan {
        let existing = writer.existingDocuments()
        var plan = Plan()
        var seen = Set<DocumentPath>()
        seen.reserveCapacity(files.count)
        for file in files {
            let path = DocumentPath(file.relativePath)
            seen.insert(path)
            if let known = existing[path] {
                if !reanalysingAll, known.size == file.size,
                   known.modificationTimeNanoseconds == file.modificationTimeNanoseconds
                {
                    plan.unchanged += 1
                    continue
                }
                plan.work.append(file)
                plan.isUpdate.append(true)
            } else {
                plan.work.append(file)
                plan.isUpdate.append(false)
            }
            plan.bytes += file.size
        }
        plan.removed = existing.keys.filter { !seen.contains($0) }.sorted(by: DocumentPath.precedes).map(\.string)
        plan.reanalyses = reanalysingAll
        return plan
    }

    /// Runs the plan. `warn` and `progress` are called from worker threads, one call at a time.
    public func run(
        _ plan: Plan,
        warn: @escaping @Sendable (String) -> Void,
        progress: @escaping @Sendable (_ files: Int, _ bytes: Int64) -> Void
    ) throws(IndexError) -> Summary {
        let shared = SharedProgress()
        for path in plan.removed { writer.delete(path: path) }
        let existing = writer.existingDocuments()
        let work = plan.work
        let isUpdate = plan.isUpdate
        // Re-analysing, a file whose bytes are unchanged is indexed all the same.
        let reanalyses = plan.reanalyses
        let next = Atomic<Int>(0)
        // The threads share the budget: each builder flushes at its share, so together they stay within it.
        let threads = Self.threads(threads, memoryBudget: memoryBudget)
        let budget = memoryBudget / threads
        let writer = self.writer
        let recognizer: EntityRecognizer? = recognizeEntities ? EntityRecognizer() : nil
        // Token buffers a builder keeps between documents (see `SegmentBuilder.tokenBufferLimit`): a sixteenth of
        // its share, at 56 bytes a token (the indexer's 16 and the recogniser's 40).
        let keptTokens = max(1 << 14, budget / 16 / 56)
        let dateFromModificationTime = dateFromModificationTime
        // Stemmers keep buffers of their own: each builder makes one (the CLI checked the name; a manifest naming an
        // algorithm this build lacks stops the run here, before anything is indexed without it).
        let stemming = writer.analysis.stemmer
        if let stemming, Stemmer(language: stemming) == nil {
            throw .unknownStemmer(directory: writer.directory.path, name: stemming)
        }
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            let builder = BuilderBox(tokenBufferLimit: keptTokens, stemming: stemming)
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < work.count, !shared.failed else { break }
                let file = work[index]
                let outcome = Self.process(
                    file, previous: isUpdate[index] && !reanalyses ? existing[DocumentPath(file.relativePath)] : nil,
                    dateFromModificationTime: dateFromModificationTime, warn: { warn($0.description) })
                switch outcome {
                case .failure(let error):
                    shared.update {
                        $0.skipped += 1
                        $0.skippedByReason[error.reason, default: 0] += 1
                    }
                    warn("warning: skipped " + error.description)
                    // A file that can no longer be read is no longer in the corpus.
                    if isUpdate[index], writer.delete(path: file.relativePath) {
                        shared.update { $0.deleted += 1 }
                    }
                case .success(nil):
                    shared.update { $0.unchanged += 1 }
                case .success(let document?):
                    if isUpdate[index] { writer.delete(path: file.relativePath) }
                    writer.directory.reached(.document)
                    if let recognizer {
                        // Recognition rides on the builder's own tokenisation of the text.
                        // The buffer moves into the observer and back, so it is never shared (and never copied).
                        var observer = EntityRecognitionObserver(recognizer: recognizer, tokens: builder.tokens)
                        builder.tokens = EntityTokens()
                        builder.value.add(document, observer: &observer)
                        builder.tokens = observer.tokens
                        // A long document leaves a token buffer of its size: do not keep it for the next.
                        builder.tokens.shrinkTokenBuffer(above: keptTokens)
                    } else {
                        builder.value.add(document)
                    }
                    shared.update {
                        if isUpdate[index] { $0.updated += 1 } else { $0.added += 1 }
                    }
                    // What recognition learned of the builder's terms grows with them: it counts in the share.
                    if builder.value.estimatedBytes + builder.tokens.memoryBytes >= budget || builder.value.isFull {
                        let flushed = Result { () throws(IndexError) in try writer.flush(builder.value) }
                        // The full builder goes before its freed pages are handed back: no reference may outlive it.
                        // Term ids start again from 0 in the new one, so what was learned of them goes too.
                        builder.value = SegmentBuilder(stemmer: builder.makeStemmer())
                        builder.value.tokenBufferLimit = keptTokens
                        builder.tokens = EntityTokens()
                        if case .failure(let error) = flushed {
                            shared.fail(error)
                            return
                        }
                        MemoryRelease.returnFreePages()
                    }
                }
                // Recognising entities in a long document takes some twenty times its size, freed once it is done
                // but kept by the allocator for reuse: hand it back rather than carry it to the next flush.
                if file.size >= Self.largeDocument { MemoryRelease.returnFreePages() }
                let (files, bytes) = shared.advance(bytes: file.size)
                progress(files, bytes)
            }
            let last = builder.value
            if case .failure(let error) = Result(catching: { () throws(IndexError) in try writer.flush(last) }) {
                shared.fail(error)
            }
        }
        // The last builders are gone: what they held goes back before the commit's merges run.
        MemoryRelease.returnFreePages()
        if let failure = shared.failure { throw failure }
        var summary = shared.summary
        summary.unchanged += plan.unchanged
        summary.deleted += plan.removed.count
        return summary
    }

    /// A builder's share of the budget is never below this: more threads than the budget has shares for would
    /// only write tiny segments (which merges then rewrite), so the run uses fewer.
    static let minimumShare = 4 << 20

    /// Files at least this large are followed by `MemoryRelease.returnFreePages()`.
    static let largeDocument: Int64 = 256 << 10

    /// The threads a run uses: as asked, but no more than the budget has `minimumShare`s for.
    static func threads(_ asked: Int, memoryBudget: Int) -> Int {
        max(1, min(asked, memoryBudget / minimumShare))
    }

    /// nil when the content turned out to be unchanged (same hash despite a new modification time).
    private static func process(
        _ file: CorpusFile, previous: FileFingerprint?, dateFromModificationTime: Bool, warn: (IngestWarning) -> Void
    ) -> Result<DocumentToIndex?, IngestError>
    {
        let bytes: [UInt8]
        do {
            bytes = try DocumentReader.readBytes(file, warn: warn)
        } catch {
            return .failure(error)
        }
        return bytes.withUnsafeBytes { raw -> Result<DocumentToIndex?, IngestError> in
            let hash = ContentHash.hash(raw)
            if let previous, previous.contentHash == hash, previous.size == Int64(raw.count) {
                return .success(nil)
            }
            let extracted = Result { () throws(IngestError) in
                try DocumentReader.extract(raw, kind: file.kind, path: file.absolutePath)
            }
            return extracted.map { document in
                DocumentToIndex(
                    path: file.relativePath, title: document.title, text: document.text, blocks: document.blocks,
                    fingerprint: FileFingerprint(
                        size: file.size, modificationTimeNanoseconds: file.modificationTimeNanoseconds,
                        contentHash: hash),
                    metadata: Self.articleMetadata(
                        document.metadata, modificationTimeNanoseconds: dateFromModificationTime
                            ? file.modificationTimeNanoseconds : nil))
            }
        }
    }
}

extension IndexingPipeline {
    /// The index's form of what ingest read; the file's modification day stands in for a missing date when
    /// `modificationTimeNanoseconds` is given.
    static func articleMetadata(_ metadata: DocumentMetadata, modificationTimeNanoseconds: Int64?) -> ArticleMetadata {
        var date = metadata.date?.iso8601
        var dateSource = metadata.dateSource?.description
        if date == nil, let nanoseconds = modificationTimeNanoseconds {
            let days = Int(nanoseconds.dividedRoundingDown(by: 86_400 * 1_000_000_000))
            if let day = PublicationDate(daysSinceEpoch: days) {
                date = day.iso8601
                dateSource = "file-mtime"
            }
        }
        return ArticleMetadata(date: date, dateSource: dateSource, author: metadata.author, source: metadata.source)
    }
}

private extension Int64 {
    func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}

/// A worker's builder; a class so the closure run by each thread can replace it after a flush.
private final class BuilderBox {
    var value: SegmentBuilder
    /// Token buffer of entity recognition, reused for every document of this thread, and what recognition
    /// learned of the current builder's terms.
    var tokens = EntityTokens()
    /// The Snowball algorithm of an index that stems its words.
    let stemming: String?

    init(tokenBufferLimit: Int, stemming: String?) {
        self.stemming = stemming
        value = SegmentBuilder(stemmer: stemming.flatMap { Stemmer(language: $0) })
        value.tokenBufferLimit = tokenBufferLimit
    }

    func makeStemmer() -> Stemmer? { stemming.flatMap { Stemmer(language: $0) } }
}

/// Recognises entities over the body tokens the segment builder produced — the text is tokenised once for
/// both indexing and recognition, and each term's word-list look-ups are made once per segment (`learn`). A
/// long document comes in runs of tokens (`SegmentBuilder.tokenRunLength`), each recognised on its own so that
/// the recogniser's 40 bytes per token are never held for a whole 200 MB file; short forms are then resolved to
/// full names within a run only, which no article of a few thousand words notices.

/// Counters shared by the workers.
private final class SharedProgress: Sendable {
    private struct State {
        var summary = IndexingPipeline.Summary()
        var files = 0
        var bytes: Int64 = 0
        var failure: IndexError?
    }

    private let state = Locked(State())

    var summary: IndexingPipeline.Summary { state.withLock { $0.summary } }
    var failure: IndexError? { state.withLock { $0.failure } }
    var failed: Bool { state.withLock { $0.failure != nil } }

    func update(_ body: (inout IndexingPipeline.Summary) -> Void) {
        state.withLock { body(&$0.summary) }
    }

    func advance(bytes: Int64) -> (Int, Int64) {
        state.withLock { state in
            state.files += 1
            state.bytes += bytes
            return (state.files, state.bytes)
        }
    }

    func fail(_ error: IndexError) {
        state.withLock { state in
            if state.failure == nil { state.failure = error }
        }
    }
}



