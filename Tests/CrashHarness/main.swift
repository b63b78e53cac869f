#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GazetteEntities
import GazetteIndex
import GazetteIngest
import GazetteKit
import GazetteSearch
import GazetteTestSupport

// The crash-safety test's indexer: what `gazette index` does (GazetteKit's pipeline, then a commit with the
// corpus-wide entity resolution), over a `FaultInjectingDirectory` that SIGKILLs the process at the step the
// test chooses. A test-only program, so that the shipped `gazette` carries no fault injection.
//
//     gazette-crash-harness index <corpus> --index <folder> [--full] [--memory-budget <MB>] [--kill-at <step>:<n>]
//
// The arguments are those of `gazette index` (the ones the test uses) plus the kill plan; <step> is an
// `IndexStep` (document, flush, merge, deletions, resolution, manifest, rename, entityGroups, sweep). Exit status 0 when the
// run finishes (before its kill point), 1 on an error, 64 on bad arguments.

func fail(_ message: String, status: Int32 = 1) -> Never {
    var line = "gazette-crash-harness: " + message + "\n"
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    exit(status)
}

var arguments = CommandLine.arguments.dropFirst()
guard arguments.first == "index" else { fail("usage: gazette-crash-harness index <corpus> --index <folder> …", status: 64) }
arguments.removeFirst()
var corpus: String?
var index = "index"
var full = false
var memoryBudget = 256
var fault: FaultInjectingDirectory.Fault?
while let argument = arguments.popFirst() {
    switch argument {
    case "--full": full = true
    case "--quiet": continue
    case "--index":
        guard let value = arguments.popFirst() else { fail("--index needs a folder", status: 64) }
        index = value
    case "--memory-budget":
        guard let value = arguments.popFirst().flatMap({ Int($0) }), value >= 16 else {
            fail("--memory-budget needs a number of MB, at least 16", status: 64)
        }
        memoryBudget = value
    case "--kill-at":
        guard let value = arguments.popFirst(), let parsed = FaultInjectingDirectory.Fault(killAt: value) else {
            fail("--kill-at needs <step>:<n>", status: 64)
        }
        fault = parsed
    default:
        guard corpus == nil, !argument.hasPrefix("-") else { fail("unexpected argument '\(argument)'", status: 64) }
        corpus = argument
    }
}
guard let corpus else { fail("no corpus given", status: 64) }

MemoryRelease.configureForIndexing()
EntityRecognizer.prepareInBackground()
let directory = FaultInjectingDirectory(wrapping: FileSystemDirectory(path: index), fault: fault)
do throws(IndexError) {
    // The same writer options as `gazette index`: automatic merges leave alone groups above half the budget.
    let writer = try IndexWriter(directory: directory, rebuild: full, maximumMergedBytes: (memoryBudget << 20) / 2)
    let files: [CorpusFile]
    do {
        files = try CorpusWalker(root: corpus).files { _ in }
    } catch {
        fail(error.description)
    }
    let threads = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    let pipeline = IndexingPipeline(writer: writer, threads: threads, memoryBudget: memoryBudget << 20)
    let plan = pipeline.plan(files)
    _ = try pipeline.run(plan, warn: { _ in }, progress: { _, _ in })
    _ = try writer.commit(resolver: CorpusEntityResolver.resolver, grouper: CorpusEntityResolver.grouper)
} catch {
    fail(error.description)
}
