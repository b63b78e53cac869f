import GazetteEntities
import GazetteIndex

/// What a whole result set is about: for every document the query matches (not only a page of them), its
/// entities, publication dates, sources and folders, each value with the number of matching documents it
/// occurs in. Counted from the index — entity postings and metadata terms — never from the stored texts, so
/// the cost grows with the entity postings and distinct metadata values, not with the size of the documents.
public struct FacetReport: Sendable, Equatable {
    public struct Count: Sendable, Equatable {
        /// An entity's canonical name, a period ("2001", "2001-12", "2001-12-03"), a source, or a folder.
        public var name: String
        /// The entity type; empty for the other facets.
        public var type: String
        public var documents: Int

        public init(name: String, type: String, documents: Int) {
            self.name = name
            self.type = type
            self.documents = documents
        }
    }

    public struct Group: Sendable, Equatable {
        public var type: String
        public var entries: [Count]
    }

    /// The period dates are counted by: a year, a month or a day, as the span of the matching dates suggests.
    public enum DateUnit: String, Sendable, Equatable {
        case year, month, day
    }

    public var query: String
    /// Matching live documents, all of which are counted.
    public var total: Int
    /// One group per entity type asked for, in the order asked, most documents first.
    public var entities: [Group]
    /// Publication dates in chronological order (every period with a document, not only the top ones), by
    /// `dateUnit`; `undated` matching documents have none.
    public var dates: [Count]
    public var dateUnit: DateUnit
    public var undated: Int
    public var sources: [Count]
    /// Every folder level ("news", "news/2001"), most documents first.
    public var folders: [Count]
}

/// The facets `search --facets` can ask for.
public enum FacetKind: String, Sendable, CaseIterable {
    case person, org, place, norp, date, source, folder

    /// The entity type of an entity facet.
    public var entityType: String? {
        switch self {
        case .person: "PERSON"
        case .org: "ORG"
        case .place: "PLACE"
        case .norp: "NORP"
        case .date, .source, .folder: nil
        }
    }
}

extension Searcher {
    /// The facets of `query`'s result set: for each of `types`, the `perGroup` entities (as the corpus resolves
    /// them) named in most matching documents; the matching documents by publication period; and the `perGroup`
    /// sources and folders holding most of them.
    public func facets(
        _ query: String, types: [String] = ["PERSON", "ORG", "PLACE", "NORP"], perGroup: Int = 10
    ) throws(SearchError) -> FacetReport {
        let (total, documents) = try matchingDocuments(query, limit: Int.max)
        var matching = [[Bool]](repeating: [], count: corpus.segments.count)
        for location in documents {
            if matching[location.segment].isEmpty {
                matching[location.segment] = [Bool](repeating: false, count: corpus.segments[location.segment].documentCount)
            }
            matching[location.segment][Int(location.document)] = true
        }
        var dayCounts: [String: Int] = [:]
        var sourceCounts: [String: Int] = [:]
        var folderCounts: [String: Int] = [:]
        for (segmentNumber, segment) in corpus.segments.enumerated() where !matching[segmentNumber].isEmpty {
            let matches = matching[segmentNumber]
            try countTerms(in: segment, prefix: MetadataTerm.dayPrefix, matches: matches, into: &dayCounts)
            try countTerms(in: segment, prefix: MetadataTerm.sourceValuePrefix, matches: matches, into: &sourceCounts)
            try countTerms(in: segment, prefix: MetadataTerm.folderPrefix, matches: matches, into: &folderCounts)
        }
        let ranked = { (a: FacetReport.Count, b: FacetReport.Count) -> Bool in
            a.documents != b.documents ? a.documents > b.documents : a.name < b.name
        }
        let groups = try entityFacets(matching: matching, types: types, perGroup: perGroup, ranked: ranked)
        let (dates, unit) = Self.periods(dayCounts)
        let dated = dayCounts.values.reduce(0, +)
        func top(_ counts: [String: Int]) -> [FacetReport.Count] {
            Array(counts.map { FacetReport.Count(name: $0.key, type: "", documents: $0.value) }.sorted(by: ranked).prefix(perGroup))
        }
        return FacetReport(
            query: query, total: total, entities: groups, dates: dates, dateUnit: unit, undated: max(0, total - dated),
            sources: top(sourceCounts), folders: top(folderCounts))
    }

