import Testing
@testable import GazetteIngest

@Suite("Metadata of HTML pages")
struct HTMLMetadataTests {
    /// A news page of the usual kind: Open Graph and article properties, an author meta, a site suffix in the title.
    static let openGraphPage = """
        <!DOCTYPE html>
        <html lang="en"><head>
        <meta charset="utf-8">
        <title>Qantas resumes Johannesburg flights | Harbour Times</title>
        <meta property="og:type" content="article">
        <meta property="og:title" content="Qantas resumes Johannesburg flights">
        <meta property="og:site_name" content="Harbour Times">
        <meta property="article:published_time" content="2001-12-03T10:22:05+11:00">
        <meta property="article:modified_time" content="2001-12-04T08:00:00+11:00">
        <meta property="article:author" content="https://www.facebook.com/janedoe">
        <meta name="author" content="Jane Doe">
        <meta name="date" content="2001-12-01">
        </head><body>
        <header class="site"><a href="/">Harbour Times</a> <time datetime="2001-12-05">Wednesday</time></header>
        <article><h1>Qantas resumes Johannesburg flights</h1>
        <p class="byline">By Jane Doe</p>
        <p>SYDNEY &#8212; Qantas Airways said on Monday it would resume flights.</p></article>
        </body></html>
        """

    @Test func openGraphAndArticleProperties() throws {
        let doc = try html(Self.openGraphPage)
        #expect(doc.title == "Qantas resumes Johannesburg flights")
        #expect(doc.metadata.date?.iso8601 == "2001-12-03T10:22:05+11:00")
        #expect(doc.metadata.dateSource == .htmlMeta("article:published_time"))
        #expect(doc.metadata.author == "Jane Doe")
        #expect(doc.metadata.source == "Harbour Times")
        #expect(doc.blockTexts == [
            "Harbour Times Wednesday", "Qantas resumes Johannesburg flights", "By Jane Doe",
            "SYDNEY \u{2014} Qantas Airways said on Monday it would resume flights.",
        ])
    }

    @Test func jsonLDArticleWithNestedAuthorAndPublisher() throws {
        let doc = try html("""
            <html><head><title>Zelenskyy wins European backing in Berlin – The Continental Herald</title>
            <script type="application/ld+json">
            {"@context":"https://schema.org","@type":"NewsArticle","headline":"Zelenskyy wins European backing",
             "author":[{"@type":"Person","name":"Anna Schmidt"},{"@type":"Person","name":"Jan Nowak"}],
             "publisher":{"@type":"Organization","name":"The Continental Herald",
                          "logo":{"@type":"ImageObject","url":"https://example.org/logo.png","width":600}},
             "datePublished":"2025-12-15T18:40:00+01:00","dateModified":"2025-12-16T09:00:00+01:00",
             "isAccessibleForFree":true,"wordCount":812,"about":null}
            </script></head>
            <body><h1>Zelenskyy wins European backing in Berlin</h1><p>Body.</p></body></html>
            """)
        #expect(doc.title == "Zelenskyy wins European backing in Berlin")
        #expect(doc.metadata.date?.iso8601 == "2025-12-15T18:40:00+01:00")
        #expect(doc.metadata.dateSource == .jsonLD)
        #expect(doc.metadata.author == "Anna Schmidt, Jan Nowak")
        #expect(doc.metadata.source == "The Continental Herald")
        #expect(doc.blockTexts == ["Zelenskyy wins European backing in Berlin", "Body."])
    }

    @Test func jsonLDGraphWithReferencesByID() throws {
        // Yoast SEO's shape: one @graph, the article pointing at its author and publisher by @id.
        let doc = try html("""
            <html><head><title>Budget talks stall</title>
            <script type="application/ld+json" class="yoast-schema-graph">{"@context":"https://schema.org","@graph":[
            {"@type":"WebPage","@id":"https://example.org/budget/","datePublished":"2025-11-01T00:00:00+00:00"},
            {"@type":"Article","@id":"https://example.org/budget/#article",
             "author":{"@id":"https://example.org/#/schema/person/7"},"headline":"Budget talks stall",
             "datePublished":"2025-11-03T07:15:00+00:00","publisher":{"@id":"https://example.org/#organization"}},
            {"@type":"Organization","@id":"https://example.org/#organization","name":"Canberra Ledger"},
            {"@type":"Person","@id":"https://example.org/#/schema/person/7","name":"Sam O\\u2019Neill"}]}</script>
            </head><body><p>Text</p></body></html>
            """)
        #expect(doc.metadata.date?.iso8601 == "2025-11-03T07:15:00Z")
        #expect(doc.metadata.author == "Sam O\u{2019}Neill")
        #expect(doc.metadata.source == "Canberra Ledger")
        #expect(doc.title == "Budget talks stall")
    }

    @Test func jsonLDInAnArrayWithAStringAuthor() throws {
        let doc = try html("""
            <script type="application/ld+json">[{"@type":"BreadcrumbList","itemListElement":[]},
            {"@type":["BlogPosting"],"author":"Jane Doe","datePublished":"December 3, 2025"}]</script><p>x</p>
            """)
        #expect(doc.metadata.date?.iso8601 == "2025-12-03")
        #expect(doc.metadata.author == "Jane Doe")
        #expect(doc.metadata.source == nil)
        #expect(doc.text == "x")
    }

    @Test func garbageMetaDateFallsBackToJSONLD() throws {
        let doc = try html("""
            <html><head><title>Title</title><meta name="date" content="garbage">
            <meta name="pubdate" content="03/04/2025">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-04-03"}</script>
            </head><body><p>x</p></body></html>
            """)
        #expect(doc.metadata.date?.iso8601 == "2025-04-03")
        #expect(doc.metadata.dateSource == .jsonLD)
    }

    @Test func jsonLDWithASyntaxErrorIsIgnoredAndTheTimeElementDatesThePage() throws {
        let doc = try html("""
            <html><head><title>Gas deal</title>
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-11-01",
              "author":{"name":"Wrong Person"},}</script></head>
            <body><nav><time datetime="2025-12-24">Today</time></nav>
            <article><header><h1>Gas deal</h1><p class="meta"><time datetime="2025-11-02T08:00:00+04:00">Sunday,
            November 2, 2025</time> &middot; Dubai</p></header><p>Story text.</p></article></body></html>
            """)
        #expect(doc.metadata.date?.iso8601 == "2025-11-02T08:00:00+04:00")
        #expect(doc.metadata.dateSource == .timeElement)
        #expect(doc.metadata.author == nil)
        #expect(doc.blockTexts == ["Today", "Gas deal", "Sunday, November 2, 2025 \u{B7} Dubai", "Story text."])
    }

    @Test func timeElementsOutsideTheArticleLeadAreIgnored() throws {
        let story = String(repeating: "<p>The ministers talked for a long time about the details of the plan.</p>", count: 30)
        let late = try html("<article><h1>Title</h1>\(story)<p>Updated <time datetime=\"2025-12-09\">later</time></p></article>")
        #expect(late.metadata.date == nil)
        let nav = try html("<nav><time datetime=\"2025-12-24\">today</time></nav><p>No article here.</p>")
        #expect(nav.metadata.date == nil)
        // Unless it says it is the publication date.
        let marked = try html("<div>\(story)<time itemprop=\"datePublished\" datetime=\"2025-12-01\">x</time></div>")
        #expect(marked.metadata.date?.iso8601 == "2025-12-01")
        #expect(marked.metadata.dateSource == .timeElement)
    }

    @Test func conflictingSourcesGoToTheMoreTrustedOne() throws {
        // Meta beats JSON-LD beats <time>; among metas, article:published_time beats a generic "date" written first.
        let doc = try html("""
            <html><head><meta name="date" content="2025-12-01"><meta name="DC.date.issued" content="2025-12-02">
            <meta property="article:published_time" content="2025-12-03">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-11-30"}</script></head>
            <body><article><h1>T</h1><time datetime="2025-11-29">x</time><p>y</p></article></body></html>
            """)
        #expect(doc.metadata.date?.iso8601 == "2025-12-03")
        #expect(doc.metadata.dateSource == .htmlMeta("article:published_time"))
        let dublinCore = try html("""
            <meta name="date" content="2025-12-01"><meta name="DC.date.issued" content="2025-12-02"><p>y</p>
            """)
        #expect(dublinCore.metadata.date?.iso8601 == "2025-12-02")
        #expect(dublinCore.metadata.dateSource == .htmlMeta("dc.date.issued"))
        let itemprop = try html("<meta itemprop=\"datePublished\" content=\"2025-12-05T09:00:00Z\"><p>y</p>")
        #expect(itemprop.metadata.dateSource == .htmlMeta("datepublished"))
    }

    @Test func authorSources() throws {
        // A profile URL is not a name; the next source is used.
        let url = try html("""
            <meta property="article:author" content="https://www.facebook.com/janedoe">
            <script type="application/ld+json">{"@type":"Article","author":{"@type":"Person","name":"Jane Doe"}}</script><p>x</p>
            """)
        #expect(url.metadata.author == "Jane Doe")
        let articleAuthor = try html("<meta property=\"article:author\" content=\"  Rob   Tyler \"><p>x</p>")
        #expect(articleAuthor.metadata.author == "Rob Tyler")
        let byPrefix = try html("<meta name=\"author\" content=\"By Jane Doe\"><p>x</p>")
        #expect(byPrefix.metadata.author == "Jane Doe")
        let byl = try html("<meta name=\"byl\" content=\"By Jane Doe and Rob Tyler\"><p>x</p>")
        #expect(byl.metadata.author == "Jane Doe and Rob Tyler")
        let empty = try html("<meta name=\"author\" content=\"   \"><p>x</p>")
        #expect(empty.metadata.author == nil)
    }

    @Test func titleRules() throws {
        // <title> as today, unless the page itself names the suffix as its site or the rest as its headline.
        #expect(try html("<title>Talks end – The Herald</title><p>x</p>").title == "Talks end – The Herald")
        #expect(try html("<title>Talks end – The Herald</title><meta property=\"og:site_name\" content=\"The Herald\">")
            .title == "Talks end")
        #expect(try html("<title>The Herald | Talks end</title><meta property=\"og:site_name\" content=\"The Herald\">")
            .title == "Talks end")
        #expect(try html("<title>Talks end - Herald</title><meta property=\"og:title\" content=\"Talks end\">")
            .title == "Talks end")
        #expect(try html("<title>Talks end</title><meta property=\"og:title\" content=\"Talks end, a social headline\">")
            .title == "Talks end")
        // A dash inside the headline stays.
        #expect(try html("<title>US-Russia talks - round two</title><meta property=\"og:site_name\" content=\"X\">")
            .title == "US-Russia talks - round two")
        // Without <title>, og:title comes before the first <h1>.
        #expect(try html("<meta property=\"og:title\" content=\"Social title\"><h1>Heading</h1>").title == "Social title")
        #expect(try html("<h1>Heading</h1><p>x</p>").title == "Heading")
        // A <title> that is only the site's name is no title.
        #expect(try html("<title>The Herald</title><meta property=\"og:site_name\" content=\"The Herald\"><h1>Heading</h1>")
            .title == "Heading")
        #expect(try html("<title>The Herald</title><meta property=\"og:site_name\" content=\"The Herald\">").title
            == "The Herald")
    }

    @Test func pagesWithoutMetadataHaveNone() throws {
        let doc = try html("<html><head><title>T</title><script>var author = \"x\";</script></head><p>Body</p></html>")
        #expect(doc.metadata == .none)
        #expect(doc.blockTexts == ["Body"])
    }

    @Test func jsonLDIsNeverBodyText() throws {
        let doc = try html("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"secret\"}</script><p>Body</p>")
        #expect(doc.text == "Body")
    }

    @Test func hostileJSONLDIsRefused() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let doc = try html("<script type=\"application/ld+json\">\(deep)</script><p>x</p>")
        #expect(doc.metadata == .none)
        #expect(JSONValue.parse(Array("{\"a\":[1,2.5e3,-0.1,true,false,null,\"\\ud83d\\ude00\"]}".utf8)) != nil)
        for broken in ["{", "{\"a\":}", "[1,]", "{\"a\" 1}", "\"\\x\"", "01x", "{\"a\":1} extra"] {
            #expect(JSONValue.parse(Array(broken.utf8)) == nil, "\(broken)")
        }
    }

    @Test func aDateLineInTheArticleLeadDatesAPageWithoutMarkup() throws {
        func date(_ lead: String) throws -> String? {
            let page = """
                <html><head><title>T</title></head><body><nav><p>Home &middot; 5 December 2025</p></nav>
                <article><h1>Merz elected chancellor</h1>\(lead)<p>Story text that goes on.</p></article></body></html>
                """
            let doc = try html(page)
            if doc.metadata.date != nil { #expect(doc.metadata.dateSource == .dateline) }
            return doc.metadata.date?.iso8601
        }
        #expect(try date("<p><em>Berlin, Tuesday 6 May 2025</em></p>") == "2025-05-06")
        #expect(try date("<div class=\"meta\">Published Wednesday, 3 December 2025 &ndash; Brussels</div>") == "2025-12-03")
        #expect(try date("<p class=\"byline\">Brussels &#x2014; Wednesday 17 December 2025</p>") == "2025-12-17")
        #expect(try date("<p>Wednesday 19 November 2025 &middot; Brussels</p>") == "2025-11-19")
        #expect(try date("<p>SYDNEY, Dec 3, 2001 (Reuters) - Qantas said on Monday it would fly.</p>") == "2001-12-03")
        // Not a date line: a sentence, an update, two dates, a weekday that is not the date's, no year.
        #expect(try date("<p>Talks resumed on 3 December 2025 in Brussels</p>") == nil)
        #expect(try date("<p>Updated 5 December 2025</p>") == nil)
        #expect(try date("<p>Published 3 December 2025, updated 4 December 2025</p>") == nil)
        #expect(try date("<p>Thursday 6 May 2025 &middot; Berlin</p>") == nil)
        #expect(try date("<p>Berlin, 6 May</p>") == nil)
        // Markup beats what the text shows.
        let marked = try html("""
            <meta property="article:published_time" content="2025-05-05"><article><h1>T</h1><p>Berlin, Tuesday 6 May 2025</p></article>
            """)
        #expect(marked.metadata.date?.iso8601 == "2025-05-05")
    }
}
