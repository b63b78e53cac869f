import Foundation
import GazetteEntities
import GazetteIndex
import GazetteIngest
import GazetteKit
import GazetteSearch
import GazetteTestSupport
import Testing

/// `SearchSession` over the sample corpus indexed whole and split into two indexes: read together, the two halves
/// answer search, mentions and entities as the whole does, and each mention says which index holds it.
@Suite struct SearchSessionTests {
    let temporary = TemporaryDirectory()
    var root: String { temporary.path }

    func index(_ files: [CorpusFile], into folder: String) throws {
        let writer = try IndexWriter(directory: folder, rebuild: true)
        let pipeline = IndexingPipeline(writer: writer, threads: 2, memoryBudget: 64 << 20)
        _ = try pipeline.run(pipeline.plan(files), warn: { _ in }, progress: { _, _ in })
        try writer.commit(resolver: CorpusEntityResolver.resolver)
    }

    @Test func twoHalvesReadTogetherAnswerAsTheWhole() throws {
        let files = try CorpusWalker(root: IndexingPipelineTests.corpus).files { _ in }
        try index(files, into: root + "/whole")
        try index(Array(files.prefix(15)), into: root + "/first")
        try index(Array(files.dropFirst(15)), into: root + "/second")

        let whole = try SearchSession(indexFolders: [root + "/whole"])
        let halves = try SearchSession(indexFolders: [root + "/first", root + "/second", root + "/first"])
        #expect(halves.indexes.count == 2)

        for query in ["person:Lavrov", "\"security guarantees\"", "ceasefire OR sanctions", "org:NATO"] {
            let expected = try whole.search(query, options: SearchOptions(limit: 100))
            let got = try halves.search(query, options: SearchOptions(limit: 100))
            #expect(got.total == expected.total, "\(query)")
            #expect(Set(got.hits.map(\.path)) == Set(expected.hits.map(\.path)), "\(query)")
            #expect(got.hits.allSatisfy { $0.index != nil } && expected.hits.allSatisfy { $0.index == nil })
        }

        let lavrovWhole = try whole.mentions(of: "Lavrov", types: [.person])
        let lavrovHalves = try halves.mentions(of: "Lavrov", types: [.person])
        #expect(lavrovWhole.found.map(\.entity.canonical) == ["Sergei Lavrov"])
        #expect(lavrovHalves.found.map(\.entity.canonical) == ["Sergei Lavrov"])
        let wholeDocuments = lavrovWhole.found[0].documents
        let halvesDocuments = lavrovHalves.found[0].documents
        #expect(wholeDocuments.count == 8)
        #expect(halvesDocuments.map(\.path).sorted() == wholeDocuments.map(\.path).sorted())
        #expect(lavrovHalves.found[0].mentionCount == lavrovWhole.found[0].mentionCount)
        // Each document says where it lives; the first index's documents come first.
        let owners = halvesDocuments.map(\.index)
        #expect(owners.allSatisfy { $0 == root + "/first" || $0 == root + "/second" })
        #expect(owners == owners.sorted { ($0 ?? "") < ($1 ?? "") })

        let people = try halves.entities(types: [.person])
        #expect(people.allSatisfy { $0.type == "PERSON" })
        let lavrov = try #require(people.first { $0.canonical == "Sergei Lavrov" })
        #expect(lavrov.documentCount == 8)
        #expect(try halves.mentions(of: "Nobody Anywhere").found.isEmpty)
    }

