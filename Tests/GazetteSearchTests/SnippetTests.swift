import GazetteIndex
import GazetteTestSupport
import Testing
@testable import GazetteSearch

/// UTF-8 byte ranges of every occurrence of `needle`, as the index would report matches.
private func byteRanges(of needle: String, in text: String) -> [Range<Int>] {
    let haystack = Array(text.utf8)
    let pattern = Array(needle.utf8)
    guard !pattern.isEmpty, haystack.count >= pattern.count else { return [] }
    var ranges: [Range<Int>] = []
    for start in 0...(haystack.count - pattern.count) where haystack[start..<(start + pattern.count)].elementsEqual(pattern) {
        ranges.append(start..<(start + pattern.count))
    }
    return ranges
}

private func scalars(_ text: String, _ range: Range<Int>) -> String {
    String(String.UnicodeScalarView(Array(text.unicodeScalars)[range]))
}

/// Every highlight must point at its own text inside the snippet.
private func expectConsistent(_ snippet: Snippet, sourceLocation: SourceLocation = #_sourceLocation) {
    let count = snippet.text.unicodeScalars.count
    for highlight in snippet.highlights {
        #expect(highlight.start >= 0 && highlight.start < highlight.end && highlight.end <= count,
                "highlight \(highlight) outside \(count) scalars", sourceLocation: sourceLocation)
        if highlight.start >= 0, highlight.end <= count, highlight.start < highlight.end {
            #expect(scalars(snippet.text, highlight.start..<highlight.end) == highlight.text,
                    sourceLocation: sourceLocation)
        }
    }
}

/// "w0 w1 w2 …": every word distinct, so a cut word would be visible.
private func filler(_ range: Range<Int>) -> String {
    range.map { "w\($0)" }.joined(separator: " ")
}

@Suite("Snippets")
struct SnippetTests {
    @Test func shortDocumentIsShownWhole() {
        let text = "Sergei Lavrov spoke."
        let snippet = SnippetBuilder().build(text: text, matches: byteRanges(of: "Lavrov", in: text))
        #expect(snippet.text == "Sergei Lavrov spoke.")
        #expect(snippet.highlights == [Highlight(start: 7, end: 13, text: "Lavrov", kind: "match")])
    }

    @Test func whitespaceCollapsesToSingleSpaces() {
        let text = "  Line one.\n\n\tLine   two\r\n"
        let snippet = SnippetBuilder().build(text: text, matches: byteRanges(of: "two", in: text))
        #expect(snippet.text == "Line one. Line two")
        #expect(snippet.highlights.map(\.text) == ["two"])
        expectConsistent(snippet)
    }

    @Test func controlCharactersAreReplaced() {
        let text = "red \u{1B}[31malert\u{7}\u{7F} and \u{9B}2J done"
        let snippet = SnippetBuilder().build(text: text, matches: byteRanges(of: "alert", in: text))
        #expect(!snippet.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(snippet.text == "red \u{FFFD}[31malert\u{FFFD}\u{FFFD} and \u{FFFD}2J done")
        expectConsistent(snippet)
    }

    @Test func offsetsCountUnicodeScalarsNotBytes() {
        let text = "Zürich — the city of Zürich."
        let snippet = SnippetBuilder().build(text: text, matches: byteRanges(of: "Zürich", in: text) + byteRanges(of: "city", in: text))
        #expect(snippet.highlights.map(\.start) == [0, 13, 21])
        #expect(snippet.highlights.map(\.end) == [6, 17, 27])
        #expect(snippet.highlights.map(\.text) == ["Zürich", "city", "Zürich"])
        expectConsistent(snippet)
    }

    @Test func aPhraseInstanceIsOneHighlightEvenAcrossALineBreak() {
        let text = "They said the security\nguarantees were firm."
        let span = byteRanges(of: "security\nguarantees", in: text)
        let snippet = SnippetBuilder().build(text: text, matches: span)
        #expect(snippet.highlights == [Highlight(start: 14, end: 33, text: "security guarantees", kind: "match")])
    }

