import GazetteEntities
import GazetteIndex

/// Decides, at commit time, how entities resolve across the whole corpus. The recogniser sees one document at
/// a time; the corpus often knows better:
/// - **one reading per name.** A name written alone ("Qantas") that the recogniser typed PERSON in some
///   documents, for want of evidence, and ORG, PLACE or NORP in others, where a cue said so, is of that other
///   type: a real person named in a news article is nearly always named in full once, and would then have
///   resolved to the full name. Otherwise a name with several types takes the one it has in at least twice as
///   many documents as any other ("Adventure World" ORG in 6, PERSON in 2); a closer call stays apart, except
///   for a multi-word name that no listed given name opens, whose PERSON is as much a default as a lone
///   word's: its other type wins from a third of the documents ("Tora Bora" PLACE in 8, PERSON in 9).
/// - **lone surnames.** "Howard" alone (PERSON) is the one person the corpus names in full with that last word
///   ("John Howard"), or the one named in at least three times as many documents as all the others together;
///   with two people of that surname and no clear majority it stays apart. A full name whose last word is a
///   common English word ("Bush", "Cup", "Endeavour") counts only with a listed given name first ("George W
///   Bush", not "Hopman Cup" or "Space Shuttle Endeavour"), and a single letter is no surname ("Air Force B").
/// - **the user's corrections**, applied last and in the order given, to whatever the corpus holds now.
/// Dates, amounts and percentages are left alone.
public enum CorpusEntityResolver {
    static let resolvedTypes: Set<String> = ["PERSON", "ORG", "PLACE", "NORP"]
    /// A lone surname joins the most-named full name when it is named in this many times as many documents as
    /// every other full name with that surname together.
    static let surnameDominance = 3
    /// A multi-word name takes its most frequent type when that type has this many times the documents of the next.
    static let typeDominance = 2

    /// What one identity amounts to across the segments.
    struct Tally {
        var documents = 0
        var mentions = 0
        var aliases: Set<String> = []
    }

    /// The resolver to give `IndexWriter.commit` and `optimize`. It counts live documents only: a segment
    /// without deletions gives its records' counts as they are; in one with deletions each record's postings are
    /// read to leave the deleted documents out.
    public static let resolver: EntityResolver = { (segments, previous) throws(IndexError) in
        var tallies: [EntityIdentity: Tally] = [:]
        for segment in segments {
            let entityIndex = segment.reader.entityIndex
            for record in try entityIndex.entities() {
                var documents = record.documentFrequency, mentions = record.mentionCount
                if segment.hasDeletions {
                    (documents, mentions) = (0, 0)
                    for posting in try entityIndex.postings(record) where !segment.isDeleted(posting.document) {
                        documents += 1
                        mentions += posting.mentions.count
                    }
                    guard documents > 0 else { continue }
                }
                let identity = EntityIdentity(type: record.type, canonical: record.canonical)
                tallies[identity, default: Tally()].documents += documents
                tallies[identity, default: Tally()].mentions += mentions
                tallies[identity, default: Tally()].aliases.formUnion(record.aliases)
            }
        }
        return resolve(tallies, corrections: previous.corrections)
    }

    /// The grouper to give `IndexWriter.commit` and `optimize` beside `resolver`: it stores, after the commit,
    /// which entity each record stands for (`EntityGroupTable`), so that facets, `related`, `mentions` and
    /// `entities` need not work it out at every query.
    public static let grouper: EntityGrouper = EntityGroups.grouper

