import Foundation

/// A fresh folder under the system's temporary directory, removed when the value is released. Its path has
/// symbolic links resolved (/tmp on macOS), so that it compares equal to the real paths a corpus walk reports.
public final class TemporaryDirectory {
    public let path: String

    /// When the folder cannot be made, the first file written into it fails with an error naming its path.
    public init(prefix: String = "gazette-tests-") {
        let base = NSTemporaryDirectory() + prefix + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = URL(fileURLWithPath: base).resolvingSymlinksInPath().path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `contents` to `relativePath`, creating folders on the way; returns the file's full path.
    @discardableResult
    public func write(_ relativePath: String, _ contents: String) throws -> String {
        try write(relativePath, bytes: Array(contents.utf8))
    }

    @discardableResult
    public func write(_ relativePath: String, bytes: [UInt8]) throws -> String {
        let full = path + "/" + relativePath
        let directory = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    public func makeDirectory(_ relativePath: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relativePath, withIntermediateDirectories: true)
    }

    public func link(_ relativePath: String, to destination: String) throws {
        let full = path + "/" + relativePath
        let directory = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: destination)
    }
}

/// Where the repository's own test inputs are.
public enum TestPaths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The sample corpus, `corpus/`: 30 articles as plain text, Markdown and HTML.
    public static var sampleCorpus: String { packageRoot + "/corpus" }
}
