/// A candidate mention found by the scan, before resolution.
struct Candidate {
    /// Token indices of the whole mention (inclusive), "the" included.
    var first: Int
    var last: Int
    /// Token indices of the name itself (without a leading "the").
    var nameFirst: Int
    var nameLast: Int
    /// nil: a lone capitalised word whose type is decided in resolution.
    var type: EntityType?
    /// Byte range of the mention in the text.
    var byteStart: Int
    var byteEnd: Int
    /// Gazetteer canonical name id, or -1.
    var gazetteer: Int32 = -1
    /// Typed from a title or honorific before it ("Mr", "President", "spokesman").
    var cue = false
    /// A lone organisation head word ("the Commission") that only counts if it joins an earlier organisation.
    var bareOrgWord = false
    /// A PERSON for want of any other reading: a run of unlisted capitalised words that no given name opens and
    /// no cue types ("Kernel Livepatching", "Hamid Karzai").
    var personByDefault = false
    var canonical = ""
}
