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
        let kept = try GazetteProcess.run(["search", "sanctions", "--paths", "--index", index])
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
        #expect(try GazetteProcess.run(["search", "sanctions", "--paths", "--index", index]).stdout == "beta.txt\n")
        #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
    }
}
