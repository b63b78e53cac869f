import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteIndex

/// Writes bytes to a temporary file and maps it.
func mapTemporaryFile(_ bytes: [UInt8], name: String = "s1.terms") throws -> MappedFile {
    let folder = NSTemporaryDirectory() + "gazette-codec-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let file = try MappedFile(path: path)
    try? FileManager.default.removeItem(atPath: folder)  // the mapping stays valid
    return file
}

struct DictionaryModel {
    var terms: [[UInt8]]
    var infos: [TermInfo]
    var bytes: [UInt8]

    /// `count` distinct terms sharing prefixes (so front coding matters), with every kind of metadata.
    init(count: Int, seed: UInt64) {
        var random = CodecRandom(seed: seed)
        var set = Set<[UInt8]>()
        let stems = ["secur", "guarant", "energ", "sanction", "elect", "court", "diplom", "a", "zz", "\u{00e9}t\u{00e9}"]
        while set.count < count {
            var term = Array(stems[random.below(stems.count)].utf8)
            for _ in 0..<random.below(8) { term.append(UInt8(ascii: "a") + UInt8(random.below(26))) }
            if random.below(50) == 0 { term.append(contentsOf: (0..<random.below(200)).map { _ in UInt8(random.below(256)) }) }
            set.insert(term)
        }
        terms = set.sorted { $0.lexicographicallyPrecedes($1) }
        var postings: UInt64 = 8, positions: UInt64 = 8
        infos = terms.indices.map { _ in
            switch random.below(4) {
            case 0:
                return TermInfo(documentFrequency: 1, totalTermFrequency: 1, postingsOffset: 0, positionsOffset: 0,
                                singletonDocument: UInt32(random.below(1_000_000)), singletonPosition: UInt32(random.below(70_000)))
            case 1:
                positions += UInt64(random.below(30))
                return TermInfo(documentFrequency: 1, totalTermFrequency: 2 + UInt64(random.below(100)), postingsOffset: 0,
                                positionsOffset: positions, singletonDocument: UInt32(random.below(1_000_000)))
            default:
                postings += UInt64(random.below(3000))
                positions += UInt64(random.below(9000))
                let df = 2 + UInt32(random.below(random.below(10) == 0 ? 1_000_000 : 100))
                return TermInfo(documentFrequency: df, totalTermFrequency: UInt64(df) + UInt64(random.below(5000)),
                                postingsOffset: postings, positionsOffset: positions)
            }
        }
        var writer = TermDictionaryWriter()
        for (term, info) in zip(terms, infos) {
            term.withUnsafeBufferPointer { writer.add(term: $0, info: info) }
        }
        do {
            bytes = try writer.finish()
        } catch {
            preconditionFailure("a file in memory cannot fail to finish: \(error)")
        }
    }
}

@Suite("Term dictionary: lookup, iteration, prefixes, checksums")
struct TermDictionaryTests {
    @Test(arguments: [1, 31, 32, 33, 64, 1000, 20_000])
    func lookupFindsEveryTermAndNothingElse(count: Int) throws {
        let model = DictionaryModel(count: count, seed: UInt64(count))
        let reader = try TermDictionaryReader(file: try mapTemporaryFile(model.bytes))
        #expect(reader.termCount == UInt64(count))
        try reader.verify()
        let all = Set(model.terms)
        for (term, info) in zip(model.terms, model.infos) {
            #expect(try term.withUnsafeBytes { try reader.lookup($0) } == info)
            // Absent neighbours: a byte more, a byte less.
            var longer = term
            longer.append(0)
            if !all.contains(longer) {
                #expect(try longer.withUnsafeBytes { try reader.lookup($0) } == nil)
            }
        }
        #expect(try [UInt8]().withUnsafeBytes { try reader.lookup($0) } == nil)
        #expect(try [UInt8](repeating: 0xFF, count: 300).withUnsafeBytes { try reader.lookup($0) } == nil)
        var seen: [([UInt8], TermInfo)] = []
        try reader.forEach { seen.append((Array($0), $1)) }
        #expect(seen.map(\.0) == model.terms)
        #expect(seen.map(\.1) == model.infos)
    }

