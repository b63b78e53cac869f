/// Shape of a token in the original text.
struct Shape: OptionSet, Sendable {
    let rawValue: UInt16
    static let capitalized = Shape(rawValue: 1 << 0)
    static let allCaps = Shape(rawValue: 1 << 1)       // ≥ 2 letters, all uppercase (ASCII)
    static let possessive = Shape(rawValue: 1 << 2)    // ends in 's / ’s
    static let sentenceStart = Shape(rawValue: 1 << 3) // first of a block or after . ! ?
    static let ambiguousStart = Shape(rawValue: 1 << 4) // sentence start, or after an opening quote or colon
    static let singleLetter = Shape(rawValue: 1 << 5)
    static let hasLetter = Shape(rawValue: 1 << 6)
    static let shouting = Shape(rawValue: 1 << 7)      // in a block written mostly in capitals or title case
    static let identifierPart = Shape(rawValue: 1 << 8) // joined to a neighbour by "_": CONFIG_PCI_MSI, O_RDONLY
    static let notEnglishProse = Shape(rawValue: 1 << 9) // in a block of another language, or a mail/news header
    static let lineStart = Shape(rawValue: 1 << 10)    // first token after a line break inside its block
}
