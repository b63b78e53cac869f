#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GazetteFileNames

/// Finds the indexable files under a corpus root, with POSIX calls: `readdir`'s entry types spare a `stat`
/// for every file that is not a document. The walk keeps its own stack of directories still to visit instead
/// of recursing, and closes each directory before the next is opened, so neither a deep tree nor a long chain
/// of links can exhaust the call stack or the file descriptors.
public struct CorpusWalker: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// All indexable files, sorted by relativePath (byte order). Throws only when the root itself is
    /// missing, unreadable or not a directory; problems below the root go to `warn` and the walk goes on.
    ///
    /// Hidden names (".git", ".DS_Store") are skipped. A symbolic link is followed only when its target
    /// lies inside the root; a link to a directory the walk is already inside of is a loop and is not
    /// followed, and a directory is entered through links only once (through the first such link in name
    /// order), so a web of links cannot multiply the walk. A file reached through a link inside the corpus is
    /// listed under the link's path too. Names that are not UTF-8 are kept exactly (see `FileName`).
    public func files(warn: (IngestWarning) -> Void) throws(IngestError) -> [CorpusFile] {
        try walk(warn: warn).files
    }

    /// What a walk found: the indexable files (as `files(warn:)` gives them) and how many regular files it left
    /// out because their extension is not one Gazette reads, by lower-cased extension ("" for none).
    public struct Listing: Sendable {
        public var files: [CorpusFile]
        public var unsupported: [String: Int]
    }

    /// The walk of `files(warn:)`, also counting the files it leaves out, so a summary can say why a corpus
    /// gave fewer documents than it has files.
    public func walk(warn: (IngestWarning) -> Void) throws(IngestError) -> Listing {
        guard let realRoot = Self.realPath(root) else { throw .cannotReadCorpus(path: root, errno: errno) }
        var status = stat()
        guard Self.fileStatus(realRoot, &status) == 0 else { throw .cannotReadCorpus(path: root, errno: errno) }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw .corpusNotADirectory(path: root) }
        guard let directory = Self.openDirectory(realRoot) else { throw .cannotReadCorpus(path: root, errno: errno) }

        var (files, unsupported) = withoutActuallyEscaping(warn) { warn in
            var walk = Walk(realRoot: realRoot, warn: warn)
            walk.run(root: directory, id: DirectoryID(status))
            return (walk.files, walk.unsupported)
        }
        files.sort { FileName.precedes($0.relativePath, $1.relativePath) }
        return Listing(files: files, unsupported: unsupported)
    }

    /// The absolute path with symbolic links resolved; nil when it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = FileName.withCString(path, { realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        return FileName.string(fromBytes: UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)))
    }

    static func fileStatus(_ path: String, _ status: inout stat) -> Int32 {
        FileName.withCString(path) { stat($0, &status) }
    }

    static func openDirectory(_ path: String) -> OpaquePointer? {
        FileName.withCString(path) { opendir($0) }
    }
}

/// Identifies a directory independently of the path it was reached by.
private struct DirectoryID: Hashable {
    var device: UInt64
    var inode: UInt64

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

/// The directories from the root down to one being visited: what a link must not lead back into.
private final class Ancestors {
    let id: DirectoryID
    let parent: Ancestors?

    init(_ id: DirectoryID, parent: Ancestors?) {
        self.id = id
        self.parent = parent
    }

    func contains(_ target: DirectoryID) -> Bool {
        var node: Ancestors? = self
        while let current = node {
            if current.id == target { return true }
            node = current.parent
        }
        return false
    }
}

private struct Walk {
    /// Longer relative paths cannot be opened (PATH_MAX); only a chain of links can build one.
    static let maximumPathLength = 4096

    /// Where `d_name` starts in a `dirent`: a C struct's stored field, so the offset always exists.
    private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!