    /// A walk that skips past prefixes (as a fuzzy walk does) visits exactly the terms a plain filter of the
    /// sorted terms keeps, across blocks and past runs ending in 0xFF bytes.
    @Test(arguments: [1, 2, 3, 5])
    func walksSkipPastPrefixes(length: Int) throws {
        let model = DictionaryModel(count: 5000, seed: 11)
        let reader = try TermDictionaryReader(file: try mapTemporaryFile(model.bytes))
        // Each term with an even byte at `length` - 1 asks to skip every term sharing its first `length` bytes.
        func skips(_ term: some Collection<UInt8>) -> Bool { term.count >= length && Array(term)[length - 1] % 2 == 0 }
        var expected: [[UInt8]] = []
        var skipping: [UInt8]?
        for term in model.terms {
            if let prefix = skipping, term.starts(with: prefix) { continue }
            skipping = nil
            expected.append(term)
            if skips(term) { skipping = Array(term.prefix(length)) }
        }
        var visited: [[UInt8]] = []
        try [UInt8]().withUnsafeBytes { start in
            try reader.walk(from: start) { term, _ in
                visited.append(Array(term))
                return skips(term) ? .skipPast(prefixLength: length) : .next
            }
        }
        #expect(visited == expected)
        #expect(visited.count < model.terms.count)
        let allFF = [UInt8](repeating: 0xFF, count: 3)
        var last: [UInt8] = []
        try allFF.withUnsafeBytes { start in
            try reader.walk(from: start) { term, _ in
                last = Array(term)
                return .skipPast(prefixLength: 1)
            }
        }
        #expect(last.isEmpty || last[0] == 0xFF, "a skip past 0xFF… ends the walk")
    }

    @Test func prefixesAcrossBlocks() throws {
        let model = DictionaryModel(count: 5000, seed: 3)
        let reader = try TermDictionaryReader(file: try mapTemporaryFile(model.bytes))
        for prefix in ["", "s", "secur", "securz", "guarant", "a", "zz", "zzz", "\u{00e9}", "~", "0"] {
            let p = Array(prefix.utf8)
            let expected = zip(model.terms, model.infos).filter { $0.0.starts(with: p) }
            for limit in [0, 1, 31, 33, 100, 10_000] {
                let found = try p.withUnsafeBytes { try reader.terms(withPrefix: $0, limit: limit) }
                #expect(found.terms.map(\.0) == Array(expected.prefix(limit)).map(\.0), "prefix \(prefix) limit \(limit)")
                #expect(found.terms.map(\.1) == Array(expected.prefix(limit)).map(\.1))
                #expect(found.truncated == (expected.count > limit))
            }
        }
    }

    @Test func emptyDictionary() throws {
        var writer = TermDictionaryWriter()
        let reader = try TermDictionaryReader(file: try mapTemporaryFile(try writer.finish()))
        #expect(reader.termCount == 0)
        #expect(try [UInt8](Array("a".utf8)).withUnsafeBytes { try reader.lookup($0) } == nil)
        #expect(try [UInt8]().withUnsafeBytes { try reader.terms(withPrefix: $0, limit: 10) }.terms.isEmpty)
        try reader.verify()
    }

    /// Every byte flipped in turn: opening, looking every term up and iterating must give exactly the right
    /// answers or throw a `.corrupt` naming the file — never a wrong answer, never a trap.
    @Test func everyFlippedByteIsDetectedOrHarmless() throws {
        let model = DictionaryModel(count: 70, seed: 11)  // 3 blocks
        var bytes = model.bytes
        var undetected = 0
        for offset in bytes.indices {
            bytes[offset] ^= 0x04
            defer { bytes[offset] ^= 0x04 }
            let file = try mapTemporaryFile(bytes)
            let reader: TermDictionaryReader
            do {
                reader = try TermDictionaryReader(file: file)
            } catch {
                #expect(isCorruptionNamingFile(error, file.path))
                continue
            }
            var detected = false
            do {
                try reader.verify()
            } catch {
                #expect(isCorruptionNamingFile(error, file.path))
                detected = true
            }
            for (term, info) in zip(model.terms, model.infos) {
                do {
                    let found = try term.withUnsafeBytes { try reader.lookup($0) }
                    #expect(found == info, "byte \(offset) flipped: lookup misread")
                } catch {
                    #expect(isCorruptionNamingFile(error, file.path))
                    detected = true
                }
            }
            do {
                var seen: [([UInt8], TermInfo)] = []
                try reader.forEach { seen.append((Array($0), $1)) }
                #expect(seen.map(\.0) == model.terms, "byte \(offset) flipped: iteration misread")
                #expect(seen.map(\.1) == model.infos)
            } catch {
                detected = true
            }
            if !detected { undetected += 1 }
        }
        // Only the header's version/magic are caught by validate; the footer CRC is the full-file check's job.
        #expect(undetected <= 8)
    }

    @Test func truncatedOrForeignFilesAreRefused() throws {
        let model = DictionaryModel(count: 100, seed: 12)
        for cut in [0, 4, 8, 15, 16, 30, model.bytes.count / 2, model.bytes.count - 1] {
            #expect(throws: IndexError.self) { try TermDictionaryReader(file: try mapTemporaryFile(Array(model.bytes[0..<cut]))) }
        }
        var other = model.bytes
        other[4] = 1  // format version 1
        #expect(throws: IndexError.self) { try TermDictionaryReader(file: try mapTemporaryFile(other)) }
    }

    func isCorruptionNamingFile(_ error: any Error, _ path: String) -> Bool {
        switch error as? IndexError {
        case .corrupt(let file, _)?: return file == path
        case .unsupportedVersion(let file, _, _)?: return file == path
        case .foreignFile(let file)?: return file == path
        default: return false
        }
    }
}
