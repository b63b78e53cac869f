/// Word endings ("-ov", "-grad", "-neft") tested against a token all at once: the token's last bytes are read
/// into one 64-bit word, and each ending is then a masked compare rather than a byte loop of its own. The
/// recogniser asks this of every lone capitalised word it cannot place otherwise.
struct SuffixSet: Sendable {
    private let patterns: [UInt64]
    private let masks: [UInt64]
    private let lengths: [Int]

    /// Endings of at most 8 bytes, in lowercase.
    init(_ endings: [String]) {
        var patterns: [UInt64] = [], masks: [UInt64] = [], lengths: [Int] = []
        for ending in endings {
            let bytes = Array(ending.utf8)
            precondition(!bytes.isEmpty && bytes.count <= 8, "an ending is 1 to 8 bytes")
            patterns.append(Self.pack(bytes[...]))
            masks.append(bytes.count == 8 ? ~0 : (1 << (8 * UInt64(bytes.count))) - 1)
            lengths.append(bytes.count)
        }
        self.patterns = patterns
        self.masks = masks
        self.lengths = lengths
    }

    /// The last ≤ 8 bytes of `bytes`, the last one lowest.
    private static func pack(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var word: UInt64 = 0
        for (shift, byte) in zip(stride(from: UInt64(0), to: 64, by: 8), bytes.reversed()) {
            word |= UInt64(byte) << shift
        }
        return word
    }

    /// The last ≤ 8 bytes of `text[start..<end]` with ASCII capitals lowered, the last byte lowest: what
    /// `matches` compares.
    @inline(__always)
    static func tail(of text: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> UInt64 {
        var word: UInt64 = 0
        var shift: UInt64 = 0
        var k = end - 1
        while k >= start && shift < 64 {
            var byte = text[k]
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            word |= UInt64(byte) << shift
            shift += 8
            k -= 1
        }
        return word
    }

    /// Whether a word of `length` bytes with `tail` ends in one of the endings and is more than `margin` bytes
    /// longer than it.
    @inline(__always)
    func matches(tail: UInt64, length: Int, longerBy margin: Int = 0) -> Bool {
        for i in patterns.indices where length > lengths[i] + margin && tail & masks[i] == patterns[i] { return true }
        return false
    }
}
