import ArgumentParser
import GazetteIndex
import GazetteKit
import GazetteSearch

struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Merge every segment into one, purging deleted documents.")

    @OptionGroup var indexFolder: IndexFolderOption
    var index: String { indexFolder.folder }

    @OptionGroup var lock: LockOptions

    func run() throws {
        MemoryRelease.configureForIndexing()
        let clock = ContinuousClock()
        let started = clock.now
        let summary: CommitSummary
        do {
            // Refuse to create an index where there is none.
            _ = try IndexReader(directory: index)
            summary = try IndexWriter(
                directory: index, rebuild: false, lockWaiting: lock.waiting,
                onLockWait: lock.announceWait(index: index, quiet: false)
            ).optimize(resolver: CorpusEntityResolver.resolver, grouper: CorpusEntityResolver.grouper)
        } catch {
            throw Console.fail(error)
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        Console.write(
            "optimized \(Terminal.sanitizeLine(index)): \(summary.documentCount) documents in \(summary.segmentCount) segment\(summary.segmentCount == 1 ? "" : "s"), "
                + "\(formatBytes(DirectorySize.bytes(of: index))), \(formatNumber(seconds, 2)) s\n")
    }
}
