import Foundation

/// The corpus of the crash-safety test: generated from corpus/ so that a full `gazette index` lasts seconds, and
/// changed between rounds so that the results of a fixed set of queries differ from one commit to the next.
///
/// - bulk: copies of the corpus/ articles (text, Markdown and HTML), each with a synthetic paragraph, and
///   synthetic articles made of corpus/ words — what makes a run long enough to be killed in every phase;
/// - churn: short articles carrying marker words (`gzalpha`, `gzbeta`, `gzgamma`, `gzround<N>`) and sometimes
///   Sergei Lavrov; every round adds, deletes and rewrites some, and this model knows which paths each marker
///   query must return.
struct CrashCorpus {
    enum Marker: String, CaseIterable {
        case alpha, beta, gamma
    }

    struct Churn {
        var marker: Marker
        var round: Int
        var mentionsLavrov: Bool
    }

    /// The queries run after every kill: markers that change each round, entity filters that change with them,
    /// and words, phrases and fields over the bulk that change as copies come and go. (Each hit's stored document
    /// is read, which is most of a snapshot's cost: no query matches most of the corpus.)
    static let queries = [
        "gzalpha",
        "gzbeta OR gzgamma",
        "\"crash marker alpha\"",
        "\"marker beta\"~2",
        "gzround*",
        "person:Lavrov",
        "person:Lavrov gzalpha",
        "place:Kyiv gzround*",
        "ceasefire",
        "\"price cap\"",
        "title:sanctions",
        "\"security guarantees\" OR gzgamma",
    ]

    let root: String
    private var random: SplitMix64
    private let sources: [(name: String, text: String, kind: String)]
    private let vocabulary: [String]
    private(set) var churn: [Int: Churn] = [:]
    private var nextChurn = 0
    private var copies: [String] = []
    private var nextCopy = 0
    private var synthetic: [String] = []
    private(set) var bytes = 0

    /// Writes about `targetBytes` of articles under `root`.
    init(root: String, from source: String, seed: UInt64, targetBytes: Int) throws {
        self.root = root
        random = SplitMix64(seed: seed)
        var sources: [(String, String, String)] = []
        let enumerator = FileManager.default.enumerator(atPath: source)
        while let relative = enumerator?.nextObject() as? String {
            let kind = URL(fileURLWithPath: relative).pathExtension
            guard ["txt", "md", "html", "htm"].contains(kind) else { continue }
            // Articles in other encodings are left out: the copies are written back as UTF-8.
            let data = try Data(contentsOf: URL(fileURLWithPath: source + "/" + relative))
            guard let text = String(data: data, encoding: .utf8) else { continue }
            sources.append((URL(fileURLWithPath: relative).lastPathComponent, text, kind))
        }
        sources.sort { $0.0 < $1.0 }
        self.sources = sources
        // Words of the plain-text articles, names included, so synthetic text holds real terms and entities.
        var words: [String] = []
        for (_, text, kind) in sources where kind != "html" && kind != "htm" {
            for word in text.split(whereSeparator: { !$0.isLetter }) where (3...14).contains(word.count) {
                words.append(String(word))
            }
        }
        vocabulary = words
        for directory in ["copies", "synthetic", "churn"] {
            try FileManager.default.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
        }
        while bytes < targetBytes * 6 / 10 { try addCopy() }
        while bytes < targetBytes { try addSynthetic() }
        for _ in 0..<6 { try addChurn(round: 0) }
    }

    var fileCount: Int { copies.count + synthetic.count + churn.count }

