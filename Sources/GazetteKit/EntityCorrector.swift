import GazetteEntities
import GazetteIndex
import GazetteSearch

/// Records a user's correction of the entities (merge, retype, rename, ignore) in a new commit of an index, after
/// checking that it names entities the index has: a typo is refused, not kept to match nothing forever.
public enum EntityCorrector {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The correction's name matches no entity (of its type, when it gives one).
        case noEntityNamed(String, type: String?, index: String)
        /// A merge's target matches no entity.
        case nothingToMergeInto(String, index: String)
        case index(IndexError)

        public var description: String {
            switch self {
            case let .noEntityNamed(name, type, index):
                "no entity is named \"\(name)\"\(type.map { " as \($0)" } ?? "") in \(index) (gazette entities lists them)"
            case let .nothingToMergeInto(name, index):
                "no entity is named \"\(name)\" in \(index): nothing to merge into"
            case let .index(error):
                error.description
            }
        }
    }

    /// Appends `correction` to the index's corrections and commits the resolution they give, then returns the
    /// entities, as they stood before, that the correction names.
    public static func record(
        _ correction: EntityCorrection, in folder: String, lockWaiting: LockWaiting = .fail,
        onLockWait: (LockHolder?) -> Void = { _ in }
    ) throws(Failure) -> [EntityDirectory.Entity] {
        let type = correction.type.isEmpty ? nil : correction.type
        let named: [EntityDirectory.Entity], mergeTargets: [EntityDirectory.Entity]
        do {
            // Only the entities named are gathered (from the commit's entity groups), not the whole directory.
            let index = try IndexReader(directory: folder)
            named = try EntityDirectory.entities(exactlyNamed: correction.name, type: type, in: [index])
            mergeTargets = correction.kind == .merge
                ? try EntityDirectory.entities(exactlyNamed: correction.value, in: [index]) : []
        } catch {
            throw .index(error)
        }
        guard !named.isEmpty else { throw .noEntityNamed(correction.name, type: type, index: folder) }
        if correction.kind == .merge, mergeTargets.isEmpty {
            throw .nothingToMergeInto(correction.value, index: folder)
        }
        do {
            let writer = try IndexWriter(
                directory: folder, rebuild: false, lockWaiting: lockWaiting, onLockWait: onLockWait)
            let resolver: EntityResolver = { (segments, previous) throws(IndexError) in
                var corrections = previous
                corrections.corrections.append(correction)
                return try CorpusEntityResolver.resolver(segments, corrections)
            }
            try writer.commit(resolver: resolver, grouper: CorpusEntityResolver.grouper)
        } catch {
            throw .index(error)
        }
        return named
    }

    /// The corrections recorded in the index's last commit, in the order they were made.
    public static func corrections(in folder: String) throws(IndexError) -> [EntityCorrection] {
        try IndexReader(directory: folder).entityResolution().corrections
    }
}

extension EntityCorrection {
    /// `merge "Bush" (PERSON) into "George W Bush"`: the correction as the user would say it.
    public var summary: String {
        let subject = "\"\(name)\"" + (type.isEmpty ? "" : " (\(type))")
        switch kind {
        case .merge: return "merge \(subject) into \"\(value)\""
        case .retype: return "retype \(subject) as \(value)"
        case .rename: return "rename \(subject) to \"\(value)\""
        case .ignore: return "ignore \(subject)"
        }
    }
}
