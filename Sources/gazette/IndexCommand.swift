import ArgumentParser
import Dispatch
import GazetteEntities
import GazetteIndex
import GazetteKit
import GazetteIngest
import GazetteSearch

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index a directory of .txt/.md/.html articles, updating only what changed.",
        discussion: """
            Files are compared with the index by size and modification time (and content hash when those \
            differ): new files are added, changed ones re-indexed, removed ones deleted. --full rebuilds \
            everything. On a terminal a progress line is shown on stderr; the summary goes to stdout.
            """)

    @Argument(help: "The corpus directory to index.")
    var corpus: String

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

    @Flag(
        name: .long,
        help: "Replace the corpus the index holds with this one: its documents from the other corpus are deleted.")
    var replace = false

    @Flag(name: .long, help: "Date a document that gives no publication date by its file's modification day (marked file-mtime).")
    var dateFromMtime = false

    @Flag(name: .shortAndLong, help: "Print warnings only: no progress, no summary.")
    var quiet = false

    @OptionGroup var lock: LockOptions

    func validate() throws {
        guard memoryBudget >= 16 else { throw ValidationError("--memory-budget must be at least 16 (MB)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        MemoryRelease.configureForIndexing()
        let clock = ContinuousClock()
        let started = clock.now
        if !noEntities { EntityRecognizer.prepareInBackground() }
        let walker = CorpusWalker(root: corpus)
        // The lock is taken before the corpus is read, so that a second writer is refused at once however big
        // the corpus, and one that waited indexes the corpus as it is when its turn comes. A corpus that is not
        // a folder is reported first, before an index folder is created for it.
        var root = stat()
        if stat(corpus, &root) != 0 || (root.st_mode & S_IFMT) != S_IFDIR {
            do {
                _ = try walker.files { _ in }
            } catch {
                throw Console.fail(error)
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
        // An index records the corpus it holds: indexing another folder into it would delete every document
        // of the first, so that takes --replace.
        let absoluteRoot = CorpusWalker.realPath(corpus) ?? corpus
        let held = writer.roots
        if !held.isEmpty, !held.contains(absoluteRoot), !replace {
            let documents = writer.existingDocuments().count
            throw Console.fail(
                "'\(index)' holds the corpus \(held.map { "'\($0)'" }.joined(separator: ", ")) (\(documents) document\(documents == 1 ? "" : "s")); "
                    + "indexing '\(corpus)' into it would delete them. Give it its own index (--index DIR; search both "
                    + "with --index A --index B), or --replace to replace the corpus")
        }
        writer.setRoots([absoluteRoot])
        let listing: CorpusWalker.Listing
        do {
            listing = try walker.walk { warning in Console.warn(Terminal.sanitizeLine(warning.description)) }
        } catch {
            throw Console.fail(error)
        }
        let files = listing.files
        if files.isEmpty {
            // Not an error (an index of an emptied corpus is empty), but rarely what was meant.
            let others = listing.unsupported.values.reduce(0, +)
            Console.warn(Terminal.sanitizeLine(
                "gazette: warning: '\(corpus)' holds no .txt, .text, .md, .html, .htm or .xhtml files"
                    + (others > 0 ? " (\(Self.describe(listing.unsupported)) not indexed)" : "")))
        }
        var pipeline = IndexingPipeline(
            writer: writer, threads: threads ?? ProcessorCount.active, memoryBudget: memoryBudget << 20)
        pipeline.recognizeEntities = !noEntities
        pipeline.dateFromModificationTime = dateFromMtime
        let plan = pipeline.plan(files)
        let meter = ProgressMeter(
            enabled: !quiet && Console.stderrIsTerminal, totalFiles: plan.work.count, totalBytes: plan.bytes)
        let summary: IndexingPipeline.Summary
        let commit: CommitSummary
        do {
            summary = try pipeline.run(
                plan,
                warn: { line in meter.warn(Terminal.sanitizeLine(line)) },
                progress: { files, bytes in meter.update(files: files, bytes: bytes) })
            commit = try writer.commit(resolver: CorpusEntityResolver.resolver)
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
        if !listing.unsupported.isEmpty, !files.isEmpty {
            line += "; not indexed: " + Self.describe(listing.unsupported)
        }
        Console.write(Terminal.sanitizeLine(line) + "\n")
    }
}

extension IndexCommand {
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
