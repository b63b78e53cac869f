import GazetteIndex

/// Cuts a readable excerpt around the densest cluster of matches in a document.
///
/// Works on the document's UTF-8 bytes and builds a `String` only for the final excerpt, because stored texts
/// run to hundreds of kilobytes and a query renders several of them. Lengths are counted in Unicode scalars
/// with every run of whitespace counted once, which is how long the excerpt will be after whitespace collapses.
public struct SnippetBuilder: Sendable {
    /// An entity mention to highlight: UTF-8 byte range in the document, type ("PERSON", …), canonical name.
    public typealias EntitySpan = (range: Range<Int>, kind: String, entity: String)

    /// Target length of an excerpt in Unicode scalars; the cut at word boundaries makes it approximate.
    public var width: Int

    public init(width: Int = 200) {
        self.width = max(width, 1)
    }

    /// The best single excerpt.
    ///
    /// - Parameters:
    ///   - text: the document's stored text.
    ///   - matches: UTF-8 byte ranges of every matched term or phrase instance, in any order; overlapping ranges
    ///     are merged, and one range is one highlight (a phrase instance is highlighted as a whole).
    ///   - entities: extra spans to highlight, each with its type ("PERSON", …) and canonical name.
    public func build(
        text: String,
        matches: [Range<Int>],
        entities: [SnippetBuilder.EntitySpan] = []
    ) -> Snippet {
        build(text: text, matches: matches, entities: entities, count: 1).first
            ?? Snippet(text: "", highlights: [])
    }

    /// Up to `count` non-overlapping excerpts, best cluster first chosen, returned in document order.
    /// A document without matches gets one excerpt from its start; a document that fits in `width` gets one
    /// excerpt holding all of it.
    public func build(
        text: String,
        matches: [Range<Int>],
        entities: [SnippetBuilder.EntitySpan] = [],
        count: Int
    ) -> [Snippet] {
        buildRanked(text: text, matches: matches, entities: entities, count: count).snippets
    }

    /// As `build(text:matches:entities:count:)`, with the index (in `snippets`) of the best excerpt: the one
    /// chosen first, which `build(text:matches:entities:)` returns alone.
    public func buildRanked(
        text: String,
        matches: [Range<Int>],
        entities: [SnippetBuilder.EntitySpan] = [],
        count: Int
    ) -> (snippets: [Snippet], best: Int) {
        guard count > 0 else { return ([], 0) }
        var text = text
        return text.withUTF8 { bytes in buildRanked(utf8: bytes, matches: matches, entities: entities, count: count) }
    }

    /// The same over the text's UTF-8 bytes, for callers that hold them already (the searcher reads stored
    /// texts as bytes and never pays for a `String` of a whole document).
    public func buildRanked(
        utf8 bytes: UnsafeBufferPointer<UInt8>,
        matches: [Range<Int>],
        entities: [SnippetBuilder.EntitySpan] = [],
        count: Int
    ) -> (snippets: [Snippet], best: Int) {
        guard count > 0 else { return ([], 0) }
        return SnippetScanner(bytes: bytes, width: width)
            .snippets(matches: matches, entitiesIn: { _ in entities }, count: count)
    }

    /// The same over a stored text still compressed in part: only the frames the excerpts read are
    /// decompressed (the caller checks `text.failure` afterwards). `entitiesIn` gives the entity spans that
    /// may overlap an excerpt's byte range (those that do not are left out), so that a document's thousands of
    /// spans are not all prepared for the few an excerpt shows.
    public func buildRanked(
        text: StoredText,
        matches: [Range<Int>],
        entitiesIn: (Range<Int>) -> [SnippetBuilder.EntitySpan],
        count: Int
    ) -> (snippets: [Snippet], best: Int) {
        guard count > 0 else { return ([], 0) }
        return SnippetScanner(bytes: text, width: width).snippets(matches: matches, entitiesIn: entitiesIn, count: count)
    }
}

