import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteIndex

/// The commit's entity resolution file: written with the manifest that names it, kept by commits that do not
/// decide a new one and by merges, checked whole when read, and its user corrections never silently lost.
@Suite struct EntityResolutionTests {
    static let resolution = EntityResolution(
        corrections: [
            EntityCorrection(kind: .merge, name: "Bush", value: "George W Bush"),
            EntityCorrection(kind: .ignore, name: "Test", type: "PERSON"),
        ],
        redirects: [
            EntityIdentity(type: "PERSON", canonical: "Howard"): .init(target: EntityIdentity(type: "PERSON", canonical: "John Howard"), reason: .surnameJoin),
            EntityIdentity(type: "PERSON", canonical: "Test"): .init(target: nil, reason: .ignored),
            EntityIdentity(type: "PERSON", canonical: "Qantas"): .init(target: EntityIdentity(type: "ORG", canonical: "Qantas"), reason: .typeEvidence),
        ])

    static func commit(_ path: String, _ text: String, resolver: EntityResolver?, rebuild: Bool = false) throws {
        let writer = try IndexWriter(directory: path, rebuild: rebuild)
        let builder = SegmentBuilder()
        builder.add(document(path.hasSuffix("/") ? "x.txt" : "\(UUID().uuidString).txt", text))
        try writer.flush(builder)
        try writer.commit(resolver: resolver)
    }

    @Test func aResolutionRoundTripsAndOutlivesCommitsThatDecideNone() throws {
        let directory = TemporaryDirectory()
        let seen = Locked<[Int]>([])
        try Self.commit(directory.path, "one", resolver: { segments, previous throws(IndexError) in
            seen.withLock { $0.append(segments.count) }
            #expect(previous == .none)
            return Self.resolution
        })
        var reader = try IndexReader(directory: directory.path)
        #expect(try reader.entityResolution() == Self.resolution)
        #expect(reader.manifest.resolutionGeneration == reader.manifest.generation)
        #expect(try reader.entityResolution().resolve(EntityIdentity(type: "PERSON", canonical: "Test")) == nil)
        #expect(try reader.entityResolution().resolve(EntityIdentity(type: "PLACE", canonical: "Oslo"))
            == EntityIdentity(type: "PLACE", canonical: "Oslo"))

        // A commit without a resolver keeps the one in force; the next resolver sees it as `previous`.
        try Self.commit(directory.path, "two", resolver: nil)
        reader = try IndexReader(directory: directory.path)
        #expect(try reader.entityResolution() == Self.resolution)
        try Self.commit(directory.path, "three", resolver: { segments, previous throws(IndexError) in
            seen.withLock { $0.append(segments.count) }
            #expect(previous.corrections == Self.resolution.corrections)
            return previous
        })
        #expect(seen.withLock { $0 } == [1, 3])
        // Only the file in force is left.
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".res") }
        reader = try IndexReader(directory: directory.path)
        #expect(files == [reader.manifest.resolutionFileName!])
        // Merges carry it over.
        _ = try IndexWriter(directory: directory.path, rebuild: false).optimize()
        reader = try IndexReader(directory: directory.path)
        #expect(reader.segments.count == 1)
        #expect(try reader.entityResolution().corrections == Self.resolution.corrections)
    }

    @Test func aDamagedResolutionIsNamedByReadersVerifyAndWritersButNotByARebuild() throws {
        let directory = TemporaryDirectory()
        try Self.commit(directory.path, "one", resolver: { _, _ throws(IndexError) in Self.resolution })
        let name = try IndexReader(directory: directory.path).manifest.resolutionFileName!
        let path = directory.path + "/" + name
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[12] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: path))

        let reader = try IndexReader(directory: directory.path)  // opening needs no entity resolution
        #expect(throws: IndexError.self) { try reader.entityResolution() }
        do {
            _ = try reader.entityResolution()
        } catch {
            #expect(error.description.contains(name))
        }
        let report = IndexVerifier.verify(directory: directory.path)
        #expect(report.problems.contains { $0.description.contains(name) })
        // An incremental writer refuses to write over the user's corrections; a rebuild starts afresh.
        #expect(throws: IndexError.self) { _ = try IndexWriter(directory: directory.path, rebuild: false) }
        try Self.commit(directory.path, "two", resolver: { _, previous throws(IndexError) in previous }, rebuild: true)
        #expect(try IndexReader(directory: directory.path).entityResolution() == .none)
    }
}
