import GazetteAnalysis

/// One analysed token, decoded for readable expectations.
struct Token: Equatable, CustomStringConvertible {
    var term: String
    var position: UInt32
    var start: Int
    var end: Int

    var description: String { "\(term)@\(position)[\(start)..<\(end)]" }
}

/// Analyses raw bytes through the byte-level API, the one the indexer uses.
func tokens(bytes: [UInt8], blocks: [Range<Int>]? = nil, firstPosition: UInt32 = 0) -> (tokens: [Token], next: UInt32) {
    var analyzer = Analyzer()
    var result: [Token] = []
    let next = bytes.withUnsafeBufferPointer { text in
        let collect = { (term: UnsafeBufferPointer<UInt8>, span: TokenSpan) in
            result.append(Token(term: String(decoding: term, as: UTF8.self), position: span.position,
                                start: span.start, end: span.end))
        }
        if let blocks {
            return analyzer.analyze(text, blocks: blocks, firstPosition: firstPosition, collect)
        }
        return analyzer.analyze(text, firstPosition: firstPosition, collect)
    }
    return (result, next)
}

func tokens(_ text: String) -> [Token] {
    tokens(bytes: Array(text.utf8)).tokens
}

/// Just the folded terms, for tests about token boundaries and folding.
func terms(_ text: String) -> [String] {
    tokens(text).map(\.term)
}

/// The bytes a token's span covers, to check that spans point at the original spelling.
func covered(_ token: Token, in text: String) -> String {
    String(decoding: Array(text.utf8)[token.start..<token.end], as: UTF8.self)
}

/// UTF-8 byte ranges of the given substrings, searched in order, for building blocks.
func byteRange(of part: String, in text: String) -> Range<Int> {
    let bytes = Array(text.utf8), needle = Array(part.utf8)
    for start in 0...(bytes.count - needle.count) where Array(bytes[start..<start + needle.count]) == needle {
        return start..<start + needle.count
    }
    fatalError("\(part) not in \(text)")
}
