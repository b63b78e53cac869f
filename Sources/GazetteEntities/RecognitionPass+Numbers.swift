// The scan's dates, money amounts and percentages, matched from the token where they start.

extension RecognitionPass {
    static let mayHash = TermHash.hash("may")
    static let marchHash = TermHash.hash("march")
    static let perHash = TermHash.hash("per")
    static let centHash = TermHash.hash("cent")
    static let dayHash = TermHash.hash("day")
    static let eveHash = TermHash.hash("eve")

    /// Whether token `tokenIndex` exists and is a number of one or two digits from 1 to 31.
    func isDayOfMonth(_ tokenIndex: Int) -> Bool {
        guard tokenIndex < tokenCount, tokens[tokenIndex].isDigits, tokens[tokenIndex].termLength <= 2 else { return false }
        let value = digitsValue(tokenIndex)
        return value >= 1 && value <= 31
    }

    /// Whether token `tokenIndex` exists and is a number of four digits from 1800 to 2100.
    func isYear(_ tokenIndex: Int) -> Bool {
        guard tokenIndex < tokenCount, tokens[tokenIndex].isDigits, tokens[tokenIndex].termLength == 4 else { return false }
        let value = digitsValue(tokenIndex)
        return value >= 1800 && value <= 2100
    }

    /// The value of the digits that start token `tokenIndex`, up to nine of them.
    func digitsValue(_ tokenIndex: Int) -> Int {
        var value = 0
        for offset in tokens[tokenIndex].start..<min(tokens[tokenIndex].end, tokens[tokenIndex].start + 9) {
            let digit = text[offset]
            guard digit >= 0x30 && digit <= 0x39 else { break }
            value = value * 10 + Int(digit - 0x30)
        }
        return value
    }

    /// Currency sign right before token `tokenIndex`: returns the byte where it starts.
    func currencySign(before tokenIndex: Int) -> Int? {
        let start = tokens[tokenIndex].start
        let floor = tokenIndex > 0 ? tokens[tokenIndex - 1].end : 0
        if start - 1 >= floor && text[start - 1] == 0x24 { return start - 1 }                                  // $
        if start - 2 >= floor && text[start - 2] == 0xC2 && (text[start - 1] == 0xA3 || text[start - 1] == 0xA5) { return start - 2 } // £ ¥
        if start - 3 >= floor && text[start - 3] == 0xE2 && text[start - 2] == 0x82 && text[start - 1] == 0xAC { return start - 3 } // €
        return nil
    }

