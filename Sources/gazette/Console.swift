#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import GazetteFileNames
import GazetteIndex
import GazetteIngest
import GazetteSearch

/// Process-level output helpers: everything the CLI prints goes through here so that errors are always one
/// line on stderr and data always goes to stdout.
enum Console {
    static func write(_ text: String) {
        var copy = text
        copy.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 {
                    if written < 0 && errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    static func warn(_ line: String) {
        var copy = line.hasSuffix("\n") ? line : line + "\n"
        copy.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress!, bytes.count) }
    }

    /// Writes to stderr as is (the progress line's own control sequences).
    static func warnRaw(_ text: String) {
        var copy = text
        copy.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress!, bytes.count) }
    }

    /// Prints `gazette: error: …` and ends the command with a failure status.
    static func fail(_ message: String, code: Int32 = 2) -> ExitCode {
        warn("gazette: error: " + Terminal.sanitizeLine(message))
        return ExitCode(code)
    }

    /// `fail` for an error: its description, except that a folder with no index but with documents in it is
    /// named as what it most likely is, a corpus, rather than sent to be indexed into itself.
    static func fail(_ error: any Error & CustomStringConvertible, code: Int32 = 2) -> ExitCode {
        if let indexError = error as? IndexError, case .noIndex(let folder) = indexError,
           let documents = CorpusGuess.documentCount(in: folder), documents > 0 {
            return fail(
                "'\(folder)' is not an index: it holds no gazette.manifest but \(documents == 1 ? "a document" : "documents") "
                    + "(.txt, .md, .html); to index it: gazette index '\(folder)' --index <a new folder>",
                code: code)
        }
        return fail(error.description, code: code)
    }

    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// The variables `shouldUseColor` reads, by `getenv`: a dictionary of the whole environment cost a one-shot
    /// search 3 % of its instructions.
    static var colorEnvironment: ColorEnvironment {
        ColorEnvironment(
            noColor: getenv("NO_COLOR").map { String(cString: $0) }, term: getenv("TERM").map { String(cString: $0) })
    }

    /// Terminal width in columns, or nil when stdout is not a terminal.
    static var terminalWidth: Int? {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}

enum Terminal {
    /// File names and messages may carry control characters; they never reach the terminal raw. They become
    /// visible escapes (`\n`, `\x1B`, and `\xE9` for a byte of a file name that is not UTF-8), so that a
    /// message still names the file exactly.
    static func sanitizeLine(_ text: String) -> String {
        TerminalEscaping.escaped(text)
    }

    /// Text from documents (titles, sentences, entity names): controls become U+FFFD and tabs and newlines
    /// spaces, as in search snippets.
    static func sanitizeText(_ text: String) -> String {
        TerminalStyle.sanitize(text)
    }
}

/// Whether a folder looks like a corpus: the documents among its first entries.
enum CorpusGuess {
    /// Documents (by extension) among the folder's first 200 entries, or nil when it cannot be listed. A README
    /// is no document here: an index folder may come with one (this repository's `index/` does).
    static func documentCount(in folder: String) -> Int? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var documents = 0, seen = 0
        while seen < 200, let entry = readdir(directory) {
            seen += 1
            let name = String(cString: (UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                .assumingMemoryBound(to: CChar.self))
            if !name.hasPrefix("."), !name.uppercased().hasPrefix("README"), DocumentKind(fileName: name) != nil {
                documents += 1
            }
        }
        return documents
    }
}
