import Foundation
import Testing
@testable import GazetteSearch

private let esc = "\u{1B}"

private func sampleResult(title: String? = "Russia offers security guarantees", score: Double = 3.21059) -> SearchResult {
    let snippet = Snippet(
        text: "\u{2026}Foreign Minister Sergei Lavrov said the security guarantees were firm\u{2026}",
        highlights: [
            Highlight(start: 18, end: 31, text: "Sergei Lavrov", kind: "PERSON", entity: "Sergei Lavrov"),
            Highlight(start: 25, end: 31, text: "Lavrov", kind: "match"),
            Highlight(start: 41, end: 60, text: "security guarantees", kind: "match"),
        ])
    return SearchResult(query: "\"security guarantees\" Lavrov", total: 2, hits: [
        SearchHit(rank: 1, path: "corpus/2022/lavrov.html", title: title, score: score, snippet: snippet),
        SearchHit(rank: 2, path: "corpus/2022/other.txt", title: nil, score: 1.5,
                  snippet: Snippet(text: "Zürich — Genève", highlights: [Highlight(start: 0, end: 6, text: "Zürich", kind: "match")])),
    ])
}

private func parseJSON(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any])
}

private func scalars(_ text: String, _ start: Int, _ end: Int) -> String {
    String(String.UnicodeScalarView(Array(text.unicodeScalars)[start..<end]))
}

@Suite("JSON output")
struct JSONRenderTests {
    @Test func parsesBackWithEveryField() throws {
        let output = JSONRenderer.render(sampleResult())
        #expect(!output.contains("\n"))
        let json = try parseJSON(output)
        #expect(json["query"] as? String == "\"security guarantees\" Lavrov")
        #expect(json["total"] as? Int == 2)
        let hits = try #require(json["hits"] as? [[String: Any]])
        #expect(hits.count == 2)
        #expect(hits[0]["rank"] as? Int == 1)
        #expect(hits[0]["path"] as? String == "corpus/2022/lavrov.html")
        #expect(hits[0]["title"] as? String == "Russia offers security guarantees")
        #expect(hits[0]["score"] as? Double == 3.2106)
        #expect(hits[1]["title"] is NSNull)
        #expect(hits[1]["score"] as? Double == 1.5)
        let highlights = try #require(hits[0]["highlights"] as? [[String: Any]])
        #expect(highlights.map { $0["kind"] as? String } == ["PERSON", "match", "match"])
        #expect(highlights[0]["entity"] as? String == "Sergei Lavrov")
        #expect(highlights[1]["entity"] == nil)
    }

    @Test func offsetsIndexTheSnippetText() throws {
        let hits = try #require(try parseJSON(JSONRenderer.render(sampleResult()))["hits"] as? [[String: Any]])
        for hit in hits {
            let snippet = try #require(hit["snippet"] as? String)
            for highlight in try #require(hit["highlights"] as? [[String: Any]]) {
                let start = try #require(highlight["start"] as? Int)
                let end = try #require(highlight["end"] as? Int)
                #expect(scalars(snippet, start, end) == highlight["text"] as? String)
            }
        }
    }

    /// The escaping rule written scalar by scalar, as plainly as possible: the byte-run writer must agree with it.
    static func referenceQuoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                let value = scalar.value
                if value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
                    || (0x2066...0x2069).contains(value) || value == 0x2028 || value == 0x2029
                    || (0xEF80...0xEFFF).contains(value) {
                    let digits = String(value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    @Test func escapingAgreesWithTheScalarRuleOnRandomText() {
        // Every scalar near an edge of an escaped range, and ordinary text of every UTF-8 length around them.
        let edges: [UInt32] = [0x0, 0x1F, 0x20, 0x22, 0x5C, 0x7E, 0x7F, 0x80, 0x9F, 0xA0, 0xE9, 0x7FF, 0x800, 0x2027,
                               0x2028, 0x2029, 0x202A, 0x202E, 0x202F, 0x2065, 0x2066, 0x2069, 0x206A, 0xE000, 0xEF7F,
                               0xEF80, 0xEFFF, 0xF000, 0xFFFD, 0x10000, 0x1F600, 0x10FFFF, 0x0A, 0x0D, 0x09]
        var state: UInt64 = 12345
        for _ in 0..<2000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int(state % 40) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let pick = Int(state >> 33)
                let value = pick % 3 == 0 ? UInt32(0x61 + pick % 26) : edges[pick % edges.count]
                if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            }
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let text = String(scalars)
            var written = ""
            JSONWriter.appendQuoted(text, to: &written)
            #expect(written == Self.referenceQuoted(text), "\(Array(text.unicodeScalars.map(\.value)))")
        }
    }

    @Test func stringsSurviveEscaping() throws {
        let nasty = "quote \" backslash \\ newline \n tab \t esc \u{1B}[31m nul \u{0} c1 \u{9B} rlo \u{202E} ls \u{2028} emoji \u{1F600} é"
        let result = SearchResult(query: nasty, total: 1, hits: [
            SearchHit(rank: 1, path: nasty, title: nasty, score: 1, snippet: Snippet(text: nasty, highlights: [])),
        ])
        let output = JSONRenderer.render(result)
        // Safe to print on a terminal as well as valid JSON.
        #expect(!output.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" })
        #expect(output.contains("\\u001b[31m"))
        let json = try parseJSON(output)
        #expect(json["query"] as? String == nasty)
        let hit = try #require((json["hits"] as? [[String: Any]])?.first)
        #expect(hit["title"] as? String == nasty)
        #expect(hit["snippet"] as? String == nasty)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteScoresStayValidJSON(score: Double) throws {
        let hits = try #require(try parseJSON(JSONRenderer.render(sampleResult(score: score)))["hits"] as? [[String: Any]])
        #expect(hits[0]["score"] as? Double == 0)
    }

    @Test func noHitsIsAnEmptyArray() throws {
        let output = JSONRenderer.render(SearchResult(query: "x", total: 0, hits: []))
        #expect(output == #"{"query": "x", "total": 0, "hits": []}"#)
    }

    @Test func writerProducesCompactOrderedJSON() {
        var json = JSONWriter()
        json.beginObject()
        json.field("a", 1)
        json.key("b")
        json.beginArray()
        json.bool(true)
        json.null()
        json.string("x")
        json.number(-0.00001)
        json.number(2.5)
        json.number(1e20)
        json.endArray()
        json.key("c")
        json.beginObject()
        json.endObject()
        json.field("d", nil as String?)
        json.endObject()
        #expect(json.output == #"{"a": 1, "b": [true, null, "x", 0, 2.5, 1e+20], "c": {}, "d": null}"#)
    }
}