/// UTF-8 bytes a snippet is cut from, read one at a time, or a stretch at a time where a scan reads every byte.
protocol SnippetBytes {
    var count: Int { get }
    subscript(position: Int) -> UInt8 { get }
    /// The bytes of `range` (within `0..<count`), readable in place while `self` lives.
    func readableBytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8>
}

extension UnsafeBufferPointer<UInt8>: SnippetBytes {
    func readableBytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: self[range]) }
}
extension StoredText: SnippetBytes {}

private struct SnippetScanner<Bytes: SnippetBytes> {
    let bytes: Bytes
    let width: Int
    var count: Int { bytes.count }

    /// How far a word-boundary search may look before giving up and cutting inside a "word" — a URL, or a script
    /// written without spaces, where any scalar boundary is an acceptable cut.
    static var wordSearchLimit: Int { 24 }

    // MARK: Choosing windows

    func snippets(
        matches rawMatches: [Range<Int>],
        entitiesIn entities: (Range<Int>) -> [SnippetBuilder.EntitySpan],
        count wanted: Int
    ) -> (snippets: [Snippet], best: Int) {
        let matches = mergedSpans(rawMatches)
        let wholeEnd = advance(from: 0, by: width, limit: count)
        if wholeEnd >= count {
            return ([excerpt(window: 0..<count, matches: matches, entities: entities(0..<count))], 0)
        }
        if matches.isEmpty {
            let end = snapEnd(wholeEnd, notBefore: 0, limit: count)
            return ([excerpt(window: 0..<end, matches: [], entities: entities(0..<end))], 0)
        }

        // Offsets of each match in collapsed units, to compare cluster extents with `width`. A gap wider than the
        // window is counted only up to width + 1: every comparison still comes out the same, and the scan does not
        // walk the whole document.
        var startUnits: [Int] = []
        var endUnits: [Int] = []
        startUnits.reserveCapacity(matches.count)
        endUnits.reserveCapacity(matches.count)
        var cursor = 0
        var units = 0
        for span in matches {
            units += unitCount(from: cursor, to: span.lowerBound, atMost: width + 1)
            startUnits.append(units)
            units += unitCount(from: span.lowerBound, to: span.upperBound, atMost: width + 1)
            endUnits.append(units)
            cursor = span.upperBound
        }

        var windows: [Range<Int>] = []
        var remaining = Array(matches.indices)
        while windows.count < wanted, !remaining.isEmpty {
            let gaps = remaining.map { gap(around: matches[$0], windows: windows) }
            // Densest cluster: the most matches whose extent fits in `width`; ties go to the earliest.
            var best = (first: 0, last: 0, size: 0)
            var last = 0
            for first in remaining.indices {
                last = max(last, first)
                while last + 1 < remaining.count, gaps[last + 1] == gaps[first],
                      endUnits[remaining[last + 1]] - startUnits[remaining[first]] <= width {
                    last += 1
                }
                if last - first + 1 > best.size { best = (first, last, last - first + 1) }
            }
            let firstMatch = remaining[best.first]
            let lastMatch = remaining[best.last]
            let window = place(
                cluster: matches[firstMatch].lowerBound..<matches[lastMatch].upperBound,
                clusterUnits: endUnits[lastMatch] - startUnits[firstMatch],
                bounds: gaps[best.first])
            windows.append(window)
            // The cluster's first match is dropped explicitly so the loop always makes progress.
            remaining.removeAll { $0 == firstMatch || matches[$0].overlaps(window) }
        }
        let bestStart = windows.first?.lowerBound
        windows.sort { $0.lowerBound < $1.lowerBound }
        let best = windows.firstIndex { $0.lowerBound == bestStart } ?? 0
        return (windows.map { excerpt(window: $0, matches: matches, entities: entities($0)) }, best)
    }

