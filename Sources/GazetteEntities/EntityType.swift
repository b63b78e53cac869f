/// The kinds of named entity Gazette recognises.
public enum EntityType: String, Sendable, CaseIterable, Comparable {
    case person = "PERSON"
    case org = "ORG"
    case place = "PLACE"
    case norp = "NORP"
    case date = "DATE"
    case money = "MONEY"
    case percent = "PERCENT"

    public static func < (lhs: EntityType, rhs: EntityType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
