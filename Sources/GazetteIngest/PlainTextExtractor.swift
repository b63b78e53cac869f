#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Blocks and title of a plain-text or Markdown file, computed over its UTF-8 bytes. The text itself is left
/// exactly as decoded so that offsets into it are offsets into the file's content.
enum PlainTextExtractor {
    /// A line longer than this is not hard-wrapped prose: the file keeps one paragraph per line, so every
    /// newline ends a block.
    static let wrappedLineLimit = 160
    /// A first line longer than this is a sentence, not a title.
    static let titleLimit = 150

    struct Result {
        var title: String?
        var blocks: [Range<Int>]
        var metadata: DocumentMetadata
    }

    static func extract(_ text: UnsafeRawBufferPointer, isMarkdown: Bool) -> Result {
        // A mail or news header is metadata: its lines make no blocks, and the title is its subject.
        let header = isMarkdown ? nil : MailHeader.parse(text)
        let bodyStart = header?.bodyStart ?? 0
        let lines = Lines(text, from: bodyStart)
        var onePerLine = false
        for line in lines where line.content.count > wrappedLineLimit {
            onePerLine = true
            break
        }

        var blocks: [Range<Int>] = []
        var open: Range<Int>? = nil
        for line in lines {
            let trimmed = line.trimmed
            if trimmed.isEmpty {
                if let block = open { blocks.append(block) }
                open = nil
            } else if onePerLine {
                blocks.append(trimmed)
            } else if let block = open {
                open = block.lowerBound..<trimmed.upperBound
            } else {
                open = trimmed
            }
        }
        if let block = open { blocks.append(block) }

        let metadata = PlainTextMetadata.extract(text, header: header, bodyStart: bodyStart)
        if let subject = header?.value("subject") { return Result(title: subject, blocks: blocks, metadata: metadata) }
        let titleRange = isMarkdown ? markdownTitle(lines) : plainTitle(lines, onePerLine: onePerLine)
        let title = titleRange.map { String(decoding: UnsafeRawBufferPointer(rebasing: text[$0]), as: UTF8.self) }
        return Result(title: title, blocks: blocks, metadata: metadata)
    }

    /// The first line if it looks like a heading: short, not ending like a sentence or a lead-in, and set
    /// apart from what follows by a blank line — or by a plain newline in a one-paragraph-per-line file,
    /// where a newline already separates paragraphs (a headline line followed by the story's lines).
    private static func plainTitle(_ lines: Lines, onePerLine: Bool) -> Range<Int>? {
        var iterator = lines.makeIterator()
        while let line = iterator.next() {
            let trimmed = line.trimmed
            if trimmed.isEmpty { continue }
            guard trimmed.count <= titleLimit else { return nil }
            switch lines.text[trimmed.upperBound - 1] {
            case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"): return nil
            default: break
            }
            guard let next = iterator.next() else { return trimmed }
            return next.trimmed.isEmpty || onePerLine ? trimmed : nil
        }
        return nil
    }

    /// The first ATX heading (`# Title`, closing #s removed), ignoring YAML front matter and fenced code,
    /// where a `#` line is a comment rather than a heading.
    private static func markdownTitle(_ lines: Lines) -> Range<Int>? {
        let text = lines.text
        var fence: UInt8? = nil
        var inFrontMatter = false
        var isFirst = true
        for line in lines {
            let trimmed = line.trimmed
            defer { isFirst = false }
            if isFirst && bytes(text, trimmed) == Array("---".utf8) {
                inFrontMatter = true
                continue
            }
            if inFrontMatter {
                let marker = bytes(text, trimmed)
                if marker == Array("---".utf8) || marker == Array("...".utf8) { inFrontMatter = false }
                continue
            }
            let indent = trimmed.lowerBound - line.content.lowerBound
            guard !trimmed.isEmpty, indent <= 3 else { continue }
            let first = text[trimmed.lowerBound]
            if first == UInt8(ascii: "`") || first == UInt8(ascii: "~") {
                var run = trimmed.lowerBound
                while run < trimmed.upperBound && text[run] == first { run += 1 }
                if run - trimmed.lowerBound >= 3 {
                    if fence == nil { fence = first } else if fence == first { fence = nil }
                    continue
                }
            }
            guard fence == nil, first == UInt8(ascii: "#") else { continue }
            var i = trimmed.lowerBound
            while i < trimmed.upperBound && text[i] == UInt8(ascii: "#") { i += 1 }
            let level = i - trimmed.lowerBound
            guard level <= 6, i == trimmed.upperBound || isSpace(text[i]) else { continue }
            var start = i
            var end = trimmed.upperBound
            while start < end && isSpace(text[start]) { start += 1 }
            // A closing sequence of #s counts only when set off by a space ("# C#" keeps its #).
            var closing = end
            while closing > start && text[closing - 1] == UInt8(ascii: "#") { closing -= 1 }
            if closing == start || isSpace(text[closing - 1]) { end = closing }
            while end > start && isSpace(text[end - 1]) { end -= 1 }
            if end > start { return start..<end }
        }
        return nil
    }

    private static func bytes(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> [UInt8] {
        Array(UnsafeRawBufferPointer(rebasing: text[range]))
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0C || b == 0x0B || b == 0x0A
    }
}

/// The lines of a buffer, split at "\n". A trailing "\r" belongs to the line's whitespace, so CRLF files
/// behave like LF files without being rewritten.
struct Lines: Sequence {
    struct Line {
        /// The line without its "\n".
        var content: Range<Int>
        /// `content` without leading and trailing whitespace; empty for a blank line.
        var trimmed: Range<Int>
    }

    let text: UnsafeRawBufferPointer
    /// Where the first line starts.
    let start: Int

    init(_ text: UnsafeRawBufferPointer, from start: Int = 0) {
        self.text = text
        self.start = start
    }

    struct Iterator: IteratorProtocol {
        let text: UnsafeRawBufferPointer
        var position = 0
        var finished = false

        mutating func next() -> Line? {
            guard !finished else { return nil }
            let start = position
            // memchr, vectorised, finds the newline; a loop over the bytes was a twentieth of indexing text.
            var end = text.count
            if start < text.count, let base = text.baseAddress,
                let newline = memchr(base + start, 0x0A, text.count - start)
            {
                end = UnsafeRawPointer(newline) - base
            }
            if end < text.count { position = end + 1 } else { finished = true }
            var lower = start
            var upper = end
            while lower < upper && PlainTextExtractor.isSpace(text[lower]) { lower += 1 }
            while upper > lower && PlainTextExtractor.isSpace(text[upper - 1]) { upper -= 1 }
            var contentEnd = end
            if contentEnd > start && text[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            return Line(content: start..<contentEnd, trimmed: lower..<upper)
        }
    }

    func makeIterator() -> Iterator { Iterator(text: text, position: start, finished: start > 0 && start >= text.count) }
}
