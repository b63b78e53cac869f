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
