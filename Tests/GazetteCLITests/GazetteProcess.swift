import Foundation

/// Runs the built `gazette` binary as a user would and captures what it prints.
struct GazetteRun {
    var status: Int32
    var stdout: String
    var stderr: String
    var stdoutBytes: Data
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

    static var corpus: String { packageRoot.appendingPathComponent("corpus").path }

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> GazetteRun {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
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
            stdoutBytes: outData)
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "gazette-cli-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The sample corpus indexed once for all read-only tests.
    static let sharedIndex: String = {
        let path = temporaryDirectory() + "/index"
        _ = try? run(["index", corpus, "--index", path])
        return path
    }()

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
