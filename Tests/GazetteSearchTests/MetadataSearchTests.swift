import Foundation
import GazetteIndex
import Testing
@testable import GazetteSearch

@Suite("date: values read as spans of days")
struct DateQueryTests {
    func span(_ text: String) throws -> DateQuery {
        try DateQuery.parse(text).get()
    }

    @Test func aYearAMonthOrADayIsTheSpanItCovers() throws {
        #expect(try span("2001") == DateQuery(first: "2001-01-01", last: "2001-12-31"))
        #expect(try span("2001-02") == DateQuery(first: "2001-02-01", last: "2001-02-28"))
        #expect(try span("2000-02") == DateQuery(first: "2000-02-01", last: "2000-02-29"))
        #expect(try span("1900-02") == DateQuery(first: "1900-02-01", last: "1900-02-28"))
        #expect(try span("2001-12-03") == DateQuery(first: "2001-12-03", last: "2001-12-03"))
    }

    @Test func comparisonsStopAtTheEdgeOfTheSpan() throws {
        #expect(try span(">=2002") == DateQuery(first: "2002-01-01", last: nil))
        #expect(try span(">2001") == DateQuery(first: "2002-01-01", last: nil))
        #expect(try span(">2001-12-31") == DateQuery(first: "2002-01-01", last: nil))
        #expect(try span(">2001-02") == DateQuery(first: "2001-03-01", last: nil))
        #expect(try span("<2001-06-15") == DateQuery(first: nil, last: "2001-06-14"))
        #expect(try span("<2001-03") == DateQuery(first: nil, last: "2001-02-28"))
        #expect(try span("<2000-03-01") == DateQuery(first: nil, last: "2000-02-29"))
        #expect(try span("<2001") == DateQuery(first: nil, last: "2000-12-31"))
        #expect(try span("<=2001-06") == DateQuery(first: nil, last: "2001-06-30"))
    }

    @Test func rangesIncludeBothEndsAndMayBeOpen() throws {
        #expect(try span("2001-10-01..2001-12-31") == DateQuery(first: "2001-10-01", last: "2001-12-31"))
        #expect(try span("2001-10..2002") == DateQuery(first: "2001-10-01", last: "2002-12-31"))
        #expect(try span("2001-10..") == DateQuery(first: "2001-10-01", last: nil))
        #expect(try span("..2001") == DateQuery(first: nil, last: "2001-12-31"))
        let range = try span("2001-10..2001-11")
        #expect(range.contains("2001-10-01") && range.contains("2001-11-30"))
        #expect(!range.contains("2001-09-30") && !range.contains("2001-12-01"))
    }

    @Test(arguments: [
        "2001-13", "2001-02-29", "2001-04-31", "01-12", "2001-1-3", "abc", "2001/12", "..", "2002..2001", ">=",
        "999", "2001-00", "2001-12-00", "+2001", "2001-12-03T10:00",
    ])
    func whatIsNotADateIsRefusedWithTheReason(_ text: String) {
        guard case .failure(let error) = DateQuery.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(!error.message.isEmpty)
    }
}

@Suite("Metadata filters and date order")
struct MetadataSearchTests {
    let path = NSTemporaryDirectory() + "gazette-metadata-tests-" + UUID().uuidString

    /// Two segments, so that filters, sorting and stored metadata are checked across them and after a merge.
    func makeIndex() throws -> IndexReader {
        let writer = try IndexWriter(directory: path, rebuild: true)
        let first = SegmentBuilder()
        first.add(DocumentToIndex(
            path: "news/2001/dec.txt", title: "Talks", text: "Security guarantees were discussed.", blocks: [0..<35],
            metadata: ArticleMetadata(
                date: "2001-12-03T10:15:00+11:00", dateSource: "mail-header", author: "Jane Doe",
                source: "talk.politics.misc")))
        first.add(DocumentToIndex(
            path: "news/2001/eve.txt", title: nil, text: "Security guarantees again.", blocks: [0..<26],
            metadata: ArticleMetadata(date: "2001-12-31", dateSource: "dateline", source: "Reuters")))
        try writer.flush(first)
        let second = SegmentBuilder()
        second.add(DocumentToIndex(
            path: "blogs/jan.html", title: "Blog", text: "More on security guarantees.", blocks: [0..<28],
            metadata: ArticleMetadata(
                date: "2002-01-15T08:00:00Z", dateSource: "meta:article:published_time", author: "John Roe",
                source: "The Daily Blog")))
        second.add(DocumentToIndex(path: "undated.txt", title: nil, text: "Security guarantees, undated.", blocks: [0..<29]))
        try writer.flush(second)
        try writer.commit()
        return try IndexReader(directory: path)
    }

    func paths(_ reader: IndexReader, _ query: String, sort: SearchSort = .score) throws -> [String] {
        var options = SearchOptions(limit: 50)
        options.sort = sort
        return try Searcher(index: reader).search(query, options: options).hits.map(\.path)
    }

