import Foundation
import Testing

@Suite("A flipped or truncated byte in any index file: verify names it, search refuses or answers right")
struct CorruptionTests {
    /// The sample corpus, two identical documents (their scores tie, so their order comes from the file
    /// catalog), and one file deleted after the first run so that a segment has a deletion file. Built once;
    /// each test damages a copy.
    static let pristineIndex: String = {
        let scratch = GazetteProcess.temporaryDirectory()
        return (try? buildIndex(scratch: scratch)) ?? scratch + "/missing"
    }()

    static func buildIndex(scratch: String) throws -> String {
        let corpus = scratch + "/corpus", index = scratch + "/index"
        try FileManager.default.copyItem(atPath: GazetteProcess.corpus, toPath: corpus)
        try FileManager.default.createDirectory(atPath: corpus + "/twins", withIntermediateDirectories: true)
        for twin in ["a.md", "b.md"] {
            try FileManager.default.copyItem(
                atPath: corpus + "/diplomacy/black-sea-maritime-ceasefire.md", toPath: corpus + "/twins/" + twin)
        }
        #expect(try GazetteProcess.run(["index", corpus, "--index", index, "--quiet"]).status == 0)
        try FileManager.default.removeItem(atPath: corpus + "/energy/eu-lowers-oil-price-cap.txt")
        #expect(try GazetteProcess.run(["index", corpus, "--index", index, "--quiet"]).status == 0)
        return index
    }

    /// Text output with snippets (terms, postings, positions, norms, store; the catalog for the tied twins),
    /// and paths of an entity query and a phrase (entities, catalog, positions).
    static let searches: [[String]] = [
        ["search", "ceasefire", "--color", "never"],
        ["search", "person:Lavrov OR \"price cap\"", "--paths"],
    ]

    /// The segment with a deletion file, and that file's name, from the manifest.
    static func segmentWithDeletions(_ index: String) throws -> (segment: String, deletions: String) {
        let manifest = try String(contentsOfFile: index + "/gazette.manifest", encoding: .utf8)
        for line in manifest.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 8, fields[0] == "segment", fields[7] != "0" {
                return (String(fields[1]), "\(fields[1]).\(fields[7]).del")
            }
        }
        throw CocoaError(.fileReadCorruptFile)
    }

    enum Damage: CustomStringConvertible {
        case flip(offset: Int)
        case truncate(length: Int)

        var description: String {
            switch self {
            case .flip(let offset): "byte \(offset) flipped"
            case .truncate(let length): "truncated to \(length) bytes"
            }
        }
    }

    @Test(arguments: ["terms", "post", "pos", "norms", "store", "files", "ents", "del", "manifest"])
    func damageIsNamedAndNeverAnsweredWrong(kind: String) throws {
        let scratch = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let index = scratch + "/index"
        try FileManager.default.copyItem(atPath: Self.pristineIndex, toPath: index)
        let (segment, deletions) = try Self.segmentWithDeletions(index)
        var name = switch kind {
        case "manifest": "gazette.manifest"
        case "del": deletions
        default: segment + "." + kind
        }
        var targeted: [Damage] = []
        if kind == "files" {
            // The catalog record of a twin is read only to break the twins' tie: damage there must not pass
            // unnoticed (the order of the twins would be a guess).
            for file in try FileManager.default.contentsOfDirectory(atPath: index) where file.hasSuffix(".files") {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: index + "/" + file))
                if let found = bytes.range(of: Data("twins/b.md".utf8)) {
                    name = file
                    targeted = [.flip(offset: found.lowerBound + 6)]
                }
            }
            #expect(!targeted.isEmpty)
        }
        let path = index + "/" + name
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let baselines = try Self.searches.map { try BackgroundGazette.run($0 + ["--index", index], scratch: scratch) }
        for baseline in baselines {
            #expect(baseline.status == 0 && baseline.stderr.isEmpty && !baseline.stdout.isEmpty)
        }
        #expect(baselines[0].stdout.contains("twins/a.md\n"))

        let size = original.count
        // The header (version), the middle, the footer's checksum; half the file, and all but its last byte.
        let damages: [Damage] = [
            .flip(offset: 5), .flip(offset: size / 2), .flip(offset: size - 6),
            .truncate(length: size / 2), .truncate(length: size - 1),
        ] + targeted
        var refusals = 0
        var targetedRefusals = 0
        for damage in damages {
            var damaged = original
            switch damage {
            case .flip(let offset): damaged[offset] ^= 0x5A
            case .truncate(let length): damaged = damaged.prefix(length)
            }
            try damaged.write(to: URL(fileURLWithPath: path))
            defer { try? original.write(to: URL(fileURLWithPath: path)) }

            let verify = try BackgroundGazette.run(["verify", "--index", index], scratch: scratch)
            #expect(!verify.crashed && !verify.timedOut && verify.status == 1, "verify, \(name) \(damage): \(verify.status)")
            let problems = verify.stderr.split(separator: "\n")
            #expect(problems.allSatisfy { $0.hasPrefix("gazette: problem: ") }, "\(verify.stderr)")
            #expect(problems.contains { $0.contains(path) }, "verify does not name \(name) \(damage): \(verify.stderr)")

            for (arguments, baseline) in zip(Self.searches, baselines) {
                let search = try BackgroundGazette.run(arguments + ["--index", index], scratch: scratch)
                let what = "\(arguments.dropFirst()) with \(name) \(damage)"
                #expect(!search.crashed && !search.timedOut, "\(what): crashed or hung")
                if search.status == 2 {
                    // Refused: one line, naming the file.
                    refusals += 1
                    if case .flip(let offset) = damage, targeted.contains(where: { "\($0)" == "byte \(offset) flipped" }) {
                        targetedRefusals += 1
                    }
                    #expect(search.stdout.isEmpty, "\(what): printed \(search.stdout)")
                    #expect(search.stderr.split(separator: "\n").count == 1, "\(what): \(search.stderr)")
                    #expect(search.stderr.hasPrefix("gazette: error: ") && search.stderr.contains(path), "\(what): \(search.stderr)")
                } else {
                    // Answered: the damage is in something this query does not read, and the answer is exact.
                    #expect(search.status == baseline.status && search.stderr.isEmpty, "\(what): \(search.status) \(search.stderr)")
                    #expect(search.stdout == baseline.stdout, "\(what): answered differently")
                }
            }
        }
        // Both searches read the damaged twin record (text output to break the tie, --paths to print it).
        #expect(targetedRefusals == targeted.count * Self.searches.count)
        // Files checked in full when an index is opened make every search refuse; the others at least some.
        if ["manifest", "norms", "del"].contains(kind) {
            #expect(refusals == damages.count * Self.searches.count)
        } else {
            #expect(refusals >= damages.count, "only \(refusals) refusals for \(kind)")
        }
    }
}
