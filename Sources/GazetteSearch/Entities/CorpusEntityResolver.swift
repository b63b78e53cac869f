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
/// - **people named only by default.** A run of unlisted words that the recogniser would call a PERSON only
///   for want of another reading, with no given name, cue, lone surname or possessive in its document, comes
///   as an untyped name. Where other documents type the name, it takes that type; a PERSON so named in fewer
///   than three documents is a PERSON ("Wasim Akram" in a scorecard); one named so in three or more documents,
///   and in at least twice as many as those that confirm it, is a heading or a title repeated through the
///   corpus ("Kernel Livepatching" in a manual's navigation) and stays hidden.
/// - **the user's corrections**, applied last and in the order given, to whatever the corpus holds now.
/// Dates, amounts and percentages are left alone.
public enum CorpusEntityResolver {
    /// The types a name is resolved across, and the untyped words (`EntityIdentity.unconfirmedType`).
    static func isResolved(_ type: String) -> Bool {
        switch type {
        case "PERSON", "ORG", "PLACE", "NORP", EntityIdentity.unconfirmedType: true
        default: false
        }
    }
    /// A lone surname joins the most-named full name when it is named in this many times as many documents as
    /// every other full name with that surname together.
    static let surnameDominance = 3
    /// A multi-word name takes its most frequent type when that type has this many times the documents of the next.
    static let typeDominance = 2
    /// A run of capitalised words that is a PERSON only by default (`EntityRecognizer`'s withheld people) in at
    /// least this many documents, and typed in none, is no person's name.
    static let defaultPersonDocumentLimit = 3

    /// What one identity amounts to across the segments.
    struct Tally {
        var documents = 0
        var mentions = 0
        /// The names it was written as; gathered only when there are corrections, which name entities by any
        /// of them, and only those a correction names (`namesCorrected`).
        var aliases: Set<String> = []
    }

    /// The resolver to give `IndexWriter.commit` and `optimize`. It counts live documents only: a segment
    /// without deletions gives its records' counts as they are; in one with deletions each record's postings are
    /// read to leave the deleted documents out. It runs at every commit, alone on one core after the indexing
    /// threads, over every entity record of the corpus, so the records are read in place and each identity is
    /// looked up once.
    public static let resolver: EntityResolver = { (segments, previous) throws(IndexError) in
        let corrected = namesCorrected(by: previous.corrections)
        var normalized: [UInt8] = []
        var recordCount = 0
        for segment in segments { recordCount += try segment.reader.entityIndex.recordCount() }
        var tallies: [EntityIdentity: Tally] = [:]
        tallies.reserveCapacity(recordCount)
        for segment in segments {
            let entityIndex = segment.reader.entityIndex
            try entityIndex.forEachRecord { (record) throws(IndexError) in
                var documents = record.documentFrequency, mentions = record.mentionCount
                if segment.hasDeletions {
                    (documents, mentions) = (0, 0)
                    try entityIndex.forEachDocument(of: record) { document, count in
                        guard !segment.isDeleted(document) else { return }
                        documents += 1
                        mentions += count
                    }
                    guard documents > 0 else { return }
                }
                let identity = EntityIdentity(
                    type: String(decoding: record.type, as: UTF8.self),
                    canonical: String(decoding: record.canonical, as: UTF8.self))
                Self.add(record, documents: documents, mentions: mentions, aliases: corrected, scratch: &normalized,
                         to: &tallies[identity, default: Tally()])
            }
        }
        return resolve(tallies, corrections: previous.corrections)
    }

    /// The names, normalised, that `corrections` name entities by: the only aliases `apply` can use.
    static func namesCorrected(by corrections: [EntityCorrection]) -> Set<[UInt8]> {
        var names: Set<[UInt8]> = []
        for correction in corrections {
            names.insert(Array(EntityNameMatcher.normalize(correction.name).utf8))
            if correction.kind == .merge { names.insert(Array(EntityNameMatcher.normalize(correction.value).utf8)) }
        }
        names.remove([])
        return names
    }

    private static func add(
        _ record: EntityRecordView, documents: Int, mentions: Int, aliases: Set<[UInt8]>, scratch: inout [UInt8],
        to tally: inout Tally
    ) {
        tally.documents += documents
        tally.mentions += mentions
        guard !aliases.isEmpty else { return }
        record.forEachAlias { alias in
            EntityNameMatcher.normalize(bytes: alias, into: &scratch)
            if aliases.contains(scratch) { tally.aliases.insert(String(decoding: alias, as: UTF8.self)) }
        }
    }