    @Test func aCorrectionIsRecordedAndSeenByTheNextSession() throws {
        let folder = root + "/index"
        try index(try CorpusWalker(root: IndexingPipelineTests.corpus).files { _ in }, into: folder)
        #expect(try SearchSession(indexFolders: [folder]).search("org:Lavrov").total == 0)

        let retype = EntityCorrection(kind: .retype, name: "Sergei Lavrov", value: "ORG", type: "PERSON")
        let named = try EntityCorrector.record(retype, in: folder)
        #expect(named.map(\.canonical) == ["Sergei Lavrov"])
        #expect(try EntityCorrector.corrections(in: folder) == [retype])
        #expect(retype.summary == "retype \"Sergei Lavrov\" (PERSON) as ORG")

        let after = try SearchSession(indexFolders: [folder])
        #expect(try after.search("org:Lavrov").total == 8)
        #expect(try after.search("person:Lavrov").total == 0)
        #expect(try after.entities(types: [.org]).contains { $0.canonical == "Sergei Lavrov" })

        // A name the index does not have is refused and records nothing.
        let typo = EntityCorrection(kind: .ignore, name: "Sergei Lavrof")
        #expect(throws: EntityCorrector.Failure.noEntityNamed("Sergei Lavrof", type: nil, index: folder)) {
            try EntityCorrector.record(typo, in: folder)
        }
        #expect(try EntityCorrector.corrections(in: folder) == [retype])
    }

    @Test func aMissingIndexIsAnErrorNamingIt() throws {
        #expect(throws: IndexError.self) { try SearchSession(indexFolders: [root + "/absent"]) }
        do {
            _ = try SearchSession(indexFolders: [root + "/absent"])
        } catch {
            #expect(error.description.contains(root + "/absent"))
        }
    }

    /// The first entities of a ranking, found through integer groups without gathering the directory, are the
    /// directory's first entities, with its total; over one index and over two read together.
    @Test func theFirstEntitiesOfTheRankingAreTheDirectorysFirst() throws {
        let files = try CorpusWalker(root: IndexingPipelineTests.corpus).files { _ in }
        try index(files, into: root + "/whole")
        try index(Array(files.prefix(15)), into: root + "/first")
        try index(Array(files.dropFirst(15)), into: root + "/second")
        for folders in [[root + "/whole"], [root + "/first", root + "/second"]] {
            let all = try SearchSession(indexFolders: folders).entities()
            #expect(all.count > 100)
            for types in [Set<EntityType>(), [.person], [.org, .place]] {
                let names = Set(types.map(\.rawValue))
                let expected = all.filter { names.isEmpty || names.contains($0.type) }
                for limit in [0, 1, 7, 30, expected.count, expected.count + 5] {
                    let (first, total) = try SearchSession(indexFolders: folders).rankedEntities(types: types, limit: limit)
                    #expect(total == expected.count, "\(folders.count) indexes, \(types), limit \(limit)")
                    #expect(first == Array(expected.prefix(limit)), "\(folders.count) indexes, \(types), limit \(limit)")
                }
            }
        }
    }

    /// `mentions` reads only the documents it shows (`documentLimit`) and an entity page only its page, yet
    /// both count every document and mention — from the entity postings, which must agree with the stored spans
    /// that the full listing reads, also after documents are deleted.
    @Test func mentionsReadOnlyTheDocumentsShownAndCountThemAll() throws {
        let files = try CorpusWalker(root: IndexingPipelineTests.corpus).files { _ in }
        try index(files, into: root + "/index")
        let deleting = try IndexWriter(directory: root + "/index", rebuild: false)
        let deleted = files.prefix(4).map(\.relativePath)
        for path in deleted { #expect(deleting.delete(path: path)) }
        try deleting.commit(resolver: CorpusEntityResolver.resolver)

        let session = try SearchSession(indexFolders: [root + "/index"])
        let entities = try session.entities()
        #expect(entities.count > 50)
        var compared = 0
        for entity in entities.prefix(60) {
            let type = try #require(EntityType(rawValue: entity.type))
            let full = try session.mentions(of: entity.canonical, types: [type])
            let limited = try session.mentions(of: entity.canonical, types: [type], documentLimit: 2)
            #expect(limited.found.map(\.entity) == full.found.map(\.entity), "\(entity.canonical)")
            for (all, few) in zip(full.found, limited.found) {
                #expect(few.documents == Array(all.documents.prefix(2)), "\(entity.canonical)")
                #expect(few.documentCount == all.documents.count, "\(entity.canonical)")
                #expect(few.mentionCount == all.documents.reduce(0) { $0 + $1.mentions.count }, "\(entity.canonical)")
                #expect(all.documentCount == few.documentCount && all.mentionCount == few.mentionCount)
                #expect(!all.documents.contains { deleted.contains($0.path) }, "\(entity.canonical)")
                compared += 1
            }
            let page = try #require(try session.entity(name: entity.canonical, type: type, offset: 1, limit: 2))
            if page.entity == full.found.first?.entity, let all = full.found.first {
                #expect(page.documents == Array(all.documents.dropFirst().prefix(2)), "\(entity.canonical)")
                #expect(page.documentCount == all.documents.count)
                #expect(page.mentionCount == all.mentionCount)
            }
        }
        #expect(compared >= 60)
    }
}
