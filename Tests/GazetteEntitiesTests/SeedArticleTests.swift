import Foundation
import Testing
import GazetteAnalysis
import GazetteEntities

/// The repository root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func corpusText(_ relative: String) throws -> String {
    try String(contentsOf: repositoryRoot.appendingPathComponent(relative), encoding: .utf8)
}

/// Paragraphs (lines) as blocks, as the plain-text ingest produces them.
func lineBlocks(_ text: String) -> [Range<Int>] {
    var blocks: [Range<Int>] = []
    var start = 0
    for (i, b) in text.utf8.enumerated() where b == 0x0A {
        if i > start { blocks.append(start..<i) }
        start = i + 1
    }
    if text.utf8.count > start { blocks.append(start..<text.utf8.count) }
    return blocks
}

struct Found {
    let text: String
    let mentions: [EntityMention]

    init(_ text: String, blocks: [Range<Int>]? = nil, firstPosition: UInt32 = 0) {
        self.text = text
        mentions = EntityRecognizer().recognize(text: text, blocks: blocks ?? lineBlocks(text), firstPosition: firstPosition)
    }

    func surface(_ m: EntityMention) -> String {
        String(decoding: Array(text.utf8)[m.range], as: UTF8.self)
    }

    /// Mentions whose surface text is `s`.
    func with(_ s: String) -> [EntityMention] { mentions.filter { surface($0) == s } }

    func types(of s: String) -> Set<EntityType> { Set(with(s).map(\.type)) }

    func canonicals(of s: String) -> Set<String> { Set(with(s).map(\.canonical)) }
}

@Suite struct SeedArticleTests {
    let found: Found

    init() throws {
        found = Found(try corpusText("corpus/lavrov-security-guarantees.txt"))
    }

    @Test func lavrovResolvesToHisFullName() {
        #expect(found.types(of: "Sergei Lavrov") == [.person])
        #expect(found.canonicals(of: "Sergei Lavrov") == ["Sergei Lavrov"])
        // Later "Lavrov" and "Lavrov’s" (range without the possessive) join him.
        let lavrov = found.with("Lavrov")
        #expect(lavrov.count == 6)
        #expect(lavrov.allSatisfy { $0.type == .person && $0.canonical == "Sergei Lavrov" })
        // The possessive forms: the token span covers "Lavrov’s", the mention's range stops before "’s".
        let possessive = found.mentions.filter {
            let end = $0.range.upperBound
            return found.surface($0) == "Lavrov" && Array(found.text.utf8)[end..<(end + 3)] == [0xE2, 0x80, 0x99]
        }
        #expect(possessive.count == 2)
    }

    @Test func people() {
        #expect(found.types(of: "Boris Johnson") == [.person])
        #expect(found.types(of: "Dmitry Peskov") == [.person])
        #expect(found.types(of: "Zelenskyy") == [.person])
        #expect(found.canonicals(of: "Johnson") == ["Boris Johnson"])
        #expect(found.types(of: "Johnson") == [.person])
    }

    @Test func organisations() {
        #expect(found.types(of: "the Financial Times") == [.org])
        #expect(found.canonicals(of: "the Financial Times") == ["Financial Times"])
        for name in ["Reuters", "Rosneft", "Lukoil", "NATO", "Kremlin"] {
            #expect(found.types(of: name) == [.org], "\(name)")
        }
        #expect(found.types(of: "the US Treasury") == [.org])
    }

    @Test func places() {
        for name in ["Abu Dhabi", "Kyiv", "Moscow", "Budapest", "Istanbul", "Donetsk", "Ukraine", "Russia", "Washington"] {
            #expect(found.types(of: name) == [.place], "\(name)")
        }
        #expect(found.canonicals(of: "Istanbul") == ["Istanbul"])
    }

    @Test func nationalities() {
        for name in ["Russian", "Ukrainian", "European", "British", "American"] {
            #expect(found.types(of: name) == [.norp], "\(name)")
        }
    }

    @Test func dates() {
        for name in ["April 2022", "October 2025", "Thursday", "2022", "Days later"] {
            #expect(found.types(of: name) == [.date], "\(name)")
        }
    }

    @Test func unitedStatesIsOneEntity() {
        #expect(found.types(of: "the United States") == [.place])
        #expect(found.canonicals(of: "the United States") == ["United States"])
        #expect(found.canonicals(of: "US") == ["United States"])
        let keys = Set((found.with("US") + found.with("the United States")).map(\.key))
        #expect(keys.count == 1)
    }

    @Test func sentenceInitialCommonWordsAreNoEntities() {
        for word in ["Instead", "Against", "The", "In", "On", "But", "For", "Technical", "Until", "It", "A"] {
            #expect(found.mentions.allSatisfy { !found.surface($0).hasPrefix(word + " ") && found.surface($0) != word },
                    "\(word)")
        }
        // "Days later" is a date, not a name.
        #expect(found.types(of: "Days later") == [.date])
        #expect(found.with("Days").isEmpty)
    }

    @Test func mentionsAreSortedAndDisjoint() {
        for (a, b) in zip(found.mentions, found.mentions.dropFirst()) {
            #expect(a.range.upperBound <= b.range.lowerBound)
            #expect(a.positions.upperBound < b.positions.lowerBound)
        }
    }
}