    let realRoot: String
    let warn: (IngestWarning) -> Void
    var files: [CorpusFile] = []
    /// Regular files left out for their extension, by lower-cased extension.
    var unsupported: [String: Int] = [:]
    /// Directories already entered through a symbolic link.
    private var linkedDirectories = Set<DirectoryID>()
    private var pending: [Pending] = []

    /// A directory or link found in a listed directory, to visit later.
    private struct Pending {
        var physicalPath: String
        var relativePath: String
        var name: String
        var isLink: Bool
        var ancestors: Ancestors
    }

    init(realRoot: String, warn: @escaping (IngestWarning) -> Void) {
        self.realRoot = realRoot
        self.warn = warn
    }

    mutating func run(root directory: OpaquePointer, id: DirectoryID) {
        list(directory, physicalPath: realRoot, relativePrefix: "", ancestors: Ancestors(id, parent: nil))
        while let next = pending.popLast() {
            if next.isLink {
                followLink(next)
            } else {
                descend(physicalPath: next.physicalPath, relativePath: next.relativePath, ancestors: next.ancestors)
            }
        }
    }

    /// Lists one open directory and closes it; its files are recorded, its subdirectories and links queued in
    /// name order (the stack pops them in that order, so the walk is the same on every run).
    private mutating func list(_ directory: OpaquePointer, physicalPath: String, relativePrefix: String,
                               ancestors: Ancestors) {
        var later: [(name: [UInt8], isLink: Bool)] = []
        let fd = dirfd(directory)
        while let entry = readdir(directory) {
            // The name is read in place: `entry.pointee.d_name` would copy all 256 bytes of the field, and a
            // record is only as long as its name (ASan caught that read past the end of readdir's buffer).
            let cName = (UnsafeRawPointer(entry) + Self.nameOffset).assumingMemoryBound(to: CChar.self)
            let name = UnsafeRawBufferPointer(start: cName, count: strlen(cName))
            guard name.count > 0, name[0] != UInt8(ascii: ".") else { continue }
            var type = entry.pointee.d_type
            var status = stat()
            var haveStatus = false
            if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_REG) {
                // DT_REG needs the size and time anyway; DT_UNKNOWN (some file systems) needs the type.
                if type == UInt8(DT_REG) && DocumentKind(fileNameBytes: name) == nil {
                    countUnsupported(name)
                    continue
                }
                guard fstatat(fd, cName, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
                    warn(IngestWarning(path: path(physicalPath, name), reason: IngestError.message(for: errno)))
                    continue
                }
                haveStatus = true
                type = Self.direntType(status)
            }
            switch type {
            case UInt8(DT_REG):
                guard haveStatus else { continue }
                guard let kind = DocumentKind(fileNameBytes: name) else {
                    countUnsupported(name)
                    continue
                }
                addFile(relativePrefix + FileName.string(fromBytes: name), kind: kind, status: status)
            case UInt8(DT_DIR):
                later.append((Array(name), false))
            case UInt8(DT_LNK):
                later.append((Array(name), true))
            default:
                continue  // sockets, FIFOs, devices: never documents, and reading a FIFO would block
            }
        }
        closedir(directory)

        later.sort { $0.name.lexicographicallyPrecedes($1.name) }
        for entry in later.reversed() {
            let name = FileName.string(fromBytes: entry.name)
            pending.append(Pending(
                physicalPath: physicalPath + "/" + name, relativePath: relativePrefix + name, name: name,
                isLink: entry.isLink, ancestors: ancestors))
        }
    }

    private mutating func descend(physicalPath: String, relativePath: String, ancestors: Ancestors) {
        guard relativePath.utf8.count < Self.maximumPathLength else {
            warn(IngestWarning(path: physicalPath, reason: "path too long"))
            return
        }
        guard let directory = CorpusWalker.openDirectory(physicalPath) else {
            warn(IngestWarning(path: physicalPath, reason: IngestError.message(for: errno)))
            return
        }
        var status = stat()
        guard fstat(dirfd(directory), &status) == 0 else {
            warn(IngestWarning(path: physicalPath, reason: IngestError.message(for: errno)))
            closedir(directory)
            return
        }
        let id = DirectoryID(status)
        // Only a link or a bind mount can lead back to a directory we are inside of.
        guard !ancestors.contains(id) else {
            warn(IngestWarning(path: physicalPath, reason: "directory cycle"))
            closedir(directory)
            return
        }
        list(directory, physicalPath: physicalPath, relativePrefix: relativePath + "/",
             ancestors: Ancestors(id, parent: ancestors))
    }

