/// The state the libxml2 SAX callbacks drive: which element we are in decides where characters go (body,
/// title, first `<h1>`, nowhere). It relies on libxml2 reporting balanced start/end events, which its HTML
/// parser does even for broken markup (it closes implied and unclosed elements itself).
struct HTMLTextCollector {
    var body: BlockTextBuilder
    private var title = BlockTextBuilder()
    private var heading = BlockTextBuilder()
    /// `<meta>`, JSON-LD and `<time>`: the page's date, author and outlet.
    private var metadata = HTMLMetadataCollector()
    /// The length of the body text when the first `<article>` or `<h1>` started: the article's lead follows.
    private var leadStart: Int? = nil

    private var hiddenDepth = 0
    private var headDepth = 0
    private var titleDepth = 0
    private var headingDepth = 0
    private var preDepth = 0
    private var titleDone = false
    private var headingDone = false
    /// A link just ended and no text has followed yet.
    private var afterLink = false

    /// Set by the error handler: libxml2 gave up (encoding conversion failed, out of memory).
    var fatalError = false
    var encodingFailed = false
    /// Any element or text at all was reported.
    var sawContent = false

    init(expectedSize: Int) {
        // The page's size bounds its text. Reserved pages cost nothing until written, while growing by doubling
        // would copy a large page's text and briefly hold it twice.
        body = BlockTextBuilder(expectedSize: expectedSize)
    }

    mutating func startElement(_ role: HTMLElementRole, attributes: HTMLAttributes) {
        sawContent = true
        switch role {
        case .inline:
            return
        case .link:
            if afterLink { breakWord() }
        case .block:
            boundary()
        case .preformatted:
            boundary()
            preDepth += 1
        case .hidden:
            hiddenDepth += 1
        case .head:
            headDepth += 1
        case .title:
            if !titleDone && hiddenDepth == 0 { titleDepth += 1 } else { hiddenDepth += 1 }
        case .heading1:
            boundary()
            if !headingDone && hiddenDepth == 0 && headDepth == 0 { headingDepth += 1 }
            markLead()
        case .article:
            boundary()
            markLead()
        case .script:
            if hiddenDepth == 0 { metadata.startScript(attributes) }
            hiddenDepth += 1
        case .meta:
            if hiddenDepth == 0 { metadata.meta(attributes) }
        case .time:
            guard hiddenDepth == 0 && headDepth == 0 else { return }
            let inLead = leadStart.map { body.text.count - $0 <= HTMLMetadataCollector.leadTextLimit } ?? false
            metadata.time(attributes, inLead: inLead)
        }
    }

    private mutating func markLead() {
        if leadStart == nil && hiddenDepth == 0 && headDepth == 0 { leadStart = body.text.count }
    }

    mutating func endElement(_ role: HTMLElementRole) {
        switch role {
        case .inline:
            return
        case .link:
            afterLink = true
        case .block:
            boundary()
        case .preformatted:
            boundary()
            if preDepth > 0 { preDepth -= 1 }
        case .hidden:
            if hiddenDepth > 0 { hiddenDepth -= 1 }
        case .head:
            if headDepth > 0 { headDepth -= 1 }
        case .title:
            if titleDepth > 0 {
                titleDepth -= 1
                if titleDepth == 0 && !title.isEmpty { titleDone = true }
            } else if hiddenDepth > 0 {
                hiddenDepth -= 1
            }
        case .heading1:
            boundary()
            if headingDepth > 0 {
                headingDepth -= 1
                if headingDepth == 0 && !heading.isEmpty { headingDone = true }
            }
        case .article:
            boundary()
        case .script:
            if hiddenDepth > 0 { hiddenDepth -= 1 }
            metadata.endScript()
        case .meta, .time:
            return
        }
    }

    /// The text of a `<script>` or `<style>`, which libxml2 reports apart from other text.
    mutating func scriptText(_ p: UnsafePointer<UInt8>, count: Int) {
        metadata.scriptText(p, count: count)
    }

    mutating func characters(_ p: UnsafePointer<UInt8>, count: Int) {
        sawContent = true
        afterLink = false
        guard hiddenDepth == 0 else { return }
        if titleDepth > 0 {
            title.append(p, count: count)
            return
        }
        guard headDepth == 0 else { return }
        body.append(p, count: count, newlinesEndBlocks: preDepth > 0)
        if headingDepth > 0 { heading.append(p, count: count) }
    }

    private mutating func breakWord() {
        body.breakWord()
        if titleDepth > 0 { title.breakWord() }
        if headingDepth > 0 { heading.breakWord() }
    }

    /// A block element inside the title or heading separates words there; in the body it ends the block.
    private mutating func boundary() {
        body.endBlock()
        if titleDepth > 0 { title.breakWord() }
        if headingDepth > 0 { heading.breakWord() }
    }

    mutating func finish() -> (title: String?, text: [UInt8], blocks: [Range<Int>], metadata: DocumentMetadata) {
        var (titleText, metadata) = metadata.resolve(title: title.finishAsLine(), heading: heading.finishAsLine())
        let (text, blocks) = body.finish()
        // Last in trust: a date line in the article's lead, as a reader sees it.
        if metadata.date == nil, let leadStart {
            let limit = leadStart + HTMLMetadataCollector.leadTextLimit
            let first = blocks.firstIndex { $0.lowerBound >= leadStart } ?? blocks.endIndex
            let last = blocks[first...].firstIndex { $0.lowerBound > limit } ?? blocks.endIndex
            let date = text.withUnsafeBytes { LeadDateline.date($0, blocks: blocks[first..<last]) }
            metadata.offerDate(date, from: .dateline)
        }
        return (titleText, text, blocks, metadata)
    }
}
