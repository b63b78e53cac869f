/// What an HTML element means for text extraction. Everything not listed is inline: it neither hides its
/// content nor separates words ("secu<b>rity</b>" is one word).
enum HTMLElementRole: UInt8, Sendable {
    case inline
    /// Starts and ends a block (paragraph, list item, table cell, line break…).
    case block
    /// A block whose newlines also end blocks (`<pre>`).
    case preformatted
    /// Content never shown as page text: scripts, styles, embedded documents, form widgets' option lists.
    case hidden
    /// `<head>`: hidden, except for the title inside it.
    case head
    case title
    /// `<h1>`: a block whose text is the fallback title.
    case heading1
    /// `<a>`: inline, but two links with nothing between them ("<a>Home</a><a>World</a>", a menu spaced by
    /// CSS) are two words, not "HomeWorld".
    case link
    /// `<article>`: a block that starts the article, where a `<time datetime>` may date it.
    case article
    /// `<script>`: hidden, but a JSON-LD script's text is kept for the metadata.
    case script
    /// `<meta>`: no text; its name and content may be metadata.
    case meta
    /// `<time>`: inline; its `datetime` may date the article.
    case time

    /// The role for an element name as libxml2 reports it (lower case, NUL-terminated).
    ///
    /// This runs twice for every element of every page, so a name of up to eight bytes is packed big-endian
    /// into an integer and matched by a switch over constants, which compiles to a few comparisons with no
    /// hashing and no lazy global. The constants are the names' bytes in hex; the name follows each one,
    /// and a test checks every name.
    static func of(_ name: UnsafePointer<UInt8>) -> HTMLElementRole {
        var key: UInt64 = 0
        var length = 0
        while name[length] != 0 {
            if length == 8 { return ofLongName(name) }
            key = key << 8 | UInt64(name[length])
            length += 1
        }
        switch key {
        case 0x61646472657373 /* address */,
             0x6173696465 /* aside */,
             0x626F6479 /* body */,
             0x6272 /* br */,
             0x63617074696F6E /* caption */,
             0x63656E746572 /* center */,
             0x636F6C67726F7570 /* colgroup */,
             0x6464 /* dd */,
             0x64657461696C73 /* details */,
             0x6469616C6F67 /* dialog */,
             0x646972 /* dir */,
             0x646976 /* div */,
             0x646C /* dl */,
             0x6474 /* dt */,
             0x6669656C64736574 /* fieldset */,
             0x666967757265 /* figure */,
             0x666F6F746572 /* footer */,
             0x666F726D /* form */,
             0x6672616D65 /* frame */,
             0x6672616D65736574 /* frameset */,
             0x6832 /* h2 */,
             0x6833 /* h3 */,
             0x6834 /* h4 */,
             0x6835 /* h5 */,
             0x6836 /* h6 */,
             0x686561646572 /* header */,
             0x6867726F7570 /* hgroup */,
             0x6872 /* hr */,
             0x68746D6C /* html */,
             0x6C6567656E64 /* legend */,
             0x6C69 /* li */,
             0x6D61696E /* main */,
             0x6D617271756565 /* marquee */,
             0x6D656E75 /* menu */,
             0x6E6176 /* nav */,
             0x6E6F6672616D6573 /* noframes */,
             0x6F6C /* ol */,
             0x6F707467726F7570 /* optgroup */,
             0x6F7074696F6E /* option */,
             0x70 /* p */,
             0x736561726368 /* search */,
             0x73656374696F6E /* section */,
             0x73756D6D617279 /* summary */,
             0x7461626C65 /* table */,
             0x74626F6479 /* tbody */,
             0x7464 /* td */,
             0x74666F6F74 /* tfoot */,
             0x7468 /* th */,
             0x7468656164 /* thead */,
             0x7472 /* tr */,
             0x756C /* ul */:
            return .block
        case 0x6C697374696E67 /* listing */,
             0x707265 /* pre */,
             0x786D70 /* xmp */:
            return .preformatted
        case 0x6170706C6574 /* applet */,
             0x617564696F /* audio */,
             0x63616E766173 /* canvas */,
             0x646174616C697374 /* datalist */,
             0x656D626564 /* embed */,
             0x696672616D65 /* iframe */,
             0x6D617468 /* math */,
             0x6E6F736372697074 /* noscript */,
             0x6F626A656374 /* object */,
             0x73656C656374 /* select */,
             0x7374796C65 /* style */,
             0x737667 /* svg */,
             0x74656D706C617465 /* template */,
             0x7465787461726561 /* textarea */,
             0x766964656F /* video */:
            return .hidden
        case 0x68656164 /* head */:
            return .head
        case 0x7469746C65 /* title */:
            return .title
        case 0x6831 /* h1 */:
            return .heading1
        case 0x61 /* a */:
            return .link
        case 0x61727469636C65 /* article */:
            return .article
        case 0x736372697074 /* script */:
            return .script
        case 0x6D657461 /* meta */:
            return .meta
        case 0x74696D65 /* time */:
            return .time
        default:
            return .inline
        }
    }

    private static func ofLongName(_ name: UnsafePointer<UInt8>) -> HTMLElementRole {
        switch String(cString: name) {
        case "blockquote", "figcaption": return .block
        case "plaintext": return .preformatted
        default: return .inline
        }
    }
}
