/// The RFC 5322 header block a mail message or news post starts with: lines `Name: value`, each maybe continued
/// by lines starting with a space or a tab, up to the first blank line. The block is metadata, not text: the
/// extractor makes no blocks of it, so it is not indexed, and reads the title, date, author and source from it.
///
/// A file is taken to start with one only when every line up to the first blank one is a field or a
/// continuation and at least two of the fields are known mail or news fields, so prose that opens with
/// "Note: …" keeps its first paragraph. An mbox envelope line ("From jane@example.org Mon Dec  3 …") may come
/// first.
struct MailHeader {
    struct Field {
        /// Lowercased.
        var name: [UInt8]
        /// Unfolded (the continuation lines joined with one space), trimmed, RFC 2047 encoded words decoded.
        var value: String
    }

    /// Where the body starts: after the blank line that ends the header, or the text's end.
    var bodyStart: Int
    var fields: [Field]

    /// The first field of that (lowercase) name with a non-empty value.
    func value(_ name: String) -> String? {
        for field in fields where !field.value.isEmpty && name.utf8.elementsEqual(field.name) { return field.value }
        return nil
    }

    /// Fields of RFC 5322 mail and RFC 5536 news, lowercased: the same list the entity recogniser uses to
    /// leave header blocks alone (GazetteEntities' `MailHeaderBlock`).
    static let knownFields: Set<[UInt8]> = Set([
        "from", "to", "cc", "bcc", "subject", "date", "sender", "reply-to", "message-id", "in-reply-to", "references",
        "newsgroups", "path", "xref", "organization", "organisation", "lines", "nntp-posting-host", "followup-to",
        "distribution", "keywords", "summary", "expires", "approved", "article-i.d.", "mime-version", "content-type",
        "content-transfer-encoding", "received", "return-path", "x-newsreader", "x-mailer", "user-agent",
        "nntp-posting-date", "x-trace", "x-complaints-to", "list-id", "delivered-to",
    ].map { Array($0.utf8) })

    /// A header block longer than this is not one (and is not looked at further).
    static let maximumLength = 64 << 10

