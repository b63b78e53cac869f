#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the indexable files under a corpus root, with POSIX calls: `readdir`'s entry types spare a `stat`
/// for every file that is not a document, and each directory is closed before descending so deep trees never
/// run out of file descriptors.
public struct CorpusWalker: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// All indexable files, sorted by relativePath (byte order). Throws only when the root itself is
    /// missing, unreadable or not a directory; problems below the root go to `warn` and the walk goes on.
    ///
    /// Hidden names (".git", ".DS_Store") are skipped. A symbolic link is followed only when its target
    /// lies inside the root, and a directory already open on the current path is never entered again, so
    /// link cycles end. A file reached through a link inside the corpus is listed under the link's path too.
    public func files(warn: (IngestWarning) -> Void) throws(IngestError) -> [CorpusFile] {
        guard let realRoot = Self.realPath(root) else { throw .cannotReadCorpus(path: root, errno: errno) }
        var status = stat()
        guard stat(realRoot, &status) == 0 else { throw .cannotReadCorpus(path: root, errno: errno) }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw .corpusNotADirectory(path: root) }
        guard let directory = opendir(realRoot) else { throw .cannotReadCorpus(path: root, errno: errno) }

        var walk = Walk(realRoot: realRoot)
        var ancestors = [DirectoryID(status)]
        walk.visit(directory, physicalPath: realRoot, relativePrefix: "", ancestors: &ancestors, warn: warn)
        walk.files.sort { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
        return walk.files
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// Identifies a directory independently of the path it was reached by.
private struct DirectoryID: Equatable {
    var device: UInt64
    var inode: UInt64

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

private struct Walk {
    let realRoot: String
    var files: [CorpusFile] = []

    init(realRoot: String) {
        self.realRoot = realRoot
    }

    private struct Entry {
        var name: String
        var isLink: Bool
    }

    /// Lists one open directory (and closes it), then descends into its subdirectories and links.
    mutating func visit(_ directory: OpaquePointer, physicalPath: String, relativePrefix: String,
                        ancestors: inout [DirectoryID], warn: (IngestWarning) -> Void) {
        var later: [Entry] = []
        let fd = dirfd(directory)
        while let entry = readdir(directory) {
            withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let length = strnlen(raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count)
                let name = UnsafeRawBufferPointer(rebasing: raw[0..<length])
                guard length > 0, name[0] != UInt8(ascii: ".") else { return }
                var type = entry.pointee.d_type
                var status = stat()
                var haveStatus = false
                if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_REG) {
                    // DT_REG needs the size and time anyway; DT_UNKNOWN (some file systems) needs the type.
                    if type == UInt8(DT_REG) && DocumentKind(fileNameBytes: name) == nil { return }
                    guard fstatat(fd, raw.baseAddress!.assumingMemoryBound(to: CChar.self), &status,
                                  AT_SYMLINK_NOFOLLOW) == 0 else {
                        warn(IngestWarning(path: path(physicalPath, name), reason: IngestError.message(for: errno)))
                        return
                    }
                    haveStatus = true
                    type = Self.direntType(status)
                }
                guard let decoded = String(validating: name, as: UTF8.self) else {
                    if type == UInt8(DT_DIR) || DocumentKind(fileNameBytes: name) != nil {
                        warn(IngestWarning(path: path(physicalPath, name), reason: "name is not valid UTF-8"))
                    }
                    return
                }
                switch type {
                case UInt8(DT_REG):
                    guard haveStatus, let kind = DocumentKind(fileNameBytes: name) else { return }
                    addFile(relativePrefix + decoded, kind: kind, status: status)
                case UInt8(DT_DIR):
                    later.append(Entry(name: decoded, isLink: false))
                case UInt8(DT_LNK):
                    later.append(Entry(name: decoded, isLink: true))
                default:
                    return  // sockets, FIFOs, devices: never documents
                }
            }
        }
        closedir(directory)

        for entry in later {
            let entryPath = physicalPath + "/" + entry.name
            let relative = relativePrefix + entry.name
            if entry.isLink {
                followLink(entryPath, relative: relative, name: entry.name, ancestors: &ancestors, warn: warn)
            } else {
                descend(entryPath, relative: relative, ancestors: &ancestors, warn: warn)
            }
        }
    }

    private mutating func descend(_ directoryPath: String, relative: String, ancestors: inout [DirectoryID],
                                  warn: (IngestWarning) -> Void) {
        guard let directory = opendir(directoryPath) else {
            warn(IngestWarning(path: directoryPath, reason: IngestError.message(for: errno)))
            return
        }
        var status = stat()
        guard fstat(dirfd(directory), &status) == 0 else {
            warn(IngestWarning(path: directoryPath, reason: IngestError.message(for: errno)))
            closedir(directory)
            return
        }
        let id = DirectoryID(status)
        // Only a link or a bind mount can lead back to a directory we are inside of.
        guard !ancestors.contains(id) else {
            warn(IngestWarning(path: directoryPath, reason: "directory cycle"))
            closedir(directory)
            return
        }
        ancestors.append(id)
        visit(directory, physicalPath: directoryPath, relativePrefix: relative + "/", ancestors: &ancestors,
              warn: warn)
        ancestors.removeLast()
    }

    private mutating func followLink(_ linkPath: String, relative: String, name: String,
                                     ancestors: inout [DirectoryID], warn: (IngestWarning) -> Void) {
        let isDocumentName = DocumentKind(fileName: name) != nil
        guard let target = CorpusWalker.realPath(linkPath) else {
            // A dangling link named like a document is worth a word; others are noise.
            if isDocumentName {
                let reason = errno == ENOENT ? "broken symbolic link" : IngestError.message(for: errno)
                warn(IngestWarning(path: linkPath, reason: reason))
            }
            return
        }
        var status = stat()
        guard stat(target, &status) == 0 else {
            if isDocumentName { warn(IngestWarning(path: linkPath, reason: IngestError.message(for: errno))) }
            return
        }
        let isDirectory = status.st_mode & S_IFMT == S_IFDIR
        let isFile = status.st_mode & S_IFMT == S_IFREG
        guard isDirectory || (isFile && isDocumentName) else { return }
        guard isInsideRoot(target) else {
            warn(IngestWarning(path: linkPath, reason: "symbolic link leads outside the corpus (to \(target))"))
            return
        }
        if isDirectory {
            guard !ancestors.contains(DirectoryID(status)) else {
                warn(IngestWarning(path: linkPath, reason: "symbolic link loop"))
                return
            }
            descend(target, relative: relative, ancestors: &ancestors, warn: warn)
        } else if let kind = DocumentKind(fileName: name) {
            addFile(relative, kind: kind, status: status)
        }
    }

    private func isInsideRoot(_ target: String) -> Bool {
        if target == realRoot || realRoot == "/" { return true }
        return target.utf8.count > realRoot.utf8.count && target.hasPrefix(realRoot + "/")
    }

    private mutating func addFile(_ relative: String, kind: DocumentKind, status: stat) {
        files.append(CorpusFile(
            relativePath: relative,
            absolutePath: (realRoot == "/" ? "" : realRoot) + "/" + relative,
            kind: kind,
            size: Int64(status.st_size),
            modificationTimeNanoseconds: Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)))
    }

    private func path(_ directory: String, _ name: UnsafeRawBufferPointer) -> String {
        directory + "/" + String(decoding: name, as: UTF8.self)
    }

    private static func direntType(_ status: stat) -> UInt8 {
        switch status.st_mode & S_IFMT {
        case S_IFREG: return UInt8(DT_REG)
        case S_IFDIR: return UInt8(DT_DIR)
        case S_IFLNK: return UInt8(DT_LNK)
        default: return UInt8(DT_UNKNOWN)
        }
    }
}
