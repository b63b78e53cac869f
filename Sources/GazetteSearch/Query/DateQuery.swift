/// The value of a `date:` clause: a day, month or year, a range of them, or a comparison, read as the span of
/// days it covers. Bounds are "YYYY-MM-DD" strings, inclusive, nil when open; they compare as days do.
///
///     date:2001            the whole year          date:2001-10-01..2001-12-31   both ends included
///     date:2001-12         the whole month         date:2001-10..                from October 2001 on
///     date:2001-12-03      one day                 date:>=2002  date:>2001  date:<2001-06-15  date:<=2001-06
public struct DateQuery: Sendable, Equatable {
    public var first: String?
    public var last: String?

    public init(first: String?, last: String?) {
        self.first = first
        self.last = last
    }

    /// Whether `day` ("YYYY-MM-DD") falls in the span.
    public func contains(_ day: String) -> Bool {
        if let first, day < first { return false }
        if let last, day > last { return false }
        return true
    }

    /// Parses `text`; the error message says what was wrong without the column, which the caller adds.
    public static func parse(_ text: String) -> Result<DateQuery, DateQueryError> {
        let value = text.trimmingSpaces
        // Longest operators first, so ">=" is not read as ">" followed by "=".
        for op in [">=", "<=", ">", "<"] where value.hasPrefix(op) {
            switch PartialDate.parse(String(value.dropFirst(op.count))) {
            case .success(let date):
                switch op {
                case ">=": return .success(DateQuery(first: date.firstDay, last: nil))
                case "<=": return .success(DateQuery(first: nil, last: date.lastDay))
                case ">": return .success(DateQuery(first: date.dayAfter, last: nil))
                default: return .success(DateQuery(first: nil, last: date.dayBefore))
                }
            case .failure(let error):
                return .failure(error)
            }
        }
        if let dots = value.firstRange(of: "..") {
            let lower = String(value[..<dots.lowerBound]), upper = String(value[dots.upperBound...])
            guard !(lower.isEmpty && upper.isEmpty) else {
                return .failure(DateQueryError(message: "'..' needs a date on at least one side"))
            }
            var first: String?, last: String?
            if !lower.isEmpty {
                switch PartialDate.parse(lower) {
                case .success(let date): first = date.firstDay
                case .failure(let error): return .failure(error)
                }
            }
            if !upper.isEmpty {
                switch PartialDate.parse(upper) {
                case .success(let date): last = date.lastDay
                case .failure(let error): return .failure(error)
                }
            }
            if let first, let last, first > last {
                return .failure(DateQueryError(message: "the range \(value) ends before it starts"))
            }
            return .success(DateQuery(first: first, last: last))
        }
        switch PartialDate.parse(value) {
        case .success(let date): return .success(DateQuery(first: date.firstDay, last: date.lastDay))
        case .failure(let error): return .failure(error)
        }
    }
}

public struct DateQueryError: Error, Sendable, Equatable {
    public var message: String
}

/// A year, a month of a year, or a day, as written in a `date:` clause.
struct PartialDate: Equatable {
    var year: Int
    var month: Int?
    var day: Int?

    static func parse(_ text: String) -> Result<PartialDate, DateQueryError> {
        let invalid = DateQueryError(
            message: "'\(text)' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (2001, 2001-12, 2001-12-03)")
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (48...57).contains($0) } }),
              parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
              let year = Int(parts[0]), year >= 1000
        else { return .failure(invalid) }
        var date = PartialDate(year: year)
        if parts.count >= 2 {
            guard let month = Int(parts[1]), (1...12).contains(month) else {
                return .failure(DateQueryError(message: "'\(text)': there is no month \(parts[1])"))
            }
            date.month = month
        }
        if parts.count == 3, let month = date.month {
            guard let day = Int(parts[2]), day >= 1, day <= Self.daysIn(month: month, year: year) else {
                return .failure(DateQueryError(message: "'\(text)': that month has no day \(parts[2])"))
            }
            date.day = day
        }
        return .success(date)
    }

    var firstDay: String { Self.format(year, month ?? 1, day ?? 1) }

    var lastDay: String {
        let month = self.month ?? 12
        return Self.format(year, month, day ?? Self.daysIn(month: month, year: year))
    }

    /// The first day after the span ("2001" → "2002-01-01").
    var dayAfter: String {
        let (y, m, d) = Self.components(lastDay)
        if d < Self.daysIn(month: m, year: y) { return Self.format(y, m, d + 1) }
        return m < 12 ? Self.format(y, m + 1, 1) : Self.format(y + 1, 1, 1)
    }

    /// The last day before the span ("2001-03" → "2001-02-28").
    var dayBefore: String {
        let (y, m, d) = Self.components(firstDay)
        if d > 1 { return Self.format(y, m, d - 1) }
        if m > 1 { return Self.format(y, m - 1, Self.daysIn(month: m - 1, year: y)) }
        return Self.format(y - 1, 12, 31)
    }

    private static func components(_ day: String) -> (Int, Int, Int) {
        let parts = day.split(separator: "-").map { Int($0) ?? 0 }
        return (parts[0], parts[1], parts[2])
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Years below 1000 sort wrongly as text; the parser refuses them and `dayBefore` of 1000-01-01 is the
    /// only way to reach one, which matches nothing stored anyway.
    static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }
}

private extension String {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
