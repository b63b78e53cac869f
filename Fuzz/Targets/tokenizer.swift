import GazetteAnalysis
import GazetteEntities

nonisolated(unsafe) private var analyzer = Analyzer()
private let recognizer = EntityRecognizer()

/// The analyzer over arbitrary bytes (invalid UTF-8 included), split into blocks by the input's own 0x01 bytes,
/// then the entity recogniser over its tokens, as indexing runs them. Checks what the index relies on: spans
/// inside the text and in order, strictly increasing positions, non-empty terms, mentions that do not overlap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = inputBuffer(data, size)
    var blocks: [Range<Int>] = []
    var start = 0
    for i in 0..<text.count where text[i] == 0x01 {
        blocks.append(start..<i)
        start = i + 1
    }
    blocks.append(start..<text.count)

    var tokens = EntityTokens()
    var lastPosition: UInt32?
    var lastEnd = 0
    let end = analyzer.analyze(text, blocks: blocks, firstPosition: 0) { term, span in
        require(term.count > 0, "empty term at byte \(span.start)")
        require(span.start >= lastEnd && span.start < span.end && span.end <= text.count,
                "span \(span.start)..<\(span.end) after \(lastEnd) in \(text.count) bytes")
        if let lastPosition { require(span.position > lastPosition, "position \(span.position) after \(lastPosition)") }
        lastPosition = span.position
        lastEnd = span.end
        tokens.append(term: term, span: span)
    }
    if let lastPosition { require(end == lastPosition + 1, "next position \(end) after last \(lastPosition)") }

    var previousEnd = 0
    for mention in recognizer.recognize(text, tokens: tokens) {
        require(mention.range.lowerBound >= previousEnd && mention.range.upperBound <= text.count,
                "mention \(mention.range) overlaps or leaves the text")
        previousEnd = mention.range.upperBound
    }

    // The query side goes through a String, which repairs invalid UTF-8 first.
    _ = analyzer.terms(of: String(decoding: text, as: UTF8.self))
    return 0
}
