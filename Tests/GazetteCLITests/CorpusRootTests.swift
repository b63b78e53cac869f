import Foundation
import Testing

/// An index records the corpus folder it holds, so that indexing another folder into it is refused instead of
/// silently deleting the first corpus's documents.
@Suite("Corpus roots")
struct CorpusRootTests {
    let root = GazetteProcess.temporaryDirectory()

    func write(_ text: String, _ relativePath: String) throws {
        let path = root + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test func anotherCorpusIsRefusedAndNothingIsLost() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("Alpha report on sanctions.\n", "news/alpha.txt")
        try write("Beta post on sanctions.\n", "my groups/beta.txt")
        let index = root + "/index"
        let first = try GazetteProcess.run(["index", root + "/news", "--index", index])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try String(contentsOfFile: index + "/gazette.manifest", encoding: .utf8).contains("root " + root + "/news\n"))

        let other = try GazetteProcess.run(["index", root + "/my groups", "--index", index])
        #expect(other.status == 2)
        #expect(other.stderr.contains("holds the corpus '\(root)/news' (1 document)"), "\(other.stderr)")
        #expect(other.stderr.contains("--replace"))
        let kept = try GazetteProcess.run(["search", "sanctions", "--paths", "--index", index], directory: root + "/news")
        #expect(kept.stdout == "alpha.txt\n")
        let json = try GazetteProcess.json(try GazetteProcess.run(["search", "sanctions", "--json", "--index", index]).stdout)
        let file = try #require((json["hits"] as? [[String: Any]])?.first?["file"] as? String)
        #expect(file == root + "/news/alpha.txt")
        #expect(FileManager.default.contents(atPath: file) == Data("Alpha report on sanctions.\n".utf8))

        // The same folder written another way is the same corpus.
        let again = try GazetteProcess.run(["index", root + "/news/../news/", "--index", index])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("1 unchanged"), "\(again.stdout)")

        let replaced = try GazetteProcess.run(["index", root + "/my groups", "--index", index, "--replace"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(replaced.stdout.contains("1 added, 0 updated, 1 deleted"), "\(replaced.stdout)")
        let manifest = try String(contentsOfFile: index + "/gazette.manifest", encoding: .utf8)
        #expect(manifest.contains("root " + root + "/my%20groups\n"), "\(manifest)")
        #expect(!manifest.contains("/news\n"))
        #expect(try GazetteProcess.run(["search", "sanctions", "--paths", "--index", index], directory: root).stdout
            == "my groups/beta.txt\n")
        #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
    }

    /// Adding a second folder puts a label before every path, so the first folder's documents are read again
    /// under their new paths: the run says so before the summary counts them deleted and added.
    @Test func addingASecondFolderSaysTheFirstIsIndexedAgain() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("Alpha report on sanctions.\n", "news/alpha.txt")
        try write("Beta post on sanctions.\n", "posts/beta.txt")
        let index = root + "/index"
        #expect(try GazetteProcess.run(["index", root + "/news", "--index", index]).status == 0)
        let added = try GazetteProcess.run(["index", root + "/posts", "--add", "--index", index])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderr.contains("the paths of the documents from '\(root)/news' gain the label 'news/'"),
                "\(added.stderr)")
        #expect(!added.stderr.contains("'\(root)/posts'"), "\(added.stderr)")
        #expect(added.stdout.contains("2 added, 0 updated, 1 deleted"), "\(added.stdout)")
        #expect(try GazetteProcess.run(["search", "sanctions", "--paths", "--index", index], directory: root).stdout
            == "news/alpha.txt\nposts/beta.txt\n")
        let removed = try GazetteProcess.run(["index", "--remove-root", root + "/posts", "--index", index])
        #expect(removed.stderr.contains("the paths of the documents from '\(root)/news' lose the label 'news/'"),
                "\(removed.stderr)")
    }

    /// Several folders in one index: each document's path starts with its folder's name, a folder of the same
    /// name elsewhere gets "-2", `--add` and `--remove-root` change the set without touching the others'
    /// documents, a run without folders indexes those held, and `--paths` prints paths that open from anywhere.
    @Test func severalFoldersShareAnIndex() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("Alpha report on sanctions.\n", "a/news/alpha.txt")
        try write("Beta report on sanctions.\n", "b/news/alpha.txt")
        try write("Gamma note on sanctions.\n", "c/gamma.txt")
        let index = root + "/index"
        let both = try GazetteProcess.run(["index", root + "/a/news", root + "/b/news", "--index", index])
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stdout.contains("2 added"), "\(both.stdout)")
        func paths(from directory: String) throws -> [String] {
            let run = try GazetteProcess.run(["search", "sanctions", "--paths", "--index", index], directory: directory)
            return run.stdout.split(separator: "\n").map(String.init).sorted()
        }
        // The same relative path in two folders of the same name: two documents, labelled apart.
        let json = try GazetteProcess.json(
            try GazetteProcess.run(["search", "sanctions", "--json", "--index", index]).stdout)
        let hits = try #require(json["hits"] as? [[String: Any]])
        #expect(Set(hits.compactMap { $0["path"] as? String }) == ["news/alpha.txt", "news-2/alpha.txt"])
        for hit in hits {
            let file = try #require(hit["file"] as? String)
            #expect(FileManager.default.fileExists(atPath: file), "\(file)")
            #expect(file.hasSuffix("/news/alpha.txt"))
        }
        #expect(try paths(from: root) == ["a/news/alpha.txt", "b/news/alpha.txt"])
        #expect(try paths(from: root + "/c") == [root + "/a/news/alpha.txt", root + "/b/news/alpha.txt"])

        // Another folder is refused, naming those held; --add adds it and keeps the others' documents.
        let refused = try GazetteProcess.run(["index", root + "/c", "--index", index])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("'\(root)/a/news', '\(root)/b/news' (2 documents)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--add"))
        let added = try GazetteProcess.run(["index", root + "/c", "--add", "--index", index])
        #expect(!added.stderr.contains("indexed again"), "\(added.stderr)")
        #expect(added.stdout.contains("1 added, 0 updated, 0 deleted, 2 unchanged"), "\(added.stdout)")
        #expect(try paths(from: root) == ["a/news/alpha.txt", "b/news/alpha.txt", "c/gamma.txt"])

        // A run without folders indexes those held: a new file in one is found.
        try write("Delta memo on sanctions.\n", "b/news/delta.txt")
        let again = try GazetteProcess.run(["index", "--index", index])
        #expect(again.stdout.contains("1 added, 0 updated, 0 deleted, 3 unchanged"), "\(again.stdout)")

        // --remove-root deletes one folder's documents only. (The other "news" is now the only one and loses its
        // "-2": its documents are stored again under their new paths.)
        let removed = try GazetteProcess.run(["index", "--remove-root", root + "/a/news", "--index", index])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("; 3 documents"), "\(removed.stdout)")
        #expect(removed.stderr.contains("the paths of the documents from '\(root)/b/news' change from 'news-2/…' to 'news/…'"),
                "\(removed.stderr)")
        #expect(!removed.stderr.contains("'\(root)/c'"), "\(removed.stderr)")
        #expect(try paths(from: root) == ["b/news/alpha.txt", "b/news/delta.txt", "c/gamma.txt"])
        let manifest = try String(contentsOfFile: index + "/gazette.manifest", encoding: .utf8)
        #expect(!manifest.contains("root " + root + "/a/news\n"), "\(manifest)")
        let unknown = try GazetteProcess.run(["index", "--remove-root", root + "/zz", "--index", index])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("does not hold it"), "\(unknown.stderr)")
        #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
    }
}
