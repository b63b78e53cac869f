import Foundation

/// A `gazette` process left running while the test does other things (stops it, starts a rival, kills it).
/// Its output goes to files so that it can be read while the process runs and can never block it.
final class BackgroundGazette {
    let process = Process()
    private let stdoutPath: String
    private let stderrPath: String

    init(_ arguments: [String], scratch: String) throws {
        let name = UUID().uuidString
        stdoutPath = scratch + "/" + name + ".out"
        stderrPath = scratch + "/" + name + ".err"
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = GazetteProcess.binary
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        // Never leave a stopped or running child behind a failed test.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            kill(process.processIdentifier, SIGCONT)
            process.waitUntilExit()
        }
    }

    var pid: Int32 { process.processIdentifier }
    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Waits for the process to end and returns its exit status.
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// How a run ended: its exit status, or that a signal ended it (a crash) or that it had to be killed.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var crashed: Bool
        var timedOut: Bool
    }

    /// Runs to the end like `GazetteProcess.run`, but a run that hangs is killed after `timeout` seconds and a
    /// run ended by a signal is told apart from an exit status.
    static func run(_ arguments: [String], scratch: String, timeout: Double = 60) throws -> Outcome {
        let run = try BackgroundGazette(arguments, scratch: scratch)
        let ended = poll(seconds: timeout) { !run.process.isRunning }
        if !ended { kill(run.pid, SIGKILL) }
        run.process.waitUntilExit()
        defer {
            try? FileManager.default.removeItem(atPath: run.stdoutPath)
            try? FileManager.default.removeItem(atPath: run.stderrPath)
        }
        return Outcome(
            status: run.process.terminationStatus, stdout: run.stdout, stderr: run.stderr,
            crashed: ended && run.process.terminationReason == .uncaughtSignal, timedOut: !ended)
    }

    /// Polls `condition` every millisecond until it holds or `seconds` pass; returns whether it held.
    static func poll(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(1000)
        }
        return condition()
    }
}