    /// The stretch of text between already chosen windows that holds `span`, so windows never overlap.
    private func gap(around span: Range<Int>, windows: [Range<Int>]) -> Range<Int> {
        var lower = 0
        var upper = count
        for window in windows {
            if window.upperBound <= span.lowerBound { lower = max(lower, window.upperBound) }
            if window.lowerBound >= span.upperBound { upper = min(upper, window.lowerBound) }
        }
        return lower..<upper
    }

    private func place(cluster: Range<Int>, clusterUnits: Int, bounds: Range<Int>) -> Range<Int> {
        let slack = width - clusterUnits
        guard slack > 0 else {
            // A single match longer than the window: show its beginning, its highlight is clipped.
            let end = advance(from: cluster.lowerBound, by: width, limit: bounds.upperBound)
            let firstScalarEnd = cluster.lowerBound + scalarLength(at: cluster.lowerBound)
            return cluster.lowerBound..<snapEnd(end, notBefore: firstScalarEnd, limit: bounds.upperBound)
        }
        let after = unitCount(
            from: cluster.upperBound,
            to: advance(from: cluster.upperBound, by: slack, limit: bounds.upperBound))
        // A few words after the last match are kept whatever happens: a snippet ending on its match reads cut off.
        let reserve = min(slack / 4, 20, after)
        var start: Int
        if let sentence = sentenceStart(before: cluster.lowerBound, within: slack - reserve, limit: bounds.lowerBound) {
            // FTS5's habit: an excerpt that starts where a sentence starts reads better, and here it costs no match.
            start = sentence
        } else {
            // Some context before the first match, more after it — unless the text ends soon after.
            let lead = max(slack / 4, slack - after)
            start = retreat(from: cluster.lowerBound, by: lead, limit: bounds.lowerBound)
            start = snapStart(start, notAfter: cluster.lowerBound, limit: bounds.lowerBound)
        }
        let used = unitCount(from: start, to: cluster.upperBound)
        let end = advance(from: cluster.upperBound, by: max(width - used, 0), limit: bounds.upperBound)
        return start..<snapEnd(end, notBefore: cluster.upperBound, limit: bounds.upperBound)
    }

    /// The latest sentence or block start at most `units` before `position`.
    private func sentenceStart(before position: Int, within units: Int, limit: Int) -> Int? {
        var cursor = position
        var walked = 0
        while true {
            if isSentenceStart(cursor) { return cursor }
            if cursor <= limit || walked >= units { return nil }
            let previous = previousScalarStart(cursor)
            if isSpace(at: previous) {
                // A whitespace run is one unit.
                var runStart = previous
                while runStart > limit, isSpace(at: previousScalarStart(runStart)) {
                    runStart = previousScalarStart(runStart)
                }
                cursor = runStart
            } else {
                cursor = previous
            }
            walked += 1
        }
    }

    private func isSentenceStart(_ position: Int) -> Bool {
        if position == 0 { return true }
        guard position < count, !isSpace(at: position) else { return false }
        var cursor = previousScalarStart(position)
        guard isSpace(at: cursor) else { return false }
        var sawSpace = false
        while isSpace(at: cursor) {
            // Stored text separates blocks (paragraphs, headings) with newlines.
            if bytes[cursor] == 0x0A { return true }
            sawSpace = true
            if cursor == 0 { return true }
            cursor = previousScalarStart(cursor)
        }
        guard sawSpace else { return false }
        var value = scalar(at: cursor).value
        switch value {
        case 0x22, 0x27, 0x29, 0x5D, 0x2019, 0x201D, 0xBB:
            // Look through one closing quote or bracket: `said." The`.
            guard cursor > 0 else { return false }
            value = scalar(at: previousScalarStart(cursor)).value
        default:
            break
        }
        switch value {
        case 0x21, 0x2E, 0x3F, 0x2026: return true  // ! . ? …
        default: return false
        }
    }

    // MARK: Word boundaries

