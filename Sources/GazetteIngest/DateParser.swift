/// Parsers for the date forms documents use, over UTF-8 bytes: ISO 8601 (a date, or a date-time with "Z" or an
/// offset), RFC 5322 (mail and news `Date:` fields, two-digit years as its section 4.3 says, and the asctime form
/// old news servers wrote), and English dates with the month in words ("3 December 2025", "December 3, 2025",
/// "Dec. 3, 2025"). Numeric dates with the year last (03/04/2025) are never read: day and month cannot be told
/// apart. Every day is checked against its month.
enum DateParser {
    /// A whole value (a `<meta>` content, a JSON-LD string, a `datetime` attribute), surrounding whitespace aside,
    /// in any of the forms above; nil unless all of it is one date.
    static func parseValue(_ bytes: UnsafeRawBufferPointer) -> PublicationDate? {
        var start = 0
        var end = bytes.count
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        guard end > start else { return nil }
        if let (date, stop) = iso(bytes, from: start, end: end), stop == end { return date }
        if let (date, stop) = words(bytes, from: start, end: end, allowWeekday: true), stop == end { return date }
        return rfc5322(bytes, from: start, end: end)
    }

    static func parseValue(_ string: String) -> PublicationDate? {
        var copy = string
        return copy.withUTF8 { parseValue(UnsafeRawBufferPointer($0)) }
    }

    static func parseRFC5322(_ string: String) -> PublicationDate? {
        var copy = string
        return copy.withUTF8 { raw in
            let bytes = UnsafeRawBufferPointer(raw)
            return rfc5322(bytes, from: 0, end: bytes.count)
        }
    }

    // MARK: ISO 8601

