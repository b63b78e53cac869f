import Testing
@testable import GazetteIngest

@Suite("Metadata of mail, news and plain-text files")
struct MailMetadataTests {
    /// A post as the 20 Newsgroups corpus keeps them: the server's Xref and Path first, a long Path line, the
    /// old `address (Name)` form of From, two groups.
    static let usenetPost = """
        Xref: cantaloupe.srv.cs.cmu.edu sci.space:61185 sci.astro:35121
        Path: cantaloupe.srv.cs.cmu.edu!magnesium.club.cc.cmu.edu!news.sei.cmu.edu!fs7.ece.cmu.edu!europa.eng.gtefsd.com!howland.reston.ans.net!zaphod.mps.ohio-state.edu!sol.ctr.columbia.edu!news.columbia.edu!utzoo!henry
        From: henry@zoo.toronto.edu (Henry Spencer)
        Newsgroups: sci.space,sci.astro
        Subject: Re: Space Station Redesign, JSC Alternative #4
        Message-ID: <C5JuF1.HzI@zoo.toronto.edu>
        Date: Mon, 19 Apr 1993 04:13:37 GMT
        References: <1qpq4qINNc9o@mojo.eng.umd.edu>
         <1qsb5gINN5ol@mojo.eng.umd.edu>
        Organization: U of Toronto Zoology
        Lines: 9

        In article <1qpq4qINNc9o@mojo.eng.umd.edu> sysmgr@king.eng.umd.edu writes:
        >The redesign team has been given until June to report.

        Which is not long, considering that the Station is to be
        redesigned from scratch.  NASA has done this before, though.
        --
        All work is one man's work.             | Henry Spencer @ zoo.toronto.edu

        """

