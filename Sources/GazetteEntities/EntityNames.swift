/// Cross-document identity of an entity: its type and its canonical name, folded (case, diacritics,
/// apostrophes and periods do not matter), so "Sergei Lavrov"/PERSON is one entity across the corpus.
public struct EntityKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var type: EntityType
    /// `EntityNameMatcher.normalize(canonical)`.
    public var name: String

    public init(canonical: String, type: EntityType) {
        self.type = type
        self.name = EntityNameMatcher.normalize(canonical)
    }

    public static func < (lhs: EntityKey, rhs: EntityKey) -> Bool {
        lhs.type != rhs.type ? lhs.type < rhs.type : lhs.name < rhs.name
    }

    public var description: String { "\(type.rawValue):\(name)" }
}

/// Matching a user's query ("Lavrov", "U.S.", "financial times") against known entities.
public enum EntityNameMatcher {
    /// Folds a name for comparison: lowercase, diacritics removed, typographic apostrophes as "'", periods
    /// dropped ("U.S." → "us"), a leading "the " dropped, whitespace and hyphens collapsed to one space.
    public static func normalize(_ name: String) -> String {
        normalizeASCII(name)  // which hands a name outside ASCII to `normalizeUnicode`
    }

    /// `normalize` for any name.
    static func normalizeUnicode(_ name: String) -> String {
        let folded = name.folding(caseInsensitive: true)
        var out = ""
        out.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            switch scalar {
            case ".": continue
            case "’", "ʼ", "‘", "`": out.unicodeScalars.append("'")
            case " ", "\t", "\n", "\r", "\u{A0}", "-", "–", "—":
                pendingSpace = !out.isEmpty
                continue
            default:
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.unicodeScalars.append(scalar)
            }
            if scalar == "’" || scalar == "ʼ" || scalar == "‘" || scalar == "`" { pendingSpace = false }
        }
        if out.hasPrefix("the ") { out.removeFirst(4) }
        if out.hasSuffix("'s") { out.removeLast(2) }
        return out
    }

    /// `normalize` for an ASCII name, on its bytes: the same rules without the Unicode tables, since listing a
    /// corpus's entities normalises every name of every segment. A name outside ASCII, found on the way, goes to
    /// `normalizeUnicode`.
    static func normalizeASCII(_ name: String) -> String {
        // Written straight into the new string's storage: a name of up to 15 bytes (most) then allocates nothing.
        var copy = name
        let normalized: String? = copy.withUTF8 { bytes in
            var isASCII = true
            let made = String(unsafeUninitializedCapacity: Swift.max(bytes.count, 1)) { out in
                guard let range = normalizeASCII(bytes: UnsafeRawBufferPointer(bytes), into: out) else {
                    isASCII = false
                    return 0
                }
                for k in 0..<range.count { out[k] = out[range.lowerBound + k] }
                return range.count
            }
            return isASCII ? made : nil
        }
        return normalized ?? normalizeUnicode(name)
    }

    /// `normalize` of a name given as UTF-8 bytes, written over `out`: nothing is allocated for an ASCII name
    /// once `out` has grown, as a pass over every entity of a corpus needs.
    public static func normalize(bytes name: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        let range = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(name.count, 1)) { scratch in
            normalizeASCII(bytes: name, into: scratch).map { range in
                out.append(contentsOf: scratch[range])
                return range
            }
        }
        if range == nil { out.append(contentsOf: normalizeUnicode(String(decoding: name, as: UTF8.self)).utf8) }
    }

    /// `normalize` of an ASCII name written to `out` (at least `name.count` bytes: an ASCII name only
    /// shrinks), returning where in `out` the normalised name lies; nil when the name is not ASCII. For a pass
    /// over every name of a corpus (`mentions NAME`), which spent three quarters of its time appending bytes.
    public static func normalizeASCII(
        bytes name: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>
    ) -> Range<Int>? {
        precondition(out.count >= name.count, "normalizeASCII needs room for the whole name")
        var count = 0
        var pendingSpace = false
        for var byte in name {
            if byte >= 0x80 { return nil }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
            switch byte {
            case UInt8(ascii: "."):
                continue
            case UInt8(ascii: "`"):
                out[count] = UInt8(ascii: "'")
                count += 1
                pendingSpace = false
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "-"):
                pendingSpace = count > 0
            default:
                if pendingSpace {
                    out[count] = UInt8(ascii: " ")
                    count += 1
                    pendingSpace = false
                }
                out[count] = byte
                count += 1
            }
        }
        var start = 0
        if count >= 4, out[0] == UInt8(ascii: "t"), out[1] == UInt8(ascii: "h"), out[2] == UInt8(ascii: "e"),
           out[3] == UInt8(ascii: " ") {
            start = 4
        }
        if count - start >= 2, out[count - 2] == UInt8(ascii: "'"), out[count - 1] == UInt8(ascii: "s") { count -= 2 }
        return start..<count
    }

    /// Whether `query` names the entity with this canonical name and aliases: equal to the canonical name or
    /// an alias, or (for multi-word names) equal to its last word(s) or its first word — "Lavrov" and
    /// "Sergei" match "Sergei Lavrov" — all compared after `normalize`.
    public static func matches(query: String, canonical: String, aliases: [String]) -> Bool {
        NormalizedQuery(query).matches(canonical: canonical, aliases: aliases)
    }

    /// Whether `query` names the entity exactly (canonical name or alias, after `normalize`), without the
    /// surname/first-name relaxation of `matches`.
    public static func matchesExactly(query: String, canonical: String, aliases: [String]) -> Bool {
        NormalizedQuery(query).matchesExactly(canonical: canonical, aliases: aliases)
    }

    /// A query normalised once, to be matched against every entity of a corpus (`matches`, `matchesExactly`).
    public struct NormalizedQuery: Sendable {
        let normalized: String
        let words: [Substring]

        public init(_ query: String) {
            normalized = EntityNameMatcher.normalize(query)
            words = normalized.split(separator: " ")
        }

        /// `EntityNameMatcher.matchesExactly` of this query.
        public func matchesExactly(canonical: String, aliases: [String]) -> Bool {
            guard !normalized.isEmpty else { return false }
            if EntityNameMatcher.normalize(canonical) == normalized { return true }
            return aliases.contains { EntityNameMatcher.normalize($0) == normalized }
        }

        /// `EntityNameMatcher.matches` of this query.
        public func matches(canonical: String, aliases: [String]) -> Bool {
            guard !normalized.isEmpty else { return false }
            if matches(name: canonical) { return true }
            return aliases.contains { matches(name: $0) }
        }

        private func matches(name: String) -> Bool {
            let n = EntityNameMatcher.normalize(name)
            if n == normalized { return true }
            let nameWords = n.split(separator: " ")
            if nameWords.count > words.count {
                if nameWords.suffix(words.count).elementsEqual(words) { return true }
                if words.count == 1, nameWords.first == words.first { return true }
            }
            return false
        }
    }
}

extension String {
    /// Lowercased, with combining marks removed after canonical decomposition (no Foundation needed).
    func folding(caseInsensitive: Bool) -> String {
        var out = String.UnicodeScalarView()
        for scalar in self.lowercased().unicodeScalars {
            if let decomposed = Self.baseLetter[scalar] {
                out.append(decomposed)
            } else if (0x300...0x36F).contains(scalar.value) {
                continue
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Latin letters with diacritics mapped to their base letter (the common European ones).
    private static let baseLetter: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(String, Character)] = [
            ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
            ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"),
            ("ŕŗř", "r"), ("śŝşšș", "s"), ("ţťŧț", "t"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"),
            ("źżž", "z"),
        ]
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (letters, base) in pairs {
            for s in letters.unicodeScalars { map[s] = base.unicodeScalars.first! }
        }
        return map
    }()
}
