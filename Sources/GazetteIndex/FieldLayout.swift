import GazetteAnalysis

/// Title and body share one position space: the title's tokens come first, then a block gap, then the body.
/// One postings list per term thus serves both fields, and a position tells its field: everything before
/// `bodyStart` is title. Phrases cannot cross from title into body because of the gap.
public enum FieldLayout {
    /// First body position for a document whose title has `titleLength` tokens.
    public static func bodyStart(titleLength: UInt32) -> UInt32 {
        titleLength == 0 ? 0 : titleLength + Analyzer.blockPositionGap
    }
}