    @Test func overlappingAndDuplicateSpansMerge() {
        let text = "the security guarantees were firm"
        let snippet = SnippetBuilder().build(text: text, matches: [13..<23, 4..<23, 4..<12, 4..<12])
        #expect(snippet.highlights == [Highlight(start: 4, end: 23, text: "security guarantees", kind: "match")])
    }

    @Test func touchingTermsStayDistinct() {
        let text = "security guarantees"
        let snippet = SnippetBuilder().build(text: text, matches: [9..<19, 0..<8])
        #expect(snippet.highlights.map(\.text) == ["security", "guarantees"])
    }

    @Test func windowPicksTheDensestRegion() {
        let text = filler(0..<100) + " alpha " + filler(100..<3000) + " alpha beta alpha gamma alpha " + filler(3000..<6000)
        let matches = byteRanges(of: "alpha", in: text)
        #expect(matches.count == 4)
        let snippet = SnippetBuilder(width: 120).build(text: text, matches: matches)
        #expect(snippet.highlights.count == 3)
        #expect(snippet.text.contains("alpha beta alpha gamma alpha"))
        #expect(snippet.text.hasPrefix("\u{2026}") && snippet.text.hasSuffix("\u{2026}"))
        expectConsistent(snippet)
    }

    @Test func tiesGoToTheEarliestRegion() {
        let text = filler(0..<200) + " alpha " + filler(200..<400) + " alpha " + filler(400..<600)
        let snippet = SnippetBuilder(width: 80).build(text: text, matches: byteRanges(of: "alpha", in: text))
        #expect(snippet.text.contains("w199 alpha w200"))
    }

    @Test func cutsFallOnWordBoundariesAndKeepTheWidth() {
        let text = filler(0..<2000)
        let words = Set(text.split(separator: " ").map(String.init))
        for target in [5, 77, 500, 1234, 1999] {
            let snippet = SnippetBuilder(width: 100).build(text: text, matches: byteRanges(of: "w\(target) ", in: text + " ").prefix(1).map { $0.lowerBound..<($0.upperBound - 1) })
            var body = snippet.text
            if body.hasPrefix("\u{2026}") { body.removeFirst() }
            if body.hasSuffix("\u{2026}") { body.removeLast() }
            for piece in body.split(separator: " ") {
                #expect(words.contains(String(piece)), "cut word \(piece) for target \(target)")
            }
            #expect(snippet.text.unicodeScalars.count <= 102)
            #expect(snippet.text.unicodeScalars.count >= 80)
            #expect(snippet.highlights.map(\.text) == ["w\(target)"])
            expectConsistent(snippet)
        }
    }

    @Test func aLongRunOfWhitespaceCountsAsOneSpace() {
        let text = filler(0..<100) + " alpha" + String(repeating: " ", count: 5000) + "\n\n\t beta " + filler(100..<200)
        let snippet = SnippetBuilder(width: 40).build(text: text, matches: byteRanges(of: "alpha", in: text) + byteRanges(of: "beta", in: text))
        #expect(snippet.text.contains("alpha beta"))
        #expect(snippet.highlights.map(\.text) == ["alpha", "beta"])
        expectConsistent(snippet)
    }

    @Test func ellipsesMarkOnlyRealCuts() {
        let text = filler(0..<300)
        let start = SnippetBuilder(width: 60).build(text: text, matches: byteRanges(of: "w3 ", in: text).map { $0.lowerBound..<($0.upperBound - 1) })
        #expect(!start.text.hasPrefix("\u{2026}") && start.text.hasSuffix("\u{2026}"))
        let end = SnippetBuilder(width: 60).build(text: text, matches: byteRanges(of: "w299", in: text))
        #expect(end.text.hasPrefix("\u{2026}") && !end.text.hasSuffix("\u{2026}"))
        #expect(end.text.hasSuffix("w299"))
        // Near the end the unused room goes before the match instead of being wasted.
        #expect(end.text.unicodeScalars.count >= 50)
    }

