/// One entity as its page shows it: what it is, a page of its documents with the mentions in context, and the
/// entities named with it.
public struct EntityReport: Sendable, Equatable {
    /// The name asked for.
    public var query: String
    public var entity: EntityDirectory.Entity
    /// Other entities the name also refers to (fewer documents first after the chosen one).
    public var others: [EntityDirectory.Entity]
    /// Live documents naming it, and their mentions.
    public var documentCount: Int
    public var mentionCount: Int
    /// Documents skipped before `documents`.
    public var offset: Int
    public var documents: [EntityDirectory.DocumentMentions]
    public var coMentioned: [EntityDirectory.CoMention]

    public init(
        query: String, entity: EntityDirectory.Entity, others: [EntityDirectory.Entity], documentCount: Int,
        mentionCount: Int, offset: Int, documents: [EntityDirectory.DocumentMentions],
        coMentioned: [EntityDirectory.CoMention]
    ) {
        self.query = query
        self.entity = entity
        self.others = others
        self.documentCount = documentCount
        self.mentionCount = mentionCount
        self.offset = offset
        self.documents = documents
        self.coMentioned = coMentioned
    }
}