    /// `YYYY-MM-DD` (or `YYYY/MM/DD`), optionally followed by `T` or a space and `hh:mm[:ss[.fff]]` with `Z`,
    /// `±hh:mm`, `±hhmm` or `±hh`. Returns the date and where it ends.
    static func iso(_ b: UnsafeRawBufferPointer, from start: Int, end: Int) -> (PublicationDate, Int)? {
        var i = start
        guard let (year, yearDigits) = digits(b, &i, end: end, max: 4), yearDigits == 4 else { return nil }
        guard i < end, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "/") else { return nil }
        let separator = b[i]
        i += 1
        guard let (month, _) = digits(b, &i, end: end, max: 2), i < end, b[i] == separator else { return nil }
        i += 1
        guard let (day, _) = digits(b, &i, end: end, max: 2) else { return nil }
        guard i == end || !isDigit(b[i]) else { return nil }
        var time: PublicationDate.Time? = nil
        if separator == UInt8(ascii: "-"), i + 1 < end, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t")
            || (b[i] == 0x20 && isDigit(b[i + 1]))
        {
            var j = i + 1
            guard let (parsed, stop) = isoTime(b, &j, end: end) else { return nil }
            time = parsed
            i = stop
        }
        guard let date = PublicationDate(year: year, month: month, day: day, time: time) else { return nil }
        return (date, i)
    }

    private static func isoTime(_ b: UnsafeRawBufferPointer, _ i: inout Int, end: Int) -> (PublicationDate.Time, Int)? {
        guard let (hour, hourDigits) = digits(b, &i, end: end, max: 2), hourDigits == 2,
            i < end, b[i] == UInt8(ascii: ":")
        else { return nil }
        i += 1
        guard let (minute, minuteDigits) = digits(b, &i, end: end, max: 2), minuteDigits == 2 else { return nil }
        var second = 0
        if i < end, b[i] == UInt8(ascii: ":") {
            i += 1
            guard let (s, count) = digits(b, &i, end: end, max: 2), count == 2 else { return nil }
            second = s
            if i < end, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                guard i < end, isDigit(b[i]) else { return nil }
                while i < end && isDigit(b[i]) { i += 1 }
            }
        }
        var offset: Int? = nil
        if i < end {
            let c = b[i]
            if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                offset = 0
                i += 1
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                i += 1
                guard let hours = twoDigits(b, &i, end: end) else { return nil }
                var minutes = 0
                if i < end, b[i] == UInt8(ascii: ":") { i += 1 }
                if i < end, isDigit(b[i]) {
                    guard let m = twoDigits(b, &i, end: end), m < 60 else { return nil }
                    minutes = m
                }
                offset = (c == UInt8(ascii: "-") ? -1 : 1) * (hours * 60 + minutes)
            }
        }
        guard let time = PublicationDate.Time(hour: hour, minute: minute, second: second, utcOffsetMinutes: offset)
        else { return nil }
        return (time, i)
    }

    // MARK: Dates in words

    /// "3 December 2025", "3rd Dec. 2025", "December 3, 2025", "Dec. 3 2025", optionally after a weekday
    /// ("Wednesday, December 3, 2025"). The year has four digits. Returns the date and where it ends.
    static func words(_ b: UnsafeRawBufferPointer, from start: Int, end: Int, allowWeekday: Bool)
        -> (PublicationDate, Int)?
    {
        var i = start
        var weekday: Int? = nil
        if allowWeekday, let (w, stop) = weekdayName(b, from: i, end: end) {
            weekday = w
            i = stop
            if i < end, b[i] == UInt8(ascii: ",") { i += 1 }
            guard skipSpaces(b, &i, end: end) else { return nil }
        }
        var day: Int
        var month: Int
        if let (d, _) = digits(b, &i, end: end, max: 2) {
            day = d
            skipOrdinal(b, &i, end: end)
            guard skipSpaces(b, &i, end: end), let (m, stop) = monthName(b, from: i, end: end) else { return nil }
            month = m
            i = stop
            if i < end, b[i] == UInt8(ascii: ",") { i += 1 }
        } else {
            guard let (m, stop) = monthName(b, from: i, end: end) else { return nil }
            month = m
            i = stop
            guard skipSpaces(b, &i, end: end), let (d, _) = digits(b, &i, end: end, max: 2) else { return nil }
            day = d
            skipOrdinal(b, &i, end: end)
            if i < end, b[i] == UInt8(ascii: ",") { i += 1 }
        }
        guard skipSpaces(b, &i, end: end), let (year, count) = digits(b, &i, end: end, max: 4), count == 4 else {
            return nil
        }
        guard i == end || !isAlphanumeric(b[i]) else { return nil }
        guard let date = PublicationDate(year: year, month: month, day: day) else { return nil }
        if let weekday, weekday != date.weekday { return nil }
        return (date, i)
    }

    private static func skipOrdinal(_ b: UnsafeRawBufferPointer, _ i: inout Int, end: Int) {
        guard i + 1 < end else { return }
        let pair = (b[i] | 0x20, b[i + 1] | 0x20)
        switch pair {
        case (UInt8(ascii: "s"), UInt8(ascii: "t")), (UInt8(ascii: "n"), UInt8(ascii: "d")),
             (UInt8(ascii: "r"), UInt8(ascii: "d")), (UInt8(ascii: "t"), UInt8(ascii: "h")):
            if i + 2 == end || !isAlphanumeric(b[i + 2]) { i += 2 }
        default: break
        }
    }

    // MARK: RFC 5322

    /// `[weekday ","] day month year [hh:mm[:ss] [zone]] [(comment)]`, or asctime's
    /// `weekday month day hh:mm:ss [zone] year`. A weekday that does not match the date rejects it.
    static func rfc5322(_ b: UnsafeRawBufferPointer, from start: Int, end: Int) -> PublicationDate? {
        var i = start
        var weekday: Int? = nil
        if let (w, stop) = weekdayName(b, from: i, end: end) {
            weekday = w
            i = stop
            if i < end, b[i] == UInt8(ascii: ",") { i += 1 }
            _ = skipSpaces(b, &i, end: end)
            if monthName(b, from: i, end: end) != nil { return asctime(b, from: i, end: end, weekday: weekday) }
        }
        guard let (day, _) = digits(b, &i, end: end, max: 2), skipSpaces(b, &i, end: end),
            let (month, stop) = monthName(b, from: i, end: end, allowDot: false)
        else { return nil }
        i = stop
        guard skipSpaces(b, &i, end: end), let (rawYear, yearDigits) = digits(b, &i, end: end, max: 4) else {
            return nil
        }
        guard i == end || isSpace(b[i]) else { return nil }
        let year = fullYear(rawYear, digits: yearDigits)
        var time: PublicationDate.Time? = nil
        _ = skipSpaces(b, &i, end: end)
        if i < end, isDigit(b[i]) {
            guard let parsed = rfcTime(b, &i, end: end, zoneRequired: false) else { return nil }
            time = parsed
        }
        guard atEndOrComment(b, &i, end: end) else { return nil }
        guard let date = PublicationDate(year: year, month: month, day: day, time: time) else { return nil }
        if let weekday, weekday != date.weekday { return nil }
        return date
    }

    private static func asctime(_ b: UnsafeRawBufferPointer, from start: Int, end: Int, weekday: Int?)
        -> PublicationDate?
    {
        var i = start
        guard let (month, stop) = monthName(b, from: i, end: end, allowDot: false) else { return nil }
        i = stop
        guard skipSpaces(b, &i, end: end), let (day, _) = digits(b, &i, end: end, max: 2),
            skipSpaces(b, &i, end: end), let (hour, minute, second) = clock(b, &i, end: end)
        else { return nil }
        _ = skipSpaces(b, &i, end: end)
        var offset: Int? = nil
        if i < end, !isDigit(b[i]) {
            guard let (zone, stop) = zoneOffset(b, from: i, end: end) else { return nil }
            offset = zone
            i = stop
            guard skipSpaces(b, &i, end: end) else { return nil }
        }
        guard let (year, count) = digits(b, &i, end: end, max: 4), count == 4, atEndOrComment(b, &i, end: end),
            let time = PublicationDate.Time(hour: hour, minute: minute, second: second, utcOffsetMinutes: offset),
            let date = PublicationDate(year: year, month: month, day: day, time: time)
        else { return nil }
        if let weekday, weekday != date.weekday { return nil }
        return date
    }

    /// RFC 5322 section 4.3: 00–49 are 2000–2049, 50–99 and any three-digit year add 1900.
    static func fullYear(_ value: Int, digits: Int) -> Int {
        switch digits {
        case 1, 2: return value < 50 ? 2000 + value : 1900 + value
        case 3: return 1900 + value
        default: return value
        }
    }

    private static func rfcTime(_ b: UnsafeRawBufferPointer, _ i: inout Int, end: Int, zoneRequired: Bool)
        -> PublicationDate.Time?
    {
        guard let (hour, minute, second) = clock(b, &i, end: end) else { return nil }
        var offset: Int? = nil
        var j = i
        if skipSpaces(b, &j, end: end), j < end, b[j] != UInt8(ascii: "(") {
            guard let (zone, stop) = zoneOffset(b, from: j, end: end) else { return nil }
            offset = zone
            i = stop
        }
        return PublicationDate.Time(hour: hour, minute: minute, second: second, utcOffsetMinutes: offset)
    }

    private static func clock(_ b: UnsafeRawBufferPointer, _ i: inout Int, end: Int) -> (Int, Int, Int)? {
        guard let (hour, _) = digits(b, &i, end: end, max: 2), i < end, b[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let (minute, minuteDigits) = digits(b, &i, end: end, max: 2), minuteDigits == 2 else { return nil }
        var second = 0
        if i < end, b[i] == UInt8(ascii: ":") {
            i += 1
            guard let (s, count) = digits(b, &i, end: end, max: 2), count == 2 else { return nil }
            second = s
        }
        return (hour, minute, second)
    }

    /// `+hhmm`/`-hhmm`, or a zone name: UT, GMT, Z and the US zones of RFC 5322 are known; any other name
    /// (a military letter, "MET", "BST") is accepted with no offset, as RFC 5322 says of military zones.
    private static func zoneOffset(_ b: UnsafeRawBufferPointer, from start: Int, end: Int) -> (Int?, Int)? {
        var i = start
        let c = b[i]
        if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
            i += 1
            guard let (value, count) = digits(b, &i, end: end, max: 4), count == 4, value % 100 < 60 else { return nil }
            let minutes = (value / 100) * 60 + value % 100
            // "-0000" says the zone is unknown, but the time is still UTC.
            return ((c == UInt8(ascii: "-") ? -minutes : minutes), i)
        }
        var name: [UInt8] = []
        while i < end, isLetter(b[i]), name.count < 6 {
            name.append(b[i] | 0x20)
            i += 1
        }
        guard !name.isEmpty, i == end || !isLetter(b[i]) else { return nil }
        let known: [String: Int] = [
            "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
            "mdt": -360, "pst": -480, "pdt": -420,
        ]
        return (known[String(decoding: name, as: UTF8.self)], i)
    }

    private static func atEndOrComment(_ b: UnsafeRawBufferPointer, _ i: inout Int, end: Int) -> Bool {
        _ = skipSpaces(b, &i, end: end)
        if i < end, b[i] == UInt8(ascii: "(") {
            while i < end && b[i] != UInt8(ascii: ")") { i += 1 }
            guard i < end else { return false }
            i += 1
            _ = skipSpaces(b, &i, end: end)
        }
        return i == end
    }

    // MARK: Pieces

    private static let months: [(String, Int)] = [
        ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6), ("july", 7),
        ("august", 8), ("september", 9), ("october", 10), ("november", 11), ("december", 12), ("jan", 1), ("feb", 2),
        ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8), ("sep", 9), ("sept", 9), ("oct", 10),
        ("nov", 11), ("dec", 12),
    ]
    private static let weekdays: [(String, Int)] = [
        ("sunday", 0), ("monday", 1), ("tuesday", 2), ("wednesday", 3), ("thursday", 4), ("friday", 5),
        ("saturday", 6), ("sun", 0), ("mon", 1), ("tue", 2), ("tues", 2), ("wed", 3), ("thu", 4), ("thur", 4),
        ("thurs", 4), ("fri", 5), ("sat", 6),
    ]

    /// A month's name or abbreviation (an abbreviation may end with "."), case-insensitive.
    static func monthName(_ b: UnsafeRawBufferPointer, from start: Int, end: Int, allowDot: Bool = true)
        -> (Int, Int)?
    {
        guard let (word, stop) = word(b, from: start, end: end), let month = lookup(word, months) else { return nil }
        var i = stop
        if allowDot, word.count <= 4, i < end, b[i] == UInt8(ascii: ".") { i += 1 }
        return (month, i)
    }

    private static func weekdayName(_ b: UnsafeRawBufferPointer, from start: Int, end: Int) -> (Int, Int)? {
        guard let (word, stop) = word(b, from: start, end: end), let day = lookup(word, weekdays) else { return nil }
        var i = stop
        if word.count <= 5, i < end, b[i] == UInt8(ascii: ".") { i += 1 }
        return (day, i)
    }

    private static func word(_ b: UnsafeRawBufferPointer, from start: Int, end: Int) -> ([UInt8], Int)? {
        var i = start
        var word: [UInt8] = []
        while i < end, isLetter(b[i]), word.count <= 10 {
            word.append(b[i] | 0x20)
            i += 1
        }
        guard !word.isEmpty, i == end || !isLetter(b[i]) else { return nil }
        return (word, i)
    }

    /// Whether a lowercased word names a month or a day of the week.
    static func isCalendarWord(_ lowercased: [UInt8]) -> Bool {
        lookup(lowercased, months) != nil || lookup(lowercased, weekdays) != nil
    }

    private static func lookup(_ word: [UInt8], _ table: [(String, Int)]) -> Int? {
        for (name, value) in table where name.utf8.elementsEqual(word) { return value }
        return nil
    }

    /// 1 to `max` ASCII digits; returns the value and how many digits there were, and moves `i` past them.
    /// Fails, leaving `i` alone, when there is no digit or more than `max` follow.
    static func digits(_ b: UnsafeRawBufferPointer, _ i: inout Int, end: Int, max: Int) -> (Int, Int)? {
        var value = 0
        var j = i
        while j < end, isDigit(b[j]) {
            guard j - i < max else { return nil }
            value = value * 10 + Int(b[j] - 0x30)
            j += 1
        }
        let count = j - i
        guard count > 0 else { return nil }
        i = j
        return (value, count)
    }

    /// Exactly two ASCII digits (more may follow).
    private static func twoDigits(_ b: UnsafeRawBufferPointer, _ i: inout Int, end: Int) -> Int? {
        guard i + 1 < end, isDigit(b[i]), isDigit(b[i + 1]) else { return nil }
        defer { i += 2 }
        return Int(b[i] - 0x30) * 10 + Int(b[i + 1] - 0x30)
    }

    /// Skips spaces and tabs; true when there was at least one.
    @discardableResult
    static func skipSpaces(_ b: UnsafeRawBufferPointer, _ i: inout Int, end: Int) -> Bool {
        let start = i
        while i < end, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
        return i > start
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { let l = c | 0x20; return l >= 0x61 && l <= 0x7A }
    @inline(__always) static func isAlphanumeric(_ c: UInt8) -> Bool { isDigit(c) || isLetter(c) || c >= 0x80 }
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { PlainTextExtractor.isSpace(c) }
}
