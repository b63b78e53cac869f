import GazetteIndex

import GazetteFileNames

/// Renders a result for people: per hit a title line, the path, and the wrapped snippet with its highlights,
/// then a line with the count.
///
///     1. Russia offers security guarantees  (score 3.21)
///        corpus/2022/02/lavrov.html
///        …Foreign Minister Sergei Lavrov said the security guarantees were…
///
///     42 documents matched "security guarantees" (showing 10)
///
/// Without colour the output has no escape codes at all (like `rg` writing to a pipe). With or without colour,
/// everything that comes from documents, file names or the query is sanitised first: control characters in text
/// become U+FFFD (one for one, so highlight offsets hold), in paths visible escapes (`TerminalEscaping`).
public struct TerminalRenderer: Sendable {
    public var color: Bool
    /// Total line width the snippet is wrapped to.
    public var width: Int

    static let indent = "   "
    public static var indentWidth: Int { indent.count }

    /// A snippet fills about two lines of the output (each indented), within 80–400 scalars: the width
    /// `gazette search` uses for a line of `lineWidth` columns, and the web API for the CLI's default of 100, so
    /// that both print the same JSON for the same query.
    public static func snippetWidth(lineWidth: Int = 100) -> Int {
        min(max(2 * (lineWidth - indentWidth) - 4, 80), 400)
    }

    public init(color: Bool, width: Int = 100) {
        self.color = color
        self.width = width
    }

    public func render(_ result: SearchResult) -> String {
        var output = ""
        // What was searched, even when nothing matched: the first thing to check when a query finds nothing.
        if let parsed = result.parsedQuery {
            output += styled("query: " + TerminalStyle.sanitize(parsed), TerminalStyle.dim) + "\n\n"
        }
        for hit in result.hits {
            output += titleLine(hit) + "\n"
            var pathLine = styled(TerminalEscaping.escaped(hit.path), TerminalStyle.dim)
            if let index = hit.index {
                pathLine += "  " + styled("[" + TerminalEscaping.escaped(index) + "]", TerminalStyle.dim)
            }
            output += Self.indent + pathLine + "\n"
            if let line = Self.metadataLine(hit.metadata) {
                output += Self.indent + styled(line, TerminalStyle.dim) + "\n"
            }
            for (number, snippet) in hit.snippets.enumerated() where !snippet.text.isEmpty {
                if number > 0 { output += Self.indent + styled("\u{22EF}", TerminalStyle.dim) + "\n" }
                for line in snippetLines(snippet) {
                    output += Self.indent + line + "\n"
                }
            }
            if let explanation = hit.explanation {
                for line in Self.explanationLines(explanation) {
                    output += Self.indent + styled(TerminalStyle.sanitize(line), TerminalStyle.dim) + "\n"
                }
            }
            output += "\n"
        }
        output += summary(result) + "\n"
        return output
    }

    /// The explanation as an indented tree, one node per line:
    ///
    ///     7.412 = all of
    ///       5.120  term sanctions  (idf 2.31, weighted_tf 3.05, k1 1.2)
    ///         2.530  title  (tf 1, length 6, average_length 8.4, b 0.75, norm 0.79, boost 2)
    static func explanationLines(_ explanation: ScoreExplanation) -> [String] {
        var lines = ["score " + number(explanation.value) + " = " + describe(explanation)]
        func walk(_ node: ScoreExplanation, depth: Int) {
            for child in node.children {
                lines.append(String(repeating: "  ", count: depth) + number(child.value) + "  " + describe(child))
                walk(child, depth: depth + 1)
            }
        }
        walk(explanation, depth: 1)
        return lines
    }

    private static func describe(_ node: ScoreExplanation) -> String {
        var text: String
        switch node.kind {
        case "term", "phrase", "entity", "pair": text = node.kind + " " + node.label
        default: text = node.label
        }
        if !node.factors.isEmpty {
            text += "  (" + node.factors.map { "\($0.name) " + number($0.value) }.joined(separator: ", ") + ")"
        }
        return text
    }

    private static func number(_ value: Double) -> String {
        JSONWriter.formatNumber(value, decimals: 3)
    }

    /// "2001-12-03 · Jane Doe · Reuters": the day (not the time: a list of hits compares days), the author and
    /// the source, as far as known; nil when none is.
    public static func metadataLine(_ metadata: ArticleMetadata) -> String? {
        var parts: [String] = []
        if let day = metadata.day { parts.append(day + (metadata.dateSource == "file-mtime" ? " (file date)" : "")) }
        if let author = metadata.author { parts.append(TerminalStyle.sanitize(author)) }
        if let source = metadata.source { parts.append(TerminalStyle.sanitize(source)) }
        return parts.isEmpty ? nil : parts.joined(separator: " \u{00B7} ")
    }

    private func titleLine(_ hit: SearchHit) -> String {
        var title = TerminalStyle.sanitize(hit.title ?? "")
        if title.allSatisfy(\.isWhitespace) {
            title = TerminalEscaping.escaped(Self.fileName(hit.path))
        }
        let score = "(score " + (JSONWriter.fixed(hit.score, places: 2) ?? "\(hit.score)") + ")"
        return styled("\(hit.rank). \(title)", TerminalStyle.bold) + "  " + styled(score, TerminalStyle.dim)
    }

