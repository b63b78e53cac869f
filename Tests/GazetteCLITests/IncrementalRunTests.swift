import Foundation
import Testing

@Suite("Incremental runs of gazette index")
struct IncrementalRunTests {
    func total(_ query: String, _ index: String) throws -> Int {
        let run = try GazetteProcess.run(["search", query, "--json", "--index", index])
        return try #require(try GazetteProcess.json(run.stdout)["total"] as? Int)
    }

    @Test func addedChangedAndDeletedFilesShowInTheNextSearch() throws {
        let root = GazetteProcess.temporaryDirectory()
        let corpus = root + "/corpus", index = root + "/index"
        try FileManager.default.createDirectory(atPath: corpus + "/sub", withIntermediateDirectories: true)
        try "Alpha report\n\nThe pipeline talks resumed in Geneva.".write(toFile: corpus + "/a.txt", atomically: true, encoding: .utf8)
        try "<html><title>Beta</title><p>Pipeline <b>talks</b> stalled.</p></html>".write(toFile: corpus + "/sub/b.html", atomically: true, encoding: .utf8)
        try "Gamma\n\nNothing about it.".write(toFile: corpus + "/c.txt", atomically: true, encoding: .utf8)
        let first = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(first.stdout.contains("3 added, 0 updated, 0 deleted, 0 unchanged"), "\(first.stdout)")
        #expect(try total("\"pipeline talks\"", index) == 2)

        // Change one file, delete one, add one.
        try "Alpha report\n\nThe talks collapsed in Vienna.".write(toFile: corpus + "/a.txt", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: corpus + "/sub/b.html")
        try "Delta\n\nPipeline talks again, in Oslo.".write(toFile: corpus + "/d.txt", atomically: true, encoding: .utf8)
        let second = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(second.stdout.contains("1 added, 1 updated, 1 deleted, 1 unchanged"), "\(second.stdout)")
        #expect(try total("\"pipeline talks\"", index) == 1)
        #expect(try total("Vienna", index) == 1)
        #expect(try total("Geneva", index) == 0)
        #expect(try total("Oslo", index) == 1)
        let paths = try GazetteProcess.run(["search", "talks", "--paths", "--index", index], directory: corpus)
        #expect(paths.stdout.split(separator: "\n").sorted() == ["a.txt", "d.txt"])

        // Nothing changed: nothing is read, the index stays as it is — not a byte of it written, no new
        // generation for readers to reopen — and the summary still counts its documents.
        func files() throws -> [String: Data] {
            var contents: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: index) {
                contents[name] = try Data(contentsOf: URL(fileURLWithPath: index + "/" + name))
            }
            return contents
        }
        let before = try files()
        let third = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(third.stdout.contains("0 added, 0 updated, 0 deleted, 3 unchanged; 3 documents in"), "\(third.stdout)")
        #expect(try files() == before)
        let verify = try GazetteProcess.run(["verify", "--index", index])
        #expect(verify.status == 0, "\(verify.stdout)")

        // optimize purges the deleted and replaced documents and keeps the answers.
        let optimize = try GazetteProcess.run(["optimize", "--index", index])
        #expect(optimize.status == 0)
        #expect(optimize.stdout.contains("3 documents in 1 segment"), "\(optimize.stdout)")
        #expect(try total("\"pipeline talks\"", index) == 1)
        let stats = try GazetteProcess.json(try GazetteProcess.run(["stats", "--json", "--index", index]).stdout)
        #expect(stats["deleted"] as? Int == 0)
    }

    @Test func aDamagedIndexIsRefusedByNameAndReportedByVerify() throws {
        let root = GazetteProcess.temporaryDirectory()
        let index = root + "/index"
        _ = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index, "--threads", "1"])
        let norms = try #require(try FileManager.default.contentsOfDirectory(atPath: index).first { $0.hasSuffix(".norms") })
        let path = index + "/" + norms
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[data.count / 2] ^= 0x10
        try data.write(to: URL(fileURLWithPath: path))
        let search = try GazetteProcess.run(["search", "Lavrov", "--index", index])
        #expect(search.status == 2)
        #expect(search.stderr.contains(norms) && search.stderr.contains("corrupt"), "\(search.stderr)")
        #expect(search.stderr.split(separator: "\n").count == 1)
        let verify = try GazetteProcess.run(["verify", "--index", index])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains(norms))
    }
}