    /// One round's change: churn articles added (3), deleted (1) and rewritten (3); a copy replaced by another;
    /// a synthetic article extended, another touched without a change of content (new modification time, same
    /// hash).
    ///
    /// Most rewrites and deletions hit the articles of the previous round: they sit in the small segments of the
    /// last run, which then hold enough tombstones for the merge policy to rewrite them — so that incremental
    /// runs merge often, and kills can land in merges.
    mutating func change(round: Int) throws {
        let recent = churn.keys.filter { churn[$0]!.round == round - 1 }.sorted()
        let older = churn.keys.filter { churn[$0]!.round != round - 1 }.sorted()
        let rewritten = pick(2, from: recent) + pick(1, from: older)
        for id in rewritten {
            var article = churn[id]!
            article.marker = Marker.allCases.filter { $0 != article.marker }[random.below(2)]
            article.round = round
            article.mentionsLavrov.toggle()
            churn[id] = article
            try writeChurn(id)
        }
        if churn.count > 4, let id = pick(1, from: recent.filter { !rewritten.contains($0) }).first {
            churn[id] = nil
            try FileManager.default.removeItem(atPath: churnPath(id))
        }
        for _ in 0..<3 { try addChurn(round: round) }

        let gone = copies.remove(at: random.below(copies.count))
        try FileManager.default.removeItem(atPath: root + "/" + gone)
        try addCopy()

        let extended = root + "/" + synthetic[random.below(synthetic.count)]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: extended))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\n\n" + paragraph(words: 30) + "\n").utf8))
        try handle.close()
        let touched = root + "/" + synthetic[random.below(synthetic.count)]
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: touched)
    }

    /// The paths a marker query must return, or nil for a query over the bulk (checked against the runs only).
    func expectedPaths(_ query: String) -> Set<String>? {
        func paths(_ markers: Set<Marker>) -> Set<String> {
            Set(churn.filter { markers.contains($0.value.marker) }.map { "churn/\(Self.churnName($0.key))" })
        }
        switch query {
        case "gzalpha", "\"crash marker alpha\"": return paths([.alpha])
        case "gzbeta OR gzgamma": return paths([.beta, .gamma])
        case "\"marker beta\"~2": return paths([.beta])
        case "gzround*": return paths(Set(Marker.allCases))
        default: return nil
        }
    }

    // MARK: - Writing articles

    private mutating func addCopy() throws {
        let source = sources[nextCopy % sources.count]
        let path = "copies/\(nextCopy)-\(source.name)"
        nextCopy += 1
        let extra = paragraph(words: 40 + random.below(60))
        var text = source.text
        if source.kind == "html" || source.kind == "htm" {
            if let end = text.range(of: "</body>", options: .caseInsensitive) {
                text.insert(contentsOf: "<p>\(extra)</p>\n", at: end.lowerBound)
            } else {
                text += "\n<p>\(extra)</p>\n"
            }
        } else {
            text += "\n\n" + extra + "\n"
        }
        try write(text, to: path)
        copies.append(path)
    }

    private mutating func addSynthetic() throws {
        let path = "synthetic/\(synthetic.count).txt"
        var text = sentence(words: 6).dropLast() + "\n"
        for _ in 0..<(3 + random.below(4)) {
            text += "\n" + paragraph(words: 40 + random.below(80)) + "\n"
        }
        try write(String(text), to: path)
        synthetic.append(path)
    }

    private mutating func addChurn(round: Int) throws {
        let id = nextChurn
        nextChurn += 1
        churn[id] = Churn(
            marker: Marker.allCases[random.below(Marker.allCases.count)], round: round,
            mentionsLavrov: random.below(2) == 0)
        try writeChurn(id)
    }

    private mutating func writeChurn(_ id: Int) throws {
        let article = churn[id]!
        let marker = article.marker.rawValue
        var text = "Crash marker \(marker) bulletin \(id)\n\n"
        text += "Crash marker \(marker) report number \(id), "
        text += "filed in round gzround\(article.round) by the gz\(marker) desk."
        if article.mentionsLavrov {
            text += " Russian Foreign Minister Sergei Lavrov said the talks in Kyiv would resume."
        }
        text += "\n\n" + paragraph(words: 30) + "\n"
        try write(text, to: "churn/" + Self.churnName(id))
    }

    private static func churnName(_ id: Int) -> String { "c\(id).txt" }

    private func churnPath(_ id: Int) -> String { root + "/churn/" + Self.churnName(id) }

    private mutating func write(_ text: String, to path: String) throws {
        let data = Data(text.utf8)
        try data.write(to: URL(fileURLWithPath: root + "/" + path))
        bytes += data.count
    }

    private mutating func paragraph(words: Int) -> String {
        var text = ""
        var left = words
        while left > 0 {
            let count = min(left, 8 + random.below(12))
            if !text.isEmpty { text += " " }
            text += sentence(words: count)
            left -= count
        }
        return text
    }

    private mutating func sentence(words: Int) -> String {
        var text = ""
        for index in 0..<words {
            let word = vocabulary[random.below(vocabulary.count)]
            if index == 0 {
                text += word.prefix(1).uppercased() + word.dropFirst()
            } else {
                text += " " + word
            }
        }
        return text + "."
    }

    private mutating func pick(_ count: Int, from values: [Int]) -> [Int] {
        var pool = values
        var chosen: [Int] = []
        while chosen.count < count, !pool.isEmpty {
            chosen.append(pool.remove(at: random.below(pool.count)))
        }
        return chosen
    }
}

/// A small seeded generator, so that a failing run is reproduced from its seed.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound (bound > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Uniform in 0...1.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
