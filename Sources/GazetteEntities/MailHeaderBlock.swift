/// The header of a mail or news message ("From: …", "Newsgroups: …", "NNTP-Posting-Host: …") kept in a
/// document's text: field names and addresses, not prose, so the recogniser leaves it alone. A block is one
/// when each of its lines is a field ("Name: value") or continues one (starts with a space or tab), at least one
/// field is a known mail or news field, and it has two fields or follows such a block (a file whose lines are
/// one block each) or opens the document.
enum MailHeaderBlock {
    /// Marks the tokens of every header block among `candidates` (token ranges of blocks starting with a
    /// capitalised word, in order).
    static func mark(_ tp: UnsafeMutableBufferPointer<Token>, candidates: [Range<Int>], text: UnsafeBufferPointer<UInt8>) {
        var previousHeaderEnd = -1
        for block in candidates {
            // Most blocks are prose: the first word is not followed by ":".
            guard startsWithFieldName(text, at: tp[block.lowerBound].start) else { continue }
            let opensDocument = block.lowerBound == 0
            let followsHeader = previousHeaderEnd == block.lowerBound
            let bytes = tp[block.lowerBound].start..<min(tp[block.upperBound - 1].end, text.count)
            guard isHeader(text, bytes, alone: opensDocument || followsHeader) else { continue }
            for k in block { tp[k].shape.insert(.notEnglishProse) }
            previousHeaderEnd = block.upperBound
        }
    }

    /// Known fields of RFC 5322 mail and RFC 5536 news, lowercased.
    static let knownFields: Set<[UInt8]> = Set([
        "from", "to", "cc", "bcc", "subject", "date", "sender", "reply-to", "message-id", "in-reply-to", "references",
        "newsgroups", "path", "xref", "organization", "organisation", "lines", "nntp-posting-host", "followup-to",
        "distribution", "keywords", "summary", "expires", "approved", "article-i.d.", "mime-version", "content-type",
        "content-transfer-encoding", "received", "return-path", "x-newsreader", "x-mailer", "user-agent",
        "nntp-posting-date", "x-trace", "x-complaints-to", "list-id", "delivered-to",
    ].map { Array($0.utf8) })

    /// Whether the bytes from `start` are a field name and a colon: letters, digits, "-" and "." (no space).
    /// Asked of nearly every block of prose, so it makes no array.
    static func startsWithFieldName(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        fieldNameEnd(text, at: start, end: text.count) != nil
    }

    /// Where the field name of the line starting at `start` ends (at its colon), if the line is "Name:"
    /// followed by a space, a tab or the line's end.
    static func fieldNameEnd(_ text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Int? {
        var i = start
        while i < end, i - start <= 40 {
            let b = text[i]
            let lower = b | 0x20
            if (lower >= 0x61 && lower <= 0x7A) || (b >= 0x30 && b <= 0x39 && i > start) || ((b == 0x2D || b == 0x2E) && i > start) {
                i += 1
                continue
            }
            guard b == 0x3A, i > start else { return nil }
            let after = i + 1 < end ? text[i + 1] : 0x0A
            return after == 0x20 || after == 0x09 || after == 0x0A || after == 0x0D ? i : nil
        }
        return nil
    }

    /// The lowercased field name of the line starting at `start` (see `fieldNameEnd`).
    static func fieldName(_ text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> [UInt8]? {
        guard let nameEnd = fieldNameEnd(text, at: start, end: end) else { return nil }
        return (start..<nameEnd).map { text[$0] >= 0x41 && text[$0] <= 0x5A ? text[$0] | 0x20 : text[$0] }
    }

    static func isHeader(_ text: UnsafeBufferPointer<UInt8>, _ bytes: Range<Int>, alone: Bool) -> Bool {
        var fields = 0, known = 0
        var lineStart = bytes.lowerBound
        while lineStart < bytes.upperBound {
            var lineEnd = lineStart
            while lineEnd < bytes.upperBound && text[lineEnd] != 0x0A { lineEnd += 1 }
            let first = text[lineStart]
            if first == 0x20 || first == 0x09 {
                if fields == 0 { return false }  // a continuation needs a field before it
            } else if first != 0x0D {
                guard let name = fieldName(text, at: lineStart, end: lineEnd) else { return false }
                fields += 1
                if knownFields.contains(name) { known += 1 }
            }
            lineStart = lineEnd + 1
        }
        return known >= 1 && (fields >= 2 || alone)
    }
}
