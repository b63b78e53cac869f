import GazetteIngest

/// HTML extraction: BOM and `<meta charset>` sniffing, decoding, libxml2's SAX parser and the text collector,
/// through the same entry point `gazette index` uses for an `.html` file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(inputBuffer(data, size))
    do {
        let document = try DocumentReader.extract(input, kind: .html, path: "fuzz.html")
        requireValidBlocks(document.blocks, textCount: document.text.utf8.count, "html")
    } catch {
        // An IngestError (binary, unparseable) is a correct answer to a hostile page.
    }
    return 0
}
