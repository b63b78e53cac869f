import ArgumentParser
import Dispatch
import GazetteAnalysis
import GazetteEntities
import GazetteIndex
import GazetteKit
import GazetteIngest
import GazetteSearch

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index folders of .txt/.md/.html articles, updating only what changed.",
        discussion: """
            Files are compared with the index by size and modification time (and content hash when those \
            differ): new files are added, changed ones re-indexed, removed ones deleted. --full rebuilds \
            everything. An index records its corpus folders and indexes them all at every run; with several, \
            each document's path starts with its folder's name. On a terminal a progress line is shown on \
            stderr; the summary goes to stdout.
            """)

    @Argument(help: "The corpus folders to index (none: again those the index holds).")
    var corpora: [String] = []

    @OptionGroup var indexFolder: IndexFolderOption
    var index: String { indexFolder.folder }

    @Flag(name: .long, help: "Rebuild the index from scratch instead of updating it.")
    var full = false

    @Option(
        name: .long, parsing: .unconditional,
        help: "Memory for documents held before a segment is flushed, in MB, shared by the threads.")
    var memoryBudget: Int = 256

    @Option(
        name: .long, parsing: .unconditional,
        help: "Indexing threads (default: one per core; at most one per 4 MB of --memory-budget).")
    var threads: Int?

    @Flag(name: .long, help: "Skip named-entity recognition (faster; no entity filters, highlights or mentions for these files).")
    var noEntities = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Index words by their Snowball stem (english, french, german, russian, ...; 'none' to stop), so that strike finds strikes; kept by later runs. Changing it indexes every document again.",
            valueName: "language"))
    var stem: String?

    @Flag(
        name: .long,
        help: "Replace the corpus folders the index holds with these: the documents of the others are deleted.")
    var replace = false

    @Flag(name: .long, help: "Add these folders to those the index holds.")
    var add = false

    @Option(
        name: .long,
        help: ArgumentHelp("Stop indexing this folder: its documents are deleted (repeatable).", valueName: "dir"),
        completion: .directory)
    var removeRoot: [String] = []

    @Flag(name: .long, help: "Date a document that gives no publication date by its file's modification day (marked file-mtime).")
    var dateFromMtime = false

    @Flag(name: .shortAndLong, help: "Print warnings only: no progress, no summary.")
    var quiet = false

    @OptionGroup var lock: LockOptions

    func validate() throws {
        if add && replace { throw ValidationError("--add and --replace cannot be combined") }
        if !removeRoot.isEmpty && (add || replace) {
            throw ValidationError("--remove-root cannot be combined with --add or --replace")
        }
        guard memoryBudget >= 16 else { throw ValidationError("--memory-budget must be at least 16 (MB)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let stem, stem != "none", !Stemmer.languages.contains(stem) {
            throw ValidationError("--stem: no Snowball stemmer '\(stem)' (known: none, \(Stemmer.languages.joined(separator: ", ")))")
        }
    }

    func run() throws {
        MemoryRelease.configureForIndexing()
        let clock = ContinuousClock()
        let started = clock.now
        if !noEntities { EntityRecognizer.prepareInBackground() }
        // The lock is taken before the corpus is read, so that a second writer is refused at once however big
        // the corpus, and one that waited indexes the corpus as it is when its turn comes. A corpus that is not
        // a folder is reported first, before an index folder is created for it.
        for corpus in corpora {
            var root = stat()
            if stat(corpus, &root) != 0 || (root.st_mode & S_IFMT) != S_IFDIR {
                do {
                    _ = try CorpusWalker(root: corpus).files { _ in }
                } catch {
                    throw Console.fail(error)
                }
            }
        }
        let writer: IndexWriter
        do {
            // Merges stream (their memory does not grow with their size), but automatic ones still leave alone
            // groups above half the budget, as when they held their output in memory: this bounds the work a run
            // spends merging; `gazette optimize` merges everything.
            writer = try IndexWriter(
                directory: index, rebuild: full, maximumMergedBytes: (memoryBudget << 20) / 2,
                lockWaiting: lock.waiting, onLockWait: lock.announceWait(index: index, quiet: quiet))
        } catch {
            throw Console.fail(error)
        }
        let heldRoots = CorpusRoots(writer.roots)
        let roots = try corpusFolders(held: writer.roots, documents: { writer.existingDocuments().count })
        writer.setRoots(roots.folders)
        // Documents analysed by another version (another tokenisation or recogniser, or recognition switched on
        // or off) are all analysed again, so that one index never mixes two analyses.
        // Stemming stays as the index has it unless --stem says otherwise.
        let stemming = stem.map { $0 == "none" ? nil : $0 } ?? writer.analysis.stemmer
        let analysis = AnalysisVersion(entities: noEntities ? 0 : EntityRecognizer.version, stemmer: stemming)
        let reanalysing = !full && writer.analysis != analysis && !writer.existingDocuments().isEmpty
        if reanalysing {
            Console.warn(Terminal.sanitizeLine(
                "gazette: note: '\(index)' holds documents analysed by \(writer.analysis); this run uses \(analysis): "
                    + "every document is indexed again"))
        }
        writer.setAnalysis(analysis)
        if !full && !reanalysing && !writer.existingDocuments().isEmpty {
            noteRelabelledFolders(held: heldRoots, now: roots)
        }
        var files: [CorpusFile] = []
        var unsupported: [String: Int] = [:]
        for (number, folder) in roots.folders.enumerated() {
            let listing: CorpusWalker.Listing
            do {
                listing = try CorpusWalker(root: folder).walk { warning in
                    Console.warn(Terminal.sanitizeLine(warning.description))
                }
            } catch {
                throw Console.fail(error)
            }
            for var file in listing.files {
                file.relativePath = roots.storedPath(file.relativePath, inFolder: number)
                files.append(file)
            }
            unsupported.merge(listing.unsupported, uniquingKeysWith: +)
        }
        if files.isEmpty && !roots.folders.isEmpty {
            // Not an error (an index of an emptied corpus is empty), but rarely what was meant.
            let others = unsupported.values.reduce(0, +)
            let named = roots.folders.count == 1 ? "'\(corpora.first ?? roots.folders[0])' holds" : "the corpus folders hold"
            Console.warn(Terminal.sanitizeLine(
                "gazette: warning: \(named) no .txt, .text, .md, .html, .htm or .xhtml files"
                    + (others > 0 ? " (\(Self.describe(unsupported)) not indexed)" : "")))
        }
        var pipeline = IndexingPipeline(
            writer: writer, threads: threads ?? ProcessorCount.active, memoryBudget: memoryBudget << 20)
        pipeline.recognizeEntities = !noEntities
        pipeline.dateFromModificationTime = dateFromMtime
        let plan = pipeline.plan(files, reanalysingAll: reanalysing)
        let meter = ProgressMeter(
            enabled: !quiet && Console.stderrIsTerminal, totalFiles: plan.work.count, totalBytes: plan.bytes)
        let summary: IndexingPipeline.Summary
        let commit: CommitSummary
        do {
            summary = try pipeline.run(
                plan,
                warn: { line in meter.warn(Terminal.sanitizeLine(line)) },
                progress: { files, bytes in meter.update(files: files, bytes: bytes) })
            commit = try writer.commitIfChanged(resolver: CorpusEntityResolver.resolver, grouper: CorpusEntityResolver.grouper)
        } catch {
            meter.finish()
            throw Console.fail(error)
        }
        meter.finish()
        guard !quiet else { return }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let size = DirectorySize.bytes(of: index)
        var line = "indexed \(index): \(summary.added) added, \(summary.updated) updated, \(summary.deleted) deleted, "
        line += "\(summary.unchanged) unchanged"
        if summary.skipped > 0 {
            let reasons = summary.skippedByReason.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            line += ", \(summary.skipped) skipped (" + reasons.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")"
        }
        line += "; \(commit.documentCount) document\(commit.documentCount == 1 ? "" : "s") in \(commit.segmentCount) segment\(commit.segmentCount == 1 ? "" : "s")"
        line += ", \(formatBytes(size)), \(formatNumber(seconds, 2)) s"
        if plan.bytes > 0 && seconds > 0 {
            line += " (\(formatNumber(Double(plan.bytes) / 1_048_576 / seconds, 1)) MB/s)"
        }
        if !unsupported.isEmpty, !files.isEmpty {
            line += "; not indexed: " + Self.describe(unsupported)
        }
        Console.write(Terminal.sanitizeLine(line) + "\n")
    }
}

