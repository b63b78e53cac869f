import GazetteAnalysis
import GazetteEntities
import GazetteIndex

/// Everything one query searches: the segments of every index given, as if they were one index. Document count,
/// document frequencies and average lengths are summed over all of them.
struct SearchCorpus {
    let segments: [SegmentReader]
    let documentCount: Int
    /// The indexes the segments come from, and for each segment which of them: each has its own entity
    /// resolution.
    private let indexes: [IndexReader]
    private let owners: [Int]

    init(segments: [SegmentReader]) {
        self.segments = segments
        documentCount = segments.reduce(0) { $0 + $1.documentCount }
        indexes = []
        owners = []
    }

    init(indexes: [IndexReader]) {
        var segments: [SegmentReader] = []
        var owners: [Int] = []
        for (number, index) in indexes.enumerated() {
            segments += index.segments
            owners += Array(repeating: number, count: index.segments.count)
        }
        self.init(segments: segments, indexes: indexes, owners: owners)
    }

    private init(segments: [SegmentReader], indexes: [IndexReader], owners: [Int]) {
        self.segments = segments
        documentCount = segments.reduce(0) { $0 + $1.documentCount }
        self.indexes = indexes
        self.owners = owners
    }

    /// The Snowball algorithm every index stems its words with (nil: none); indexes that disagree cannot be
    /// searched as one.
    func stemming() throws(SearchError) -> String? {
        let settings = indexes.map(\.stemmer)
        guard let first = settings.first else { return nil }
        guard settings.allSatisfy({ $0 == first }) else {
            throw .mixedStemming(
                zip(indexes, settings).map { "\($0.directory.path): \($1 ?? "none")" }.joined(separator: ", "))
        }
        return first
    }

    /// Which of the indexes segment `segment` belongs to (0 for a corpus of bare segments).
    func owner(ofSegment segment: Int) -> Int { owners.isEmpty ? 0 : owners[segment] }

    /// The entities of `types` of every segment as integers, sources in segment order (`EntityGroups` says what
    /// not `countingDocuments` leaves out).
    func entityGroups(
        types: Set<EntityType>, countingDocuments: Bool = true, matching: [[Bool]]? = nil
    ) throws(IndexError) -> EntityGroups {
        var sources: [EntityGroups.Source] = []
        for (number, segment) in segments.enumerated() {
            let resolution = indexes.isEmpty ? EntityResolution.none : try indexes[owners[number]].entityResolution()
            let owner = indexes.isEmpty ? 0 : owners[number]
            let label = indexes.count > 1 ? indexes[owner].directory.path : nil
            sources.append(EntityGroups.Source(segment: segment, resolution: resolution, index: owner, label: label))
        }
        return try EntityGroups.make(
            sources: sources, table: indexes.count == 1 ? indexes[0].entityGroupTable() : nil, types: types,
            countingDocuments: countingDocuments, matching: matching)
    }

    /// The redirects of the commit holding segment `segment`, for highlights (`EntityRedirects`).
    func redirects(ofSegment segment: Int) throws(SearchError) -> EntityRedirects {
        guard !indexes.isEmpty else { return .none }
        do {
            return try indexes[owners[segment]].entityRedirects()
        } catch {
            throw .index(error)
        }
    }

    func resolution(ofSegment segment: Int) throws(SearchError) -> EntityResolution {
        guard !indexes.isEmpty else { return .none }
        do {
            return try indexes[owners[segment]].entityResolution()
        } catch {
            throw .index(error)
        }
    }
}
