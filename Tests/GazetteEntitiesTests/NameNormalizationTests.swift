import Testing
@testable import GazetteEntities

/// The ASCII fast path of `EntityNameMatcher.normalize`, and its form on bytes, give what the general path gives.
@Suite("Name normalisation")
struct NameNormalizationTests {
    @Test func theASCIIPathAgreesWithTheGeneralOne() {
        var names = [
            "Sergei Lavrov", "the United States", "The  New-York   Times", "U.S.", "Lavrov's", "McDonald`s", " lead",
            "trail ", "A.B.C. Co.", "the", "The ", "o'Brien - Smith", "\tTabbed\nName\r", "X-", "-Y", "the's", "'s",
            "HELLO WORLD", "a . b", "Linux Kernel", "",
        ]
        // Random ASCII names over the characters the rules treat specially, with a fixed seed.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let alphabet = Array("aZ .-`'s\tthe T\nr".utf8)
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<Int(state >> 60) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            names.append(String(decoding: bytes, as: UTF8.self))
        }
        for name in names {
            #expect(EntityNameMatcher.normalizeASCII(name) == EntityNameMatcher.normalizeUnicode(name), "\(name.debugDescription)")
        }
        // The bytes form, into one reused buffer, gives the same bytes for ASCII and other names.
        var buffer: [UInt8] = []
        for name in names + ["Zürich's", "The Café Müller", "Łódź – Kraków", "the Ærø"] {
            var copy = name
            copy.withUTF8 { EntityNameMatcher.normalize(bytes: UnsafeRawBufferPointer($0), into: &buffer) }
            #expect(String(decoding: buffer, as: UTF8.self) == EntityNameMatcher.normalize(name), "\(name.debugDescription)")
        }
        // The pointer form (a `mentions` pass over every name) into one scratch buffer: the same range of bytes,
        // nil for a name outside ASCII.
        let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64)
        defer { scratch.deallocate() }
        for name in names + ["Zürich's"] {
            var copy = name
            let range = copy.withUTF8 { EntityNameMatcher.normalizeASCII(bytes: UnsafeRawBufferPointer($0), into: scratch) }
            if name.utf8.allSatisfy({ $0 < 0x80 }) {
                #expect(range.map { String(decoding: scratch[$0], as: UTF8.self) } == EntityNameMatcher.normalize(name))
            } else {
                #expect(range == nil)
            }
        }
        #expect(EntityNameMatcher.normalize("The New-York Times") == "new york times")
        #expect(EntityNameMatcher.normalize("Zürich's") == "zurich")
    }
}