    private mutating func followLink(_ link: Pending) {
        let isDocumentName = DocumentKind(fileName: link.name) != nil
        guard let target = CorpusWalker.realPath(link.physicalPath) else {
            // A dangling link named like a document is worth a word; others are noise.
            if isDocumentName {
                let reason = errno == ENOENT ? "broken symbolic link" : IngestError.message(for: errno)
                warn(IngestWarning(path: link.physicalPath, reason: reason))
            }
            return
        }
        var status = stat()
        guard CorpusWalker.fileStatus(target, &status) == 0 else {
            if isDocumentName { warn(IngestWarning(path: link.physicalPath, reason: IngestError.message(for: errno))) }
            return
        }
        let isDirectory = status.st_mode & S_IFMT == S_IFDIR
        let isFile = status.st_mode & S_IFMT == S_IFREG
        guard isDirectory || (isFile && isDocumentName) else { return }
        guard isInsideRoot(target) else {
            warn(IngestWarning(path: link.physicalPath, reason: "symbolic link leads outside the corpus (to \(target))"))
            return
        }
        if isDirectory {
            let id = DirectoryID(status)
            guard !link.ancestors.contains(id) else {
                warn(IngestWarning(path: link.physicalPath, reason: "symbolic link loop"))
                return
            }
            // Links that fan out to the same directories would otherwise list them exponentially often.
            guard linkedDirectories.insert(id).inserted else {
                warn(IngestWarning(path: link.physicalPath, reason: "directory already indexed through another symbolic link"))
                return
            }
            descend(physicalPath: target, relativePath: link.relativePath, ancestors: link.ancestors)
        } else if let kind = DocumentKind(fileName: link.name) {
            addFile(link.relativePath, kind: kind, status: status)
        }
    }

    /// Compared as bytes: String's `hasPrefix` would treat "café" and "cafe\u{301}" as the same folder.
    private func isInsideRoot(_ target: String) -> Bool {
        if realRoot == "/" { return true }
        let root = realRoot.utf8
        let candidate = target.utf8
        guard candidate.starts(with: root) else { return false }
        return candidate.count == root.count || candidate[candidate.index(candidate.startIndex, offsetBy: root.count)] == UInt8(ascii: "/")
    }

    private mutating func addFile(_ relative: String, kind: DocumentKind, status: stat) {
        guard relative.utf8.count < Self.maximumPathLength else {
            warn(IngestWarning(path: realRoot + "/" + relative, reason: "path too long"))
            return
        }
        files.append(CorpusFile(
            relativePath: relative,
            absolutePath: (realRoot == "/" ? "" : realRoot) + "/" + relative,
            kind: kind,
            size: Int64(status.st_size),
            modificationTimeNanoseconds: Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)))
    }

    /// Counts a file left out by its extension: lower-cased, at most 12 bytes (a longer "extension" is part of
    /// a name), "" for none.
    private mutating func countUnsupported(_ name: UnsafeRawBufferPointer) {
        var key = ""
        if let dot = name.lastIndex(of: UInt8(ascii: ".")), dot > 0, name.count - dot - 1 <= 12 {
            key = FileName.string(fromBytes: UnsafeRawBufferPointer(rebasing: name[(dot + 1)...])).lowercased()
        }
        unsupported[key, default: 0] += 1
    }

    private func path(_ directory: String, _ name: UnsafeRawBufferPointer) -> String {
        directory + "/" + FileName.string(fromBytes: name)
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