    /// Moves a window start off a partial word, preferring to drop the fragment over growing the window.
    private func snapStart(_ position: Int, notAfter anchor: Int, limit: Int) -> Int {
        if position <= limit || position == 0 { return skipSpaces(from: position, limit: anchor) }
        if isSpace(at: position) || isSpace(at: previousScalarStart(position)) {
            return skipSpaces(from: position, limit: anchor)
        }
        var cursor = position
        while cursor < anchor {
            if isSpace(at: cursor) { return skipSpaces(from: cursor, limit: anchor) }
            cursor += scalarLength(at: cursor)
        }
        cursor = position
        for _ in 0..<Self.wordSearchLimit {
            guard cursor > limit else { break }
            let previous = previousScalarStart(cursor)
            if isSpace(at: previous) { return cursor }
            cursor = previous
        }
        return graphemeSafe(position, limit: anchor)
    }

    /// Moves a window end off a partial word, preferring to drop the fragment over growing the window.
    private func snapEnd(_ position: Int, notBefore anchor: Int, limit: Int) -> Int {
        if position >= limit { return trimSpacesBackward(from: limit, limit: anchor) }
        if isSpace(at: position) || isSpace(at: previousScalarStart(position)) {
            return trimSpacesBackward(from: position, limit: anchor)
        }
        var cursor = position
        while cursor > anchor {
            let previous = previousScalarStart(cursor)
            if isSpace(at: previous) { return trimSpacesBackward(from: previous, limit: anchor) }
            cursor = previous
        }
        cursor = position
        for _ in 0..<Self.wordSearchLimit {
            guard cursor < limit else { return limit }
            if isSpace(at: cursor) { return cursor }
            cursor += scalarLength(at: cursor)
        }
        return graphemeSafe(position, limit: limit)
    }

    /// Never leaves a combining mark or joiner at the start of the next piece.
    private func graphemeSafe(_ position: Int, limit: Int) -> Int {
        var cursor = position
        while cursor < limit, cursor < count, scalar(at: cursor).properties.isGraphemeExtend
            || scalar(at: cursor).value == 0x200D {
            cursor += scalarLength(at: cursor)
        }
        return cursor
    }

    private func skipSpaces(from position: Int, limit: Int) -> Int {
        var cursor = position
        while cursor < limit, isSpace(at: cursor) { cursor += scalarLength(at: cursor) }
        return cursor
    }

    private func trimSpacesBackward(from position: Int, limit: Int) -> Int {
        var cursor = position
        while cursor > limit, isSpace(at: previousScalarStart(cursor)) { cursor = previousScalarStart(cursor) }
        return cursor
    }

    // MARK: Spans

