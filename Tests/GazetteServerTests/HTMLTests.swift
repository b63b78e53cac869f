import Testing
@testable import GazetteServer

@Suite("HTML escaping, URLs and marks")
struct HTMLTests {
    @Test("Hostile text is inert in element content and in attributes")
    func escaping() {
        #expect(HTML.escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(HTML.escape("\" onmouseover=\"alert(1)") == "&quot; onmouseover=&quot;alert(1)")
        #expect(HTML.escape("' autofocus onfocus='x") == "&#39; autofocus onfocus=&#39;x")
        #expect(HTML.escape("a & b &amp;") == "a &amp; b &amp;amp;")
        #expect(HTML.escape("bell\u{7} esc\u{1B}[31m nul\u{0} del\u{7F} c1\u{85}\u{9B}") == "bell\u{FFFD} esc\u{FFFD}[31m nul\u{FFFD} del\u{FFFD} c1\u{FFFD}\u{FFFD}")
        #expect(HTML.escape("tab\tline\ncr\r") == "tab\tline\ncr\r")
        #expect(HTML.escape("Zelenskyy’s café 🇺🇦") == "Zelenskyy’s café 🇺🇦")
        for hostile in ["<img src=x onerror=alert(1)>", "\"><svg/onload=alert(1)>", "'';!--\"<XSS>=&{()}"] {
            let escaped = HTML.escape(hostile)
            #expect(!escaped.contains("<") && !escaped.contains(">") && !escaped.contains("\"") && !escaped.contains("'"))
        }
    }

    @Test("URLs are built with percent-encoding: no value can start a scheme or break out of the query")
    func urls() {
        #expect(HTML.percentEncode("javascript:alert(1)") == "javascript%3Aalert%281%29")
        #expect(HTML.url("/document", [("path", "javascript:alert(1)")]) == "/document?path=javascript%3Aalert%281%29")
        #expect(HTML.url("/search", [("q", "a&b=c #d/é")]) == "/search?q=a%26b%3Dc%20%23d%2F%C3%A9")
        #expect(HTML.url("/search", [("q", ""), ("offset", "10")]) == "/search?offset=10")
        #expect(HTML.href("/entity", [("name", "A\"B"), ("type", "PERSON")]) == "/entity?name=A%22B&amp;type=PERSON")
    }

    @Test("Query strings decode + and %XX, keep stray %, and repair bytes that are not UTF-8")
    func parameters() {
        let values = HTML.parameters("q=%22security+guarantees%22%20Lavrov&offset=10&q=second&bad=%zz%4&utf=%C3%A9%FF&flag")
        #expect(values["q"] == "\"security guarantees\" Lavrov")
        #expect(values["offset"] == "10")
        #expect(values["bad"] == "%zz%4")
        #expect(values["utf"] == "é\u{FFFD}")
        #expect(values["flag"] == "")
        #expect(HTML.parameters(nil).isEmpty)
    }

    @Test("Overlapping marks never cross tags; text in and between them is escaped")
    func marks() {
        let text = "Sergei <Lavrov> said"
        let marked = HTML.marked(text, [
            HTML.Mark(start: 0, end: 15, classes: ["e", "e-PERSON"], title: "Sergei \"L\"", link: "/entity?name=x"),
            HTML.Mark(start: 7, end: 15, classes: ["m"]),
            HTML.Mark(start: 30, end: 40, classes: ["ignored"]),
        ])
        #expect(marked == "<a href=\"/entity?name=x\" class=\"e e-PERSON\" title=\"Sergei &quot;L&quot;\">Sergei </a>"
            + "<a href=\"/entity?name=x\" class=\"e e-PERSON m\" title=\"Sergei &quot;L&quot;\">&lt;Lavrov&gt;</a> said")
        #expect(HTML.marked("a<b", []) == "a&lt;b")
        #expect(HTML.marked("é🇺🇦x", [HTML.Mark(start: 1, end: 3, classes: ["m"])]) == "é<span class=\"m\">🇺🇦</span>x")
    }

    @Test("Tokens compare in full; loopback addresses are told apart")
    func tokensAndHosts() {
        let token = GazetteServer.generateToken()
        #expect(token.count == 64 && token.allSatisfy { $0.isHexDigit })
        #expect(token != GazetteServer.generateToken())
        #expect(TokenMiddleware.constantTimeEqual(token, token))
        #expect(!TokenMiddleware.constantTimeEqual(token + "0", token))
        #expect(!TokenMiddleware.constantTimeEqual(String(token.dropLast()), token))
        #expect(!TokenMiddleware.constantTimeEqual("", token))
        #expect(ServerConfiguration.isLoopback("127.0.0.1") && ServerConfiguration.isLoopback("127.1.2.3"))
        #expect(ServerConfiguration.isLoopback("::1") && ServerConfiguration.isLoopback("localhost"))
        #expect(!ServerConfiguration.isLoopback("0.0.0.0") && !ServerConfiguration.isLoopback("192.168.1.10"))
        #expect(!ServerConfiguration.isLoopback("127.0.0.1.evil.example") && !ServerConfiguration.isLoopback("::"))
    }

    @Test("Filter chips come out of the query with the query left without each")
    func chips() {
        let chips = Site.chips(in: "sanctions person:\"Sergei Lavrov\" org:NATO")
        #expect(chips.map(\.text) == ["person:\"Sergei Lavrov\"", "org:NATO"])
        #expect(chips.map(\.without) == ["sanctions org:NATO", "sanctions person:\"Sergei Lavrov\""])
        #expect(Site.adding("Sergei Lavrov", type: "PERSON", to: "sanctions") == "sanctions person:\"Sergei Lavrov\"")
        #expect(Site.adding("A \"quoted\" name", type: "ORG", to: "x") == nil)
        #expect(format3(12.3456) == "12.346" && format3(2) == "2" && format3(0.1) == "0.1")
    }
}