    @Test func filtersNarrowWithoutChangingScores() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try makeIndex()
        #expect(try paths(reader, "security date:2001").sorted() == ["news/2001/dec.txt", "news/2001/eve.txt"])
        #expect(try paths(reader, "security date:2001-12-03") == ["news/2001/dec.txt"])
        #expect(try paths(reader, "security date:2001-12-04..").sorted() == ["blogs/jan.html", "news/2001/eve.txt"])
        #expect(try paths(reader, "security date:<2001-12-31") == ["news/2001/dec.txt"])
        #expect(try paths(reader, "date:>=2002") == ["blogs/jan.html"])
        #expect(try paths(reader, "security date:1999").isEmpty)
        #expect(try paths(reader, "security author:jane") == ["news/2001/dec.txt"])
        #expect(try paths(reader, "security author:\"Doe Jane\"") == ["news/2001/dec.txt"])
        #expect(try paths(reader, "security author:\"Jane Roe\"").isEmpty)
        #expect(try paths(reader, "source:\"daily blog\"") == ["blogs/jan.html"])
        #expect(try paths(reader, "source:reut*") == ["news/2001/eve.txt"])
        #expect(try paths(reader, "security folder:news").sorted() == ["news/2001/dec.txt", "news/2001/eve.txt"])
        #expect(try paths(reader, "security folder:news/2001/").count == 2)
        #expect(try paths(reader, "security -folder:news").sorted() == ["blogs/jan.html", "undated.txt"])
        #expect(try paths(reader, "security (date:2002 OR author:jane)").sorted() == ["blogs/jan.html", "news/2001/dec.txt"])

        let searcher = Searcher(index: reader)
        let plain = try searcher.search("guarantees", limit: 10).hits
        let filtered = try searcher.search("guarantees date:2001..2002", limit: 10).hits
        for hit in filtered {
            #expect(plain.first { $0.path == hit.path }?.score == hit.score)
        }
    }

    @Test func metadataWordsNeverMatchTextAndTextNeverMatchesMetadata() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try makeIndex()
        #expect(try paths(reader, "jane").isEmpty)
        #expect(try paths(reader, "reuters").isEmpty)
        #expect(try paths(reader, "author:security").isEmpty)
        #expect(try paths(reader, "news").isEmpty)
    }

    @Test func hitsSortByDateWithUndatedLast() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try makeIndex()
        #expect(try paths(reader, "security", sort: .date)
            == ["news/2001/dec.txt", "news/2001/eve.txt", "blogs/jan.html", "undated.txt"])
        #expect(try paths(reader, "security", sort: .newest)
            == ["blogs/jan.html", "news/2001/eve.txt", "news/2001/dec.txt", "undated.txt"])
        var options = SearchOptions(limit: 1, offset: 1)
        options.sort = .newest
        #expect(try Searcher(index: reader).search("security", options: options).hits.map(\.path) == ["news/2001/eve.txt"])
    }

    @Test func hitsCarryTheStoredMetadataAcrossAMerge() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try makeIndex()
        let writer = try IndexWriter(directory: path, rebuild: false)
        try writer.optimize()
        let reader = try IndexReader(directory: path)
        #expect(reader.segments.count == 1)
        let hits = try Searcher(index: reader).search("security", options: SearchOptions(limit: 10)).hits
        let dec = try #require(hits.first { $0.path == "news/2001/dec.txt" })
        #expect(dec.metadata == ArticleMetadata(
            date: "2001-12-03T10:15:00+11:00", dateSource: "mail-header", author: "Jane Doe", source: "talk.politics.misc"))
        #expect(hits.first { $0.path == "undated.txt" }?.metadata == ArticleMetadata.none)
        #expect(try paths(reader, "security date:2001-12 folder:news author:jane") == ["news/2001/dec.txt"])
        #expect(try paths(reader, "security", sort: .date).first == "news/2001/dec.txt")
        let json = JSONRenderer.render(try Searcher(index: reader).search("talks", limit: 1))
        #expect(json.contains(#""date": "2001-12-03T10:15:00+11:00", "date_source": "mail-header", "author": "Jane Doe", "source": "talk.politics.misc""#))
        let report = try IndexVerifier.verify(directory: path)
        #expect(report.problems.isEmpty)
    }

    @Test func aFolderWrittenInAnotherCaseIsNamedInANotice() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try makeIndex()
        let result = try Searcher(index: reader).search("security folder:News", limit: 10)
        #expect(result.total == 0)
        #expect(result.notices.contains { $0.contains("did you mean folder:news") })
    }

    @Test func aMalformedDateIsAnErrorAtItsColumn() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try makeIndex()
        #expect(throws: SearchError.self) { try Searcher(index: reader).search("security date:2001-13", limit: 10) }
        do {
            _ = try Searcher(index: reader).search("security date:2001-13", limit: 10)
        } catch {
            #expect(error.description.contains("no month 13"))
            #expect(error.description.contains("column 10"))
        }
    }
}