    /// Clamps, aligns to scalar boundaries and trims whitespace, so every highlight starts and ends on a visible
    /// scalar; then merges overlaps.
    private func mergedSpans(_ spans: [Range<Int>]) -> [Range<Int>] {
        var cleaned = spans.compactMap(normalized)
        // The searcher gives a document's matches in order: thousands of them for a frequent word.
        var i = 1
        while i < cleaned.count, cleaned[i - 1].lowerBound <= cleaned[i].lowerBound { i += 1 }
        if i < cleaned.count { cleaned.sort { $0.lowerBound < $1.lowerBound } }
        var merged: [Range<Int>] = []
        for span in cleaned {
            if let last = merged.last, span.lowerBound < last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    private func normalized(_ span: Range<Int>) -> Range<Int>? {
        var lower = min(max(span.lowerBound, 0), count)
        var upper = min(max(span.upperBound, 0), count)
        while lower > 0, lower < count, isContinuation(bytes[lower]) { lower -= 1 }
        while upper < count, isContinuation(bytes[upper]) { upper += 1 }
        while lower < upper, isSpace(at: lower) { lower += scalarLength(at: lower) }
        while upper > lower, isSpace(at: previousScalarStart(upper)) { upper = previousScalarStart(upper) }
        return lower < upper ? lower..<upper : nil
    }

    // MARK: Building the excerpt

    private func excerpt(
        window: Range<Int>,
        matches: [Range<Int>],
        entities: [SnippetBuilder.EntitySpan]
    ) -> Snippet {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(width + 8)
        let cutBefore = hasContent(before: window.lowerBound)
        let cutAfter = hasContent(after: window.upperBound)
        if cutBefore { output.append("\u{2026}") }

        // Output offset of each visible scalar of the window, indexed by its byte offset in the window.
        var offsets = [Int](repeating: -1, count: window.count + 1)
        var pendingSpace = false
        var cursor = window.lowerBound
        while cursor < window.upperBound {
            let length = scalarLength(at: cursor)
            if isSpace(at: cursor) {
                pendingSpace = output.count > (cutBefore ? 1 : 0)
            } else {
                if pendingSpace { output.append(" ") }
                pendingSpace = false
                offsets[cursor - window.lowerBound] = output.count
                output.append(Self.printable(scalar(at: cursor)))
            }
            cursor += length
        }
        if cutAfter { output.append("\u{2026}") }

        var highlights: [Highlight] = []
        func highlight(_ span: Range<Int>, kind: String, entity: String?) {
            guard let clipped = normalized(span.clamped(to: window)), !clipped.isEmpty else { return }
            let start = offsets[clipped.lowerBound - window.lowerBound]
            let end = offsets[previousScalarStart(clipped.upperBound) - window.lowerBound] + 1
            guard start >= 0, end > start else { return }
            let text = Self.string(output[start..<end])
            highlights.append(Highlight(start: start, end: end, text: text, kind: kind, entity: entity))
        }
        for span in matches where span.overlaps(window) {
            highlight(span, kind: "match", entity: nil)
        }
        for entity in entities where entity.range.overlaps(window) {
            highlight(entity.range, kind: entity.kind, entity: entity.entity.isEmpty ? nil : entity.entity)
        }
        highlights.sort { a, b in
            if a.start != b.start { return a.start < b.start }
            if (a.kind == "match") != (b.kind == "match") { return a.kind == "match" }
            return a.end > b.end
        }
        return Snippet(text: Self.string(output[...]), highlights: highlights)
    }

    /// The scalars as a String, made from their UTF-8: `String.UnicodeScalarView`'s initialiser appends them one
    /// at a time and cost a search with many highlights more than cutting the excerpts.
    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count + 8)
        for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Control characters must never reach a terminal from a document, and a snippet is displayed as one line.
    private static func printable(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) { return "\u{FFFD}" }
        return scalar
    }

    private func hasContent(before position: Int) -> Bool {
        var cursor = position
        while cursor > 0 {
            cursor = previousScalarStart(cursor)
            if !isSpace(at: cursor) { return true }
        }
        return false
    }

    private func hasContent(after position: Int) -> Bool {
        var cursor = position
        while cursor < count {
            if !isSpace(at: cursor) { return true }
            cursor += scalarLength(at: cursor)
        }
        return false
    }

    // MARK: Walking UTF-8

    /// Moves forward `units` collapsed units (a scalar, or a whole whitespace run) without passing `limit`.
    private func advance(from position: Int, by units: Int, limit: Int) -> Int {
        var cursor = position
        var walked = 0
        while walked < units, cursor < limit {
            if isSpace(at: cursor) {
                while cursor < limit, isSpace(at: cursor) { cursor += scalarLength(at: cursor) }
            } else {
                cursor += scalarLength(at: cursor)
            }
            walked += 1
        }
        return min(cursor, limit)
    }

    private func retreat(from position: Int, by units: Int, limit: Int) -> Int {
        var cursor = position
        var walked = 0
        while walked < units, cursor > limit {
            let previous = previousScalarStart(cursor)
            if isSpace(at: previous) {
                cursor = previous
                while cursor > limit, isSpace(at: previousScalarStart(cursor)) {
                    cursor = previousScalarStart(cursor)
                }
            } else {
                cursor = previous
            }
            walked += 1
        }
        return max(cursor, limit)
    }

