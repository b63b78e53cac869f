/// Accumulates visible text as blocks: whitespace runs collapse to one space, blocks are trimmed, empty blocks
/// vanish, and blocks are joined with "\n". Works on UTF-8 bytes as libxml2 delivers them, appending whole
/// runs of ordinary bytes at once because this loop sees every byte of every page.
struct BlockTextBuilder {
    private(set) var text: [UInt8] = []
    private(set) var blocks: [Range<Int>] = []
    private var blockStart = 0
    private var blockOpen = false
    private var pendingSpace = false

    init(expectedSize: Int = 0) {
        text.reserveCapacity(expectedSize)
    }

    var isEmpty: Bool { text.isEmpty }

    /// Ends the current block, if any text has been added to it.
    mutating func endBlock() {
        if blockOpen {
            blocks.append(blockStart..<text.count)
            blockOpen = false
        }
        pendingSpace = false
    }

    /// A word boundary that is not a block boundary (a block element inside a title, say).
    mutating func breakWord() {
        if blockOpen { pendingSpace = true }
    }

    /// Appends text; when `newlinesEndBlocks` (inside `<pre>`), each "\n" ends the block.
    mutating func append(_ p: UnsafePointer<UInt8>, count: Int, newlinesEndBlocks: Bool = false) {
        var i = 0
        var runStart = 0
        while i < count {
            let b = p[i]
            if b > 0x20 && b != 0xC2 && b != 0xE2 && b != 0xE3 {
                i += 1
                continue
            }
            let special = classify(p, i, count)
            if case .keep = special.kind {
                i += special.length
                continue
            }
            flush(p + runStart, count: i - runStart)
            switch special.kind {
            case .space:
                if newlinesEndBlocks && b == 0x0A { endBlock() } else if blockOpen { pendingSpace = true }
            case .drop:
                break
            case .replace(let scalar):
                var encoded: [UInt8] = []
                UTF8Scanner.appendScalar(scalar, to: &encoded)
                encoded.withUnsafeBufferPointer { flush($0.baseAddress!, count: $0.count) }
            case .keep:
                break
            }
            i += special.length
            runStart = i
        }
        flush(p + runStart, count: count - runStart)
    }

    private enum SpecialKind {
        case space, drop, keep
        case replace(UInt32)
    }

    /// What to do with a byte sequence that may be whitespace or invisible: ASCII whitespace and controls,
    /// NBSP and the other Unicode spaces, the soft hyphen, and C1 controls — which only come from numeric
    /// references like `&#150;` that browsers read as Windows-1252, so we do too.
    @inline(__always)
    private func classify(_ p: UnsafePointer<UInt8>, _ i: Int, _ count: Int) -> (kind: SpecialKind, length: Int) {
        let b = p[i]
        if b <= 0x20 {
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B: return (.space, 1)
            default: return (.drop, 1)
            }
        }
        if b == 0xC2 && i + 1 < count {
            let next = p[i + 1]
            if next == 0xA0 { return (.space, 2) }
            if next == 0xAD { return (.drop, 2) }
            if next >= 0x80 && next < 0xA0 {
                let scalar = Windows1252.scalar(next)
                return scalar == UInt32(next) ? (.drop, 2) : (.replace(scalar), 2)
            }
            return (.keep, 2)
        }
        if b == 0xE2 && i + 2 < count {
            let (second, third) = (p[i + 1], p[i + 2])
            // U+2000–U+200A spaces, U+2028/2029 separators, U+202F narrow NBSP, U+205F math space.
            if second == 0x80 && (third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF) {
                return (.space, 3)
            }
            if second == 0x81 && third == 0x9F { return (.space, 3) }
            return (.keep, 3)
        }
        if b == 0xE3 && i + 2 < count && p[i + 1] == 0x80 && p[i + 2] == 0x80 {
            return (.space, 3)  // U+3000 ideographic space
        }
        return (.keep, 1)
    }

    @inline(__always)
    private mutating func flush(_ p: UnsafePointer<UInt8>, count: Int) {
        guard count > 0 else { return }
        if !blockOpen {
            if !text.isEmpty { text.append(0x0A) }
            blockStart = text.count
            blockOpen = true
        } else if pendingSpace {
            text.append(0x20)
        }
        pendingSpace = false
        text.append(contentsOf: UnsafeBufferPointer(start: p, count: count))
    }

    /// The finished text and its blocks.
    mutating func finish() -> (text: [UInt8], blocks: [Range<Int>]) {
        endBlock()
        return (text, blocks)
    }

    /// All blocks as one line, for titles.
    mutating func finishAsLine() -> String? {
        endBlock()
        guard !blocks.isEmpty else { return nil }
        var line: [UInt8] = []
        for (n, block) in blocks.enumerated() {
            if n > 0 { line.append(0x20) }
            line.append(contentsOf: text[block])
        }
        return String(decoding: line, as: UTF8.self)
    }
}
