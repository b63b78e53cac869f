/// Everything that can go wrong opening, reading or writing an index. Each case names the file or folder
/// concerned so the CLI can print one line a user can act on.
public enum IndexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No index at the folder (no manifest).
    case noIndex(directory: String)
    /// The index was written by a format version this build does not read.
    case unsupportedVersion(file: String, found: UInt32, supported: UInt32)
    /// A file is not an index file of the expected kind (wrong magic).
    case foreignFile(file: String)
    /// A checksum did not match or a structure was out of bounds.
    case corrupt(file: String, reason: String)
    /// A system call failed.
    case io(path: String, operation: String, errno: Int32)
    /// Another process is writing this index.
    case locked(directory: String)

    public var description: String {
        switch self {
        case .noIndex(let directory):
            return "no index at '\(directory)' (run 'gazette index <corpus> --index \(directory)' first)"
        case .unsupportedVersion(let file, let found, let supported):
            return "'\(file)' is in index format version \(found), this build reads version \(supported); rebuild it with 'gazette index --full'"
        case .foreignFile(let file):
            return "'\(file)' is not a Gazette index file"
        case .corrupt(let file, let reason):
            return "index file '\(file)' is corrupt: \(reason)"
        case .locked(let directory):
            return "the index at '\(directory)' is being written by another gazette process"
        case .io(let path, let operation, let errno):
            return "cannot \(operation) '\(path)': \(systemErrorMessage(errno))"
        }
    }
}
