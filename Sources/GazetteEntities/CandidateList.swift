/// The candidates a pass's scan proposes. A reference, so that the scan's methods append to it without being
/// `mutating`: a mutating method's every call of a non-mutating helper (`joinedBySpace`, `gazetteerEntry(at:)`...)
/// copies the whole pass and retains each of its arrays.
final class CandidateList {
    var items: [Candidate] = []
    /// What resolution leaves untyped but the corpus may type (`RecognitionPass.keepsUnconfirmed`).
    var unconfirmed: [UnconfirmedName] = []

    init(capacity: Int) {
        items.reserveCapacity(capacity)
    }
}
