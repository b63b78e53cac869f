import GazetteIngest

/// Text decoding: byte-order marks, UTF-16, UTF-8 validation and repair, the Windows-1252 fallback and the
/// plain-text / Markdown block splitter — and, for the third of the inputs read as HTML, the encoding sniffer
/// with labels iconv has to handle (Shift_JIS, GBK, EUC-KR, unknown names). The first byte picks the reading.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = inputBuffer(data, size)
    guard let selector = input.first else { return 0 }
    let rest = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: input[1...]))
    let (kind, path): (DocumentKind, String)
    switch selector % 3 {
    case 0: (kind, path) = (.plainText, "fuzz.txt")
    case 1: (kind, path) = (.plainText, "fuzz.md")
    default: (kind, path) = (.html, "fuzz.html")
    }
    do {
        let document = try DocumentReader.extract(rest, kind: kind, path: path)
        requireValidBlocks(document.blocks, textCount: document.text.utf8.count, path)
        if kind == .plainText, let title = document.title {
            require(!title.isEmpty, "\(path): an empty title instead of none")
        }
    } catch {
        // Binary files (a NUL byte) are refused with an IngestError, which is the expected answer.
    }
    return 0
}
