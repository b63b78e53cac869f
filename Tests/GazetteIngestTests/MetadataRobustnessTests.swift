import Testing
@testable import GazetteIngest

@Suite("Metadata parsers on cut and damaged input")
struct MetadataRobustnessTests {
    static let htmlFixture = HTMLMetadataTests.openGraphPage + """
        <script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","@id":"#a","author":{"@id":"#p"},
        "datePublished":"2025-12-03T23:30:00-08:00","publisher":[{"name":"Harbour Times"}]},
        {"@id":"#p","name":"Jane \\u00d6z"}]}</script><article><h1>T</h1><p>Berlin, Tuesday 6 May 2025</p>
        <time datetime="2025-05-06T10:00Z">x</time></article>
        """

    /// Every prefix of the fixtures: a file cut anywhere (inside a header, a date, a JSON string, an attribute)
    /// extracts without trapping, and the text of plain files is still the file's.
    @Test func everyPrefixOfTheFixturesExtracts() throws {
        let plainFixtures = [
            MailMetadataTests.usenetPost,
            "From: =?UTF-8?Q?J=C3=B6rg?= <j@example.de>\nSubject: =?UTF-8?B?R2F6cHJvbSBzdG9wcyBnYXMg?=\nDate: Mon, 3 Dec 2001 10:22:05 +1100 (EST)\n\nBy Jane Doe\n\nSYDNEY, Dec. 3, 2001 (Reuters) -- Text.\n",
            "Headline\n\nWednesday, 3 December 2025 \u{2014} Text.\n2025-12-03T10:22:05+05:30\n",
        ]
        for fixture in plainFixtures {
            let bytes = Array(fixture.utf8)
            for cut in 0...bytes.count {
                let doc = try plainBytes(Array(bytes[..<cut]))
                // (A cut inside a character makes the file's encoding another question.)
                let insideCharacter = cut < bytes.count && bytes[cut] & 0xC0 == 0x80
                #expect(insideCharacter || doc.text == String(decoding: bytes[..<cut], as: UTF8.self))
            }
        }
        let page = Array(Self.htmlFixture.utf8)
        for cut in stride(from: 0, through: page.count, by: 3) {
            _ = try? htmlBytes(Array(page[..<cut]))
        }
        let whole = try htmlBytes(page)
        #expect(whole.metadata.date?.iso8601 == "2001-12-03T10:22:05+11:00")
    }

    @Test func everyPrefixOfDateValuesParsesOrNot() {
        for value in [
            "Mon, 3 Dec 2001 10:22:05 +1100 (EST)", "2025-12-03T10:22:05.123+05:30", "Wednesday, December 3rd, 2025",
            "Mon Apr  5 18:04:51 GMT 1993", "Sept. 30, 2025", "2025/12/03",
        ] {
            let bytes = Array(value.utf8)
            for cut in 0...bytes.count {
                _ = DateParser.parseValue(String(decoding: bytes[..<cut], as: UTF8.self))
            }
        }
        #expect(DateParser.parseValue("Mon Apr  5 18:04:51 GMT 1993")?.iso8601 == "1993-04-05T18:04:51Z")
    }

    @Test func everyPrefixOfJSONIsRejectedOrParsed() {
        let json = Array(#"{"@type":["NewsArticle"],"author":[{"name":"A \u00e9"},"B"],"n":-1.5e3,"t":true,"x":null}"#.utf8)
        for cut in 0..<json.count {
            #expect(JSONValue.parse(Array(json[..<cut])) == nil)
        }
        #expect(JSONValue.parse(json) != nil)
    }
}
