/// What the recogniser needs of a term, whatever its occurrence.
struct TermFeatures: Sendable {
    var hash: UInt64 = 0
    var flags = WordFlags()
    /// First ≤ 4 bytes of the folded term (little-endian), to tell capitalisation of non-ASCII words.
    var foldedPrefix: UInt32 = 0
    var termLength: UInt16 = 0
    var isDigits = false
    /// In the list of common lowercase English words (`WordFlags.english` is set for capitalised tokens only).
    var isEnglishWord = false

    init() {}

    @inline(__always)
    init(_ term: UnsafeBufferPointer<UInt8>, lexicon: Lexicon) {
        var first: UInt32 = 0
        var digits = !term.isEmpty
        // Indexed loops: `enumerated()` is not optimised away on this per-term path.
        let count = term.count
        for i in 0..<min(count, 4) { first |= UInt32(term[i]) << (8 * UInt32(i)) }
        for i in 0..<count where term[i] &- 0x30 > 9 {
            digits = false
            break
        }
        hash = TermHash.hash(term)
        flags = lexicon.flags(hash)
        if lexicon.phrases.lookup(TermHash.combine(TermHash.seed, hash)) != nil { flags.insert(.phraseStart) }
        if Self.isContraction(term) { flags.insert(.common) }
        foldedPrefix = first
        termLength = UInt16(clamping: count)
        isDigits = digits
        isEnglishWord = lexicon.english.lookup(hash) != nil
    }
}

extension TermFeatures {
    /// "I'm", "we're", "they've", "you'll", "I'd", "don't": a pronoun or verb with its contraction, never a name
    /// however it is capitalised (sentence starts, quotes). The analyzer keeps the apostrophe (as "'") inside the
    /// term; "'s" is not among the endings, being a possessive as often ("O'Brien's" is a name).
    static func isContraction(_ term: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let apostrophe = term.lastIndex(of: UInt8(ascii: "'")), apostrophe > 0 else { return false }
        let ending = UnsafeBufferPointer(rebasing: term[(apostrophe + 1)...])
        switch ending.count {
        case 1: return ending[0] == UInt8(ascii: "m") || ending[0] == UInt8(ascii: "d")
            || (ending[0] == UInt8(ascii: "t") && term[apostrophe - 1] == UInt8(ascii: "n"))
        case 2: return (ending[0] == UInt8(ascii: "r") || ending[0] == UInt8(ascii: "v")) && ending[1] == UInt8(ascii: "e")
            || (ending[0] == UInt8(ascii: "l") && ending[1] == UInt8(ascii: "l"))
        default: return false
        }
    }
}
