/// Calendar periods named as `date:` takes them ("2001", "2001-12", "2001-12-03"), for series over time.
enum CalendarPeriods {
    /// Every period from `first` to `last` inclusive ("2001", "2001-12", "2001-12-03" as `unit` says); nil when
    /// there would be more than `limit`.
    static func between(_ first: String, _ last: String, unit: FacetReport.DateUnit, limit: Int) -> [String]? {
        let parts = first.split(separator: "-").compactMap { Int($0) }
        guard !parts.isEmpty else { return nil }
        var (year, month, day) = (parts[0], parts.count > 1 ? parts[1] : 1, parts.count > 2 ? parts[2] : 1)
        var result: [String] = []
        while result.count <= limit {
            let name = unit == .year ? PartialDate.format(year, 1, 1).prefix(4)
                : unit == .month ? PartialDate.format(year, month, 1).prefix(7) : Substring(PartialDate.format(year, month, day))
            result.append(String(name))
            if name >= last { return result }
            switch unit {
            case .year:
                year += 1
            case .month:
                (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
            case .day:
                if day < PartialDate.daysIn(month: month, year: year) {
                    day += 1
                } else {
                    day = 1
                    (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
                }
            }
        }
        return nil
    }
}