    /// The grouper to give `IndexWriter.commit` and `optimize` beside `resolver`: it stores, after the commit,
    /// which entity each record stands for (`EntityGroupTable`), so that facets, `related`, `mentions` and
    /// `entities` need not work it out at every query.
    public static let grouper: EntityGrouper = EntityGroups.grouper

    static func resolve(_ tallies: [EntityIdentity: Tally], corrections: [EntityCorrection]) -> EntityResolution {
        var redirects: [EntityIdentity: EntityResolution.Redirect] = [:]
        // Identities by normalised name, and full person names by normalised last word.
        // Each name's group is sorted before it is decided; the groups are independent of one another, so
        // they are visited in any order.
        var byName: [String: [EntityIdentity]] = [:]
        var fullNamesBySurname: [String: [EntityIdentity]] = [:]
        var defaultPeople: [(identity: EntityIdentity, name: String)] = []
        byName.reserveCapacity(tallies.count)
        func addFullName(_ identity: EntityIdentity) {
            let words = Self.words(of: identity.canonical)
            if words.count >= 2, let last = words.last, looksLikeFullName(words) {
                fullNamesBySurname[EntityNameMatcher.normalize(String(last)), default: []].append(identity)
            }
        }
        for identity in tallies.keys where isResolved(identity.type) {
            let name = EntityNameMatcher.normalize(identity.canonical)
            byName[name, default: []].append(identity)
            guard identity.canonical.utf8.contains(0x20) else { continue }
            if identity.type == "PERSON" {
                addFullName(identity)
            } else if identity.isUnconfirmed {
                defaultPeople.append((identity, name))
            }
        }
        // A person named only by default in a few documents, and given no other type anywhere, is a PERSON
        // (most are: "Wasim Akram", "Orhan Pamuk"); one named so in many documents and never with a given name,
        // a cue, a surname alone or a possessive is a heading or a title ("Kernel Livepatching" on every page
        // of a manual) and stays hidden. Such a run is a PERSON without a redirect
        // (`EntityIdentity.withoutRedirect`), so only the hidden ones and those typed otherwise are written.
        var promoted: [EntityIdentity: Int] = [:]
        var decided: Set<EntityIdentity> = []
        for (word, name) in defaultPeople {
            guard let group = byName[name] else { continue }
            let count = tallies[word]?.documents ?? 0
            let typed = group.filter { !$0.isUnconfirmed }
            let hide = count >= defaultPersonDocumentLimit
                && typed.allSatisfy { $0.type == "PERSON" }
                && count >= typeDominance * typed.reduce(0) { $0 + (tallies[$1]?.documents ?? 0) }
            guard hide || typed.isEmpty else { continue }  // the typed reading, below
            decided.insert(word)
            if hide {
                redirects[word] = .init(target: nil, reason: .ignored)
            } else if let person = word.withoutRedirect {
                promoted[person, default: 0] += count
                addFullName(person)
            }
        }
        func documents(_ identity: EntityIdentity) -> Int { tallies[identity]?.documents ?? promoted[identity] ?? 0 }
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
            let lone = !Self.containsSpace(identities[0].canonical)
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

        for (name, var group) in byName {
            if group.count > 1 { group.sort() }
            let identities = group.filter { !$0.isUnconfirmed }
            if !identities.isEmpty {
                resolveTypes(of: identities, name: name)
            }
            // An untyped word takes what the corpus makes of the name: its one resolved identity, or without
            // one the person it is the surname of. Where the name's identities stay apart it stays hidden.
            for word in group where word.isUnconfirmed && !decided.contains(word) {
                defer {
                    // A run of words the rules leave without a reading is hidden, and one they make the PERSON
                    // of its name needs no redirect.
                    if word.withoutRedirect != nil {
                        if redirects[word] == nil {
                            redirects[word] = .init(target: nil, reason: .ignored)
                        } else if redirects[word]?.target == word.withoutRedirect {
                            redirects[word] = nil
                        }
                    }
                }
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
            guard let first = redirect.target, redirects[first] != nil else { continue }
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

    /// `name.split(separator: " ")`: for an ASCII name without a carriage return (whose Characters are its
    /// bytes), split on the bytes, which costs a fraction of splitting Characters; other names as before.
    static func words(of name: String) -> [Substring] {
        guard charactersAreBytes(name) else { return name.split(separator: " ") }
        var words: [Substring] = []
        let utf8 = name.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == 0x20 {
                if index != start { words.append(name[start..<index]) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start != utf8.endIndex { words.append(name[start..<utf8.endIndex]) }
        return words
    }

    /// `name.contains(" ")` (a Character), by bytes where the two agree.
    static func containsSpace(_ name: String) -> Bool {
        charactersAreBytes(name) ? name.utf8.contains(0x20) : name.contains(" ")
    }

    /// Whether each of `name`'s Characters is one byte: ASCII without a carriage return ("\r\n" is one Character).
    private static func charactersAreBytes(_ name: String) -> Bool {
        var copy = name
        return copy.withUTF8 { bytes in !bytes.contains { $0 >= 0x80 || $0 == 0x0D } }
    }

    /// Whether a multi-word PERSON name may be the full name a lone surname stands for.
    static func looksLikeFullName(_ words: [Substring]) -> Bool {
        guard let last = words.last, last.count >= 2 else { return false }
        return !WordLists.isCommonEnglishWord(String(last)) || WordLists.isGivenName(String(words[0]))
    }

    /// Applies the user's corrections in order: each names entities as the reader now sees them (after the
    /// redirects so far), by canonical name or any alias, optionally of one type. Every name is normalised once
    /// and indexed, so that a correction costs a pass over the identities, not a normalisation of every name.
    static func apply(
        _ corrections: [EntityCorrection], to redirects: inout [EntityIdentity: EntityResolution.Redirect],
        tallies: [EntityIdentity: Tally]
    ) {
        guard !corrections.isEmpty else { return }
        var normalized: [String: String] = [:]
        func normalize(_ name: String) -> String {
            if let known = normalized[name] { return known }
            let result = EntityNameMatcher.normalize(name)
            normalized[name] = result
            return result
        }
        // The identities each name a correction uses is among the names of (their canonical names and
        // aliases, normalised). Only those names: the corpus's other names are never looked up.
        let wanted = Set(namesCorrected(by: corrections).map { String(decoding: $0, as: UTF8.self) })
        var sourcesByName: [String: [EntityIdentity]] = [:]
        for (source, tally) in tallies {
            let canonical = EntityNameMatcher.normalize(source.canonical)
            if wanted.contains(canonical) { sourcesByName[canonical, default: []].append(source) }
            for alias in tally.aliases {
                let name = EntityNameMatcher.normalize(alias)
                if name != canonical, wanted.contains(name), sourcesByName[name]?.last != source {
                    sourcesByName[name, default: []].append(source)
                }
            }
        }
        for correction in corrections {
            // An identity's entity as the reader now sees it: nil when ignored, and an untyped word the corpus
            // did not type is no entity a correction can name.
            func seen(_ source: EntityIdentity) -> EntityIdentity? {
                let target = redirects[source].map(\.target) ?? source.withoutRedirect
                guard let target, !target.isUnconfirmed else { return nil }
                return target
            }
            // The entities a name names: those of the identities that go by it, and those that a rename or a
            // retype gave it as their own name.
            func named(_ name: String, type: String) -> [EntityIdentity] {
                let query = EntityNameMatcher.normalize(name)
                guard !query.isEmpty else { return [] }
                var found: Set<EntityIdentity> = []
                for source in sourcesByName[query] ?? [] {
                    if let target = seen(source) { found.insert(target) }
                }
                for redirect in redirects.values {
                    if let target = redirect.target, !target.isUnconfirmed, normalize(target.canonical) == query {
                        found.insert(target)
                    }
                }
                return found.filter { type.isEmpty || $0.type == type }.sorted()
            }
            let matched = named(correction.name, type: correction.type)
            guard !matched.isEmpty else { continue }
            // A merge goes into the most-named entity of that name (ties: the first in order).
            let documents = { (identity: EntityIdentity) in tallies[identity]?.documents ?? 0 }
            let into = correction.kind == .merge
                ? named(correction.value, type: "").max { documents($0) < documents($1) || (documents($0) == documents($1) && $0 > $1) }
                : nil
            // Every identity each matched entity stands for, before this correction changes any.
            var sources: [EntityIdentity: [EntityIdentity]] = Dictionary(uniqueKeysWithValues: matched.map { ($0, []) })
            for source in tallies.keys {
                if let target = seen(source), sources[target] != nil { sources[target]!.append(source) }
            }
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
                for source in sources[target]! where source != newTarget {
                    redirects[source] = .init(target: newTarget, reason: newTarget == nil ? .ignored : .correction)
                }
                if let newTarget { redirects.removeValue(forKey: newTarget) }
            }
        }
    }
}
