/// A term's features as `EntityTokens` keeps them for every term of a segment, without the folded prefix:
/// 16 bytes rather than 24, since the array is read at random for every token and competes for cache with the
/// indexer's own tables. The word-list flags are kept shifted down by one: their bit 0 (`WordFlags.english`)
/// is never in a word list's flags, being set on capitalised tokens only; `phraseStart` (bit 33) is a mark.
struct KnownTerm: Sendable {
    var hash: UInt64
    private var flagsShifted: UInt32
    var termLength: UInt16
    private var marks: UInt8
    private static let digits: UInt8 = 1, englishWord: UInt8 = 2, phraseStart: UInt8 = 4
    private static let englishFunction: UInt8 = 8, foreignFunction: UInt8 = 16
    /// The flags kept in `marks` rather than in `flagsShifted`.
    static let markedFlags: WordFlags = [.phraseStart, .englishFunction, .foreignFunction]

    var flags: WordFlags {
        var marked: UInt64 = marks & Self.phraseStart != 0 ? WordFlags.phraseStart.rawValue : 0
        if marks & Self.englishFunction != 0 { marked |= WordFlags.englishFunction.rawValue }
        if marks & Self.foreignFunction != 0 { marked |= WordFlags.foreignFunction.rawValue }
        return WordFlags(rawValue: UInt64(flagsShifted) << 1 | marked)
    }
    var isDigits: Bool { marks & Self.digits != 0 }
    var isEnglishWord: Bool { marks & Self.englishWord != 0 }

    init(_ features: TermFeatures) {
        let listed = features.flags.subtracting(Self.markedFlags)
        precondition(!listed.contains(.english) && listed.rawValue >> 33 == 0, "word list flags fit in bits 1...32")
        hash = features.hash
        flagsShifted = UInt32(truncatingIfNeeded: listed.rawValue >> 1)
        termLength = features.termLength
        marks = (features.isDigits ? Self.digits : 0) | (features.isEnglishWord ? Self.englishWord : 0)
            | (features.flags.contains(.phraseStart) ? Self.phraseStart : 0)
            | (features.flags.contains(.englishFunction) ? Self.englishFunction : 0)
            | (features.flags.contains(.foreignFunction) ? Self.foreignFunction : 0)
    }
}
