/// What a document says about itself besides its text: when it was published, who wrote it, and which outlet
/// published it. The title stays `ExtractedDocument.title`, which the index already stores.
///
/// Every field is nil when the document does not say, or says it in a way that could be misread: no date is
/// better than a wrong one.
public struct DocumentMetadata: Sendable, Equatable {
    /// The publication date, as written in the document's own time zone.
    public var date: PublicationDate?
    /// Where `date` came from; nil exactly when `date` is.
    public var dateSource: DateSource?
    /// The author or authors as one line ("Jane Doe", "Jane Doe, John Roe").
    public var author: String?
    /// The outlet: a site's name, a publisher, a newsgroup or a mailing list.
    public var source: String?

    public init(date: PublicationDate? = nil, dateSource: DateSource? = nil, author: String? = nil, source: String? = nil) {
        self.date = date
        self.dateSource = date == nil ? nil : dateSource
        self.author = author
        self.source = source
    }

    public static let none = DocumentMetadata()

    /// Sets the date with its source unless a date is already set (callers try sources in order of trust).
    mutating func offerDate(_ candidate: PublicationDate?, from source: DateSource) {
        guard date == nil, let candidate else { return }
        date = candidate
        dateSource = source
    }
}

/// Where a publication date was read.
public enum DateSource: Sendable, Hashable, CustomStringConvertible {
    /// An HTML `<meta>` element; the associated value is its name, property or itemprop, lowercased
    /// ("article:published_time").
    case htmlMeta(String)
    /// `datePublished` of a JSON-LD block (`<script type="application/ld+json">`).
    case jsonLD
    /// A `<time datetime>` in the article's header, before its body text.
    case timeElement
    /// The `Date:` field of a mail or news header.
    case mailHeader
    /// A dateline at the start of a plain-text body ("SYDNEY, Dec 3, 2001 (Reuters) -", "3 December 2025 —"), or
    /// a date line in an HTML article's lead ("Berlin, Tuesday 6 May 2025").
    case dateline

    /// "meta:article:published_time", "json-ld", "time-element", "mail-header", "dateline".
    public var description: String {
        switch self {
        case .htmlMeta(let name): return "meta:" + name
        case .jsonLD: return "json-ld"
        case .timeElement: return "time-element"
        case .mailHeader: return "mail-header"
        case .dateline: return "dateline"
        }
    }
}

/// A calendar day (proleptic Gregorian), with the time of day and its UTC offset when the document gives them.
/// The day is the one written, in the writer's zone: "2025-12-03T23:30-08:00" is December 3, not December 4.
public struct PublicationDate: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int
    public let time: Time?

    public struct Time: Sendable, Hashable {
        public let hour: Int
        public let minute: Int
        public let second: Int
        /// Minutes east of UTC (+11:00 is 660); nil when the zone is not given or not known.
        public let utcOffsetMinutes: Int?

        public init?(hour: Int, minute: Int, second: Int = 0, utcOffsetMinutes: Int? = nil) {
            guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
            if let offset = utcOffsetMinutes, !(-(23 * 60 + 59)...(23 * 60 + 59)).contains(offset) { return nil }
            self.hour = hour
            self.minute = minute
            self.second = second
            self.utcOffsetMinutes = utcOffsetMinutes
        }
    }

    /// nil for a day that does not exist (February 30, February 29 of a common year, month 13) or a year
    /// outside 1000...9999.
    public init?(year: Int, month: Int, day: Int, time: Time? = nil) {
        guard (1000...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= PublicationDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.time = time
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (negative before), for ordering and for the day of the week.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The day `days` after 1970-01-01 (before, when negative); nil outside the years 1000...9999.
    public init?(daysSinceEpoch days: Int) {
        // Howard Hinnant's civil_from_days.
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// 0 for Sunday … 6 for Saturday.
    public var weekday: Int {
        let r = (daysSinceEpoch + 4) % 7
        return r < 0 ? r + 7 : r
    }

    /// "2001-12-03"; with a time "2001-12-03T10:22:05", "2001-12-03T10:22:05+11:00" or "…Z" for UTC.
    public var iso8601: String {
        var s = Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        guard let time else { return s }
        s += "T" + Self.pad(time.hour, 2) + ":" + Self.pad(time.minute, 2) + ":" + Self.pad(time.second, 2)
        guard let offset = time.utcOffsetMinutes else { return s }
        if offset == 0 { return s + "Z" }
        let magnitude = abs(offset)
        return s + (offset < 0 ? "-" : "+") + Self.pad(magnitude / 60, 2) + ":" + Self.pad(magnitude % 60, 2)
    }

    public var description: String { iso8601 }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
