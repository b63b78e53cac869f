import Foundation

/// Runs the built `gazette` binary as a user would and captures what it prints.
struct GazetteRun {
    var status: Int32
    var stdout: String
    var stderr: String
    var stdoutBytes: Data
    var stderrBytes = Data()
}

enum GazetteProcess {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary next to the test bundle (same build configuration), or GAZETTE_BIN when set.
    static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["GAZETTE_BIN"] {
            return URL(fileURLWithPath: override)
        }
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("gazette"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gazette"),
            packageRoot.appendingPathComponent(".build/debug/gazette"),
        ]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return packageRoot.appendingPathComponent(".build/debug/gazette")
    }

    /// `gazette-crash-harness`, the crash-safety test's indexer with fault injection: GAZETTE_CRASH_HARNESS when
    /// set, else the one next to the binary (`make stress` builds both in release), else the test bundle's.
    static var crashHarness: URL {
        if let override = ProcessInfo.processInfo.environment["GAZETTE_CRASH_HARNESS"] {
            return URL(fileURLWithPath: override)
        }
        let name = "gazette-crash-harness"
        let candidates = [
            binary.deletingLastPathComponent().appendingPathComponent(name),
            Bundle.main.bundleURL.appendingPathComponent(name),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name),
            packageRoot.appendingPathComponent(".build/debug/" + name),
        ]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return packageRoot.appendingPathComponent(".build/debug/" + name)
    }

    static var corpus: String { packageRoot.appendingPathComponent("corpus").path }

    /// `prefix` runs the binary under another program (e.g. `setpriv … --`), which is given the binary's path.
    @discardableResult
    static func run(
        _ arguments: [String], environment: [String: String] = [:], directory: String? = nil, prefix: [String] = []
    ) throws -> GazetteRun {
        let process = Process()
        if let program = prefix.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(prefix.dropFirst()) + [binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let errBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async {
            errBox.set(errHandle.readDataToEndOfFile())
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let errData = errBox.get()
        return GazetteRun(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self),
            stdoutBytes: outData,
            stderrBytes: errData)
    }

    /// Runs the binary with its output in files and returns, with what it printed, its own peak resident set in
    /// KiB: the process's VmHWM, read every few milliseconds while it runs. `ru_maxrss` from wait4(2) would not
    /// do: posix_spawn starts the child with vfork, and exec hands the child the high-water mark of the memory it
    /// left, which is the test process's own (a 30 MB run once measured as 206 MB that way).
    static func runMeasured(_ arguments: [String]) throws -> (run: GazetteRun, peakKilobytes: Int) {
        let scratch = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outPath = scratch + "/stdout", errPath = scratch + "/stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([binary.path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, binary.path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        var peakKilobytes = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0, errno != EINTR { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            // Before exec the child still shows the test process's memory: only gazette's own mark counts.
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               text.contains("Name:\tgazette"),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kilobytes = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1]) {
                peakKilobytes = max(peakKilobytes, kilobytes)
            }
            usleep(5_000)
        }
        let out = (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data()
        let err = (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data()
        // WIFEXITED / WEXITSTATUS, which Swift does not import: a signal's death is reported as 128 + signal.
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let run = GazetteRun(
            status: exitStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
            stdoutBytes: out, stderrBytes: err)
        return (run, peakKilobytes)
    }

    /// Set by `make sanitize`: shadow memory and ASan's quarantine add hundreds of MiB to a run (840 MiB
    /// measured for a 30 MiB one), so tests skip their bounds on resident memory, and only those, there.
    static var underSanitizer: Bool { ProcessInfo.processInfo.environment["GAZETTE_SANITIZER"] != nil }

    /// A new folder for one test's files, under the test process's own scratch root.
    static func temporaryDirectory() -> String {
        let path = scratchRoot + "/" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Every folder of `temporaryDirectory()` lives here, and the whole root goes when the test process exits:
    /// a run leaves nothing behind, even where a test does not clean up after itself or fails before it can
    /// (runs used to leave hundreds of folders and gigabytes in /tmp).
    private static let scratchRoot: String = {
        let path = NSTemporaryDirectory() + "gazette-cli-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { GazetteProcess.removeScratchRoot() }
        return path
    }()

    private static func removeScratchRoot() {
        try? FileManager.default.removeItem(atPath: scratchRoot)
    }

    /// The sample corpus indexed once for all read-only tests.
    static let sharedIndex: String = {
        let path = temporaryDirectory() + "/index"
        _ = try? run(["index", corpus, "--index", path])
        return path
    }()

    /// The number of documents `gazette search QUERY --count` reports on `index` (-1 when it prints no number).
    static func count(_ query: String, index: String) throws -> Int {
        let run = try run(["search", query, "--count", "--index", index])
        return Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    static func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        guard let dictionary = object as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
        return dictionary
    }
}

/// Hands the stderr bytes from the reading thread to the test thread.
final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }

    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
