/// The kinds of named entity Gazette recognises.
public enum EntityType: String, Sendable, CaseIterable, Comparable, Hashable {
    case person = "PERSON"
    case org = "ORG"
    case place = "PLACE"
    case norp = "NORP"
    case date = "DATE"
    case money = "MONEY"
    case percent = "PERCENT"

    /// The type's index in `allCases`, for tables indexed by type.
    @inlinable
    public var ordinal: Int {
        switch self {
        case .person: 0
        case .org: 1
        case .place: 2
        case .norp: 3
        case .date: 4
        case .money: 5
        case .percent: 6
        }
    }

    // Equality, hashing and order by `ordinal`: what `RawRepresentable` gives a type with a String raw value is
    // its name's, hashed byte by byte, and facets and entity lists look a type up for every entity record.
    @inlinable
    public static func == (lhs: EntityType, rhs: EntityType) -> Bool { lhs.ordinal == rhs.ordinal }

    @inlinable
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }

    @inlinable
    public static func < (lhs: EntityType, rhs: EntityType) -> Bool { lhs.ordinal < rhs.ordinal }
}
