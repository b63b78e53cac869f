import GazetteIndex

/// What `gazette mentions NAME` answers: every entity the name refers to, each with the live documents that
/// mention it and every mention in context.
public struct MentionsReport: Sendable, Equatable {
    public struct Found: Sendable, Equatable {
        public var entity: EntityDirectory.Entity
        /// In path order, then index order.
        public var documents: [EntityDirectory.DocumentMentions]

        public var mentionCount: Int { documents.reduce(0) { $0 + $1.mentions.count } }
    }

    /// The name as asked.
    public var query: String
    public var found: [Found]

    /// Several entities answer to the name (two people named Howard): each is listed.
    public var isAmbiguous: Bool { found.count > 1 }

    public init(query: String, found: [Found]) {
        self.query = query
        self.found = found
    }
}

extension EntityDirectory {
    /// Every entity `name` refers to (of one of `types`, when any are given) with its mentions.
    public func mentionsReport(for name: String, types: Set<String> = []) throws(IndexError) -> MentionsReport {
        var found: [MentionsReport.Found] = []
        for entity in resolve(name) where types.isEmpty || types.contains(entity.type) {
            found.append(MentionsReport.Found(entity: entity, documents: try mentions(of: entity)))
        }
        return MentionsReport(query: name, found: found)
    }
}
