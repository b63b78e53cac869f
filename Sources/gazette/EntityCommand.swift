import ArgumentParser
import GazetteEntities
import GazetteIndex
import GazetteKit
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
        @OptionGroup var indexFolder: IndexFolderOption
        var index: String { indexFolder.folder }

        @Option(name: .long, help: "Only the entity of this type by that name (person, org, place, norp…).")
        var type: EntityTypeOption?

        @OptionGroup var lock: LockOptions
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
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
            commandName: "retype",
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
            commandName: "rename",
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
            commandName: "ignore",
            abstract: "Say that NAME is no entity: no highlight, filter, mention or listing (gazette entity ignore Test).")
        @Argument(help: "The entity, by any of its names.") var name: String
        @OptionGroup var target: Target

        func run() throws {
            try EntityCommand.correct(EntityCorrection(kind: .ignore, name: name, type: target.typeName), target)
        }
    }

    struct Corrections: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "corrections", abstract: "List the corrections recorded in the index, in order.")
        @OptionGroup var indexFolder: IndexFolderOption
        var index: String { indexFolder.folder }
        @Flag(name: .long, help: "Print one JSON object instead of text.") var json = false

        func run() throws {
            let corrections: [EntityCorrection]
            do {
                corrections = try EntityCorrector.corrections(in: index)
            } catch {
                throw Console.fail(error)
            }
            if json {
                Console.write(JSONRenderer.render(corrections: corrections) + "\n")
            } else if corrections.isEmpty {
                Console.write("no corrections\n")
            } else {
                var text = ""
                for (number, correction) in corrections.enumerated() {
                    text += "\(number + 1). " + Terminal.sanitizeLine(correction.summary) + "\n"
                }
                Console.write(text)
            }
        }
    }

    /// Records `correction` in a new commit of the index and says what it now applies to; a name that matches
    /// nothing exits 1, like a search that finds nothing.
    static func correct(_ correction: EntityCorrection, _ target: Target) throws {
        let named: [EntityDirectory.Entity]
        do {
            named = try EntityCorrector.record(
                correction, in: target.index, lockWaiting: target.lock.waiting,
                onLockWait: target.lock.announceWait(index: target.index, quiet: false))
        } catch .index(let error) {
            throw Console.fail(error)
        } catch {
            throw Console.fail(error.description, code: 1)
        }
        let affected = named.map { "\($0.canonical) (\($0.type), \($0.documentCount) document\($0.documentCount == 1 ? "" : "s"))" }
        Console.write(Terminal.sanitizeLine(correction.summary + ": " + affected.joined(separator: ", ")) + "\n")
    }
}

extension EntityCommand.Target {
    var typeName: String { type?.type.rawValue ?? "" }
}
