import Testing
@testable import GazetteIngest

@Suite("HTML element roles")
struct HTMLElementRoleTests {
    static let expected: [HTMLElementRole: [String]] = [
        .block: [
            "html", "body", "p", "div", "h2", "h3", "h4", "h5", "h6", "hgroup", "li", "ul", "ol", "menu", "dir",
            "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "colgroup", "br",
            "hr", "section", "aside", "header", "footer", "nav", "main", "search", "figure", "form",
            "fieldset", "legend", "address", "details", "summary", "dialog", "center", "frameset", "frame",
            "noframes", "option", "optgroup", "marquee", "blockquote", "figcaption",
        ],
        .preformatted: ["pre", "listing", "xmp", "plaintext"],
        .hidden: [
            "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "applet",
            "canvas", "video", "audio", "select", "datalist", "textarea",
        ],
        .head: ["head"],
        .title: ["title"],
        .heading1: ["h1"],
        .link: ["a"],
        .article: ["article"],
        .script: ["script"],
        .meta: ["meta"],
        .time: ["time"],
        .inline: [
            "b", "i", "em", "strong", "span", "code", "sup", "sub", "small", "abbr", "mark", "q", "cite",
            "u", "s", "img", "label", "button", "wbr", "font", "blockquotes", "x", "",
        ],
    ]

    @Test(arguments: expected.flatMap { role, names in names.map { (role, $0) } })
    func roleOfElement(role: HTMLElementRole, name: String) {
        let actual = Array(name.utf8CString).withUnsafeBufferPointer {
            $0.withMemoryRebound(to: UInt8.self) { HTMLElementRole.of($0.baseAddress!) }
        }
        #expect(actual == role, "<\(name)>")
    }
}
