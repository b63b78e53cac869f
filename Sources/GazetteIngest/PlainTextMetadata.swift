/// Metadata of a plain-text file: from its mail or news header when it has one, else (and for what the header
/// lacks) from a dateline and a byline at the start of its body. Only the first few lines of the body are read.
enum PlainTextMetadata {
    /// Datelines and bylines are looked for in this many non-blank lines at the start of the body…
    static let leadingLines = 6
    /// …and in no more than this many bytes of it.
    static let leadingBytes = 2048

    static func extract(_ text: UnsafeRawBufferPointer, header: MailHeader?, bodyStart: Int) -> DocumentMetadata {
        var metadata = DocumentMetadata()
        if let header {
            if let value = header.value("date") { metadata.offerDate(DateParser.parseValue(value), from: .mailHeader) }
            metadata.author = header.value("from").flatMap(MailHeader.author(fromField:))
            metadata.source = header.value("newsgroups").flatMap(MailHeader.firstNewsgroup)
                ?? header.value("list-id").flatMap(MailHeader.listName)
        }
        guard metadata.date == nil || metadata.author == nil else { return metadata }

        // Lines are split within the first bytes of the body only, so a huge one-line file is not scanned again.
        let limit = min(text.count, bodyStart + leadingBytes)
        let lead = UnsafeRawBufferPointer(rebasing: text[..<limit])
        var seen = 0
        var iterator = Lines(lead, from: bodyStart).makeIterator()
        while seen < leadingLines, let line = iterator.next() {
            let trimmed = line.trimmed
            if trimmed.isEmpty { continue }
            seen += 1
            let end = trimmed.upperBound
            if metadata.date == nil {
                // A line cut at the limit must not end a date there ("2025-12-1|5").
                let cut = end == limit && limit < text.count
                metadata.offerDate(dateline(lead, from: trimmed.lowerBound, end: end, cut: cut), from: .dateline)
            }
            if metadata.author == nil, let name = byline(lead, from: trimmed.lowerBound, end: end) {
                metadata.author = name
            }
        }
        return metadata
    }

    // MARK: Datelines

    /// A date that opens a line, alone or after a place ("SYDNEY, Dec 3, 2001 (Reuters) -", "3 December 2025 —",
    /// "December 3, 2025", "2025-12-03 -"), followed by the line's end, a dash or a colon (an agency's name in
    /// parentheses may come between). A dateline without a year ("SYDNEY, Dec 3 (Reuters) -") gives none.
    static func dateline(_ b: UnsafeRawBufferPointer, from start: Int, end: Int, cut: Bool = false) -> PublicationDate? {
        if let date = date(b, from: start, end: end, cut: cut) { return date }
        // A place: capitalised words ("SYDNEY", "New York", "MOSCOW/WASHINGTON"), then a comma.
        var i = start
        var atWordStart = true
        while i < end, i - start <= 60 {
            let c = b[i]
            if c == UInt8(ascii: ",") { break }
            if atWordStart {
                guard (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || c >= 0x80 else { return nil }
                atWordStart = false
            } else if c == 0x20 || c == UInt8(ascii: "/") {
                atWordStart = true
            } else if !(DateParser.isLetter(c) || c >= 0x80 || c == UInt8(ascii: ".") || c == UInt8(ascii: "-")
                || c == UInt8(ascii: "'"))
            {
                return nil
            }
            i += 1
        }
        guard i < end, i > start, b[i] == UInt8(ascii: ","), !atWordStart else { return nil }
        i += 1
        guard DateParser.skipSpaces(b, &i, end: end) else { return nil }
        return date(b, from: i, end: end, cut: cut)
    }

    private static func date(_ b: UnsafeRawBufferPointer, from start: Int, end: Int, cut: Bool) -> PublicationDate? {
        let parsed = DateParser.iso(b, from: start, end: end) ?? DateParser.words(b, from: start, end: end, allowWeekday: true)
        guard let (date, stop) = parsed, endsDateline(b, from: stop, end: end, cut: cut) else { return nil }
        return date
    }

    /// The line's end (unless the line was `cut` short), a dash (-, --, –, —) or a colon, maybe after "(Agency)".
    private static func endsDateline(_ b: UnsafeRawBufferPointer, from start: Int, end: Int, cut: Bool) -> Bool {
        var i = start
        DateParser.skipSpaces(b, &i, end: end)
        if i == end { return !cut }
        if b[i] == UInt8(ascii: "(") {
            var close = i + 1
            while close < end, close - i <= 40, b[close] != UInt8(ascii: ")") { close += 1 }
            guard close < end, b[close] == UInt8(ascii: ")") else { return false }
            i = close + 1
            DateParser.skipSpaces(b, &i, end: end)
            if i == end { return !cut }
        }
        let c = b[i]
        if c == UInt8(ascii: "-") || c == UInt8(ascii: ":") { return true }
        // U+2013 EN DASH, U+2014 EM DASH
        return c == 0xE2 && i + 2 < end && b[i + 1] == 0x80 && (b[i + 2] == 0x93 || b[i + 2] == 0x94)
    }

    // MARK: Bylines

    private static let particles: Set<String> = [
        "and", "de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "dos", "das", "bin",
        "al", "el", "y", "&", "ter", "ten",
    ]

    /// A line that is only "By" and a name or names ("By Jane Doe", "BY JANE DOE AND JOHN ROE",
    /// "By Jane Doe, Moscow correspondent" → "Jane Doe"): capitalised words and name particles, no digits.
    static func byline(_ b: UnsafeRawBufferPointer, from start: Int, end: Int) -> String? {
        guard end - start >= 4, end - start <= 100, b[start] == UInt8(ascii: "B"),
            b[start + 1] | 0x20 == UInt8(ascii: "y"), b[start + 2] == 0x20
        else { return nil }
        var stop = start + 3
        while stop < end {
            let c = b[stop]
            if c == UInt8(ascii: ",") || c == UInt8(ascii: "|") || c == UInt8(ascii: "(") || c == UInt8(ascii: ";") {
                break
            }
            // " - ", " – ", " — "
            if c == 0x20, stop + 1 < end,
                b[stop + 1] == UInt8(ascii: "-")
                    || (b[stop + 1] == 0xE2 && stop + 3 < end && b[stop + 2] == 0x80
                        && (b[stop + 3] == 0x93 || b[stop + 3] == 0x94))
            {
                break
            }
            stop += 1
        }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: b[(start + 3)..<stop]), as: UTF8.self)
        let words = name.split(separator: " ", omittingEmptySubsequences: true)
        guard (1...6).contains(words.count) else { return nil }
        for (n, word) in words.enumerated() {
            if particles.contains(word.lowercased()) {
                if n == 0 || n == words.count - 1 { return nil }
                continue
            }
            guard let first = word.utf8.first, (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")) || first >= 0x80,
                !word.utf8.contains(where: DateParser.isDigit), !word.hasSuffix(":")
            else { return nil }
        }
        return words.joined(separator: " ")
    }
}

