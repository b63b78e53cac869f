/// A hand-annotated evaluation set (eval/annotated.md, eval/GUIDELINES.md): one paragraph per line, each entity
/// written `[text](TYPE)`; empty lines and lines starting with "#" or "<!--" are skipped. Scored by exact span
/// and type, as `make eval-entities` and the floor test of `make test` do.
public struct AnnotatedSet: Sendable {
    public struct Span: Hashable, Sendable {
        /// UTF-8 byte range in the paragraph's text.
        public var range: Range<Int>
        public var type: EntityType
    }

    public struct Paragraph: Sendable {
        public var text: String
        public var gold: [Span]
        /// 1-based line in the file.
        public var line: Int
    }

    public private(set) var paragraphs: [Paragraph] = []
    /// Lines whose `[…](TYPE)` names no known type, as "line N: unknown type X".
    public private(set) var problems: [String] = []

    public init(parsing contents: String) {
        for (n, line) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) || trimmed.hasPrefix("#")
                || trimmed.hasPrefix("<!--") { continue }
            paragraphs.append(parse(Array(line.utf8), line: n + 1))
        }
    }

    private mutating func parse(_ bytes: [UInt8], line: Int) -> Paragraph {
        var text: [UInt8] = []
        var gold: [Span] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "["), let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "]")),
               close + 1 < bytes.count, bytes[close + 1] == UInt8(ascii: "(") {
                let end = bytes[(close + 2)...].firstIndex(of: UInt8(ascii: ")")) ?? bytes.count
                let name = String(decoding: bytes[(close + 2)..<end], as: UTF8.self)
                if let type = EntityType(rawValue: name) {
                    let start = text.count
                    text.append(contentsOf: bytes[(i + 1)..<close])
                    gold.append(Span(range: start..<text.count, type: type))
                    i = end + 1
                    continue
                }
                problems.append("line \(line): unknown type \(name)")
            }
            text.append(bytes[i])
            i += 1
        }
        return Paragraph(text: String(decoding: text, as: UTF8.self), gold: gold, line: line)
    }

    /// True positives, false positives and false negatives of one type (or several together).
    public struct Counts: Sendable, Equatable {
        public var truePositives = 0, falsePositives = 0, falseNegatives = 0
        public var gold: Int { truePositives + falseNegatives }
        public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
        public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

        static func + (a: Counts, b: Counts) -> Counts {
            Counts(truePositives: a.truePositives + b.truePositives, falsePositives: a.falsePositives + b.falsePositives,
                   falseNegatives: a.falseNegatives + b.falseNegatives)
        }

        private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
    }

    public struct Score: Sendable {
        public var byType: [EntityType: Counts] = [:]
        /// "line N: FP TYPE “text”" / "FN", in paragraph order.
        public var errors: [String] = []

        public func counts(_ types: [EntityType]) -> Counts {
            types.reduce(Counts()) { $0 + (byType[$1] ?? Counts()) }
        }
        public var overall: Counts { counts(EntityType.allCases) }
    }

    /// Recognises each paragraph as one block and compares with the gold spans.
    public func score(_ recognizer: EntityRecognizer) -> Score {
        var score = Score()
        for paragraph in paragraphs {
            let mentions = recognizer.recognize(
                text: paragraph.text, blocks: [0..<paragraph.text.utf8.count], firstPosition: 0)
            let predicted = Set(mentions.map { Span(range: $0.range, type: $0.type) })
            let gold = Set(paragraph.gold)
            let bytes = Array(paragraph.text.utf8)
            func describe(_ kind: String, _ span: Span) -> String {
                "line \(paragraph.line): \(kind) \(span.type.rawValue) “\(String(decoding: bytes[span.range], as: UTF8.self))”"
            }
            for span in mentions.map({ Span(range: $0.range, type: $0.type) }) {
                if gold.contains(span) {
                    score.byType[span.type, default: Counts()].truePositives += 1
                } else {
                    score.byType[span.type, default: Counts()].falsePositives += 1
                    score.errors.append(describe("FP", span))
                }
            }
            for span in paragraph.gold where !predicted.contains(span) {
                score.byType[span.type, default: Counts()].falseNegatives += 1
                score.errors.append(describe("FN", span))
            }
        }
        return score
    }
}