extension IndexCommand {
    /// The corpus folders this run indexes: those given, checked against those the index holds. An index
    /// records its folders so that indexing another one into it never deletes the first one's documents
    /// without being asked (--add keeps them, --replace drops them); every folder it holds is indexed at each
    /// run, since a folder left out would look emptied.
    func corpusFolders(held: [String], documents: () -> Int) throws -> CorpusRoots {
        func absolute(_ folder: String) -> String { CorpusWalker.realPath(folder) ?? folder }
        var given: [String] = []
        for folder in corpora.map(absolute) where !given.contains(folder) { given.append(folder) }
        if !removeRoot.isEmpty {
            var kept = held
            for folder in removeRoot {
                let resolved = absolute(folder)
                guard let at = kept.firstIndex(of: resolved) ?? kept.firstIndex(of: folder) else {
                    throw Console.fail(
                        "--remove-root '\(folder)': the index '\(index)' does not hold it; it holds "
                            + (held.isEmpty ? "no folder" : held.map { "'\($0)'" }.joined(separator: ", ")))
                }
                kept.remove(at: at)
            }
            for folder in given where !kept.contains(folder) {
                throw Console.fail("'\(folder)' is not a folder the index holds: add it with --add, in a run of its own")
            }
            return CorpusRoots(kept)
        }
        if given.isEmpty {
            guard !held.isEmpty else {
                throw Console.fail("'\(index)' holds no corpus folder yet: name the folder to index (gazette index FOLDER)")
            }
            if add || replace { throw Console.fail("--\(add ? "add" : "replace") needs the folders to index") }
            return CorpusRoots(held)
        }
        if replace || held.isEmpty { return CorpusRoots(given) }
        let new = given.filter { !held.contains($0) }
        if !new.isEmpty && !add {
            let count = documents()
            throw Console.fail(
                "'\(index)' holds the corpus \(held.map { "'\($0)'" }.joined(separator: ", ")) (\(count) document\(count == 1 ? "" : "s")); "
                    + "indexing \(new.map { "'\($0)'" }.joined(separator: ", ")) into it would delete them. Add "
                    + "\(new.count == 1 ? "it" : "them") with --add, give \(new.count == 1 ? "it" : "them") an index of "
                    + "\(new.count == 1 ? "its" : "their") own (--index DIR; search both with --index A --index B), "
                    + "or --replace to replace the corpus")
        }
        return CorpusRoots(held + new)
    }

