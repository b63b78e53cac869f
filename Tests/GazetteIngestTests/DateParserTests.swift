import Testing
@testable import GazetteIngest

@Suite("Publication dates")
struct DateParserTests {
    private func iso(_ value: String) -> String? { DateParser.parseValue(value)?.iso8601 }

    @Test func iso8601DatesAndDateTimes() {
        #expect(iso("2025-12-03") == "2025-12-03")
        #expect(iso("  2025-12-03\n") == "2025-12-03")
        #expect(iso("2025-12-03T10:22:05Z") == "2025-12-03T10:22:05Z")
        #expect(iso("2025-12-03T10:22:05.123+01:00") == "2025-12-03T10:22:05+01:00")
        #expect(iso("2025-12-03T10:22+0530") == "2025-12-03T10:22:00+05:30")
        #expect(iso("2025-12-03T10:22:05-08") == "2025-12-03T10:22:05-08:00")
        #expect(iso("2025-12-03 10:22:05") == "2025-12-03T10:22:05")
        #expect(iso("2025/12/03") == "2025-12-03")
        let date = DateParser.parseValue("2001-12-03T10:22:05+11:00")
        #expect(date?.year == 2001 && date?.month == 12 && date?.day == 3)
        #expect(date?.time?.utcOffsetMinutes == 660)
    }

    @Test func aDateCrossingMidnightInUTCKeepsTheDayAsWritten() {
        // 23:30 in California is already December 4 in UTC; the article's day is still December 3.
        #expect(iso("2025-12-03T23:30:00-08:00") == "2025-12-03T23:30:00-08:00")
        #expect(DateParser.parseValue("2025-12-03T23:30:00-08:00")?.day == 3)
        // And 00:15 in Auckland is still December 3 in UTC.
        #expect(DateParser.parseValue("Tue, 4 Dec 2001 00:15:00 +1300")?.iso8601 == "2001-12-04T00:15:00+13:00")
    }

    @Test func datesInWords() {
        #expect(iso("3 December 2025") == "2025-12-03")
        #expect(iso("December 3, 2025") == "2025-12-03")
        #expect(iso("Dec. 3, 2025") == "2025-12-03")
        #expect(iso("Sept. 30, 2025") == "2025-09-30")
        #expect(iso("3rd Dec 2025") == "2025-12-03")
        #expect(iso("Wednesday, December 3, 2025") == "2025-12-03")
        #expect(iso("Wednesday 3 December 2025") == "2025-12-03")
        // The weekday must be the date's: Thursday was December 4.
        #expect(iso("Thursday, December 3, 2025") == nil)
    }

    @Test func rfc5322Dates() {
        #expect(iso("Mon, 3 Dec 2001 10:22:05 +1100") == "2001-12-03T10:22:05+11:00")
        #expect(iso("Mon, 19 Apr 1993 04:13:37 GMT") == "1993-04-19T04:13:37Z")
        #expect(iso("Mon, 05 Apr 1993 18:04:51 -0500 (EST)") == "1993-04-05T18:04:51-05:00")
        #expect(iso("6 Apr 93 14:30:00 EDT") == "1993-04-06T14:30:00-04:00")
        #expect(iso("Tue, 6 Apr 1993 14:30 MET") == "1993-04-06T14:30:00")
        #expect(iso("Mon Apr  5 18:04:51 1993") == "1993-04-05T18:04:51")
        #expect(iso("Tue, 3 Dec 2001 10:22:05 +1100") == nil)  // December 3, 2001 was a Monday
        #expect(iso("Mon, 3 Dec 2001 25:22:05 +1100") == nil)
    }

    @Test func twoDigitYearsAsRFC5322Says() {
        #expect(iso("5 Apr 93 18:04:51 GMT") == "1993-04-05T18:04:51Z")
        #expect(iso("3 Dec 01 10:22:05 +1100") == "2001-12-03T10:22:05+11:00")
        #expect(DateParser.parseValue("1 Jan 49 00:00:00 GMT")?.year == 2049)
        #expect(DateParser.parseValue("1 Jan 50 00:00:00 GMT")?.year == 1950)
        #expect(DateParser.parseValue("1 Jan 103 00:00:00 GMT")?.year == 2003)
        // Two-digit years are read only in RFC 5322 dates, never in words or ISO forms.
        #expect(iso("December 3, 25") == nil)
        #expect(iso("25-12-03") == nil)
    }

    @Test func daysAreCheckedAgainstTheirMonth() {
        #expect(iso("2024-02-29") == "2024-02-29")
        #expect(iso("2025-02-29") == nil)
        #expect(iso("2000-02-29") == "2000-02-29")
        #expect(iso("1900-02-29") == nil)
        #expect(iso("29 February 2024") == "2024-02-29")
        #expect(iso("29 February 2023") == nil)
        #expect(iso("February 30, 2024") == nil)
        #expect(iso("2025-04-31") == nil)
        #expect(iso("2025-13-01") == nil)
        #expect(iso("2025-00-10") == nil)
        #expect(iso("Thu, 29 Feb 2024 12:00:00 +0000") == "2024-02-29T12:00:00Z")
        #expect(iso("Sat, 29 Feb 2025 12:00:00 +0000") == nil)
    }

    @Test func ambiguousOrBrokenValuesGiveNoDate() {
        for value in [
            "03/04/2025", "3/4/25", "12.03.2025", "garbage", "", "2025", "2025-12", "Dec 3", "December 2025",
            "2025-12-03T10", "2025-12-03T10:22:05+25:00", "2025-12-03 and more", "yesterday", "3 December 2025 10am",
            "20251203", "2025-12-03T10:22:05Zjunk",
        ] {
            #expect(DateParser.parseValue(value) == nil, "\(value)")
        }
    }

    @Test func daysSinceEpochAndWeekday() throws {
        let epoch = try #require(PublicationDate(year: 1970, month: 1, day: 1))
        #expect(epoch.daysSinceEpoch == 0)
        #expect(epoch.weekday == 4)
        let date = try #require(PublicationDate(year: 2001, month: 12, day: 3))
        #expect(date.daysSinceEpoch == 11659)
        #expect(date.weekday == 1)
        #expect(try #require(PublicationDate(year: 1969, month: 12, day: 31)).daysSinceEpoch == -1)
    }
}
