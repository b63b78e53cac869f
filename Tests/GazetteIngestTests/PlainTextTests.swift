import Testing
@testable import GazetteIngest

@Suite("Plain text and Markdown extraction")
struct PlainTextTests {
    @Test func blankLinesSeparateBlocksAndTextIsUnchanged() throws {
        let source = "Security guarantees\n\n  Lavrov said on Friday that\nthe talks would go on.  \n \t \nSecond paragraph.\n"
        let doc = try plain(source)
        #expect(doc.text == source)
        #expect(doc.blockTexts == ["Security guarantees", "Lavrov said on Friday that\nthe talks would go on.",
                                   "Second paragraph."])
    }

    @Test func crlfLinesBehaveLikeLFLines() throws {
        let doc = try plain("one\r\ntwo\r\n\r\nthree\r\n")
        #expect(doc.blockTexts == ["one\r\ntwo", "three"])
    }

    @Test func onePargraphPerLineFilesEndABlockAtEveryNewline() throws {
        let long = String(repeating: "word ", count: 40)  // 200 bytes: nobody hard-wraps that
        let doc = try plain("Headline\n\(long)\nshort line\nanother\n")
        #expect(doc.blockTexts == ["Headline", long.trimmingSuffixSpaces, "short line", "another"])
    }

    @Test func hardWrappedFilesKeepLinesTogether() throws {
        let line = String(repeating: "x", count: 160)
        let doc = try plain("\(line)\n\(line)\n")
        #expect(doc.blocks.count == 1)
    }

    @Test func titleIsAShortFirstLineSetApartByABlankLine() throws {
        #expect(try plain("Price cap explained\n\nBody text.").title == "Price cap explained")
        #expect(try plain("\n\n  Indented title  \n   \nBody").title == "Indented title")
        #expect(try plain("Only line").title == "Only line")
        #expect(try plain("Only line\n").title == "Only line")
    }

    @Test func inOneParagraphPerLineFilesTheTitleNeedsNoBlankLine() throws {
        let story = String(repeating: "The story goes on. ", count: 10)
        #expect(try plain("Headline without a blank line\n\(story)\n\(story)").title == "Headline without a blank line")
        #expect(try plain("A lead sentence.\n\(story)").title == nil)
    }

    @Test func noTitleWhenTheFirstLineIsProse() throws {
        #expect(try plain("This is a sentence.\n\nBody").title == nil)
        #expect(try plain("Dear all,\n\nBody").title == nil)
        #expect(try plain("As follows:\n\nBody").title == nil)
        #expect(try plain("First line\nruns into the second\n\nBody").title == nil)
        #expect(try plain(String(repeating: "a", count: 151) + "\n\nBody").title == nil)
        #expect(try plain("").title == nil)
    }

    @Test func markdownTitleIsTheFirstATXHeading() throws {
        let source = """
            ---
            title: front matter is not the title
            # nor is a YAML comment
            ---
            Intro paragraph.

            ```bash
            # a shell comment
            ```
            ## The *real* title ##

            # Later heading
            """
        let doc = try plain(source, path: "notes/readme.MD")
        #expect(doc.title == "The *real* title")
        #expect(doc.text == source)
        #expect(try plain("#hashtag\n# C#\n", path: "a.md").title == "C#")
        #expect(try plain("No heading here\n\nText", path: "a.md").title == nil)
    }

    @Test func invalidUTF8IsDecodedAsWindows1252() throws {
        let bytes: [UInt8] = Array("caf".utf8) + [0xE9, 0x20, 0x93] + Array("quoted".utf8) + [0x94, 0x20, 0x80, 0x35]
        let doc = try plainBytes(bytes)
        #expect(doc.text == "caf\u{E9} \u{201C}quoted\u{201D} \u{20AC}5")
        #expect(doc.blocks == [0..<doc.text.utf8.count])
    }

    @Test func byteOrderMarksAreStrippedAndUTF16Decoded() throws {
        let utf8BOM = try plainBytes([0xEF, 0xBB, 0xBF] + Array("Title\n\nbody".utf8))
        #expect(utf8BOM.text == "Title\n\nbody")
        #expect(utf8BOM.title == "Title")

        let source = "Заголовок\n\nтекст"
        let little: [UInt8] = [0xFF, 0xFE] + Array(source.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + Array(source.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for bytes in [little, big] {
            let doc = try plainBytes(bytes)
            #expect(doc.text == source)
            #expect(doc.blockTexts == ["Заголовок", "текст"])
        }
    }

    @Test func nulByteMakesTheFileBinary() {
        let error = ingestError { _ = try plainBytes(Array("abc".utf8) + [0] + Array("def".utf8), path: "x/data.txt") }
        #expect(error == .binary(path: "x/data.txt", offset: 3))
        #expect(error?.description == "x/data.txt: binary file (NUL byte at offset 3)")
        let html = ingestError { _ = try htmlBytes([0x3C, 0x70, 0x3E, 0x00], path: "p.html") }
        #expect(html == .binary(path: "p.html", offset: 3))
    }

    @Test func emptyFileIsAnEmptyDocument() throws {
        #expect(try plainBytes([]) == .empty)
        let blank = try plain("\n  \n")
        #expect(blank.blocks.isEmpty)
        #expect(blank.title == nil)
    }
}

extension String {
    var trimmingSuffixSpaces: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
