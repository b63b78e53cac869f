import GazetteAnalysis

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
    /// Another process is writing this index; `holder` is its own description, when it left one that is
    /// still true.
    case locked(directory: String, holder: LockHolder?)
    /// Another process was still writing this index when the writer gave up waiting.
    case lockTimedOut(directory: String, holder: LockHolder?, waited: Duration)
    /// The index was written by another text analysis: its positions mean something else to this build.
    case analysisChanged(directory: String, found: UInt32, current: UInt32)
    /// The index stems its words with a Snowball algorithm this build does not have.
    case unknownStemmer(directory: String, name: String)

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
        case .locked(let directory, let holder):
            return "index '\(directory)' is locked by \(holder?.description ?? "another process"); "
                + "pass --wait to wait for it"
        case .lockTimedOut(let directory, let holder, let waited):
            let milliseconds = waited.components.seconds * 1000 + waited.components.attoseconds / 1_000_000_000_000_000
            let seconds = milliseconds % 1000 == 0 ? "\(milliseconds / 1000)" : "\(Double(milliseconds) / 1000)"
            return "index '\(directory)' is still locked by \(holder?.description ?? "another process") "
                + "after waiting \(seconds) s"
        case .io(let path, let operation, let errno):
            return "cannot \(operation) '\(path)': \(systemErrorMessage(errno))"
        case .analysisChanged(let directory, let found, let current):
            return "index '\(directory)' was written by text analysis \(found), this gazette uses \(current): "
                + (found < current ? "run 'gazette index --index \(directory)' to re-index its documents"
                    : "it needs a newer gazette (or 'gazette index --full' to rebuild it)")
        case .unknownStemmer(let directory, let name):
            return "index '\(directory)' stems words with '\(name)', which this gazette does not know (it knows "
                + Stemmer.languages.joined(separator: ", ") + "); rebuild it with 'gazette index --full --stem LANGUAGE'"
        }
    }
}
