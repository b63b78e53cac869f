import ArgumentParser
import GazetteEntities
import GazetteIndex
import GazetteSearch

/// `gazette entity merge|retype|rename|ignore|corrections`: the user's corrections of the entities, recorded
/// in the index and applied at once — and at every later commit, to documents indexed after them too — to
/// highlights, filters, `mentions` and `entities`, without reading the corpus again.
struct EntityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entity",
        abstract: "Correct the entities: merge, retype, rename or ignore one; list the corrections.",
        subcommands: [Merge.self, Retype.self, Rename.self, Ignore.self, Corrections.self])

    struct Target: ParsableArguments {
        @Option(name: .long, help: "Index folder to correct.")
        var index: String = "index"

        @Option(name: .long, help: "Only the entity of this type by that name (person, org, place, norp…).")
        var type: EntityTypeOption?

        @OptionGroup var lock: LockOptions
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make NAME the same entity as INTO (gazette entity merge \"Bush\" \"George W Bush\").")
        @Argument(help: "The entity to merge, by any of its names.") var name: String
        @Argument(help: "The entity it is, by any of its names.") var into: String
        @OptionGroup var target: Target

        func run() throws {
            try EntityCommand.correct(EntityCorrection(kind: .merge, name: name, value: into, type: target.typeName), target)
        }
    }

    struct Retype: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give NAME another type (gazette entity retype Qantas ORG).")
        @Argument(help: "The entity, by any of its names.") var name: String
        @Argument(help: "Its type: person, org, place or norp.") var newType: EntityTypeOption
        @OptionGroup var target: Target

        func validate() throws {
            guard [.person, .org, .place, .norp].contains(newType.type) else {
                throw ValidationError("an entity can be retyped to person, org, place or norp, not \(newType.type.rawValue.lowercased())")
            }
        }

        func run() throws {
            try EntityCommand.correct(
                EntityCorrection(kind: .retype, name: name, value: newType.type.rawValue, type: target.typeName), target)
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give NAME another canonical name (its old names stay aliases).")
        @Argument(help: "The entity, by any of its names.") var name: String
        @Argument(help: "Its canonical name from now on.") var newName: String
        @OptionGroup var target: Target

        func validate() throws {
            guard !newName.allSatisfy(\.isWhitespace) else { throw ValidationError("the new name is empty") }
        }

        func run() throws {
            try EntityCommand.correct(EntityCorrection(kind: .rename, name: name, value: newName, type: target.typeName), target)
        }
    }

    struct Ignore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say that NAME is no entity: no highlight, filter, mention or listing (gazette entity ignore Test).")
        @Argument(help: "The entity, by any of its names.") var name: String
        @OptionGroup var target: Target

        func run() throws {
            try EntityCommand.correct(EntityCorrection(kind: .ignore, name: name, type: target.typeName), target)
        }
    }

    struct Corrections: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the corrections recorded in the index, in order.")
        @Option(name: .long, help: "Index folder to read.") var index: String = "index"
        @Flag(name: .long, help: "Print one JSON object instead of text.") var json = false

        func run() throws {
            let corrections: [EntityCorrection]
            do {
                corrections = try IndexReader(directory: index).entityResolution().corrections
            } catch {
                throw Console.fail(error.description)
            }
            if json {
                var writer = JSONWriter()
                writer.beginObject()
                writer.key("corrections")
                writer.beginArray()
                for correction in corrections {
                    writer.beginObject()
                    writer.field("kind", correction.kind.word)
                    writer.field("name", correction.name)
                    if !correction.value.isEmpty { writer.field("value", correction.value) }
                    if !correction.type.isEmpty { writer.field("type", correction.type) }
                    writer.endObject()
                }
                writer.endArray()
                writer.endObject()
                Console.write(writer.output + "\n")
            } else if corrections.isEmpty {
                Console.write("no corrections\n")
            } else {
                var text = ""
                for (number, correction) in corrections.enumerated() {
                    text += "\(number + 1). " + Terminal.sanitizeLine(EntityCommand.describe(correction)) + "\n"
                }
                Console.write(text)
            }
        }
    }

    static func describe(_ correction: EntityCorrection) -> String {
        let name = "\"\(correction.name)\"" + (correction.type.isEmpty ? "" : " (\(correction.type))")
        switch correction.kind {
        case .merge: return "merge \(name) into \"\(correction.value)\""
        case .retype: return "retype \(name) as \(correction.value)"
        case .rename: return "rename \(name) to \"\(correction.value)\""
        case .ignore: return "ignore \(name)"
        }
    }

    /// Records `correction` in a new commit of the index, after checking that it names entities the index has
    /// (a typo is refused, not kept), and says what it now applies to.
    static func correct(_ correction: EntityCorrection, _ target: Target) throws {
        let before: EntityDirectory
        do {
            before = try EntityDirectory(index: try IndexReader(directory: target.index))
        } catch {
            throw Console.fail(error.description)
        }
        let typeName = correction.type.isEmpty ? nil : correction.type
        let named = before.resolve(correction.name, type: typeName).filter {
            EntityNameMatcher.matchesExactly(query: correction.name, canonical: $0.canonical, aliases: $0.aliases)
        }
        guard !named.isEmpty else {
            throw Console.fail("no entity is named \"\(correction.name)\"\(typeName.map { " as \($0)" } ?? "") in \(target.index) (gazette entities lists them)", code: 1)
        }
        if correction.kind == .merge {
            let into = before.resolve(correction.value).filter {
                EntityNameMatcher.matchesExactly(query: correction.value, canonical: $0.canonical, aliases: $0.aliases)
            }
            guard !into.isEmpty else {
                throw Console.fail("no entity is named \"\(correction.value)\" in \(target.index): nothing to merge into", code: 1)
            }
        }
        do {
            let writer = try IndexWriter(
                directory: target.index, rebuild: false, lockWaiting: target.lock.waiting,
                onLockWait: target.lock.announceWait(index: target.index, quiet: false))
            try writer.commit { (segments, previous) throws(IndexError) in
                var corrections = previous
                corrections.corrections.append(correction)
                return try CorpusEntityResolver.resolver(segments, corrections)
            }
        } catch {
            throw Console.fail(error.description)
        }
        let affected = named.map { "\($0.canonical) (\($0.type), \($0.documentCount) document\($0.documentCount == 1 ? "" : "s"))" }
        Console.write(Terminal.sanitizeLine(describe(correction) + ": " + affected.joined(separator: ", ")) + "\n")
    }
}

extension EntityCommand.Target {
    var typeName: String { type?.type.rawValue ?? "" }
}
