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

/// The entity group table's bytes: what is written reads back, a record that names no entity stays none, and
/// numbers out of range are damage, never an index past an array's end.
@Suite struct EntityGroupTableFormatTests {
    static let table = EntityGroupTable(
        generation: 7, types: ["PERSON", "ORG", "FUTURE_TYPE"],
        segments: [
            .init(name: "s3", deletionGeneration: 0, deletedCount: 0, recordGroups: [0, -1, 1, 1]),
            .init(name: "s5", deletionGeneration: 6, deletedCount: 2, recordGroups: [2, 0]),
        ],
        groupTypes: [0, 1, 2], nameStarts: [0, 11, 17, 17], nameBytes: Array("john howard".utf8) + Array("qantas".utf8),
        groupDocuments: [3, 10, 1], groupMentions: [5, 42, 1])

    /// A search's highlights look identities up in the mapped file (`EntityRedirects`) instead of parsing it:
    /// every answer must be the parsed resolution's, for each stored identity, for names it does not hold, for
    /// an untyped word, and for a name outside ASCII written in another Unicode normalisation; damage is an error.
    @Test func redirectsLookedUpInPlaceAnswerAsTheParsedResolution() throws {
        var redirects: [EntityIdentity: EntityResolution.Redirect] = EntityResolutionTests.resolution.redirects
        let composed = "Zo\u{00EB} Caf\u{00E9}", decomposed = "Zoe\u{0308} Cafe\u{0301}"
        redirects[EntityIdentity(type: "PERSON", canonical: composed)] =
            EntityResolution.Redirect(target: EntityIdentity(type: "ORG", canonical: "Caf\u{00E9} Z\u{00F6}e"), reason: .typeEvidence)
        redirects[EntityIdentity(type: "NAME", canonical: "Vantoria")] =
            EntityResolution.Redirect(target: EntityIdentity(type: "ORG", canonical: "Vantoria Holdings"), reason: .typeEvidence)
        // An untyped run of words the corpus hides; others are the PERSON of their name without a redirect.
        redirects[EntityIdentity(type: "NAME", canonical: "Keypad Panel")] = EntityResolution.Redirect(target: nil, reason: .ignored)
        for i in 0..<300 {
            redirects[EntityIdentity(type: "PERSON", canonical: "Surname\(i)")] =
                EntityResolution.Redirect(target: EntityIdentity(type: "PERSON", canonical: "Given Surname\(i)"), reason: .surnameJoin)
        }
        // Names of every length around the eight-byte words the file's names are hashed by, ASCII or not.
        let letters = Array("abcdefghijklmnopqrstuvwxyzé")
        for length in 1...26 {
            let name = "N" + String(letters[0..<length])
            redirects[EntityIdentity(type: "ORG", canonical: name)] =
                EntityResolution.Redirect(target: EntityIdentity(type: "ORG", canonical: name + " Ltd"), reason: .typeEvidence)
        }
        let resolution = EntityResolution(corrections: EntityResolutionTests.resolution.corrections, redirects: redirects)
        let file = try Self.mapped(resolution.serialized(), name: "entities.3.res")
        let inPlace = try EntityRedirects(file: file)
        var asked = Array(redirects.keys)
        asked += [
            EntityIdentity(type: "PLACE", canonical: "Oslo"), EntityIdentity(type: "NAME", canonical: "Oslo"),
            EntityIdentity(type: "ORG", canonical: "Howard"), EntityIdentity(type: "PERSON", canonical: "Howar"),
            EntityIdentity(type: "PERSON", canonical: decomposed), EntityIdentity(type: "PERSON", canonical: ""),
            EntityIdentity(type: "NAME", canonical: "Wasim Akram"),
        ]
        asked += (1...27).map { EntityIdentity(type: "ORG", canonical: "N" + String(letters[0..<min($0, letters.count)]) + ($0 > 26 ? "x" : "")) }
        for identity in asked {
            #expect(inPlace.resolve(identity) == resolution.resolve(identity), "\(identity)")
        }
        #expect(inPlace.resolve(EntityIdentity(type: "PERSON", canonical: decomposed))
            == EntityIdentity(type: "ORG", canonical: "Caf\u{00E9} Z\u{00F6}e"))
        #expect(inPlace.resolve(EntityIdentity(type: "PERSON", canonical: "Test")) == nil)
        #expect(EntityRedirects.none.resolve(EntityIdentity(type: "NAME", canonical: "Oslo")) == nil)
        #expect(inPlace.resolve(EntityIdentity(type: "NAME", canonical: "Keypad Panel")) == nil)
        #expect(inPlace.resolve(EntityIdentity(type: "NAME", canonical: "Wasim Akram")) == EntityIdentity(type: "PERSON", canonical: "Wasim Akram"))
        #expect(EntityRedirects.none.resolve(EntityIdentity(type: "NAME", canonical: "Wasim Akram"))
            == EntityIdentity(type: "PERSON", canonical: "Wasim Akram"))

        var damaged = resolution.serialized()
        damaged[20] ^= 0x40
        #expect(throws: IndexError.self) { try EntityRedirects(file: try Self.mapped(damaged, name: "entities.3.res")) }
    }

    static func mapped(_ bytes: [UInt8], name: String) throws -> MappedFile {
        let directory = MemoryDirectory()
        try directory.writeFile(name, bytes: bytes, for: .entityGroups)
        return try directory.openInput(name)
    }

    static func mapped(_ bytes: [UInt8]) throws -> MappedFile {
        let directory = MemoryDirectory()
        try directory.writeFile("entities.7.groups", bytes: bytes, for: .entityGroups)
        return try directory.openInput("entities.7.groups")
    }

    @Test func aTableRoundTripsAndDescribesOnlyItsOwnCommit() throws {
        let read = try EntityGroupTable.read(try Self.mapped(Self.table.serialized()))
        #expect(read == Self.table)
        var manifest = Manifest.empty
        manifest.generation = 7
        manifest.segments = [
            .init(name: "s3", documentCount: 4), .init(name: "s5", documentCount: 9, deletedCount: 2, deletionGeneration: 6),
        ]
        #expect(read.describes(manifest))
        manifest.segments[1].deletionGeneration = 8
        #expect(!read.describes(manifest), "other deletions")
        manifest.segments[1].deletionGeneration = 6
        manifest.generation = 8
        #expect(!read.describes(manifest), "another commit")
        #expect(EntityGroupTable.isFileName("entities.7.groups") && EntityGroupTable.isFileName("entities.7.groups.tmp"))
        #expect(!EntityGroupTable.isFileName("entities.7.res") && !EntityGroupTable.isFileName("entities.x.groups"))
    }

    @Test func aRecordNamingAGroupPastTheLastIsDamage() throws {
        var bad = Self.table
        bad.segments[0].recordGroups[0] = 3
        #expect(throws: IndexError.self) { try EntityGroupTable.read(try Self.mapped(bad.serialized())) }
        var flipped = Self.table.serialized()
        flipped[flipped.count / 2] ^= 0x10
        #expect(throws: IndexError.self) { try EntityGroupTable.read(try Self.mapped(flipped)) }
    }
}
