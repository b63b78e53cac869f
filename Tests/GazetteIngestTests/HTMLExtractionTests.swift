import Testing
@testable import GazetteIngest

@Suite("HTML text extraction")
struct HTMLExtractionTests {
    @Test func scriptsStylesNoscriptSvgAndCommentsAreDropped() throws {
        let doc = try html("""
            <html><head><title>T</title><style>p { color: red }</style>
            <script>var hidden = "script text";</script></head>
            <body><p>Visible one</p><!-- a comment --><script>alert("x")</script>
            <noscript>Enable JavaScript</noscript><svg><title>icon</title><text>svg text</text></svg>
            <template><p>template text</p></template><p>Visible two</p></body></html>
            """)
        #expect(doc.blockTexts == ["Visible one", "Visible two"])
        #expect(doc.text == "Visible one\nVisible two")
    }

    @Test func entitiesAndCharacterReferencesAreDecoded() throws {
        let doc = try html("<p>Q&amp;A: Lavrov&#8217;s view &#x2014; caf&eacute; &lt;ok&gt;</p>")
        #expect(doc.text == "Q&A: Lavrov\u{2019}s view \u{2014} caf\u{E9} <ok>")
    }

    @Test func windows1252NumericReferencesReadAsBrowsersDo() throws {
        let doc = try html("<p>1990&#150;1999 &#147;quoted&#148;</p>")
        #expect(doc.text == "1990\u{2013}1999 \u{201C}quoted\u{201D}")
    }

    @Test func blockElementsSplitBlocks() throws {
        let doc = try html("""
            <body><p>one</p><div>two</div><ul><li>three</li><li>four</li></ul>
            <table><tr><td>five</td><td>six</td></tr></table>seven<br>eight<h2>nine</h2></body>
            """)
        #expect(doc.blockTexts == ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
    }

    @Test func inlineElementsDoNotSplitBlocksOrWords() throws {
        let doc = try html("""
            <p>Russia wants <b>security</b> guarantees, <a href="x">said</a> <span>Lavrov</span> \
            <em>on</em> Friday. It is secu<b>rity</b> first.</p>
            """)
        #expect(doc.blockTexts == ["Russia wants security guarantees, said Lavrov on Friday. It is security first."])
    }

    @Test func adjacentLinksAreSeparateWords() throws {
        let doc = try html(#"<nav><a href="/">Home</a><a href="/world">World</a></nav><p>a <a>b</a>c <a>d</a></p>"#)
        #expect(doc.blockTexts == ["Home World", "a bc d"])
    }

    @Test func whitespaceCollapsesAndNBSPIsASpace() throws {
        let doc = try html("<p>\n   many\t\tspaces&nbsp;&nbsp;here \n</p><p> </p><p>\u{A0}</p><p>end</p>")
        #expect(doc.blockTexts == ["many spaces here", "end"])
    }

    @Test func blockRangesAreUTF8ByteOffsetsIntoText() throws {
        let doc = try html("<p>caf&eacute; \u{1F600}</p><p>na\u{EF}ve</p>")
        let utf8 = Array(doc.text.utf8)
        #expect(doc.blocks == [0..<10, 11..<17])
        #expect(String(decoding: utf8[doc.blocks[1]], as: UTF8.self) == "na\u{EF}ve")
    }

    @Test func titleComesFromTitleElement() throws {
        let doc = try html("<html><head><title>\n  Price   cap &amp; energy\n</title></head><body><h1>Heading</h1></body>")
        #expect(doc.title == "Price cap & energy")
        #expect(doc.blockTexts == ["Heading"])
    }

    @Test func titleFallsBackToFirstH1() throws {
        let doc = try html("<html><head><title>  </title></head><body><h1>The <i>real</i> title</h1><h1>Second</h1><p>x</p></body>")
        #expect(doc.title == "The real title")
        #expect(doc.blockTexts == ["The real title", "Second", "x"])
    }

    @Test func pageWithoutTitleOrH1HasNoTitle() throws {
        let doc = try html("<p>Just text</p>")
        #expect(doc.title == nil)
        #expect(doc.text == "Just text")
    }

    @Test func unclosedTagsAndStrayEndTagsAreRecovered() throws {
        let doc = try html("<html><body><div><p>first<p>second</div></div></span><li>third & fourth<b>bold")
        #expect(doc.blockTexts == ["first", "second", "third & fourthbold"])
    }

    @Test func preformattedTextEndsBlocksAtNewlines() throws {
        let doc = try html("<pre>line one\n  line two\n\nline three</pre><p>after</p>")
        #expect(doc.blockTexts == ["line one", "line two", "line three", "after"])
    }

    @Test func pageWithoutVisibleTextIsAnEmptyDocument() throws {
        let doc = try html("<html><head><script>x()</script></head><body>  <!-- nothing --> </body></html>")
        #expect(doc.text.isEmpty)
        #expect(doc.blocks.isEmpty)
    }

    @Test func emptyFileIsAnEmptyDocument() throws {
        #expect(try htmlBytes([]) == .empty)
    }

    @Test func textOutsideAnyTagIsKept() throws {
        let doc = try html("plain words with no markup at all")
        #expect(doc.text == "plain words with no markup at all")
    }

    @Test func utf8PageWithoutMetaIsDecodedAsUTF8() throws {
        let doc = try html("<html><body><p>Zelensky said \u{201C}no\u{201D} \u{2014} \u{41C}\u{43E}\u{441}\u{43A}\u{432}\u{430}</p></body></html>")
        #expect(doc.text == "Zelensky said \u{201C}no\u{201D} \u{2014} \u{41C}\u{43E}\u{441}\u{43A}\u{432}\u{430}")
    }

    @Test func concurrentParsesAgreeWithSerialOnes() async throws {
        let pages = (0..<64).map { n in
            Array("<title>Page \(n)</title><p>para &amp; \(n)<b>x</b></p><script>s()</script><ul><li>a<li>b</ul>".utf8)
                + (n % 2 == 0 ? [0x93, 0x71, 0x94] : Array("\u{201C}q\u{201D}".utf8))
        }
        let serial = try pages.map { try htmlBytes($0) }
        let parallel = try await withThrowingTaskGroup(of: (Int, ExtractedDocument).self) { group in
            for (n, page) in pages.enumerated() { group.addTask { (n, try htmlBytes(page)) } }
            var results = [ExtractedDocument?](repeating: nil, count: pages.count)
            for try await (n, document) in group { results[n] = document }
            return results
        }
        #expect(parallel == serial)
        #expect(serial[3].blockTexts == ["para & 3x", "a", "b", "\u{201C}q\u{201D}"])
    }
}
