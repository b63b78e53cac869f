/// An entity as the index names it: its type and canonical name as stored in segments and documents.
public struct EntityIdentity: Hashable, Sendable, Comparable {
    public var type: String
    public var canonical: String

    public init(type: String, canonical: String) {
        self.type = type
        self.canonical = canonical
    }

    /// The type of what the recogniser could not type in its document (`UnconfirmedName`): stored so that a
    /// commit's resolution can give it the type the rest of the corpus gives that name. A lone word, and a run of
    /// words it would call a PERSON only by default.
    public static let unconfirmedType = "NAME"

    /// Whether this is an untyped word or run of words (`unconfirmedType`).
    public var isUnconfirmed: Bool { type == Self.unconfirmedType }

    /// What this identity stands for where the resolution has no redirect for it: itself; nothing for an
    /// untyped lone word; a PERSON of that name for an untyped run of words, since most people named only by
    /// default are people and the resolution then names only the few it hides or types otherwise (a redirect
    /// for each of the others made a search's resolution file several times larger).
    public var withoutRedirect: EntityIdentity? {
        guard isUnconfirmed else { return self }
        guard canonical.utf8.contains(0x20) else { return nil }
        return EntityIdentity(type: "PERSON", canonical: canonical)
    }

    public static func < (a: EntityIdentity, b: EntityIdentity) -> Bool {
        (a.type, a.canonical) < (b.type, b.canonical)
    }
}

/// A user's correction of the entities, as typed: kept as said, and applied again at every commit to whatever
/// the corpus then holds, so that it also covers documents indexed after it.
public struct EntityCorrection: Sendable, Equatable {
    public enum Kind: UInt8, Sendable, CaseIterable {
        /// `name` is the same entity as `value` (`entity merge "Bush" "George W Bush"`).
        case merge = 1
        /// `name` is of type `value` (`entity retype Qantas ORG`).
        case retype = 2
        /// `name` is called `value` (`entity rename "Tora Bora" "Tora Bora caves"`).
        case rename = 3
        /// `name` is no entity (`entity ignore Test`); `value` is empty.
        case ignore = 4

        public var word: String {
            switch self {
            case .merge: "merge"
            case .retype: "retype"
            case .rename: "rename"
            case .ignore: "ignore"
            }
        }
    }

    public var kind: Kind
    public var name: String
    public var value: String
    /// The type the name is restricted to ("PERSON"…), or empty for any.
    public var type: String

    public init(kind: Kind, name: String, value: String = "", type: String = "") {
        self.kind = kind
        self.name = name
        self.value = value
        self.type = type
    }
}

/// How a commit resolves entities across the whole corpus: which stored identities are another entity
/// (a lone surname that is a person named in full elsewhere, a name typed PERSON in some documents and ORG in
/// others, a user's merge), and which are none at all (a user's `ignore`). Readers apply it to the entity
/// index, to type filters and to highlights, so that they all agree. Written at every commit as
/// `entities.<generation>.res`, named by the manifest:
///
///     header | varint correctionCount, (u8 kind, lenPrefixed name, lenPrefixed value, lenPrefixed type) *
///            | varint redirectCount, (lenPrefixed type, lenPrefixed canonical, u8 reason,
///                                    [lenPrefixed targetType, lenPrefixed targetCanonical unless ignored]) *
///            | footer
public struct EntityResolution: Sendable, Equatable {
    public enum Reason: UInt8, Sendable {
        /// The same name has a better-attested type elsewhere in the corpus.
        case typeEvidence = 1
        /// A lone surname joins the one person the corpus names in full with it.
        case surnameJoin = 2
        /// A user's correction.
        case correction = 3
        /// The identity names no entity: a user's `ignore`, or an untyped run of words the corpus hides.
        case ignored = 4
    }

    public struct Redirect: Sendable, Equatable {
        /// nil when the identity is ignored.
        public var target: EntityIdentity?
        public var reason: Reason

        public init(target: EntityIdentity?, reason: Reason) {
            self.target = target
            self.reason = reason
        }
    }

