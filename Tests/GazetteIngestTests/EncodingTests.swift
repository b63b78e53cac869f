import Testing
@testable import GazetteIngest

@Suite("Encoding detection and decoding")
struct EncodingTests {
    /// "“Smart” café’s" in Windows-1252.
    static let smartCafe: [UInt8] = [0x93] + Array("Smart".utf8) + [0x94] + Array(" caf".utf8) + [0xE9, 0x92, 0x73]
    static let smartCafeDecoded = "\u{201C}Smart\u{201D} caf\u{E9}\u{2019}s"

    static func page(head: String, body: [UInt8]) -> [UInt8] {
        Array("<html><head>\(head)<title>t</title></head><body><p>".utf8) + body + Array("</p></body></html>".utf8)
    }

    @Test func metaCharsetWindows1252() throws {
        let doc = try htmlBytes(Self.page(head: #"<meta charset="windows-1252">"#, body: Self.smartCafe))
        #expect(doc.text == Self.smartCafeDecoded)
    }

    @Test func httpEquivContentTypeWithLatin1LabelDecodesAsWindows1252() throws {
        let head = #"<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=ISO-8859-1">"#
        let doc = try htmlBytes(Self.page(head: head, body: Self.smartCafe))
        #expect(doc.text == Self.smartCafeDecoded)
    }

    @Test func unquotedMetaCharset() throws {
        let doc = try htmlBytes(Self.page(head: "<meta charset=cp1252 >", body: Self.smartCafe))
        #expect(doc.text == Self.smartCafeDecoded)
    }

    @Test func undeclaredInvalidUTF8FallsBackToWindows1252() throws {
        let doc = try htmlBytes(Self.page(head: "", body: Self.smartCafe))
        #expect(doc.text == Self.smartCafeDecoded)
    }

    @Test func pageLabelledUTF8ThatIsNotUTF8IsReadAsWindows1252() throws {
        let doc = try htmlBytes(Self.page(head: #"<meta charset="utf-8">"#, body: Self.smartCafe))
        #expect(doc.text == Self.smartCafeDecoded)
    }

    @Test func pageLabelledLatin1WhoseBytesAreUTF8IsReadAsUTF8() throws {
        let doc = try html("<meta charset=iso-8859-1><p>Zürich \u{2014} Kyiv</p>")
        #expect(doc.text == "Zürich \u{2014} Kyiv")
    }

    @Test func mostlyUTF8PageWithAStrayByteIsRepaired() throws {
        let body = Array("Zürich — Genève — Besançon — Köln ".utf8) + [0xFF] + Array(" end".utf8)
        let doc = try htmlBytes(Self.page(head: "", body: body))
        #expect(doc.text == "Zürich — Genève — Besançon — Köln \u{FFFD} end")
    }

    @Test func utf8ByteOrderMarkIsStripped() throws {
        let doc = try htmlBytes([0xEF, 0xBB, 0xBF] + Array("<p>caf\u{E9}</p>".utf8))
        #expect(doc.text == "caf\u{E9}")
    }

    @Test func utf16PagesWithByteOrderMarks() throws {
        let page = "<html><head><title>Σ title</title></head><body><p>Привет, мир</p></body></html>"
        let units = Array(page.utf16)
        let little: [UInt8] = [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for bytes in [little, big] {
            let doc = try htmlBytes(bytes)
            #expect(doc.title == "Σ title")
            #expect(doc.text == "Привет, мир")
        }
    }

    @Test func encodingsOnlyIconvKnowsGoThroughLibxml2() throws {
        // "Мир" in KOI8-R and "日本" in Shift_JIS.
        let koi8 = try htmlBytes(Self.page(head: "<meta charset=KOI8-R>", body: [0xED, 0xC9, 0xD2]))
        #expect(koi8.text == "Мир")
        let sjis = try htmlBytes(Self.page(head: #"<meta charset="shift_jis">"#, body: [0x93, 0xFA, 0x96, 0x7B]))
        #expect(sjis.text == "日本")
    }

    @Test func unknownCharsetFallsBackToTheBytes() throws {
        let doc = try html(#"<meta charset="x-no-such-encoding"><p>caf\#u{E9}</p>"#)
        #expect(doc.text == "caf\u{E9}")
        let legacy = try htmlBytes(Self.page(head: "<meta charset=bogus>", body: Self.smartCafe))
        #expect(legacy.text == Self.smartCafeDecoded)
    }

    @Test func bytesInvalidForTheDeclaredEncodingDoNotFailThePage() throws {
        // 0xFF is not a Shift_JIS lead byte: iconv fails, and the page is read from its bytes instead.
        let doc = try htmlBytes(Self.page(head: "<meta charset=shift_jis>", body: Array("ok ".utf8) + [0xFF, 0xFF]))
        #expect(doc.text.hasPrefix("ok"))
    }

    @Test func xmlDeclarationEncoding() throws {
        let bytes = Array(#"<?xml version="1.0" encoding="windows-1252"?><html><body><p>"#.utf8) + Self.smartCafe
            + Array("</p></body></html>".utf8)
        let doc = try htmlBytes(bytes, path: "page.xhtml")
        #expect(doc.text == Self.smartCafeDecoded)
    }

    @Test func windows1252MapsTheC1RangeLikeBrowsers() {
        let bytes: [UInt8] = [0x80, 0x85, 0x91, 0x92, 0x96, 0x97, 0x99, 0x81, 0xA0, 0xFF]
        let decoded = bytes.withUnsafeBytes { Windows1252.decodeToUTF8($0) }
        #expect(String(decoding: decoded, as: UTF8.self) == "€…‘’–—™\u{81}\u{A0}ÿ")
    }

    @Test func utf8ScannerRejectsOverlongsSurrogatesAndTruncation() {
        func summary(_ bytes: [UInt8]) -> UTF8Scanner.Summary { bytes.withUnsafeBytes { UTF8Scanner.scan($0) } }
        #expect(summary(Array("plain ascii text, long enough for the fast path".utf8)).isValid)
        #expect(summary(Array("é€😀".utf8)) == UTF8Scanner.Summary(invalidSequences: 0, multibyteScalars: 3))
        #expect(!summary([0xC0, 0xAF]).isValid)  // overlong "/"
        #expect(!summary([0xED, 0xA0, 0x80]).isValid)  // surrogate
        #expect(!summary([0xF4, 0x90, 0x80, 0x80]).isValid)  // above U+10FFFF
        #expect(!summary([0xE2, 0x82]).isValid)  // truncated
        let repaired = ([0x61, 0xE2, 0x82, 0x62] as [UInt8]).withUnsafeBytes { UTF8Scanner.repaired($0) }
        #expect(String(decoding: repaired, as: UTF8.self) == "a\u{FFFD}b")
    }

    /// `UTF8Scanner.string(decoding:)` joins ASCII runs and what lies between them; it must give exactly the
    /// standard library's string, repairs included, for texts of every mix: long ASCII runs cut by curly quotes,
    /// ill-formed bytes (stray continuations, truncated sequences, surrogates, overlongs) at a run's edges,
    /// text ending in the middle of a sequence, and runs just under and over the length that becomes a piece.
    @Test func decodingByASCIIRunsGivesTheStandardLibrarysString() {
        var random = SplitMix(seed: 2026)
        let pieces: [[UInt8]] = [
            Array("\u{2019}".utf8), Array("é".utf8), Array("𝔊".utf8), [0x80], [0xBF], [0xE2, 0x80], [0xF0, 0x9F],
            [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xFF], [0xE2], Array("\u{301}".utf8),
        ]
        var sawPieces = 0
        for round in 0..<400 {
            var bytes: [UInt8] = []
            let target = Int(random.next() % 3000)
            while bytes.count < target {
                let roll = random.next() % 10
                if roll < 4 {
                    // An ASCII run around the length that becomes a piece of its own.
                    let length = Int(random.next() % UInt64(2 * UTF8Scanner.minimumASCIIRun + 10))
                    bytes += (0..<length).map { _ in UInt8(0x20 + random.next() % 0x5F) }
                } else {
                    bytes += pieces[Int(random.next() % UInt64(pieces.count))]
                }
            }
            if round % 7 == 0 { bytes += [0xE2, 0x80] }  // ends inside a sequence
            let expected = String(decoding: bytes, as: UTF8.self)
            let made = bytes.withUnsafeBytes { UTF8Scanner.string(decoding: $0) }
            #expect(Array(made.utf8) == Array(expected.utf8), "round \(round)")
            #expect(made == expected)
            if bytes.count >= 2 * UTF8Scanner.minimumASCIIRun { sawPieces += 1 }
        }
        #expect(sawPieces > 100)
        // All ASCII, and none: one piece each.
        let ascii = [UInt8](repeating: 0x61, count: 5000)
        #expect(ascii.withUnsafeBytes { UTF8Scanner.string(decoding: $0) } == String(repeating: "a", count: 5000))
        let quotes = Array(String(repeating: "\u{2019}", count: 2000).utf8)
        #expect(quotes.withUnsafeBytes { UTF8Scanner.string(decoding: $0) } == String(repeating: "\u{2019}", count: 2000))
    }
}
