#if canImport(Glibc)
import Glibc
#endif
import GazetteSearch

/// A document's original file, as it is now on disk, for the document page's link. Only a file the index holds a
/// document of is served, and only from inside the corpus folder the index records for it: a path that has since
/// become a symbolic link out of the folder, or anything else, is a 404. An HTML page is served sandboxed (a
/// unique origin, no script, nothing loaded), so a hostile page in the corpus can do nothing in the explorer.
extension Site {
    /// Larger files are refused (413): the page is for reading an article, not for fetching archives.
    static let maximumFileBytes = 64 << 20

    func originalFile(_ parameters: Parameters) throws -> Reply {
        let path = try parameters.text("path", required: true, maximumLength: 4096) ?? ""
        let index = try parameters.text("index", maximumLength: 4096)
        let (session, _) = try corpus.session()
        guard let document = try session.document(path: path, index: index, query: nil),
              let folder = document.folder.flatMap(Self.realPath), let file = document.file.flatMap(Self.realPath),
              file.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
        else { return Self.notFoundPage("No file of the corpus is served at this address.") }
        let bytes: [UInt8]
        switch Self.contents(of: file) {
        case .bytes(let read): bytes = read
        case .unreadable: return Self.notFoundPage("The document's file cannot be read now.")
        case .tooLarge:
            return .html(Self.layout(title: "Too large", body: "<p class=\"error\">The file is too large to show.</p>"), status: 413)
        }
        let lower = file.lowercased()
        let isHTML = lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".xhtml")
        var reply = Reply(status: 200, contentType: isHTML ? "text/html" : "text/plain; charset=utf-8", body: "")
        reply.bytes = bytes
        reply.headers.append(("Content-Security-Policy", "sandbox; default-src 'none'"))
        return reply
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    enum FileContents {
        case bytes([UInt8])
        case unreadable
        case tooLarge
    }

    /// The file's bytes, read through one descriptor (a regular file only, at most `maximumFileBytes`).
    static func contents(of path: String) -> FileContents {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return .unreadable }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return .unreadable }
        let size = Int(status.st_size)
        guard size <= maximumFileBytes else { return .tooLarge }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + done, size - done) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            done += count
        }
        return .bytes(Array(bytes.prefix(done)))
    }
}
