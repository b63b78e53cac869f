/// One token of the stream with what the recogniser knows of it. Offsets are kept in 32 bits (texts of
/// 4 GiB or more are not recognised) so that a token fits in 40 bytes: the pass writes and reads every token
/// of every document, and the array's size is what decides whether that stays in cache.
struct Token: Sendable {
    var hash: UInt64
    var flags: WordFlags
    private var start32: UInt32
    private var end32: UInt32
    var position: UInt32
    /// First ≤ 4 bytes of the folded term (little-endian), to tell capitalisation of non-ASCII words.
    var foldedPrefix: UInt32
    var termLength: UInt16
    var shape = Shape()
    var isDigits: Bool
    var isEnglishWord: Bool
    var gap = Gap.block

    var start: Int { Int(start32) }
    var end: Int { Int(end32) }

    /// A blank token, to size a buffer before it is written.
    init() {
        self.init(start: 0, end: 0, position: 0, features: TermFeatures())
    }

    @inline(__always)
    init(start: UInt32, end: UInt32, position: UInt32, known: KnownTerm, foldedPrefix: UInt32) {
        hash = known.hash
        flags = known.flags
        start32 = start
        end32 = end
        self.position = position
        self.foldedPrefix = foldedPrefix
        termLength = known.termLength
        isDigits = known.isDigits
        isEnglishWord = known.isEnglishWord
    }

    @inline(__always)
    init(start: UInt32, end: UInt32, position: UInt32, features: TermFeatures) {
        hash = features.hash
        flags = features.flags
        start32 = start
        end32 = end
        self.position = position
        foldedPrefix = features.foldedPrefix
        termLength = features.termLength
        isDigits = features.isDigits
        isEnglishWord = features.isEnglishWord
    }
}