    @Test func usenetHeadersAreMetadataNotText() throws {
        let doc = try plain(Self.usenetPost)
        // The text stays the file's, so offsets are file offsets; the header makes no blocks.
        #expect(doc.text == Self.usenetPost)
        let bodyStart = try #require(Self.usenetPost.utf8.firstRange(of: Array("In article".utf8))).lowerBound
        let bodyOffset = Self.usenetPost.utf8.distance(from: Self.usenetPost.utf8.startIndex, to: bodyStart)
        #expect(doc.blocks.first?.lowerBound == bodyOffset)
        #expect(doc.blockTexts == [
            "In article <1qpq4qINNc9o@mojo.eng.umd.edu> sysmgr@king.eng.umd.edu writes:\n>The redesign team has been given until June to report.",
            "Which is not long, considering that the Station is to be\nredesigned from scratch.  NASA has done this before, though.\n--\nAll work is one man's work.             | Henry Spencer @ zoo.toronto.edu",
        ])
        #expect(doc.title == "Re: Space Station Redesign, JSC Alternative #4")
        #expect(doc.metadata.date?.iso8601 == "1993-04-19T04:13:37Z")
        #expect(doc.metadata.dateSource == .mailHeader)
        #expect(doc.metadata.author == "Henry Spencer")
        #expect(doc.metadata.source == "sci.space")
    }

    @Test func oldStyleDateWithTwoDigitYear() throws {
        let post = """
            Newsgroups: alt.atheism
            Path: cantaloupe.srv.cs.cmu.edu!crabapple.srv.cs.cmu.edu!bb3.andrew.cmu.edu!mathew
            From: mathew <mathew@mantis.co.uk>
            Subject: Alt.Atheism FAQ: Atheist Resources
            Date: 5 Apr 93 18:04:51 GMT
            Lines: 3

            Archive-name: atheism/resources
            Alt-atheism-archive-name: resources
            """
        let doc = try plain(post)
        #expect(doc.metadata.date?.iso8601 == "1993-04-05T18:04:51Z")
        #expect(doc.metadata.author == "mathew")
        #expect(doc.metadata.source == "alt.atheism")
        #expect(doc.title == "Alt.Atheism FAQ: Atheist Resources")
        // The body's own "Name: value" lines are text: only the file's first block is a header.
        #expect(doc.blockTexts == ["Archive-name: atheism/resources\nAlt-atheism-archive-name: resources"])
    }

    @Test func mailMessage() throws {
        let message = """
            Return-Path: <jane.doe@example.org>
            Received: from mail.example.org (mail.example.org [192.0.2.10])
            \tby mx.example.com with ESMTPS id 4Xy2
            \tfor <team@example.com>; Mon, 3 Dec 2001 10:22:07 +1100
            From: "Doe, Jane" <jane.doe@example.org>
            To: team@example.com
            Subject: Minutes of the Sydney meeting
            Date: Mon, 3 Dec 2001 10:22:05 +1100
            Message-ID: <20011203102205.GA1234@example.org>
            List-Id: Sydney office <sydney.example.org>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=us-ascii

            Hi all,

            The minutes are below. Qantas confirmed the charter.

            """
        let doc = try plain(message, path: "mail/0001.txt")
        #expect(doc.text == message)
        #expect(doc.blockTexts == ["Hi all,", "The minutes are below. Qantas confirmed the charter."])
        #expect(doc.title == "Minutes of the Sydney meeting")
        #expect(doc.metadata == DocumentMetadata(
            date: PublicationDate(year: 2001, month: 12, day: 3,
                                  time: PublicationDate.Time(hour: 10, minute: 22, second: 5, utcOffsetMinutes: 660)),
            dateSource: .mailHeader, author: "Doe, Jane", source: "Sydney office"))
        #expect(doc.metadata.date?.iso8601 == "2001-12-03T10:22:05+11:00")
    }

    @Test func crlfHeadersAndAddressOnlySender() throws {
        let message = "From: jane.doe@example.org\r\nSubject:   Budget  \r\nDate: Tue, 4 Dec 2001 00:15:00 +1300\r\n\r\nBody line.\r\n"
        let doc = try plain(message)
        #expect(doc.blockTexts == ["Body line."])
        #expect(doc.title == "Budget")
        #expect(doc.metadata.author == "jane.doe@example.org")
        #expect(doc.metadata.date?.iso8601 == "2001-12-04T00:15:00+13:00")
        #expect(doc.metadata.source == nil)
    }

    @Test func aBrokenDateHeaderGivesNoDateAndTheBodyMayStillDateIt() throws {
        let doc = try plain("From: a@b.org\nSubject: Notes\nDate: Tue, 3 Dec 2001 10:22:05 +1100\n\nText.\n")
        #expect(doc.metadata.date == nil)  // December 3, 2001 was a Monday: the field is wrong somewhere
        #expect(doc.metadata.dateSource == nil)
        let dated = try plain("From: a@b.org\nSubject: Notes\nDate: someday\n\n3 December 2025 — Text.\n")
        #expect(dated.metadata.date?.iso8601 == "2025-12-03")
        #expect(dated.metadata.dateSource == .dateline)
    }

    @Test func proseThatStartsLikeAHeaderIsText() throws {
        let note = "Note: the talks resume on Monday.\nSubject: sanctions\n\nMore text.\n"
        let doc = try plain(note)
        #expect(doc.blockTexts == ["Note: the talks resume on Monday.\nSubject: sanctions", "More text."])
        #expect(doc.title == nil)
        #expect(doc.metadata == .none)
        // One known field is not enough either, nor a header interrupted by prose.
        #expect(try plain("Subject: x\n\nBody\n").blockTexts == ["Subject: x", "Body"])
        #expect(try plain("From: a@b.org\nSubject: x\nthis is prose\n\nBody\n").blocks.count == 2)
        // Markdown is never mail.
        #expect(try plain("From: a@b.org\nSubject: x\n\nBody\n", path: "a.md").blocks.count == 2)
    }

    @Test func aHeaderOnlyFileHasNoBlocks() throws {
        let doc = try plain("From: a@b.org\nSubject: Empty\nDate: Mon, 3 Dec 2001 10:22:05 +1100\n")
        #expect(doc.blocks.isEmpty)
        #expect(doc.title == "Empty")
        #expect(doc.metadata.date?.iso8601 == "2001-12-03T10:22:05+11:00")
    }

    @Test func longHeaderLinesDoNotMakeTheBodyOneBlockPerLine() throws {
        let path = "Path: " + String(repeating: "news.example.edu!", count: 20) + "jane"
        let doc = try plain("\(path)\nFrom: jane@example.edu\nNewsgroups: sci.space\n\nfirst line\nsecond line\n")
        #expect(doc.blockTexts == ["first line\nsecond line"])
    }

    // MARK: Plain-text news

    @Test func datelineAndBylineOfAWireStory() throws {
        let story = """
            Qantas to resume flights to Johannesburg

            By Jane Doe and Rob Tyler

            SYDNEY, Dec 3, 2001 (Reuters) - Qantas Airways Ltd said on Monday it
            would resume flights to Johannesburg in March.

            """
        let doc = try plain(story)
        #expect(doc.text == story)
        #expect(doc.title == "Qantas to resume flights to Johannesburg")
        #expect(doc.metadata.date?.iso8601 == "2001-12-03")
        #expect(doc.metadata.dateSource == .dateline)
        #expect(doc.metadata.author == "Jane Doe and Rob Tyler")
        #expect(doc.metadata.source == nil)
        #expect(doc.blocks.count == 3)
    }

    @Test func datelineForms() throws {
        func date(_ text: String) throws -> String? { try plain(text).metadata.date?.iso8601 }
        #expect(try date("Headline\n\n3 December 2025 — The ministers met.\n") == "2025-12-03")
        #expect(try date("Headline\n\nDecember 3, 2025 — The ministers met.\n") == "2025-12-03")
        #expect(try date("Headline\n\nWASHINGTON, Dec. 3, 2025 – The ministers met.\n") == "2025-12-03")
        #expect(try date("Headline\n\nMOSCOW/WASHINGTON, December 3, 2025 (Gazette) -- Talks.\n") == "2025-12-03")
        #expect(try date("2025-12-03\n\nThe ministers met.\n") == "2025-12-03")
        #expect(try date("Headline\nWednesday, 3 December 2025\nThe ministers met.\n") == "2025-12-03")
        // No year, no date; numbers that could be either day or month, no date.
        #expect(try date("Headline\n\nSYDNEY, Dec 3 (Reuters) - Qantas said.\n") == nil)
        #expect(try date("Headline\n\n03/04/2025 - The ministers met.\n") == nil)
        // A date inside a sentence is not a dateline, nor is one far down the story.
        #expect(try date("Headline\n\nDecember 3, 2025 was the day the ministers met.\n") == nil)
        #expect(try date("Headline\n\nThe ministers met on 3 December 2025.\n") == nil)
        let late = "Headline\n\n" + String(repeating: "A paragraph.\n\n", count: 8) + "3 December 2025 — Late.\n"
        #expect(try date(late) == nil)
        // An impossible day is no date.
        #expect(try date("Headline\n\n29 February 2025 — The ministers met.\n") == nil)
        #expect(try date("Headline\n\n29 February 2024 — The ministers met.\n") == "2024-02-29")
    }

    @Test func bylineForms() throws {
        func author(_ text: String) throws -> String? { try plain(text).metadata.author }
        #expect(try author("Headline\n\nBy Jane Doe\n\nText.\n") == "Jane Doe")
        #expect(try author("Headline\n\nBY JANE DOE, MOSCOW CORRESPONDENT\n\nText.\n") == "JANE DOE")
        #expect(try author("Headline\nBy Ursula von der Leyen | Opinion\nText.\n") == "Ursula von der Leyen")
        #expect(try author("Headline\n\nBy then, the talks had ended.\n") == nil)
        #expect(try author("Headline\n\nBy 2026 the cap will fall.\n") == nil)
        #expect(try author("Headline\n\nBy the way\n") == nil)
        #expect(try author("Headline\n\nBy Jane Doe and\n") == nil)
        // A mail's sender is the author; the body's byline is only a fallback.
        #expect(try author("From: Desk <desk@example.org>\nSubject: x\n\nBy Jane Doe\n") == "Desk")
    }

    @Test func corpusStylePlainTextHasNoDateWithoutAYear() throws {
        let story = """
            London judge rules war-risk insurers must pay for jets stranded in Russia

            LONDON, June 11 (Gazette) - Aircraft leasing companies led by AerCap won a landmark ruling.

            """
        let doc = try plain(story)
        #expect(doc.metadata == .none)
        #expect(doc.title == "London judge rules war-risk insurers must pay for jets stranded in Russia")
    }

    @Test func aDatelineCutByTheLookLimitIsNotRead() throws {
        // The body is read for datelines up to 2 KB: a date that the limit cuts ("2025-12-1|5") must not be read
        // as another day; one that ends before the limit is.
        let head = "Headline\n"
        func story(dateAt offset: Int) -> String {
            head + String(repeating: "x", count: offset - head.utf8.count - 1) + "\n2025-12-15 - The story.\n"
        }
        let limit = PlainTextMetadata.leadingBytes
        #expect(try plain(story(dateAt: limit - 9)).metadata.date == nil)
        #expect(try plain(story(dateAt: limit - 40)).metadata.date?.iso8601 == "2025-12-15")
    }

    @Test func aHugeOneLineFileIsNotAHeader() throws {
        let line = "From: " + String(repeating: "a", count: MailHeader.maximumLength + 10)
        let doc = try plain(line + "\nSubject: x\n\nBody\n")
        #expect(doc.blocks.count == 3)  // a line that long makes the file one block per line
        #expect(doc.metadata == .none)
    }

    @Test func encodedWordsInHeadersAreDecoded() throws {
        let message = """
            From: =?ISO-8859-1?Q?J=F6rg_M=FCller?= <joerg@example.de>
            Subject: =?UTF-8?B?R2F6cHJvbSBzdG9wcyBnYXMg?=
             =?UTF-8?Q?to_Moldova_=E2=80=94_report?=
            Date: Wed, 3 Dec 2025 08:00:00 +0100
            X_Spam_Level: *

            Body.
            """
        let doc = try plain(message)
        #expect(doc.title == "Gazprom stops gas to Moldova \u{2014} report")
        #expect(doc.metadata.author == "J\u{F6}rg M\u{FC}ller")
        #expect(doc.blockTexts == ["Body."])
        #expect(EncodedWords.decode("Re: =?KOI8-R?Q?=F0=D2?= and =?UTF-8?Q?broken=Z?=") == "Re: =?KOI8-R?Q?=F0=D2?= and =?UTF-8?Q?broken=Z?=")
        #expect(EncodedWords.decode("Price =?utf-8?q?cap?= talks") == "Price cap talks")
    }
}
