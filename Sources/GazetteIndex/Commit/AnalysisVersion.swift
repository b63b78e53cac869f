/// What analysed an index's documents, recorded in its manifest: positions and entity spans written by one
/// version of the analysis mean something else to another. Each number changes whenever its output does.
public struct AnalysisVersion: Sendable, Equatable, CustomStringConvertible {
    /// Tokenisation and the position layout (terms, `FieldLayout`'s gaps): an index written under another text
    /// version cannot be searched by this build, since its positions and highlights would be misplaced.
    public var text: UInt32
    /// The entity recogniser (rules and embedded data); 0 when the documents carry no entities
    /// (`--no-entities`) or the index predates the record.
    public var entities: UInt32
    /// The Snowball algorithm that stemmed the words (`gazette index --stem`, a `Stemmer.languages` name), or
    /// nil when words are indexed unstemmed.
    public var stemmer: String?

    /// The text analysis of this build.
    public static let currentText: UInt32 = 2

    public init(text: UInt32 = AnalysisVersion.currentText, entities: UInt32, stemmer: String? = nil) {
        self.text = text
        self.entities = entities
        self.stemmer = stemmer
    }

    /// What an index that records no analysis was written by: this text analysis (the layout has not changed
    /// since the record began), an unknown recogniser.
    public static let unrecorded = AnalysisVersion(text: 1, entities: 0)

    public var description: String {
        "text analysis \(text), entity recogniser \(entities == 0 ? "none" : "\(entities)"), "
            + (stemmer.map { "\($0) stemming" } ?? "no stemming")
    }
}
