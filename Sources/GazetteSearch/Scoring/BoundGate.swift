/// Whether `Searcher.walk` asks for a document's bound (`maxScore`) before its score. The bound saves a document's
/// positions when it rules the document out, and is wasted work when it does not: in a query whose matches score
/// alike — two words each in the navigation of thousands of pages — nearly every bound lets its document in, and
/// computing them all is work for nothing. So the walk watches the bound's record in rounds of `window` tests,
/// and after a round where it ruled out fewer than one in `minimumShare` it skips the next `pause` documents.
/// The bound only ever rules out documents that cannot make the top k, so skipping it never changes a result.
struct BoundGate {
    static let window = 256
    static let minimumShare = 16
    static let pause = 1024

    private var tested = 0
    private var ruledOut = 0
    private var skipped = 0

    /// Whether the bound is to be asked for the current document; counts the document as skipped when not.
    @inline(__always)
    mutating func shouldAsk() -> Bool {
        guard skipped > 0 else { return true }
        skipped -= 1
        return false
    }

    /// Records a test's outcome and returns it.
    @inline(__always)
    mutating func record(ruledOut isRuledOut: Bool) -> Bool {
        tested += 1
        if isRuledOut { ruledOut += 1 }
        if tested == Self.window {
            if ruledOut * Self.minimumShare < Self.window { skipped = Self.pause }
            tested = 0
            ruledOut = 0
        }
        return isRuledOut
    }
}
