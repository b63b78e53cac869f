#if canImport(Glibc)
import Glibc
#endif

/// Helpers shared by every fuzz target. A target's entry point is `LLVMFuzzerTestOneInput`; libFuzzer
/// (linked with `-sanitize=fuzzer`) provides `main`, so these files are compiled with `-parse-as-library`.

/// The input as a buffer; libFuzzer may pass a null pointer with size 0.
func inputBuffer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeBufferPointer<UInt8> {
    guard let data, size > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeBufferPointer(start: data, count: size)
}

/// Prints one line on stderr (straight to fd 2: the C `stderr` global is not concurrency-safe) and aborts.
func fail(_ message: String) -> Never {
    var line = message + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    abort()
}

/// An invariant the code under test promises. Breaking one is a bug like a crash: it aborts, so libFuzzer
/// keeps the input as a crash artifact.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fail("fuzz invariant broken: \(message())") }
}

/// Blocks must be in order, non-overlapping, non-empty and inside a text of `count` bytes.
func requireValidBlocks(_ blocks: [Range<Int>], textCount: Int, _ context: String) {
    var previousEnd = 0
    for block in blocks {
        require(block.lowerBound >= previousEnd, "\(context): block \(block) overlaps or precedes the previous one")
        require(!block.isEmpty, "\(context): empty block at \(block.lowerBound)")
        require(block.upperBound <= textCount, "\(context): block \(block) past the text's \(textCount) bytes")
        previousEnd = block.upperBound
    }
}

/// A fresh folder for this process under $TMPDIR (`make fuzz` points it into .build-fuzz/).
func makeTemporaryDirectory(_ label: String) -> String {
    let base = String(cString: getenv("TMPDIR") ?? strdup("/tmp"))
    var template = Array("\(base)/gazette-fuzz-\(label)-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else {
        fail("cannot create a temporary folder under \(base)")
    }
    return String(cString: made)
}

func writeWholeFile(_ path: String, _ bytes: UnsafeBufferPointer<UInt8>) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else {
        fail("cannot write \(path)")
    }
    var written = 0
    while written < bytes.count {
        let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
        guard n > 0 else { abort() }
        written += n
    }
    close(fd)
}

func readWholeFile(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
        fail("cannot read \(path)")
    }
    defer { close(fd) }
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 65536) }
        if n <= 0 { break }
        result.append(contentsOf: chunk[0..<n])
    }
    return result
}

/// Recursively removes a folder this process created (only called on our own temporary folders).
func removeTree(_ path: String) {
    guard let dir = opendir(path) else {
        unlink(path)
        return
    }
    while let entry = readdir(dir) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name == "." || name == ".." { continue }
        let child = path + "/" + name
        if entry.pointee.d_type == UInt8(DT_DIR) { removeTree(child) } else { unlink(child) }
    }
    closedir(dir)
    rmdir(path)
}
