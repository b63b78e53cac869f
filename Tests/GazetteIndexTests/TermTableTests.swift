import Testing
@testable import GazetteIndex

@Suite("Term table: interning and the dictionary's order")
struct TermTableTests {
    /// `sortedIDs` decides most comparisons on a number made of a term's first eight bytes; the order must still
    /// be the bytes' order for terms that share those bytes, that are prefixes of one another, hold zero bytes
    /// (which the padding also uses) or bytes above 0x7F, and are empty.
    @Test func sortedIDsOrderTermsByTheirBytes() {
        var random = CodecRandom(seed: 808)
        var table = TermTable(capacity: 64)
        var terms: [[UInt8]] = [[], [0], [0, 0], [0x61], [0x61, 0], [0x61, 0, 0, 0, 0, 0, 0, 0, 1], [0xFF], [0x7F, 0x80]]
        let alphabet: [UInt8] = [0, 1, 0x61, 0x62, 0x7F, 0x80, 0xC3, 0xFF]
        for _ in 0..<3000 {
            let length = Int(random.next() % 14)
            var term = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            // Many share a long prefix, so that the first eight bytes often tie.
            if random.next() % 2 == 0 { term = [0x61, 0x62, 0x61, 0x62, 0x61, 0x62, 0x61] + term }
            terms.append(term)
        }
        var ids: [Int: [UInt8]] = [:]
        for term in terms {
            let id = term.withUnsafeBufferPointer { table.intern($0) }
            if let known = ids[Int(id)] { #expect(known == term) }
            ids[Int(id)] = term
        }
        #expect(table.count == Set(terms).count)
        let sorted = table.sortedIDs().map { ids[$0]! }
        #expect(sorted == Set(terms).sorted { $0.lexicographicallyPrecedes($1) })
    }
}
