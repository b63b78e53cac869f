/// What separates a token from the previous one.
enum Gap: UInt8, Sendable {
    case block      // first token of a block (or of the text)
    case space      // whitespace only
    case hyphen     // "-"
    case initialDot // "." or ". " after a single capital letter or a short abbreviation ("U.S.", "Mr. X")
    case numberJoin // "." or "," between digits
    case ampersand  // "&"
    case sentence   // contains a sentence end
    case other      // commas, quotes, dashes, brackets...
}
