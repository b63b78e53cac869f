import GazetteAnalysis

/// Title and body share one position space: the title's tokens come first, then a block gap, then the body.
/// One postings list per term thus serves both fields, and a position tells its field: everything before
/// `bodyStart` is title. Phrases cannot cross from title into body because of the gap.
public enum FieldLayout {
    /// First body position for a document whose title has `titleLength` tokens. Saturates rather than traps: a
    /// title length read from a damaged norms file may be anything.
    public static func bodyStart(titleLength: UInt32) -> UInt32 {
        if titleLength == 0 { return 0 }
        return titleLength > UInt32.max - Analyzer.blockPositionGap ? UInt32.max : titleLength + Analyzer.blockPositionGap
    }
}