/// The date line of an HTML article's lead: a short block after the headline that is a date with only a place,
/// a desk or "Published" around it ("Berlin, Tuesday 6 May 2025", "Published Wednesday, 3 December 2025 –
/// Brussels", "Brussels — Wednesday 17 December 2025"), or a paragraph that opens with a dateline.
enum LeadDateline {
    /// A date line is short…
    static let maximumLength = 120
    /// …and among the first few blocks of the lead.
    static let blocks = 6

    /// Words a date line may hold besides capitalised ones; "Updated 5 December" is not when it was published.
    private static let allowed: Set<String> = [
        "by", "and", "published", "posted", "on", "at", "de", "von", "van", "der", "of", "the",
    ]
    private static let refused: Set<String> = ["updated", "modified", "revised", "changed", "last", "edited"]

    static func date(_ text: UnsafeRawBufferPointer, blocks: ArraySlice<Range<Int>>) -> PublicationDate? {
        for block in blocks.prefix(Self.blocks) {
            if let date = PlainTextMetadata.dateline(text, from: block.lowerBound, end: block.upperBound)
                ?? dateLine(text, block)
            {
                return date
            }
        }
        return nil
    }

    /// A block that is one date and a few words that are not a sentence's.
    static func dateLine(_ b: UnsafeRawBufferPointer, _ block: Range<Int>) -> PublicationDate? {
        guard block.count <= maximumLength, let last = block.last.map({ b[$0] }), last != UInt8(ascii: ".") else {
            return nil
        }
        var found: PublicationDate? = nil
        var words = 0
        var i = block.lowerBound
        let end = block.upperBound
        while i < end {
            let skip = separatorLength(b, i, end)
            if skip > 0 {
                i += skip
                continue
            }
            if found == nil,
                let (date, stop) = DateParser.iso(b, from: i, end: end)
                    ?? DateParser.words(b, from: i, end: end, allowWeekday: true)
            {
                found = date
                i = stop
                continue
            }
            var stop = i
            while stop < end && separatorLength(b, stop, end) == 0 { stop += 1 }
            let word = UnsafeRawBufferPointer(rebasing: b[i..<stop])
            guard !word.contains(where: DateParser.isDigit) else { return nil }
            let lower = String(decoding: word, as: UTF8.self).lowercased()
            let first = word[0]
            // A month or weekday outside the date ("Thursday 6 May 2025" when May 6 was a Tuesday) is a date
            // that did not parse: no date.
            if refused.contains(lower) || DateParser.isCalendarWord(Array(lower.utf8)) { return nil }
            guard (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")) || first >= 0x80 || allowed.contains(lower)
            else { return nil }
            words += 1
            guard words <= 8 else { return nil }
            i = stop
        }
        return found
    }

    /// Spaces and the punctuation that separates a date from a place: , | · • – — - and ":".
    private static func separatorLength(_ b: UnsafeRawBufferPointer, _ i: Int, _ end: Int) -> Int {
        let c = b[i]
        switch c {
        case 0x20, 0x09, 0x0A, UInt8(ascii: ","), UInt8(ascii: "|"), UInt8(ascii: "-"), UInt8(ascii: ":"):
            return 1
        case 0xC2 where i + 1 < end && b[i + 1] == 0xB7:  // U+00B7 MIDDLE DOT
            return 2
        case 0xE2 where i + 2 < end && b[i + 1] == 0x80 && (b[i + 2] == 0x93 || b[i + 2] == 0x94 || b[i + 2] == 0xA2):
            return 3  // U+2013, U+2014, U+2022
        default:
            return 0
        }
    }
}