    public var corrections: [EntityCorrection]
    public var redirects: [EntityIdentity: Redirect]

    public init(corrections: [EntityCorrection] = [], redirects: [EntityIdentity: Redirect] = [:]) {
        self.corrections = corrections
        self.redirects = redirects
    }

    public static let none = EntityResolution()

    /// What a stored identity stands for: another identity, itself, or nil when it is ignored or an untyped
    /// word the corpus did not type (`EntityIdentity.withoutRedirect`).
    public func resolve(_ identity: EntityIdentity) -> EntityIdentity? {
        guard let redirect = redirects[identity] else { return identity.withoutRedirect }
        return redirect.target
    }

    static func fileName(generation: UInt64) -> String { "entities.\(generation).res" }

    /// Whether `name` is one of the files `fileName(generation:)` makes.
    static func isFileName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "entities" && parts[2] == "res" && UInt64(parts[1]) != nil
    }

    func serialized() -> [UInt8] {
        var writer = ByteWriter(reservingCapacity: 64 + redirects.count * 48)
        IndexFileFormat.writeHeader(.resolution, into: &writer)
        writer.writeVarUInt(corrections.count)
        for correction in corrections {
            writer.writeUInt8(correction.kind.rawValue)
            writer.writeLengthPrefixed(Array(correction.name.utf8))
            writer.writeLengthPrefixed(Array(correction.value.utf8))
            writer.writeLengthPrefixed(Array(correction.type.utf8))
        }
        // Sorted, so that the same resolution is the same bytes.
        writer.writeVarUInt(redirects.count)
        for (source, redirect) in redirects.sorted(by: { $0.key < $1.key }) {
            writer.writeLengthPrefixed(Array(source.type.utf8))
            writer.writeLengthPrefixed(Array(source.canonical.utf8))
            writer.writeUInt8(redirect.reason.rawValue)
            if let target = redirect.target {
                writer.writeLengthPrefixed(Array(target.type.utf8))
                writer.writeLengthPrefixed(Array(target.canonical.utf8))
            }
        }
        IndexFileFormat.appendFooter(to: &writer)
        return writer.bytes
    }

    /// Reads a resolution file, checking its whole checksum (it is small and read whole).
    static func read(_ file: MappedFile) throws(IndexError) -> EntityResolution {
        let body = try IndexFileFormat.validate(file, kind: .resolution, verifyChecksum: true)
        var reader = ByteReader(body)
        func string() throws(IndexError) -> String {
            guard let bytes = reader.readLengthPrefixed(), let text = String(validating: bytes, as: UTF8.self) else {
                throw .corrupt(file: file.path, reason: "bad entity resolution record")
            }
            return text
        }
        var resolution = EntityResolution()
        guard let correctionCount = reader.readVarInt(), correctionCount <= body.count else {
            throw .corrupt(file: file.path, reason: "bad correction count")
        }
        for _ in 0..<correctionCount {
            guard let raw = reader.readUInt8(), let kind = EntityCorrection.Kind(rawValue: raw) else {
                throw .corrupt(file: file.path, reason: "unknown kind of correction")
            }
            let name = try string(), value = try string(), type = try string()
            resolution.corrections.append(EntityCorrection(kind: kind, name: name, value: value, type: type))
        }
        guard let redirectCount = reader.readVarInt(), redirectCount <= body.count else {
            throw .corrupt(file: file.path, reason: "bad redirect count")
        }
        resolution.redirects.reserveCapacity(redirectCount)
        for _ in 0..<redirectCount {
            let source = EntityIdentity(type: try string(), canonical: try string())
            guard let raw = reader.readUInt8(), let reason = Reason(rawValue: raw) else {
                throw .corrupt(file: file.path, reason: "unknown reason of a redirect")
            }
            let target = reason == .ignored ? nil : EntityIdentity(type: try string(), canonical: try string())
            resolution.redirects[source] = Redirect(target: target, reason: reason)
        }
        guard reader.isAtEnd else { throw .corrupt(file: file.path, reason: "bytes after the last redirect") }
        return resolution
    }
}