    /// Emits the date, money amount or percentage that starts at token `first` (or at a word just before it
    /// that belongs to it: "the coming months", "earlier this month", "early May") and returns the index of the
    /// token after it; nil if none starts there.
    func matchDateOrQuantity(at first: Int) -> Int? {
        let token = tokens[first]
        let flags = token.flags
        let count = tokenCount
        if token.shape.contains(.shouting) { return nil }
        // Relative dates: "last week", "this year", "the coming months", "earlier this month".
        if flags.contains(.relative) && first + 1 < count && joinedBySpace(first + 1)
            && (has(first + 1, .timeUnit) || has(first + 1, .weekday) || (has(first + 1, .month) && isCapitalised(first + 1))) {
            var mentionStart = first
            if first > 0 && has(first - 1, .the) && tokens[first].gap == .space { mentionStart = first - 1 }
            if first > 0 && has(first - 1, .relativeEnd) && tokens[first].gap == .space && !isCapitalised(first - 1) {
                mentionStart = first - 1
            }
            emitDateOrQuantity(mentionStart, first + 2, .date)
            return first + 2
        }
        if flags.contains(.relative) && first + 2 < count && joinedBySpace(first + 1) && joinedBySpace(first + 2)
            && has(first + 1, .numberWord)
            && has(first + 2, .timeUnit) && !isCapitalised(first + 1) {
            var mentionStart = first
            if first > 0 && has(first - 1, .the) && tokens[first].gap == .space { mentionStart = first - 1 }
            emitDateOrQuantity(mentionStart, first + 3, .date)
            return first + 3
        }
        if flags.contains(.the) && first + 2 < count && joinedBySpace(first + 1) && joinedBySpace(first + 2)
            && has(first + 1, .ordinal) && has(first + 2, .yearPart) {
            var end = first + 3
            // "of the year", "of 2024"
            if end + 2 < count && joinedBySpace(end) && tokens[end].hash == RecognitionPass.ofHash && joinedBySpace(end + 1) {
                if isYear(end + 1) {
                    end += 2
                } else if end + 2 < count && has(end + 1, .the) && joinedBySpace(end + 2) && has(end + 2, .timeUnit) {
                    end += 3
                }
            }
            emitDateOrQuantity(first, end, .date)
            return end
        }
        if flags.contains(.dayWord) {
            // A holiday may begin a place ("Christmas Island", "Easter Island"): the gazetteer's entry wins.
            if isCapitalised(first), let entry = gazetteerEntry(at: first), entry.length > 1 { return nil }
            var end = first + 1
            if isCapitalised(first) && end < count && joinedBySpace(end) && isCapitalised(end)
                && (tokens[end].hash == Self.dayHash || tokens[end].hash == Self.eveHash) {
                end += 1  // "Christmas Day", "Christmas Eve"
            }
            emitDateOrQuantity(first, end, .date)
            return end
        }
        // "two years ago", "Days later", "three weeks earlier".
        if (flags.contains(.numberWord) || token.isDigits) && first + 2 < count && joinedBySpace(first + 1) && joinedBySpace(first + 2)
            && has(first + 1, .timeUnit) && has(first + 2, .relativeEnd) {
            emitDateOrQuantity(first, first + 3, .date)
            return first + 3
        }
        if flags.contains(.timeUnit) && first + 1 < count && joinedBySpace(first + 1) && has(first + 1, .relativeEnd)
            && isCapitalised(first) {
            emitDateOrQuantity(first, first + 2, .date)
            return first + 2
        }
        if flags.contains(.weekday) && isCapitalised(first) {
            var end = first + 1
            if end < count && tokens[end].gap == .other && has(end, .month) && isCapitalised(end) && isDayOfMonth(end + 1)
                && joinedBySpace(end + 1) {
                end += 2
            }
            emitDateOrQuantity(first, end, .date)
            return end
        }
        if flags.contains(.monthAbbreviation) && isCapitalised(first) && first + 1 < count && isDayOfMonth(first + 1)
            && (tokens[first + 1].gap == .space || tokens[first + 1].gap == .initialDot) {
            var end = first + 2
            if isYear(end) && (tokens[end].gap == .other || tokens[end].gap == .space) { end += 1 }
            emitDateOrQuantity(first, end, .date)
            return end
        }
        if flags.contains(.month) && isCapitalised(first) {
            var end = first + 1
            if isDayOfMonth(end) && joinedBySpace(end) {
                end += 1
                if isYear(end) && (tokens[end].gap == .other || tokens[end].gap == .space) { end += 1 }
            } else if isYear(end) && joinedBySpace(end) {
                end += 1
            } else if token.hash == RecognitionPass.mayHash || token.hash == RecognitionPass.marchHash {
                // "May" and "March" alone are dates only after a preposition.
                guard first > 0, has(first - 1, .placePrep) || has(first - 1, .period) || has(first - 1, .relative)
                    || lexicon.flags(tokens[first - 1].hash).contains(.connector) else { return nil }
            }
            var mentionStart = first
            if first > 0 && has(first - 1, .period) && (tokens[first].gap == .space || tokens[first].gap == .hyphen) {
                mentionStart = first - 1
            }
            emitDateOrQuantity(mentionStart, end, .date)
            return end
        }
        guard token.isDigits || (byte(token.start) >= 0x30 && byte(token.start) <= 0x39) else { return nil }
        if token.isDigits && isDayOfMonth(first) && first + 1 < count && joinedBySpace(first + 1) && has(first + 1, .month)
            && isCapitalised(first + 1) {
            var end = first + 2
            if isYear(end) && joinedBySpace(end) { end += 1 }
            emitDateOrQuantity(first, end, .date)
            return end
        }
        // A number: digits joined by "." or ",".
        var end = first + 1
        while end < count && tokens[end].gap == .numberJoin && tokens[end].isDigits { end += 1 }
        let sign = currencySign(before: first)
        var byteEnd = tokens[end - 1].end
        // "1.2bn": a scale glued to the digits.
        var glued = false
        if !tokens[end - 1].isDigits {
            var digitsEnd = tokens[end - 1].start
            while digitsEnd < tokens[end - 1].end && text[digitsEnd] >= 0x30 && text[digitsEnd] <= 0x39 { digitsEnd += 1 }
            let suffix = UnsafeBufferPointer(rebasing: text[digitsEnd..<tokens[end - 1].end])
            var lower = [UInt8](suffix)
            for index in lower.indices where lower[index] >= 0x41 && lower[index] <= 0x5A { lower[index] += 0x20 }
            glued = lower.withUnsafeBufferPointer { lexicon.flags(TermHash.hash($0)).contains(.scale) }
            if !glued { return end }
        }
        if !glued && end < count && joinedBySpace(end) && has(end, .scale) && tokens[end].termLength > 1 {
            byteEnd = tokens[end].end
            end += 1
        }
        if let sign {
            emitDateOrQuantity(first, end, .money, byteStart: sign, byteEnd: byteEnd)
            return end
        }
        if end < count && (joinedBySpace(end) || tokens[end].gap == .hyphen) && has(end, .currency) {
            emitDateOrQuantity(first, end + 1, .money)
            return end + 1
        }
        // Percent sign right after the number (or after one space).
        if text.count > byteEnd && text[byteEnd] == 0x25 {
            emitDateOrQuantity(first, end, .percent, byteStart: tokens[first].start, byteEnd: byteEnd + 1)
            return end
        }
        if text.count > byteEnd + 1 && text[byteEnd] == 0x20 && text[byteEnd + 1] == 0x25 {
            emitDateOrQuantity(first, end, .percent, byteStart: tokens[first].start, byteEnd: byteEnd + 2)
            return end
        }
        if end < count && joinedBySpace(end) && has(end, .percentWord) {
            emitDateOrQuantity(first, end + 1, .percent)
            return end + 1
        }
        if end + 1 < count && joinedBySpace(end) && joinedBySpace(end + 1) && tokens[end].hash == RecognitionPass.perHash
            && tokens[end + 1].hash == RecognitionPass.centHash {
            emitDateOrQuantity(first, end + 2, .percent)
            return end + 2
        }
        if end == first + 1 && isYear(first) && !glued {
            // A year, unless it is a quantity ("2000 troops" is not told apart; "2,000" never gets here).
            var mentionStart = first
            if first > 0 && has(first - 1, .period) && (tokens[first].gap == .space || tokens[first].gap == .hyphen) {
                mentionStart = first - 1
            }
            emitDateOrQuantity(mentionStart, first + 1, .date)
            return first + 1
        }
        return end
    }

    /// Emits a candidate over tokens `start..<end`, its byte range widened to a currency or percent sign outside
    /// the tokens when given.
    func emitDateOrQuantity(_ start: Int, _ end: Int, _ type: EntityType, byteStart: Int? = nil, byteEnd: Int? = nil) {
        var candidate = makeCandidate(start, end, type)
        if let byteStart { candidate.byteStart = byteStart }
        if let byteEnd { candidate.byteEnd = byteEnd }
        candidates.items.append(candidate)
    }
}
