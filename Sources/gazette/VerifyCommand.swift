import ArgumentParser
import GazetteIndex

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every checksum and structure of the index; report each problem with its file.",
        discussion: """
            Several --index folders are checked one after the other. Exit status: 0 when every index is sound, \
            1 when a problem was found, 2 when a folder holds no index.
            """)

    @Option(
        name: .long, help: ArgumentHelp("Index folder to check; repeat to check several.", valueName: "dir"),
        completion: .directory)
    var index: [String] = ["index"]

    func run() throws {
        var status: Int32 = 0
        for folder in index {
            let report = IndexVerifier.verify(directory: folder)
            if report.problems.count == 1, case .noIndex = report.problems[0] {
                Console.warn("gazette: error: " + Terminal.sanitizeLine(report.problems[0].description))
                status = 2
                continue
            }
            for problem in report.problems {
                Console.warn("gazette: problem: " + Terminal.sanitizeLine(problem.description))
            }
            let summary = "verified \(Terminal.sanitizeLine(folder)): \(report.segmentsChecked) segments, \(report.filesChecked) files, "
                + "\(formatBytes(report.bytesChecked)), \(report.termsChecked) terms, \(report.documentsChecked) documents; "
                + (report.problems.isEmpty ? "no problems" : "\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")")
            Console.write(summary + "\n")
            if !report.problems.isEmpty, status == 0 { status = 1 }
        }
        if status != 0 { throw ExitCode(status) }
    }
}