    /// Collapsed units (a scalar, or a whole whitespace run) from `start` to `end`, counted up to `cap`: the
    /// snippet's window is measured in them. The gaps between a document's matches are counted here, which for a
    /// frequent word is most of the document: ASCII is taken eight bytes at a time.
    private func unitCount(from start: Int, to end: Int, atMost cap: Int = .max) -> Int {
        var cursor = start
        var units = 0
        var previousWasSpace = false
        while cursor < end, units < cap {
            // Each unit takes a byte at least, so a walk a byte at a time would read all of these before it could
            // stop at `cap`: reading them as a stretch decompresses no frame that it would not.
            let stretchEnd = end - cursor <= cap - units ? end : cursor + (cap - units)
            let stretch = bytes.readableBytes(cursor..<stretchEnd)
            guard let base = stretch.baseAddress else { break }
            var i = 0
            let n = stretch.count
            while i < n {
                if i &+ 8 <= n {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if word & Self.highBits == 0 {
                        // Bit 7 of each byte that is ASCII whitespace (0x20, 0x09–0x0D): a byte plus 0x7F
                        // reaches bit 7 unless it is 0, and plus 0x77 or 0x72 from 0x09 or 0x0E on. Exact for
                        // bytes below 0x80, whose sums never carry into the next byte.
                        let isSpaceChar = ~((word ^ Self.spaces) &+ Self.lowBits) & Self.highBits
                        let atLeastTab = (word &+ Self.repeated(0x80 &- 0x09)) & Self.highBits
                        let pastReturn = (word &+ Self.repeated(0x80 &- 0x0E)) & Self.highBits
                        let space = isSpaceChar | (atLeastTab & ~pastReturn)
                        let before = space << 8 | (previousWasSpace ? 0x80 : 0)
                        units &+= 8 &- space.nonzeroBitCount &+ (space & ~before).nonzeroBitCount
                        previousWasSpace = space >> 63 != 0
                        i &+= 8
                        continue
                    }
                }
                let byte = base[i]
                if byte < 0x80 {
                    let space = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
                    if !(space && previousWasSpace) { units &+= 1 }
                    previousWasSpace = space
                    i &+= 1
                } else {
                    let space = isSpace(at: cursor &+ i)
                    if !(space && previousWasSpace) { units &+= 1 }
                    previousWasSpace = space
                    i &+= scalarLength(at: cursor &+ i)
                }
            }
            cursor &+= i
        }
        return units
    }

    // Computed: a generic type has no static stored properties.
    private static var highBits: UInt64 { 0x8080_8080_8080_8080 }
    private static var lowBits: UInt64 { 0x7F7F_7F7F_7F7F_7F7F }
    private static var spaces: UInt64 { 0x2020_2020_2020_2020 }

    @inline(__always)
    private static func repeated(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

    private func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    private func scalarLength(at position: Int) -> Int {
        let byte = bytes[position]
        let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
        return min(length, count - position)
    }

    private func previousScalarStart(_ position: Int) -> Int {
        var cursor = position - 1
        while cursor > 0, isContinuation(bytes[cursor]) { cursor -= 1 }
        return max(cursor, 0)
    }

    private func scalar(at position: Int) -> Unicode.Scalar {
        let length = scalarLength(at: position)
        var value = UInt32(bytes[position])
        switch length {
        case 2: value &= 0x1F
        case 3: value &= 0x0F
        case 4: value &= 0x07
        default: break
        }
        for offset in 1..<max(length, 1) {
            value = value << 6 | UInt32(bytes[position + offset] & 0x3F)
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    private func isSpace(at position: Int) -> Bool {
        let byte = bytes[position]
        if byte < 0x80 { return byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        // Only lead bytes 0xC2, 0xE1, 0xE2 and 0xE3 start non-ASCII whitespace; skip decoding everything else.
        guard byte == 0xC2 || byte == 0xE1 || byte == 0xE2 || byte == 0xE3 else { return false }
        switch scalar(at: position).value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}