    static func parse(_ text: UnsafeRawBufferPointer) -> MailHeader? {
        // Most files are prose: the first line's first word is not followed by ":" (nor is it "From ").
        guard text.count >= 4 else { return nil }
        var fields: [Field] = []
        var pending: (name: [UInt8], value: [UInt8])? = nil
        var known = 0
        var lineStart = 0
        let limit = min(text.count, maximumLength)

        func closePending() {
            guard let field = pending else { return }
            let value = String(decoding: field.value, as: UTF8.self)
            fields.append(Field(name: field.name, value: EncodedWords.decode(value)))
            pending = nil
        }

        while lineStart < limit {
            var lineEnd = lineStart
            while lineEnd < limit && text[lineEnd] != 0x0A { lineEnd += 1 }
            // A line running past the limit (a huge one-line file, say) is not a header's.
            if lineEnd == limit && limit < text.count { return nil }
            let next = lineEnd < text.count ? lineEnd + 1 : lineEnd
            var contentEnd = lineEnd
            while contentEnd > lineStart && PlainTextExtractor.isSpace(text[contentEnd - 1]) { contentEnd -= 1 }

            if contentEnd == lineStart {
                // A blank line ends the header (a blank first line means there is none).
                guard !fields.isEmpty || pending != nil else { return nil }
                closePending()
                return known >= 2 ? MailHeader(bodyStart: next, fields: fields) : nil
            }
            let first = text[lineStart]
            if first == 0x20 || first == 0x09 {
                guard pending != nil else { return nil }  // a continuation needs a field before it
                var start = lineStart
                while start < contentEnd && PlainTextExtractor.isSpace(text[start]) { start += 1 }
                if !(pending?.value.isEmpty ?? true) { pending?.value.append(0x20) }
                pending?.value.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[start..<contentEnd]))
            } else if let (name, valueStart) = fieldName(text, from: lineStart, end: contentEnd) {
                closePending()
                if knownFields.contains(name) { known += 1 }
                var start = valueStart
                while start < contentEnd && PlainTextExtractor.isSpace(text[start]) { start += 1 }
                pending = (name, Array(UnsafeRawBufferPointer(rebasing: text[start..<contentEnd])))
            } else if lineStart == 0 && isEnvelope(text, end: contentEnd) {
                // mbox's "From " line
            } else {
                return nil
            }
            lineStart = next
        }
        // The file ends inside the header (or the header is too long to be one).
        guard lineStart >= text.count else { return nil }
        closePending()
        return known >= 2 ? MailHeader(bodyStart: text.count, fields: fields) : nil
    }

    /// "Name:" followed by a space, a tab or the line's end; the name starts with a letter, then any printable
    /// ASCII but ":" (RFC 5322; "X_Disclaimer" too). Returns it lowercased and where its value starts.
    private static func fieldName(_ text: UnsafeRawBufferPointer, from start: Int, end: Int) -> ([UInt8], Int)? {
        var i = start
        var name: [UInt8] = []
        while i < end, i - start <= 40 {
            let b = text[i]
            let lower = b | 0x20
            if (lower >= 0x61 && lower <= 0x7A) || (i > start && b > 0x20 && b < 0x7F && b != 0x3A) {
                name.append(b >= 0x41 && b <= 0x5A ? lower : b)
                i += 1
                continue
            }
            guard b == 0x3A, i > start else { return nil }
            guard i + 1 == end || text[i + 1] == 0x20 || text[i + 1] == 0x09 else { return nil }
            return (name, i + 1)
        }
        return nil
    }

    private static func isEnvelope(_ text: UnsafeRawBufferPointer, end: Int) -> Bool {
        end > 5 && text[0] == UInt8(ascii: "F") && text[1] == UInt8(ascii: "r") && text[2] == UInt8(ascii: "o")
            && text[3] == UInt8(ascii: "m") && text[4] == 0x20
    }

    // MARK: Reading fields

    /// The author of a `From:` value: the display name (`Jane Doe <jane@example.org>`, `"Doe, Jane" <…>`), the
    /// old comment form's name (`jane@example.org (Jane Doe)`), else the address.
    static func author(fromField value: String) -> String? {
        let bytes = Array(value.utf8)
        if let open = bytes.firstIndex(of: UInt8(ascii: "<")) {
            let phrase = unquote(trimmed(bytes[..<open]))
            if !phrase.isEmpty { return String(decoding: phrase, as: UTF8.self) }
            let rest = bytes[(open + 1)...]
            let close = rest.firstIndex(of: UInt8(ascii: ">")) ?? bytes.endIndex
            let address = trimmed(bytes[(open + 1)..<close])
            return address.isEmpty ? nil : String(decoding: address, as: UTF8.self)
        }
        if let open = bytes.firstIndex(of: UInt8(ascii: "(")), let close = bytes.lastIndex(of: UInt8(ascii: ")")),
            close > open
        {
            let comment = unquote(trimmed(bytes[(open + 1)..<close]))
            if !comment.isEmpty { return String(decoding: comment, as: UTF8.self) }
            let address = trimmed(bytes[..<open])
            return address.isEmpty ? nil : String(decoding: address, as: UTF8.self)
        }
        let whole = unquote(trimmed(bytes[...]))
        return whole.isEmpty ? nil : String(decoding: whole, as: UTF8.self)
    }

    /// The first group of a `Newsgroups:` value ("alt.atheism,alt.atheism.moderated" → "alt.atheism").
    static func firstNewsgroup(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        let end = bytes.firstIndex { $0 == UInt8(ascii: ",") || $0 == 0x20 || $0 == 0x09 } ?? bytes.endIndex
        let group = trimmed(bytes[..<end])
        return group.isEmpty ? nil : String(decoding: group, as: UTF8.self)
    }

    /// A `List-Id:` value's description (`Python list <python-list.python.org>`), else its identifier.
    static func listName(_ value: String) -> String? {
        author(fromField: value)
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, PlainTextExtractor.isSpace(first) { slice.removeFirst() }
        while let last = slice.last, PlainTextExtractor.isSpace(last) { slice.removeLast() }
        return slice
    }

    /// Removes one pair of surrounding double quotes and the backslashes of quoted pairs inside them.
    private static func unquote(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"") else {
            return Array(bytes)
        }
        var out: [UInt8] = []
        var escaped = false
        for b in bytes.dropFirst().dropLast() {
            if !escaped && b == UInt8(ascii: "\\") {
                escaped = true
                continue
            }
            escaped = false
            out.append(b)
        }
        return Array(trimmed(out[...]))
    }
}
