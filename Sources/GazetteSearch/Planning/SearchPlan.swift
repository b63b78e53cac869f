import GazetteAnalysis
import GazetteEntities
import GazetteIndex

/// A query resolved against the index: words analysed into terms, prefixes expanded, corpus-wide idf computed.
/// It is built once per query and then instantiated per segment as `MatchNode`s.
indirect enum SearchPlan {
    case terms(TermsPlan)
    case entity(EntityPlan)
    /// Documents holding any of these metadata terms (`MetadataTerm`); matched, never scored or highlighted.
    case metadata(MetadataPlan)
    case and(required: [SearchPlan], excluded: [SearchPlan])
    case or([SearchPlan])
    case nothing

    /// Entity filters not under a NOT: their mentions are highlighted as matches.
    var positiveEntities: Set<EntityIdentity> {
        switch self {
        case .entity(let plan): plan.entities
        case .and(let required, _): required.reduce(into: []) { $0.formUnion($1.positiveEntities) }
        case .or(let children): children.reduce(into: []) { $0.formUnion($1.positiveEntities) }
        case .terms, .metadata, .nothing: []
        }
    }

    /// Leaves that contribute matches to highlight (those not under a NOT).
    var positiveLeaves: [TermsPlan] {
        switch self {
        case .terms(let leaf): [leaf]
        case .entity, .metadata: []
        case .and(let required, _): required.flatMap(\.positiveLeaves)
        case .or(let children): children.flatMap(\.positiveLeaves)
        case .nothing: []
        }
    }
}

/// Documents that mention any of `entities` (type and canonical name), scored by their mention count.
struct EntityPlan {
    /// The stored identities standing for the entities, whose spans are highlighted.
    var entities: Set<EntityIdentity>
    /// Their records' postings in each segment.
    var postings: [ObjectIdentifier: [EntityPostingsReference]]
    var idf: Double
}

struct MetadataPlan {
    /// The metadata terms, each as the index holds it; a document matches when it has any.
    var terms: [String]
    /// The clause in query syntax, for `--explain`.
    var label: String
}

struct TermsPlan {
    var terms: [String]
    var scope: FieldScope
    var slop: Int
    var idf: Double
    /// The clause in query syntax (`title:sanctions`, `"price cap"~2`, a prefix's expansion), for `--explain`.
    var label: String = ""
    /// A single word written without quotes or field: it takes part in the proximity boost of its AND group.
    var isBareWord: Bool = false
    /// For each of `terms`, the terms whose positions do not count as its occurrences: the accented variants
    /// of a word that must match without accents (`=resume` is not "résumé"). Empty when none has any.
    var exclusions: [[String]] = []
}
