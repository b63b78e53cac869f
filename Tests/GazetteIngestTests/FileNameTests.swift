import GazetteFileNames
import Testing

@Suite("File names as strings, and their terminal escapes")
struct FileNameTests {
    private func string(_ bytes: [UInt8]) -> String {
        FileName.string(fromBytes: bytes)
    }

    @Test func utf8NamesAreTheirOwnString() {
        for name in ["plain.txt", "with space.txt", "new\nline.txt", "Zürich — Genève.html", "日本.md", "😀.txt"] {
            #expect(string(Array(name.utf8)) == name)
            #expect(FileName.bytes(of: name) == Array(name.utf8))
            #expect(!FileName.hasRawBytes(name))
        }
    }

    @Test func bytesThatAreNotUTF8RoundTrip() {
        let cases: [[UInt8]] = [
            Array("caf".utf8) + [0xE9] + Array(".txt".utf8),        // Latin-1 é
            [0xFF, 0xFE, 0x80],                                        // never valid
            [0xC3],                                                    // truncated sequence
            [0xE2, 0x82],                                              // truncated 3-byte sequence
            [0xED, 0xA0, 0x80],                                        // encoded surrogate
            [0xC0, 0xAF],                                              // overlong "/"
            [0xF4, 0x90, 0x80, 0x80],                                  // above U+10FFFF
            [0xEE, 0xBE, 0x80],                                        // valid U+EF80: the escape range itself
            Array("a".utf8) + [0xEE, 0xBF, 0xBF, 0xE9] + Array("z".utf8),
        ]
        for bytes in cases {
            let name = string(bytes)
            #expect(FileName.bytes(of: name) == bytes, "\(bytes)")
            #expect(FileName.hasRawBytes(name))
            #expect(!name.unicodeScalars.contains("\u{FFFD}"))
        }
    }

    @Test func randomByteStringsRoundTripAndNeverCollide() {
        var generator = SplitMix(seed: 42)
        var seen: [[UInt8]: [UInt8]] = [:]
        for _ in 0..<5_000 {
            let length = Int(generator.next() % 12) + 1
            // Bias towards bytes around the escape range and UTF-8 lead bytes.
            let alphabet: [UInt8] = [0x41, 0x2E, 0x80, 0xBE, 0xBF, 0xC3, 0xA9, 0xE9, 0xEE, 0xEF, 0xF0, 0xFF, 0x9F]
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let name = string(bytes)
            #expect(FileName.bytes(of: name) == bytes)
            // Two different names never share a string (compared as UTF-8: String's == is canonical equivalence).
            let key = Array(name.utf8)
            if let earlier = seen[key] { #expect(earlier == bytes) }
            seen[key] = bytes
        }
    }

    @Test func cStringsCarryTheOriginalBytes() {
        let bytes = Array("dir/caf".utf8) + [0xE9] + Array(".txt".utf8)
        let name = string(bytes)
        let passed = FileName.withCString(name) { pointer in
            Array(UnsafeBufferPointer(start: pointer, count: bytes.count + 1)).map { UInt8(bitPattern: $0) }
        }
        #expect(passed == bytes + [0])
    }

    @Test func terminalEscapesAreVisibleAndExact() {
        #expect(TerminalEscaping.escaped("plain name.txt") == "plain name.txt")
        #expect(TerminalEscaping.escaped("new\nline\tand\rreturn") == "new\\nline\\tand\\rreturn")
        #expect(TerminalEscaping.escaped("\u{1B}[2Jclear\u{07}") == "\\x1B[2Jclear\\x07")
        #expect(TerminalEscaping.escaped("del\u{7F}c1\u{9B}") == "del\\x7Fc1\\u{9B}")
        #expect(TerminalEscaping.escaped("\u{202E}txt.exe\u{2066}") == "\\u{202E}txt.exe\\u{2066}")
        #expect(TerminalEscaping.escaped(string(Array("caf".utf8) + [0xE9] + Array(".txt".utf8))) == "caf\\xE9.txt")
        // Everything a terminal could act on is gone.
        let hostile = string((0..<256).map { UInt8($0) }.filter { $0 != 0 && $0 != 0x2F })
        let escaped = TerminalEscaping.escaped(hostile)
        #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(!escaped.unicodeScalars.contains { (0xEF80...0xEFFF).contains($0.value) })
    }
}

/// A small deterministic generator, so a failure can be reproduced.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