    /// For each of `types`, the `perGroup` entities named in most matching documents, each document counted
    /// once per entity however many of its stored names it holds ("Howard" and "John Howard" resolve to one
    /// person), spelled as `entities` spells them.
    private func entityFacets(
        matching: [[Bool]], types: [String], perGroup: Int, ranked: (FacetReport.Count, FacetReport.Count) -> Bool
    ) throws(SearchError) -> [FacetReport.Group] {
        let wanted = Set(types.compactMap(EntityType.init(rawValue:)))
        guard !wanted.isEmpty else { return types.map { FacetReport.Group(type: $0, entries: []) } }
        let groups: EntityGroups
        let counts: [Int]
        let matched = matching.reduce(0) { $0 + $1.reduce(0) { $1 ? $0 + 1 : $0 } }
        let live = corpus.segments.reduce(0) { $0 + $1.liveDocumentCount }
        do {
            // Facets count matching documents themselves: the groups' own document counts are not needed. A
            // result set of a quarter of the corpus or more is counted group by group, most-named first, until
            // no other group can reach a list (`countMatches`); a smaller one while every record is read.
            if matched * 4 >= live {
                groups = try corpus.entityGroups(types: wanted, countingDocuments: false)
                counts = try groups.countMatches(of: matching, perType: perGroup)
            } else {
                groups = try corpus.entityGroups(types: wanted, countingDocuments: false, matching: matching)
                counts = groups.matchCounts
            }
        } catch {
            throw .index(error)
        }
        // Names are made only for those that can make a list; ties at the cut are ranked by name.
        var candidates: [EntityType: [Int]] = [:]
        for (group, entity) in groups.groups.enumerated() where counts[group] > 0 {
            candidates[entity.type, default: []].append(group)
        }
        for (type, counted) in candidates {
            let last = Self.largest(counted.lazy.map { counts[$0] }, rank: perGroup)
            candidates[type] = counted.filter { counts[$0] >= last }
        }
        let names: [Int32: String]
        do {
            names = try groups.spellings(of: Set(candidates.values.joined().map { Int32($0) }))
        } catch {
            throw .index(error)
        }
        var result: [FacetReport.Group] = []
        for type in types {
            let entries = (EntityType(rawValue: type).flatMap { candidates[$0] } ?? []).map {
                FacetReport.Count(name: names[Int32($0)] ?? "", type: type, documents: counts[$0])
            }.sorted(by: ranked)
            result.append(FacetReport.Group(type: type, entries: Array(entries.prefix(perGroup))))
        }
        return result
    }

    /// The `rank`-th largest of `values` (1-based), or the smallest when there are fewer; `Int.max` for rank 0.
    static func largest(_ values: some Sequence<Int>, rank: Int) -> Int {
        guard rank > 0 else { return Int.max }
        // The `rank` largest so far, smallest first: a facet list is short, so insertion beats sorting them all.
        var top: [Int] = []
        top.reserveCapacity(rank + 1)
        for value in values where top.count < rank || value > top[0] {
            let at = top.firstIndex { $0 >= value } ?? top.count
            top.insert(value, at: at)
            if top.count > rank { top.removeFirst() }
        }
        return top.first ?? Int.max
    }

    /// Matching documents per metadata term starting with `prefix`, keyed by the rest of the term.
    private func countTerms(
        in segment: SegmentReader, prefix: String, matches: [Bool], into counts: inout [String: Int]
    ) throws(SearchError) {
        let prefixLength = prefix.utf8.count
        for (term, info) in try segment.terms(startingWith: prefix) {
            var count = 0
            var cursor = segment.postings(info)
            while cursor.next() != PostingsCursor.exhausted {
                if Int(cursor.document) < matches.count, matches[Int(cursor.document)] { count += 1 }
            }
            if let corruption = cursor.corruption { throw .index(corruption) }
            if count > 0 {
                counts[String(decoding: term.dropFirst(prefixLength), as: UTF8.self), default: 0] += count
            }
        }
    }

    /// Days counted by year when they span more than three years, by month when they span more than two
    /// months, else by day; in chronological order.
    static func periods(_ days: [String: Int]) -> ([FacetReport.Count], FacetReport.DateUnit) {
        let sorted = days.keys.sorted()
        guard let first = sorted.first, let last = sorted.last else { return ([], .month) }
        func months(_ day: String) -> Int {
            let parts = day.split(separator: "-").compactMap { Int($0) }
            return parts.count >= 2 ? parts[0] * 12 + parts[1] : 0
        }
        let span = months(last) - months(first)
        let unit: FacetReport.DateUnit = span > 36 ? .year : span >= 2 ? .month : .day
        let length = unit == .year ? 4 : unit == .month ? 7 : 10
        var periods: [String: Int] = [:]
        for (day, count) in days { periods[String(day.prefix(length)), default: 0] += count }
        // A series shows its quiet periods too, as long as it stays readable.
        let all = CalendarPeriods.between(String(first.prefix(length)), String(last.prefix(length)), unit: unit, limit: 400)
        let names = all ?? periods.keys.sorted()
        let counts = names.map { FacetReport.Count(name: $0, type: "", documents: periods[$0] ?? 0) }
        return (counts, unit)
    }
}
