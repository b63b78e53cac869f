import GazetteEntities
import GazetteIndex
@testable import GazetteSearch

/// The user's corrections applied the plain way, as `CorpusEntityResolver.apply` did before it indexed the names:
/// for each correction, every entity as the reader sees it with all the names of the identities it stands for,
/// matched by normalising each name again. Kept as the oracle the indexed version must agree with.
enum CorrectionsByNameOracle {
    static func apply(
        _ corrections: [EntityCorrection], to redirects: inout [EntityIdentity: EntityResolution.Redirect],
        tallies: [EntityIdentity: CorpusEntityResolver.Tally]
    ) {
        for correction in corrections {
            var view: [EntityIdentity: (sources: [EntityIdentity], names: Set<String>)] = [:]
            for (source, tally) in tallies {
                let target = redirects[source].map(\.target) ?? source.withoutRedirect
                guard let target, !target.isUnconfirmed else { continue }
                view[target, default: ([], [])].sources.append(source)
                view[target, default: ([], [])].names.formUnion(tally.aliases)
                view[target, default: ([], [])].names.insert(source.canonical)
            }
            func named(_ name: String, type: String) -> [EntityIdentity] {
                view.keys.filter { target in
                    (type.isEmpty || target.type == type)
                        && EntityNameMatcher.matchesExactly(query: name, canonical: target.canonical, aliases: Array(view[target]!.names))
                }.sorted()
            }
            let matched = named(correction.name, type: correction.type)
            guard !matched.isEmpty else { continue }
            let documents = { (identity: EntityIdentity) in tallies[identity]?.documents ?? 0 }
            let into = correction.kind == .merge
                ? named(correction.value, type: "").max { documents($0) < documents($1) || (documents($0) == documents($1) && $0 > $1) }
                : nil
            for target in matched {
                let newTarget: EntityIdentity?
                switch correction.kind {
                case .merge:
                    guard let into, into != target else { continue }
                    newTarget = into
                case .retype: newTarget = EntityIdentity(type: correction.value, canonical: target.canonical)
                case .rename: newTarget = EntityIdentity(type: target.type, canonical: correction.value)
                case .ignore: newTarget = nil
                }
                for source in view[target]!.sources where source != newTarget {
                    redirects[source] = .init(target: newTarget, reason: newTarget == nil ? .ignored : .correction)
                }
                if let newTarget { redirects.removeValue(forKey: newTarget) }
            }
        }
    }
}
