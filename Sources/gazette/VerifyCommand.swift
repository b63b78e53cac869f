import ArgumentParser
import GazetteIndex

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every checksum and structure of the index; report each problem with its file.",
        discussion: "Exit status: 0 when the index is sound, 1 when a problem was found, 2 when there is no index.")

    @Option(name: .long, help: "Index folder to check.")
    var index: String = "index"

    func run() throws {
        let report = IndexVerifier.verify(directory: index)
        if report.problems.count == 1, case .noIndex = report.problems[0] {
            throw Console.fail(report.problems[0].description)
        }
        for problem in report.problems {
            Console.warn("gazette: problem: " + Terminal.sanitizeLine(problem.description))
        }
        let summary = "verified \(Terminal.sanitizeLine(index)): \(report.segmentsChecked) segments, \(report.filesChecked) files, "
            + "\(formatBytes(report.bytesChecked)), \(report.termsChecked) terms, \(report.documentsChecked) documents; "
            + (report.problems.isEmpty ? "no problems" : "\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")")
        Console.write(summary + "\n")
        if !report.problems.isEmpty { throw ExitCode(1) }
    }
}
