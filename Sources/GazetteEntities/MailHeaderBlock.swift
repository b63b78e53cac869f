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
    static func startsWithFieldName(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        fieldName(text, at: start, end: text.count) != nil
    }

    /// The lowercased field name of the line starting at `start`, if it is "Name:" followed by a space, a tab
    /// or the line's end.
    static func fieldName(_ text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> [UInt8]? {
        var i = start
        var name: [UInt8] = []
        while i < end, i - start <= 40 {
            let b = text[i]
            let lower = b | 0x20
            if (lower >= 0x61 && lower <= 0x7A) || (b >= 0x30 && b <= 0x39 && i > start) || ((b == 0x2D || b == 0x2E) && i > start) {
                name.append(b >= 0x41 && b <= 0x5A ? lower : b)
                i += 1
                continue
            }
            guard b == 0x3A, i > start else { return nil }
            let after = i + 1 < end ? text[i + 1] : 0x0A
            return after == 0x20 || after == 0x09 || after == 0x0A || after == 0x0D ? name : nil
        }
        return nil
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