    @Test func prefersToStartAtTheSentenceOfTheMatch() {
        let text = filler(0..<200) + ". Sergei Lavrov said the guarantees were real. " + filler(200..<400)
        let snippet = SnippetBuilder(width: 120).build(text: text, matches: byteRanges(of: "guarantees", in: text))
        #expect(snippet.text.hasPrefix("\u{2026}Sergei Lavrov said the guarantees"))
        let block = filler(0..<200) + "\nHeadline about guarantees " + filler(200..<400)
        let blockSnippet = SnippetBuilder(width: 120).build(text: block, matches: byteRanges(of: "guarantees", in: block))
        #expect(blockSnippet.text.hasPrefix("\u{2026}Headline about guarantees"))
    }

    @Test func noMatchesGiveTheStartOfTheDocument() {
        let text = "Title line\n\n" + filler(0..<500)
        let snippet = SnippetBuilder(width: 50).build(text: text, matches: [])
        #expect(snippet.text.hasPrefix("Title line w0 w1"))
        #expect(snippet.text.hasSuffix("\u{2026}"))
        #expect(snippet.highlights.isEmpty)
    }

    @Test func entitySpansAreHighlightedWithTypeAndCanonicalName() {
        let text = "Foreign Minister Lavrov met officials in Abu Dhabi."
        let lavrov = byteRanges(of: "Lavrov", in: text)[0]
        let snippet = SnippetBuilder().build(
            text: text, matches: [lavrov],
            entities: [
                (range: byteRanges(of: "Abu Dhabi", in: text)[0], kind: "PLACE", entity: "Abu Dhabi"),
                (range: lavrov, kind: "PERSON", entity: "Sergei Lavrov"),
            ])
        #expect(snippet.highlights == [
            Highlight(start: 17, end: 23, text: "Lavrov", kind: "match"),
            Highlight(start: 17, end: 23, text: "Lavrov", kind: "PERSON", entity: "Sergei Lavrov"),
            Highlight(start: 41, end: 50, text: "Abu Dhabi", kind: "PLACE", entity: "Abu Dhabi"),
        ])
    }

    @Test func entitiesOutsideTheWindowAreLeftOut() {
        let text = "Lavrov " + filler(0..<500) + " alpha"
        let snippet = SnippetBuilder(width: 60).build(
            text: text, matches: byteRanges(of: "alpha", in: text),
            entities: [(range: 0..<6, kind: "PERSON", entity: "Sergei Lavrov")])
        #expect(snippet.highlights.map(\.kind) == ["match"])
    }

    @Test func aMatchLongerThanTheWindowIsClipped() {
        let text = filler(0..<50) + " " + filler(1000..<1040) + " " + filler(50..<100)
        let long = byteRanges(of: filler(1000..<1040), in: text)
        let snippet = SnippetBuilder(width: 30).build(text: text, matches: long)
        #expect(snippet.highlights.count == 1)
        #expect(snippet.text.unicodeScalars.count <= 32)
        #expect(snippet.highlights.first?.text.hasPrefix("w1000 w1001") == true)
        expectConsistent(snippet)
    }

    @Test func outOfRangeAndMidCharacterOffsetsAreTolerated() {
        let text = "Grüße aus Zürich"
        // 3 is inside "ü" (bytes 2..<4); the span widens to whole characters rather than splitting one.
        let snippet = SnippetBuilder().build(text: text, matches: [-5..<1, 3..<5, 15..<400, 500..<600])
        #expect(snippet.highlights.map(\.text) == ["G", "üß", "rich"])
        expectConsistent(snippet)
    }

    @Test func multibyteTextInALongDocument() {
        let text = String(repeating: "Zürich — Genève. ", count: 300) + "Der Bundesrat in Bern " + String(repeating: "Köln — Straße. ", count: 300)
        let snippet = SnippetBuilder(width: 60).build(text: text, matches: byteRanges(of: "Bundesrat", in: text))
        #expect(snippet.highlights.map(\.text) == ["Bundesrat"])
        expectConsistent(snippet)
    }

    @Test func severalSnippetsComeFromSeparateRegionsInDocumentOrder() {
        let text = filler(0..<300) + " alpha " + filler(300..<600) + " beta beta " + filler(600..<900)
        let matches = byteRanges(of: "alpha", in: text) + byteRanges(of: "beta", in: text)
        let snippets = SnippetBuilder(width: 60).build(text: text, matches: matches, count: 3)
        #expect(snippets.count == 2)
        #expect(snippets.map { $0.highlights.map(\.text) } == [["alpha"], ["beta", "beta"]])
        snippets.forEach { expectConsistent($0) }
        #expect(SnippetBuilder().build(text: text, matches: matches, count: 0).isEmpty)
    }

    @Test func severalSnippetsNeverOverlap() {
        let text = filler(0..<100) + " alpha " + filler(100..<110) + " alpha " + filler(110..<200)
        let snippets = SnippetBuilder(width: 40).build(text: text, matches: byteRanges(of: "alpha", in: text), count: 2)
        #expect(snippets.count == 2)
        let words = snippets.map { Set($0.text.split(separator: " ").map { $0.trimmingPrefix("\u{2026}") }.map(String.init)) }
        #expect(words[0].subtracting(["alpha"]).isDisjoint(with: words[1]))
    }

    /// Which cluster of matches an excerpt shows depends on the collapsed units (a scalar, or a whole whitespace
    /// run) that it spans, counted eight ASCII bytes at a time where they allow: around ASCII whitespace (tab to
    /// carriage return, space), the control bytes beside it, multibyte letters and non-ASCII spaces, a count one
    /// off changes the excerpt at a width equal to the count. Two matches early ("alpha … beta") tie with two
    /// late ("gamma delta"), and a tie goes to the earliest, only when the early pair fits in the width.
    @Test func aClusterFitsTheWidthExactlyWhenItsUnitsDo() {
        var random = SeededRandom(seed: 41)
        let pieces = [
            " ", "   ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{08}", "\u{0E}", "\u{1F}", "!", "x", "word",
            "abcdefgh", "é", "日本", "\u{A0}", "\u{3000}", " \u{A0} ", "-", "0123456789", "\u{1F600}",
        ]
        let whitespace: Set<UInt32> = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000]
        for trial in 0..<400 {
            var gap = " x y "
            for _ in 0..<Int(random.next() % 40) { gap += pieces[Int(random.next() % UInt64(pieces.count))] }
            gap += " "
            let cluster = "alpha" + gap + "beta"
            var units = 0
            var previousWasSpace = false
            for scalar in cluster.unicodeScalars {
                let space = whitespace.contains(scalar.value) || (0x2000...0x200A).contains(scalar.value)
                if !(space && previousWasSpace) { units += 1 }
                previousWasSpace = space
            }
            let text = filler(0..<300) + " " + cluster + " " + filler(300..<600) + " gamma delta " + filler(600..<900)
            let matches = ["alpha", "beta", "gamma", "delta"].flatMap { byteRanges(of: $0, in: text) }
            let stored = StoredText(Array(text.utf8))
            for width in [units - 1, units] {
                let builder = SnippetBuilder(width: width)
                let snippet = builder.build(text: text, matches: matches)
                let expected = width >= units ? ["alpha", "beta"] : ["gamma", "delta"]
                #expect(snippet.highlights.map(\.text) == expected,
                        "trial \(trial): \(cluster.debugDescription) is \(units) units; width \(width)")
                let fromStored = builder.buildRanked(text: stored, matches: matches, entitiesIn: { _ in [] }, count: 1)
                #expect(fromStored.snippets == [snippet])
            }
        }
    }
}
