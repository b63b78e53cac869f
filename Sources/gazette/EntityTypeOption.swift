import ArgumentParser
import GazetteEntities

/// `--type person` / `--type PERSON`: any entity type, in either case.
struct EntityTypeOption: ExpressibleByArgument {
    let type: EntityType

    init?(argument: String) {
        guard let type = EntityType(rawValue: argument.uppercased()) else { return nil }
        self.type = type
    }

    static var allValueStrings: [String] { EntityType.allCases.map { $0.rawValue.lowercased() } }
}
