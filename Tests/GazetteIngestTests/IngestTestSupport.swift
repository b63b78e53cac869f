import Foundation
@testable import GazetteIngest

/// Extracts an HTML page given as a string (UTF-8) or as raw bytes.
func html(_ page: String, path: String = "page.html") throws -> ExtractedDocument {
    try htmlBytes(Array(page.utf8), path: path)
}

func htmlBytes(_ bytes: [UInt8], path: String = "page.html") throws -> ExtractedDocument {
    try bytes.withUnsafeBytes { try DocumentReader.extract($0, kind: .html, path: path) }
}

func plain(_ text: String, path: String = "note.txt") throws -> ExtractedDocument {
    try plainBytes(Array(text.utf8), path: path)
}

func plainBytes(_ bytes: [UInt8], path: String = "note.txt") throws -> ExtractedDocument {
    try bytes.withUnsafeBytes { try DocumentReader.extract($0, kind: .plainText, path: path) }
}

/// The typed error an extraction throws, or nil when it succeeds.
func ingestError(_ body: () throws -> Void) -> IngestError? {
    do {
        try body()
        return nil
    } catch let error as IngestError {
        return error
    } catch {
        return nil
    }
}

/// A fresh directory under the system's temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = NSTemporaryDirectory() + "gazette-ingest-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        // Resolve /tmp symlinks (macOS) so paths compare equal to the walker's real paths.
        path = URL(fileURLWithPath: base).resolvingSymlinksInPath().path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    @discardableResult
    func write(_ relativePath: String, _ contents: String) throws -> String {
        try write(relativePath, bytes: Array(contents.utf8))
    }

    @discardableResult
    func write(_ relativePath: String, bytes: [UInt8]) throws -> String {
        let full = path + "/" + relativePath
        let directory = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    func makeDirectory(_ relativePath: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relativePath, withIntermediateDirectories: true)
    }

    func link(_ relativePath: String, to destination: String) throws {
        let full = path + "/" + relativePath
        let directory = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: destination)
    }
}