    private func summary(_ result: SearchResult) -> String {
        // Quoted as a shell takes it back: a query holding double quotes (a phrase) in single quotes, so that
        // `"security guarantees" Lavrov` does not read as ""security guarantees" Lavrov".
        let text = TerminalStyle.sanitize(result.query)
        let query = text.contains("\"") && !text.contains("'") ? "'" + text + "'" : "\"" + text + "\""
        let noun = result.total == 1 ? "document" : "documents"
        var line = "\(result.total) \(noun) matched \(query)"
        if result.offset > 0 {
            line += result.hits.isEmpty
                ? " (none shown after the first \(result.offset))"
                : " (showing \(result.offset + 1)\u{2013}\(result.offset + result.hits.count))"
        } else if result.hits.count < result.total {
            line += " (showing \(result.hits.count))"
        }
        return line
    }

    static func fileName(_ path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init)
        return name ?? path
    }

    private func styled(_ text: String, _ style: String) -> String {
        color && !text.isEmpty ? style + text + TerminalStyle.reset : text
    }

    // MARK: Snippet

    /// A scalar of the snippet and the escape sequence that styles it: an index into the snippet's table of
    /// styles, 0 for none. Eight bytes and no reference: cells holding their style as a `String?` were
    /// retained and released at every copy, and the wrap copies each cell twice.
    private struct Cell {
        var scalar: Unicode.Scalar
        var style: UInt8
    }

    private func snippetLines(_ snippet: Snippet) -> [String] {
        var cells: [Cell] = []
        cells.reserveCapacity(snippet.text.utf8.count)
        for scalar in snippet.text.unicodeScalars { cells.append(Cell(scalar: TerminalStyle.sanitized(scalar), style: 0)) }
        // Index 0: unstyled.
        var styles: [String] = [""]
        if color {
            // Entities first, matches last: where both cover a scalar the match wins, since it answers the query.
            let ordered = snippet.highlights.filter { $0.kind != "match" } + snippet.highlights.filter { $0.kind == "match" }
            for highlight in ordered {
                let style = highlight.kind == "match" ? TerminalStyle.match : TerminalStyle.entity(highlight.kind)
                let number = styles.firstIndex(of: style) ?? styles.count
                if number == styles.count {
                    // More styles than a byte holds cannot come from the few kinds there are; the rest stay plain.
                    guard styles.count <= Int(UInt8.max) else { continue }
                    styles.append(style)
                }
                // Offsets come from outside; clamp rather than trust them.
                let start = min(max(highlight.start, 0), cells.count)
                let end = min(max(highlight.end, start), cells.count)
                for index in start..<end { cells[index].style = UInt8(number) }
            }
        }
        return wrap(cells).map { renderLine($0, styles: styles) }
    }

    /// Greedy word wrap on display columns; words wider than a line are broken.
    private func wrap(_ cells: [Cell]) -> [ArraySlice<Cell>] {
        let available = max(width - Self.indent.count, 20)
        // The lines are runs of `laid`: the words in order, one space cell between two on the same line.
        var laid: [Cell] = []
        laid.reserveCapacity(cells.count)
        var lineStarts: [Int] = [0]
        var lineWidth = 0

        func breakLine() {
            lineStarts.append(laid.count)
            lineWidth = 0
        }

        func place(_ word: ArraySlice<Cell>, after space: Cell?) {
            var wordWidth = 0
            for cell in word { wordWidth += TerminalStyle.columns(cell.scalar) }
            let lineIsEmpty = laid.count == lineStarts[lineStarts.count - 1]
            if !lineIsEmpty, let space, lineWidth + 1 + wordWidth <= available {
                laid.append(space)
                laid.append(contentsOf: word)
                lineWidth += 1 + wordWidth
                return
            }
            if !lineIsEmpty { breakLine() }
            for cell in word {
                let cellWidth = TerminalStyle.columns(cell.scalar)
                if lineWidth + cellWidth > available, laid.count > lineStarts[lineStarts.count - 1] { breakLine() }
                laid.append(cell)
                lineWidth += cellWidth
            }
        }

        var wordStart = 0
        var space: Cell?
        for index in cells.indices where Self.isWhitespace(cells[index].scalar) {
            if index > wordStart { place(cells[wordStart..<index], after: space) }
            space = Cell(scalar: " ", style: cells[index].style)
            wordStart = index + 1
        }
        if wordStart < cells.count { place(cells[wordStart...], after: space) }
        var lines: [ArraySlice<Cell>] = []
        lines.reserveCapacity(lineStarts.count)
        for (number, start) in lineStarts.enumerated() {
            let end = number + 1 < lineStarts.count ? lineStarts[number + 1] : laid.count
            if end > start { lines.append(laid[start..<end]) }
        }
        return lines
    }

    /// Unicode's White_Space, answered for ASCII (tab to carriage return, space) without a property look-up.
    @inline(__always)
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        return scalar.properties.isWhitespace
    }

    /// Each line opens and closes its own styles, so a highlight broken across lines never colours the indent.
    /// Built as UTF-8 bytes and made a String once: appending to a String's scalar view one scalar at a time
    /// cost more than the rest of the rendering.
    private func renderLine(_ cells: ArraySlice<Cell>, styles: [String]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(cells.count + 16)
        var current: UInt8 = 0
        for cell in cells {
            if cell.style != current {
                if current != 0 { bytes += TerminalStyle.reset.utf8 }
                if cell.style != 0 { bytes += styles[Int(cell.style)].utf8 }
                current = cell.style
            }
            if cell.scalar.value < 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: cell.scalar.value))
            } else {
                UTF8.encode(cell.scalar) { bytes.append($0) }
            }
        }
        if current != 0 { bytes += TerminalStyle.reset.utf8 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
