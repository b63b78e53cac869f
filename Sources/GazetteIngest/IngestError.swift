#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a corpus root or a single file could not be ingested. Every case names the path so the message stands
/// on its own in a log of thousands of files.
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The corpus root is missing or cannot be listed; `errno` is the system's reason.
    case cannotReadCorpus(path: String, errno: Int32)
    /// The corpus root exists but is a file.
    case corpusNotADirectory(path: String)
    /// The file could not be opened or read (permission, vanished, a directory with a document's name…).
    case unreadable(path: String, errno: Int32)
    /// The file holds a NUL byte (a NUL code unit for UTF-16), so it is not text whatever its name says.
    case binary(path: String, offset: Int)
    /// libxml2 could make nothing of the file at all.
    case unparseable(path: String)
    /// An HTML file, but libxml2 could not be loaded (`reason`, from the dynamic loader).
    case htmlParserUnavailable(path: String, reason: String)

    public var path: String {
        switch self {
        case .cannotReadCorpus(let path, _), .corpusNotADirectory(let path), .unreadable(let path, _),
             .binary(let path, _), .unparseable(let path), .htmlParserUnavailable(let path, _):
            return path
        }
    }

    /// Why the file was not used, in a word or two, for a summary that counts skipped files by reason.
    public var reason: String {
        switch self {
        case .cannotReadCorpus, .corpusNotADirectory, .unreadable: "unreadable"
        case .binary: "binary"
        case .unparseable: "not valid HTML"
        case .htmlParserUnavailable: "no HTML parser"
        }
    }

    public var description: String {
        switch self {
        case .cannotReadCorpus(let path, let code):
            return "cannot read corpus directory '\(path)': \(Self.message(for: code))"
        case .corpusNotADirectory(let path):
            return "cannot read corpus directory '\(path)': Not a directory"
        case .unreadable(let path, let code):
            return "\(path): \(Self.message(for: code))"
        case .binary(let path, let offset):
            return "\(path): binary file (NUL byte at offset \(offset))"
        case .unparseable(let path):
            return "\(path): not valid HTML"
        case .htmlParserUnavailable(let path, let reason):
            return "\(path): cannot parse HTML: libxml2 could not be loaded (\(reason)); install Debian's libxml2"
        }
    }

    /// The system's wording for an errno value ("Permission denied").
    static func message(for code: Int32) -> String {
        guard let cString = strerror(code) else { return "error \(code)" }
        return String(cString: cString)
    }
}
