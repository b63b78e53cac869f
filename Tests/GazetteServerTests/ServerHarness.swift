import Foundation
import GazetteIndex

/// The built `gazette` binary, run as a user runs it, and `gazette serve` left running for HTTP requests (made
/// with curl, which sends a path exactly as given: `--path-as-is`).
enum Gazette {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        if let override = ProcessInfo.processInfo.environment["GAZETTE_BIN"] { return override }
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("gazette").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gazette").path,
            packageRoot.appendingPathComponent(".build/debug/gazette").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[2]
    }

    static var corpus: String { packageRoot.appendingPathComponent("corpus").path }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs to the end with output in files (nothing can block on a full pipe). COLUMNS is unset so that the
    /// CLI lays out JSON snippets as for a pipe, as the server does.
    @discardableResult
    static func run(_ arguments: [String]) throws -> Run {
        let scratch = temporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "COLUMNS")
        process.environment = environment
        _ = FileManager.default.createFile(atPath: scratch + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: scratch + "/err", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: scratch + "/out")
        process.standardError = FileHandle(forWritingAtPath: scratch + "/err")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: (try? String(contentsOfFile: scratch + "/out", encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: scratch + "/err", encoding: .utf8)) ?? "")
    }

    static func temporaryDirectory() -> String {
        let path = scratchRoot + "/" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private static let scratchRoot: String = {
        let path = NSTemporaryDirectory() + "gazette-server-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit {
            RunningServer.stopAll()
            try? FileManager.default.removeItem(atPath: Gazette.scratchRoot)
        }
        return path
    }()

    /// The sample corpus indexed once for the read-only tests.
    static let sharedIndex: String = {
        let path = temporaryDirectory() + "/index"
        _ = try? run(["index", corpus, "--index", path])
        return path
    }()

    /// One server over `sharedIndex` for the read-only tests.
    static let sharedServer: RunningServer? = try? RunningServer(["--index", sharedIndex])
}

struct HTTPReply {
    var status: Int
    var headers: String
    var body: String

    func header(_ name: String) -> String? {
        for line in headers.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}

/// `gazette serve … --port 0`, started and waited for until it prints its URL.
final class RunningServer: Sendable {
    let process: Process
    let base: String
    let token: String?
    let output: String

    /// Every server started, so that none outlives the test process. `Locked`, not `Mutex`: under
    /// ThreadSanitizer two tests starting servers at once made `Mutex` report a race (see `Locked`).
    private static let running = Locked<[Int32]>([])

    init(_ arguments: [String], host: String = "127.0.0.1") throws {
        let scratch = Gazette.temporaryDirectory()
        output = scratch + "/out"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        _ = FileManager.default.createFile(atPath: scratch + "/err", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Gazette.binary)
        process.arguments = ["serve", "--host", host, "--port", "0"] + arguments
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle(forWritingAtPath: scratch + "/err")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        Self.running.withLock { $0.append(process.processIdentifier) }
        let deadline = Date().addingTimeInterval(30)
        var url: String?
        while Date() < deadline, process.isRunning {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: " at http://"), let end = text[range.upperBound...].firstIndex(of: "\n") {
                url = "http://" + text[range.upperBound..<end]
                break
            }
            usleep(20_000)
        }
        guard let url, let slash = url.dropFirst("http://".count).firstIndex(of: "/") else {
            let errors = (try? String(contentsOfFile: scratch + "/err", encoding: .utf8)) ?? ""
            throw ServerFailedToStart(message: errors)
        }
        base = String(url[..<slash])
        token = url.range(of: "?token=").map { String(url[$0.upperBound...]) }
    }

    struct ServerFailedToStart: Error { var message: String }

    var port: Int { Int(base.split(separator: ":").last ?? "") ?? 0 }

    /// `target` is sent exactly as written (path and query, already encoded).
    func request(
        _ target: String, method: String = "GET", headers: [String] = [], cookieJar: String? = nil
    ) throws -> HTTPReply {
        let scratch = Gazette.temporaryDirectory()
        var arguments = ["-s", "--path-as-is", "-o", scratch + "/body", "-D", scratch + "/headers", "-w", "%{http_code}"]
        if method == "HEAD" { arguments.append("-I") } else { arguments += ["-X", method] }
        for header in headers { arguments += ["-H", header] }
        if let cookieJar { arguments += ["-b", cookieJar, "-c", cookieJar] }
        arguments.append(base + target)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let code = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let body = (try? Data(contentsOf: URL(fileURLWithPath: scratch + "/body"))) ?? Data()
        return HTTPReply(
            status: Int(code.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0,
            headers: (try? String(contentsOfFile: scratch + "/headers", encoding: .utf8)) ?? "",
            body: String(decoding: body, as: UTF8.self))
    }

    /// Sends `signal` and waits (at most 20 s) for the exit status; nil when the server did not stop.
    func stop(_ signal: Int32 = SIGTERM) -> Int32? {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    static func stopAll() {
        for pid in running.withLock({ $0 }) { kill(pid, SIGKILL) }
    }

    /// Percent-encodes a query value (everything but unreserved characters).
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn:
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? text
    }
}
