import Foundation
import Testing

/// The sample corpus as `gazette annotate --json` sees it, file by file, with the corpus-wide resolution worked
/// out here rather than by the index: a lone surname joins the one person named in full with it elsewhere in the
/// corpus, and a word a file leaves untyped is the one entity the other files make of that name (or the one
/// person it is the surname of). Counts made from it check the index's facets and `related` independently of the
/// index.
struct AnnotatedCorpus {
    /// Per file (path relative to the corpus), the entities it names as [type, normalised name].
    let entities: [String: Set<[String]>]

    /// A name as the index compares names: case, accents, periods and apostrophes folded, one space apart.
    static func normalized(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .filter { !".'\u{2019}".contains($0) }.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func sample() throws -> AnnotatedCorpus {
        let root = GazetteProcess.corpus
        let files = try #require(FileManager.default.enumerator(atPath: root)?.allObjects as? [String])
            .filter { path in
                var folder: ObjCBool = false
                return FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &folder) && !folder.boolValue
            }.sorted()
        let annotate = try GazetteProcess.run(["annotate", "--json"] + files.map { root + "/" + $0 })
        #expect(annotate.status == 0, "\(annotate.stderr)")
        var named: [String: Set<[String]>] = [:]
        var untyped: [String: Set<String>] = [:]
        for line in annotate.stdout.split(separator: "\n") {
            let object = try GazetteProcess.json(String(line))
            let path = String(try #require(object["path"] as? String).dropFirst(root.count + 1))
            let entities = try #require(object["entities"] as? [[String: Any]])
            named[path] = Set(entities.compactMap { entity in
                guard let type = entity["type"] as? String, let name = entity["entity"] as? String else { return nil }
                return [type, normalized(name)]
            })
            let words = try #require(object["untyped"] as? [[String: Any]])
            untyped[path] = Set(words.compactMap { ($0["text"] as? String).map(normalized) })
        }
        #expect(named.count == files.count)
        let fullNames = named.values.reduce(into: Set<[String]>()) { $0.formUnion($1) }
            .filter { $0[0] == "PERSON" && $0[1].contains(" ") }
        func resolved(_ key: [String]) -> [String] {
            guard key[0] == "PERSON", !key[1].contains(" ") else { return key }
            let full = fullNames.filter { $0[1].split(separator: " ").last.map(String.init) == key[1] }
            return full.count == 1 ? full.first! : key
        }
        // An untyped word: what the typed identities of its name resolve to, when that is one entity; without
        // any, the one person named in full with it as surname.
        let typed = named.values.reduce(into: Set<[String]>()) { $0.formUnion($1) }
        func resolvedUntyped(_ word: String) -> [String]? {
            let readings = Set(typed.filter { $0[1] == word && ["PERSON", "ORG", "PLACE", "NORP"].contains($0[0]) }.map(resolved))
            if !readings.isEmpty { return readings.count == 1 ? readings.first : nil }
            let full = fullNames.filter { $0[1].split(separator: " ").last.map(String.init) == word }
            return full.count == 1 ? full.first : nil
        }
        return AnnotatedCorpus(entities: named.mapValues { Set($0.map(resolved)) }.merging(untyped.mapValues { words in
            Set(words.compactMap(resolvedUntyped))
        }) { $0.union($1) })
    }
}
