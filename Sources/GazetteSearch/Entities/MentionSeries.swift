import GazetteIndex

/// An entity's mentions over time: per period of the documents' publication dates, the documents naming it and
/// its mentions in them, every period from the first to the last (quiet ones with zero), and what is undated.
public struct MentionSeries: Sendable, Equatable {
    public struct Period: Sendable, Equatable {
        /// "2001", "2001-12" or "2001-12-03", as `date:` takes it.
        public var name: String
        public var documents: Int
        public var mentions: Int
    }

    public var unit: FacetReport.DateUnit
    public var periods: [Period]
    public var undatedDocuments: Int
    public var undatedMentions: Int

    /// The series of `documents` by `unit`. Periods run from the first dated document to the last; past 10,000
    /// periods (decades by day) only those with a document are listed.
    public init(_ documents: [EntityDirectory.DocumentMentions], by unit: FacetReport.DateUnit) {
        self.unit = unit
        let length = unit == .year ? 4 : unit == .month ? 7 : 10
        var counts: [String: (documents: Int, mentions: Int)] = [:]
        var undatedDocuments = 0, undatedMentions = 0
        for document in documents {
            guard let day = document.metadata.day else {
                undatedDocuments += 1
                undatedMentions += document.mentions.count
                continue
            }
            let period = String(day.prefix(length))
            counts[period, default: (0, 0)].documents += 1
            counts[period, default: (0, 0)].mentions += document.mentions.count
        }
        let named = counts.keys.sorted()
        var names = named
        if let first = named.first, let last = named.last,
            let all = CalendarPeriods.between(first, last, unit: unit, limit: 10_000)
        {
            names = all
        }
        periods = names.map { Period(name: $0, documents: counts[$0]?.documents ?? 0, mentions: counts[$0]?.mentions ?? 0) }
        self.undatedDocuments = undatedDocuments
        self.undatedMentions = undatedMentions
    }
}