    static func resolve(_ tallies: [EntityIdentity: Tally], corrections: [EntityCorrection]) -> EntityResolution {
        var redirects: [EntityIdentity: EntityResolution.Redirect] = [:]
        // Identities by normalised name, and full person names by normalised last word.
        var byName: [String: [EntityIdentity]] = [:]
        var fullNamesBySurname: [String: [EntityIdentity]] = [:]
        for identity in tallies.keys.sorted() where resolvedTypes.contains(identity.type) || identity.isUnconfirmed {
            byName[EntityNameMatcher.normalize(identity.canonical), default: []].append(identity)
            let words = identity.canonical.split(separator: " ")
            if identity.type == "PERSON", words.count >= 2, let last = words.last, looksLikeFullName(words) {
                fullNamesBySurname[EntityNameMatcher.normalize(String(last)), default: []].append(identity)
            }
        }
        func documents(_ identity: EntityIdentity) -> Int { tallies[identity]?.documents ?? 0 }
        func byDocuments(_ a: EntityIdentity, _ b: EntityIdentity) -> Bool {
            documents(a) != documents(b) ? documents(a) > documents(b) : a < b
        }

        // The one person named in full whose surname `name` is (or one named in most documents), if any.
        func fullName(withSurname name: String) -> EntityIdentity? {
            guard let full = fullNamesBySurname[name]?.sorted(by: byDocuments), let top = full.first else { return nil }
            let others = full.dropFirst().reduce(0) { $0 + documents($1) }
            return full.count == 1 || documents(top) >= surnameDominance * others ? top : nil
        }

        func resolveTypes(of identities: [EntityIdentity], name: String) {
            let lone = !identities[0].canonical.contains(" ")
            let person = identities.first { $0.type == "PERSON" }
            // A lone surname of exactly one (or one dominant) person named in full joins that person.
            if lone, let person, let top = fullName(withSurname: name) {
                redirects[person] = .init(target: top, reason: .surnameJoin)
                return
            }
            guard identities.count > 1 else { return }
            let ranked = identities.sorted(by: byDocuments)
            let winner: EntityIdentity?
            if lone, person != nil {
                winner = ranked.first { $0.type != "PERSON" }
            } else if let person, let other = ranked.first(where: { $0.type != "PERSON" }),
                      !WordLists.isGivenName(String(person.canonical.prefix { $0 != " " })),
                      typeDominance * documents(other) >= documents(person) {
                // A run of unlisted names is PERSON where nothing said otherwise, so a cue's type in a third of
                // the documents or more outweighs it ("in Tora Bora", "the Tora Bora region").
                winner = other
            } else {
                winner = documents(ranked[0]) >= typeDominance * documents(ranked[1]) ? ranked[0] : nil
            }
            guard let winner else { return }
            for identity in identities where identity != winner && redirects[identity] == nil {
                redirects[identity] = .init(target: winner, reason: .typeEvidence)
            }
        }

        for (name, group) in byName.sorted(by: { $0.key < $1.key }) {
            let identities = group.filter { !$0.isUnconfirmed }
            if !identities.isEmpty {
                resolveTypes(of: identities, name: name)
            }
            // An untyped word takes what the corpus makes of the name: its one resolved identity, or without
            // one the person it is the surname of. Where the name's identities stay apart it stays hidden.
            for word in group where word.isUnconfirmed {
                if identities.isEmpty {
                    // With no type anywhere, the full name must open like a person's: with a listed given name,
                    // or a word of letters that is no common English word. The recogniser's PERSON guesses for
                    // runs such as "West Hartlepool" or "W224 Mobil" are what an untyped word would otherwise join.
                    if let person = fullName(withSurname: name), opensLikeAGivenName(person.canonical) {
                        redirects[word] = .init(target: person, reason: .surnameJoin)
                    }
                    continue
                }
                let targets = Set(identities.map { redirects[$0]?.target ?? $0 })
                if targets.count == 1, let target = targets.first {
                    redirects[word] = .init(target: target, reason: redirects[identities[0]]?.reason ?? .typeEvidence)
                }
            }
        }

        apply(corrections, to: &redirects, tallies: tallies)
        // A target redirected in turn ("Howard" → "John Howard" → a merge's "John Winston Howard") is followed.
        for (source, redirect) in redirects {
            var target = redirect.target
            var seen: Set<EntityIdentity> = [source]
            while let next = target, let further = redirects[next], seen.insert(next).inserted {
                target = further.target
            }
            if target != redirect.target { redirects[source] = .init(target: target, reason: redirect.reason) }
        }
        return EntityResolution(corrections: corrections, redirects: redirects)
    }

    /// Whether a name's first word may be a given name: a listed one, or letters only and no common English word.
    static func opensLikeAGivenName(_ name: String) -> Bool {
        let first = String(name.prefix { $0 != " " })
        return WordLists.isGivenName(first) || (first.allSatisfy(\.isLetter) && !WordLists.isCommonEnglishWord(first))
    }

    /// Whether a multi-word PERSON name may be the full name a lone surname stands for.
    static func looksLikeFullName(_ words: [Substring]) -> Bool {
        guard let last = words.last, last.count >= 2 else { return false }
        return !WordLists.isCommonEnglishWord(String(last)) || WordLists.isGivenName(String(words[0]))
    }

    /// Applies the user's corrections in order: each names entities as the reader now sees them (after the
    /// redirects so far), by canonical name or any alias, optionally of one type.
    static func apply(
        _ corrections: [EntityCorrection], to redirects: inout [EntityIdentity: EntityResolution.Redirect],
        tallies: [EntityIdentity: Tally]
    ) {
        for correction in corrections {
            // Current view: target -> its sources and every name they go by.
            var view: [EntityIdentity: (sources: [EntityIdentity], names: Set<String>)] = [:]
            for (source, tally) in tallies {
                let target = redirects[source].map(\.target) ?? source
                // An untyped word the corpus did not type is no entity a correction can name.
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
            // A merge goes into the most-named entity of that name (ties: the first in order).
            let documents = { (identity: EntityIdentity) in tallies[identity]?.documents ?? 0 }
            let into = correction.kind == .merge
                ? named(correction.value, type: "").max { documents($0) < documents($1) || (documents($0) == documents($1) && $0 > $1) }
                : nil
            for target in matched {
                let newTarget: EntityIdentity?
                switch correction.kind {
                case .merge:
                    guard let into, into != target else { continue }  // never into itself
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
