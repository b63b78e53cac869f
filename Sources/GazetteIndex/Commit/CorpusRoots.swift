/// The corpus folders an index holds, as its manifest records them (absolute paths, in the order they were
/// added), and how a document's stored path names its file. With one folder, paths are relative to it, as they
/// always were. With several, each path starts with the folder's label — its last component, made unique with
/// "-2", "-3"… in the order of the folders ("news/2001/a.txt", "news-2/a.txt") — so that two folders holding the
/// same relative path never collide.
public struct CorpusRoots: Sendable, Equatable {
    public let folders: [String]
    /// One label per folder, in the same order; empty with one folder (no prefix).
    public let labels: [String]

    public init(_ folders: [String]) {
        self.folders = folders
        guard folders.count > 1 else {
            labels = []
            return
        }
        var used = Set<String>()
        var labels: [String] = []
        for folder in folders {
            let last = folder.split(separator: "/").last.map(String.init) ?? "corpus"
            var label = last.isEmpty ? "corpus" : last
            var suffix = 2
            while used.contains(label) {
                label = last + "-\(suffix)"
                suffix += 1
            }
            used.insert(label)
            labels.append(label)
        }
        self.labels = labels
    }

    /// The stored path of a file at `relativePath` in folder `index`.
    public func storedPath(_ relativePath: String, inFolder index: Int) -> String {
        labels.isEmpty ? relativePath : labels[index] + "/" + relativePath
    }

    /// The file on disk a stored path names, or nil when the index records no folder, or none with the
    /// path's label.
    public func file(forStoredPath path: String) -> String? {
        location(ofStoredPath: path).map { $0.folder + "/" + $0.relativePath }
    }

    /// The corpus folder holding a stored path's file, and the file's path relative to it.
    public func location(ofStoredPath path: String) -> (folder: String, relativePath: String)? {
        if folders.count == 1 { return (folders[0], path) }
        guard let slash = path.firstIndex(of: "/"), let index = labels.firstIndex(of: String(path[..<slash])) else {
            return nil
        }
        return (folders[index], String(path[path.index(after: slash)...]))
    }
}
