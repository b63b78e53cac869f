import Foundation
import Testing
import GazetteAnalysis
import GazetteEntities

@Suite struct RobustnessTests {
    /// Positions and byte ranges agree with an independent Analyzer run over the same blocks.
    @Test func positionsMatchTheAnalyzer() throws {
        let text = try corpusText("corpus/lavrov-security-guarantees.txt")
        let blocks = lineBlocks(text)
        let firstPosition: UInt32 = 117
        let mentions = EntityRecognizer().recognize(text: text, blocks: blocks, firstPosition: firstPosition)
        var spans: [TokenSpan] = []
        var analyzer = Analyzer()
        var copy = text
        copy.withUTF8 { bytes in
            _ = analyzer.analyze(bytes, blocks: blocks, firstPosition: firstPosition) { _, span in spans.append(span) }
        }
        let byPosition = Dictionary(uniqueKeysWithValues: spans.map { ($0.position, $0) })
        #expect(!mentions.isEmpty)
        for m in mentions {
            let first = try #require(byPosition[m.positions.lowerBound])
            let last = try #require(byPosition[m.positions.upperBound])
            // The range starts at the first token (or a currency sign just before it) and ends at the last
            // token's end (less a possessive, plus an abbreviation's period or "%").
            #expect(m.range.lowerBound <= first.start && first.start - m.range.lowerBound <= 3)
            #expect(abs(m.range.upperBound - last.end) <= 4)
            // Every token between belongs to the same block.
            #expect(m.positions.upperBound - m.positions.lowerBound < Analyzer.blockPositionGap)
        }
        let lavrov = try #require(mentions.first { $0.canonical == "Sergei Lavrov" })
        let token = try #require(spans.first { $0.start == lavrov.range.lowerBound })
        #expect(token.position == lavrov.positions.lowerBound)
    }

    @Test func tokensFromTheIndexerGiveTheSameResult() throws {
        let text = try corpusText("corpus/lavrov-security-guarantees.txt")
        let blocks = lineBlocks(text)
        let recognizer = EntityRecognizer()
        var tokens = EntityTokens()
        var analyzer = Analyzer()
        var copy = text
        let viaTokens = copy.withUTF8 { bytes in
            _ = analyzer.analyze(bytes, blocks: blocks, firstPosition: 5) { term, span in tokens.append(term: term, span: span) }
            return recognizer.recognize(bytes, tokens: tokens)
        }
        #expect(viaTokens == recognizer.recognize(text: text, blocks: blocks, firstPosition: 5))
    }

    @Test func hostileInput() {
        let r = EntityRecognizer()
        #expect(r.recognize(text: "", blocks: [], firstPosition: 0).isEmpty)
        #expect(r.recognize(text: "", blocks: [0..<10], firstPosition: 0).isEmpty)
        #expect(r.recognize(text: "abc", blocks: [5..<2 + 5, -3..<1], firstPosition: 0).count <= 1)
        // All capitals: no flood of acronym organisations.
        let shouting = String(repeating: "THE MINISTER SAID THAT THE PLAN WAS DEAD AND BURIED. ", count: 50)
        #expect(r.recognize(text: shouting, blocks: [0..<shouting.utf8.count], firstPosition: 0).count < 5)
        // Invalid UTF-8 and stray bytes.
        let bytes: [UInt8] = [0xFF, 0xFE, 0x41, 0x62, 0xC3, 0x20, 0x4D, 0x6F, 0x73, 0x63, 0x6F, 0x77, 0x80, 0x24, 0x31, 0x25, 0xE2, 0x80]
        let mentions = bytes.withUnsafeBufferPointer { r.recognize($0, blocks: [0..<bytes.count], firstPosition: 0) }
        for m in mentions { #expect(m.range.lowerBound >= 0 && m.range.upperBound <= bytes.count) }
        // Very long capitalised run and very long tokens.
        let run = (0..<20_000).map { "Zorbaq\($0 % 7 == 0 ? "" : "x")" }.joined(separator: " ")
        let long = r.recognize(text: run, blocks: [0..<run.utf8.count], firstPosition: 0)
        #expect(long.allSatisfy { $0.positions.count <= 16 })
        let word = String(repeating: "Ä", count: 100_000)
        _ = r.recognize(text: word + " said", blocks: [0..<(word.utf8.count + 5)], firstPosition: 0)
        // Punctuation and digits only.
        let digits = String(repeating: "1.2, 3% $ € 2024 -- (ICC) ", count: 1000)
        _ = r.recognize(text: digits, blocks: [0..<digits.utf8.count], firstPosition: 0)
    }

    @Test func mentionsNeverOverlapOnTheCorpus() throws {
        let r = EntityRecognizer()
        let files = try FileManager.default.subpathsOfDirectory(atPath: repositoryRoot.appendingPathComponent("corpus").path)
            .filter { $0.hasSuffix(".txt") || $0.hasSuffix(".md") }
        #expect(files.count > 10)
        for file in files {
            let text = try corpusText("corpus/" + file)
            let mentions = r.recognize(text: text, blocks: lineBlocks(text), firstPosition: 0)
            for (a, b) in zip(mentions, mentions.dropFirst()) {
                #expect(a.range.upperBound <= b.range.lowerBound, "\(file)")
            }
            for m in mentions {
                // Only a date without a year names no entity.
                #expect((m.namesEntity || m.type == .date) && m.range.upperBound <= text.utf8.count)
            }
        }
    }
}