    /// A stored path starts with its folder's label only while the index holds several folders, so adding the
    /// second folder (or removing all but one) changes the paths of documents already indexed; they are read
    /// again under their new paths, which the summary counts as deleted and added. Says so beforehand.
    func noteRelabelledFolders(held: CorpusRoots, now roots: CorpusRoots) {
        for (number, folder) in roots.folders.enumerated() {
            guard let was = held.folders.firstIndex(of: folder) else { continue }
            let old = held.storedPath("", inFolder: was), new = roots.storedPath("", inFolder: number)
            guard old != new else { continue }
            let change = old.isEmpty ? "gain the label '\(new)'" : new.isEmpty ? "lose the label '\(old)'"
                : "change from '\(old)…' to '\(new)…'"
            Console.warn(Terminal.sanitizeLine(
                "gazette: note: the paths of the documents from '\(folder)' \(change) (an index of several folders "
                    + "starts each path with its folder's label): they are indexed again"))
        }
    }

    /// "3 .pdf, 1 .tsv, 2 without extension", most frequent first, at most six kinds named.
    static func describe(_ unsupported: [String: Int]) -> String {
        let sorted = unsupported.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var parts = sorted.prefix(6).map { "\($0.value) " + ($0.key.isEmpty ? "without extension" : "." + $0.key) }
        let rest = sorted.dropFirst(6).reduce(0) { $0 + $1.value }
        if rest > 0 { parts.append("\(rest) other") }
        return parts.joined(separator: ", ")
    }
}

/// The live progress line on stderr: files, megabytes, throughput and time left, redrawn at most ten times a
/// second, and erased before a warning is printed so the two never mix.
final class ProgressMeter: Sendable {
    private struct State {
        var files = 0
        var bytes: Int64 = 0
        var lastDraw: ContinuousClock.Instant?
        var shown = false
    }

    private let enabled: Bool
    private let totalFiles: Int
    private let totalBytes: Int64
    private let started = ContinuousClock.now
    private let state = Locked(State())

    init(enabled: Bool, totalFiles: Int, totalBytes: Int64) {
        self.enabled = enabled
        self.totalFiles = totalFiles
        self.totalBytes = totalBytes
    }

    func update(files: Int, bytes: Int64) {
        guard enabled else { return }
        state.withLock { state in
            state.files = files
            state.bytes = bytes
            let now = ContinuousClock.now
            if let last = state.lastDraw, now - last < .milliseconds(100), files < totalFiles { return }
            state.lastDraw = now
            state.shown = true
            Console.warnRaw("\r\u{1B}[2K" + line(files: files, bytes: bytes, now: now))
        }
    }

    func warn(_ message: String) {
        state.withLock { state in
            if state.shown { Console.warnRaw("\r\u{1B}[2K") }
            Console.warn(message)
            if state.shown { Console.warnRaw(line(files: state.files, bytes: state.bytes, now: .now)) }
        }
    }

    func finish() {
        guard enabled else { return }
        state.withLock { state in
            if state.shown { Console.warnRaw("\r\u{1B}[2K") }
            state.shown = false
        }
    }

    private func line(files: Int, bytes: Int64, now: ContinuousClock.Instant) -> String {
        let elapsed = now - started
        let seconds = max(0.001, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        let megabytes = Double(bytes) / 1_048_576
        let rate = megabytes / seconds
        var text = "indexing \(files)/\(totalFiles) files, \(formatNumber(megabytes, 1)) MB, \(formatNumber(rate, 1)) MB/s"
        if bytes > 0 && totalBytes > bytes {
            let left = Int((Double(totalBytes - bytes) / 1_048_576) / max(rate, 0.001))
            text += ", ETA \(left / 60):\(left % 60 < 10 ? "0" : "")\(left % 60)"
        }
        return text
    }
}

enum ProcessorCount {
    static var active: Int {
        let count = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return max(1, count)
    }
}

enum DirectorySize {
    static func bytes(of directory: String) -> Int {
        var total = 0
        guard let dir = opendir(directory) else { return 0 }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            // Read in place: copying `d_name` would read all 256 bytes of a record that may be shorter.
            let name = String(cString: (UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                .assumingMemoryBound(to: CChar.self))
            guard name != "." && name != ".." else { continue }
            var info = stat()
            if stat(directory + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                total += Int(info.st_size)
            }
        }
        return total
    }
}

#if canImport(Glibc)
import Glibc
#endif