@Suite("Terminal output")
struct TerminalRenderTests {
    @Test func plainOutputHasTitleScorePathSnippetAndCount() {
        let output = TerminalRenderer(color: false).render(sampleResult())
        #expect(output == """
            1. Russia offers security guarantees  (score 3.21)
               corpus/2022/lavrov.html
               \u{2026}Foreign Minister Sergei Lavrov said the security guarantees were firm\u{2026}

            2. other.txt  (score 1.50)
               corpus/2022/other.txt
               Zürich — Genève

            2 documents matched '"security guarantees" Lavrov'

            """)
    }

    @Test func countLineSaysHowManyAreShown() {
        var result = sampleResult()
        result.total = 42
        #expect(TerminalRenderer(color: false).render(result).hasSuffix("42 documents matched '\"security guarantees\" Lavrov' (showing 2)\n"))
        var quoted = sampleResult()
        quoted.query = "\"Lavrov's visit\""
        #expect(TerminalRenderer(color: false).render(quoted).hasSuffix("2 documents matched \"\"Lavrov's visit\"\"\n"))
        #expect(TerminalRenderer(color: false).render(SearchResult(query: "x", total: 1, hits: []))
            == "1 document matched \"x\" (showing 0)\n")
    }

    @Test func plainOutputHasNoEscapesEvenFromHostileDocuments() {
        let hostile = "Evil \u{1B}[31mred\u{1B}]0;pwned\u{7} \r\u{8}\u{9B}2J \u{202E}txt.exe\u{2066}"
        let result = SearchResult(query: hostile, total: 1, hits: [
            SearchHit(rank: 1, path: "corpus/\(hostile).html", title: hostile, score: 1,
                      snippet: Snippet(text: hostile, highlights: [Highlight(start: 0, end: 4, text: "Evil", kind: "match")])),
        ])
        let output = TerminalRenderer(color: false).render(result)
        #expect(!output.contains(esc))
        #expect(!output.unicodeScalars.contains {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
                || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
        })
        #expect(output.contains("Evil \u{FFFD}[31mred\u{FFFD}]0;pwned\u{FFFD}"))
    }

    @Test func colourOutputStylesMatchesAndEntities() {
        let output = TerminalRenderer(color: true).render(sampleResult())
        #expect(output.contains("\(esc)[1;33mLavrov\(esc)[0m"))
        #expect(output.contains("\(esc)[1;33msecurity guarantees\(esc)[0m"))
        #expect(output.contains("\(esc)[36mSergei \(esc)[0m"))
        #expect(output.contains("\(esc)[1m1. Russia offers security guarantees\(esc)[0m"))
        #expect(output.contains("\(esc)[2mcorpus/2022/lavrov.html\(esc)[0m"))
    }

    @Test func colourOutputEmitsOnlyItsOwnEscapes() {
        let result = sampleResult(title: "Evil \u{1B}[31mred")
        let output = TerminalRenderer(color: true).render(result)
        #expect(!output.contains("\(esc)[31m"))
        var stripped = output
        for code in ["[0m", "[1m", "[2m", "[1;33m", "[36m"] { stripped = stripped.replacingOccurrences(of: esc + code, with: "") }
        #expect(!stripped.contains(esc))
    }

    @Test func entityKindsHaveDistinctColours() {
        let colours = ["PERSON", "ORG", "PLACE", "NORP", "DATE"].map(TerminalStyle.entity)
        #expect(Set(colours).count == colours.count)
        #expect(!colours.contains(TerminalStyle.match))
    }

    @Test func snippetsWrapWithinTheWidth() {
        let words = (0..<60).map { "word\($0)" }.joined(separator: " ")
        let result = SearchResult(query: "word1", total: 1, hits: [
            SearchHit(rank: 1, path: "a.txt", title: "A", score: 1,
                      snippet: Snippet(text: words, highlights: [Highlight(start: 5, end: 10, text: "word1", kind: "match")])),
        ])
        for color in [false, true] {
            let output = TerminalRenderer(color: color, width: 40).render(result)
            let lines = output.replacingOccurrences(of: "\(esc)[1;33m", with: "").replacingOccurrences(of: "\(esc)[0m", with: "")
                .replacingOccurrences(of: "\(esc)[1m", with: "").replacingOccurrences(of: "\(esc)[2m", with: "")
                .split(separator: "\n")
            #expect(lines.allSatisfy { $0.count <= 40 })
            let snippetLines = lines.dropFirst(2).dropLast()
            #expect(snippetLines.count > 5)
            #expect(snippetLines.allSatisfy { $0.hasPrefix("   word") })
            #expect(snippetLines.map { $0.dropFirst(3) }.joined(separator: " ") == words)
        }
    }

    /// Printable ASCII is one column without a property look-up; other scripts keep theirs.
    @Test func columnsOfASCIIAndOfOtherScripts() {
        for value in UInt32(0x20)..<0x7F {
            let scalar = Unicode.Scalar(value)!
            #expect(TerminalStyle.columns(scalar) == (scalar.properties.isGraphemeExtend ? 0 : 1))
        }
        #expect(TerminalStyle.columns("東") == 2)
        #expect(TerminalStyle.columns("\u{301}") == 0)
        #expect(TerminalStyle.columns("é") == 1)
    }

    /// Any Unicode white space separates words (and prints as one space); a no-break space and an ideographic
    /// space as well as ASCII's.
    @Test func snippetsBreakAtUnicodeWhiteSpace() {
        let text = "東京 cafe\u{301}\u{3000}naïve\u{A0}x\u{2003}end"
        let result = SearchResult(query: "x", total: 1, hits: [
            SearchHit(rank: 1, path: "a.txt", title: "A", score: 1, snippet: Snippet(text: text, highlights: [])),
        ])
        let lines = TerminalRenderer(color: false, width: 100).render(result).split(separator: "\n")
        #expect(lines.contains("   東京 cafe\u{301} naïve x end"))
        // Width 22 leaves 20 columns: "東京" takes 4 and the accent none, so "end" no longer fits.
        let narrow = TerminalRenderer(color: false, width: 22).render(result).split(separator: "\n")
        #expect(narrow.contains("   東京 cafe\u{301} naïve x"))
        #expect(narrow.contains("   end"))
    }

    @Test func sanitizeKeepsOneScalarPerScalar() {
        let text = "a\u{1B}b\tc\nd\u{202E}e\u{85}f"
        let clean = TerminalStyle.sanitize(text)
        #expect(clean == "a\u{FFFD}b c d\u{FFFD}e\u{FFFD}f")
        #expect(clean.unicodeScalars.count == text.unicodeScalars.count)
    }
}

@Suite("Colour choice")
struct ColorChoiceTests {
    @Test func autoNeedsATerminalThatIsNotDumb() {
        #expect(shouldUseColor(.auto, isTTY: true, environment: ColorEnvironment(term: "xterm-256color")))
        #expect(shouldUseColor(.auto, isTTY: true, environment: ColorEnvironment()))
        #expect(!shouldUseColor(.auto, isTTY: false, environment: ColorEnvironment(term: "xterm-256color")))
        #expect(!shouldUseColor(.auto, isTTY: true, environment: ColorEnvironment(term: "dumb")))
    }

    @Test func noColorTurnsColourOffUnlessAlways() {
        #expect(!shouldUseColor(.auto, isTTY: true, environment: ColorEnvironment(noColor: "1", term: "xterm")))
        #expect(shouldUseColor(.auto, isTTY: true, environment: ColorEnvironment(noColor: "", term: "xterm")))
        #expect(shouldUseColor(.always, isTTY: false, environment: ColorEnvironment(noColor: "1", term: "dumb")))
        #expect(!shouldUseColor(.never, isTTY: true, environment: ColorEnvironment(term: "xterm")))
    }
}
