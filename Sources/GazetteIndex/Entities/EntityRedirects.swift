#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The redirects of a commit's entity resolution file, looked up in the mapped file: what a search needs to
/// highlight the entities of its ten hits as the corpus resolves them, without building the thousands of strings
/// and the dictionary of `EntityResolution` (a one-shot search spent about a sixth of its time there).
///
/// `resolve(_:)` answers as `EntityResolution.resolve(_:)` does. Identities are found by their UTF-8 bytes,
/// through a table of entry offsets built once; a name outside ASCII that is not found that way is compared as a
/// string (canonical equivalence, as the parsed resolution's dictionary keys are) with the file's few names
/// outside ASCII, so that another Unicode normalisation of the same name finds its redirect too.
/// Unchecked Sendable: everything is set in `init` and only read after, `body` points into `file`'s mapping,
/// which this object keeps alive, and the strings made on demand are behind a lock.
public final class EntityRedirects: @unchecked Sendable {
    /// An entry: where its source identity's type and canonical name are in the body, and its target's (both
    /// ranges empty, `ignored` set, for an identity that names nothing).
    private struct Entry {
        var typeStart: UInt32, typeLength: UInt32
        var canonicalStart: UInt32, canonicalLength: UInt32
        var targetTypeStart: UInt32, targetTypeLength: UInt32
        var targetCanonicalStart: UInt32, targetCanonicalLength: UInt32
        var ignored: Bool
    }

    private let file: MappedFile?
    private let body: UnsafeRawBufferPointer
    private let entries: [Entry]
    /// Open addressing over `entries`: index + 1, 0 for an empty slot; a power of two at least twice as long.
    private let slots: [UInt32]
    /// The entries whose source identity has bytes outside ASCII, and their identities as strings once asked.
    private let nonASCIIEntries: [Int]
    private let nonASCIIIdentities = Locked<[EntityIdentity]?>(nil)

    /// No redirects: every identity resolves to itself (an untyped word to nothing).
    public static let none = EntityRedirects()

    private init() {
        file = nil
        body = UnsafeRawBufferPointer(start: nil, count: 0)
        entries = []
        slots = [0]
        nonASCIIEntries = []
    }

    /// Reads the file's structure, checking its checksum and every record as `EntityResolution.read` does. One pass
    /// over the bytes with the varints and ranges read in place (a one-shot search reads the file whole, and the
    /// generic reader's calls and checks were most of its cost).
    init(file: MappedFile) throws(IndexError) {
        self.file = file
        let body = try IndexFileFormat.validate(file, kind: .resolution, verifyChecksum: true)
        self.body = body
        func bad(_ why: String) -> IndexError { .corrupt(file: file.path, reason: why) }
        var cursor = RecordCursor(body)
        guard let correctionCount = cursor.varint(), correctionCount <= body.count else {
            throw bad("bad correction count")
        }
        for _ in 0..<correctionCount {
            guard let raw = cursor.byte(), EntityCorrection.Kind(rawValue: raw) != nil else {
                throw bad("unknown kind of correction")
            }
            for _ in 0..<3 {
                guard let range = cursor.range(), cursor.isValidText(range) else {
                    throw bad("bad entity resolution record")
                }
            }
        }
        guard let redirectCount = cursor.varint(), redirectCount <= body.count else { throw bad("bad redirect count") }
        var entries: [Entry] = []
        entries.reserveCapacity(redirectCount)
        var nonASCIIEntries: [Int] = []
        // The table is sized from the count up front and filled as the records are read: one pass.
        var size = 2
        while size < redirectCount * 2 { size <<= 1 }
        let mask = size - 1
        var slots = [UInt32](repeating: 0, count: size)
        try slots.withUnsafeMutableBufferPointer { (table) throws(IndexError) in
            for index in 0..<redirectCount {
                guard let type = cursor.range(), let canonical = cursor.range() else {
                    throw bad("bad entity resolution record")
                }
                let typeASCII = cursor.isASCII(type), canonicalASCII = cursor.isASCII(canonical)
                guard (typeASCII || cursor.isValidText(type)) && (canonicalASCII || cursor.isValidText(canonical)) else {
                    throw bad("bad entity resolution record")
                }
                if !typeASCII || !canonicalASCII { nonASCIIEntries.append(index) }
                guard let raw = cursor.byte(), let reason = EntityResolution.Reason(rawValue: raw) else {
                    throw bad("unknown reason of a redirect")
                }
                var entry = Entry(
                    typeStart: type.start, typeLength: type.length, canonicalStart: canonical.start,
                    canonicalLength: canonical.length, targetTypeStart: 0, targetTypeLength: 0, targetCanonicalStart: 0,
                    targetCanonicalLength: 0, ignored: reason == .ignored)
                if reason != .ignored {
                    guard let targetType = cursor.range(), cursor.isValidText(targetType),
                          let targetCanonical = cursor.range(), cursor.isValidText(targetCanonical)
                    else { throw bad("bad entity resolution record") }
                    (entry.targetTypeStart, entry.targetTypeLength) = (targetType.start, targetType.length)
                    (entry.targetCanonicalStart, entry.targetCanonicalLength) = (targetCanonical.start, targetCanonical.length)
                }
                entries.append(entry)
                var slot = Self.hash(
                    Self.slice(body, type.start, type.length), Self.slice(body, canonical.start, canonical.length),
                    inFileBody: true) & mask
                // A later entry of the same bytes (none in a file this writer made) leaves the first in place.
                while table[slot] != 0 { slot = (slot + 1) & mask }
                table[slot] = UInt32(truncatingIfNeeded: index + 1)
            }
        }
        guard cursor.isAtEnd else { throw bad("bytes after the last redirect") }
        self.entries = entries
        self.slots = slots
        self.nonASCIIEntries = nonASCIIEntries
    }

    /// Reads the resolution file's records in place: varints, single bytes and length-prefixed byte ranges, each
    /// checked against the end of the body; nil when one runs past it.
    private struct RecordCursor {
        let base: UnsafePointer<UInt8>?
        let count: Int
        private(set) var offset = 0

        init(_ body: UnsafeRawBufferPointer) {
            base = body.baseAddress?.assumingMemoryBound(to: UInt8.self)
            count = body.count
        }

        var isAtEnd: Bool { offset == count }

        @inline(__always)
        mutating func byte() -> UInt8? {
            guard offset < count, let base else { return nil }
            defer { offset &+= 1 }
            return base[offset]
        }

        @inline(__always)
        mutating func varint() -> Int? {
            guard let base else { return nil }
            var result = 0, shift = 0
            while offset < count {
                let byte = base[offset]
                offset &+= 1
                result |= Int(byte & 0x7F) << shift
                if byte < 0x80 { return result >= 0 ? result : nil }
                shift &+= 7
                if shift > 56 { return nil }
            }
            return nil
        }

        /// A length-prefixed range: where its bytes start in the body, and how many.
        @inline(__always)
        mutating func range() -> (start: UInt32, length: UInt32)? {
            guard let length = varint(), length <= count - offset else { return nil }
            defer { offset &+= length }
            return (UInt32(truncatingIfNeeded: offset), UInt32(truncatingIfNeeded: length))
        }

        /// Whether every byte of `range` is below 0x80, eight at a time (`word(at:)` for the last few).
        @inline(__always)
        func isASCII(_ range: (start: UInt32, length: UInt32)) -> Bool {
            guard let base else { return true }
            var at = Int(range.start)
            let end = at + Int(range.length)
            var high: UInt64 = 0
            while at < end {
                high |= EntityRedirects.word(UnsafeRawPointer(base), at: at, upTo: end)
                at &+= 8
            }
            return high & 0x8080_8080_8080_8080 == 0
        }

        /// Whether `range` is valid UTF-8 (checked as a string only when it holds bytes outside ASCII).
        @inline(__always)
        func isValidText(_ range: (start: UInt32, length: UInt32)) -> Bool {
            isASCII(range) || isValidOutsideASCII(range)
        }

        @inline(never)
        private func isValidOutsideASCII(_ range: (start: UInt32, length: UInt32)) -> Bool {
            guard let base else { return true }
            return String(validating: UnsafeBufferPointer(start: base + Int(range.start), count: Int(range.length)), as: UTF8.self) != nil
        }
    }

    /// What a stored identity stands for: another identity, itself, or nil when it is ignored or an untyped
    /// word the corpus did not type (as `EntityResolution.resolve`).
    public func resolve(_ identity: EntityIdentity) -> EntityIdentity? {
        var type = identity.type, canonical = identity.canonical
        var outsideASCII = false
        let found: Entry? = type.withUTF8 { typeBytes in
            canonical.withUTF8 { canonicalBytes -> Entry? in
                let type = UnsafeRawBufferPointer(typeBytes), canonical = UnsafeRawBufferPointer(canonicalBytes)
                if let entry = find(type, canonical) { return entry }
                outsideASCII = !Self.isASCII(type) || !Self.isASCII(canonical)
                return nil
            }
        }
        if let entry = found ?? (outsideASCII ? equivalentOutsideASCII(identity) : nil) {
            guard !entry.ignored else { return nil }
            return EntityIdentity(
                type: Self.string(body, entry.targetTypeStart, entry.targetTypeLength),
                canonical: Self.string(body, entry.targetCanonicalStart, entry.targetCanonicalLength))
        }
        return identity.withoutRedirect
    }

    /// The entry whose source identity equals `identity` as strings do, when `identity` is outside ASCII: the same
    /// name in another Unicode normalisation ("e" + U+0301 for "é") has other bytes.
    private func equivalentOutsideASCII(_ identity: EntityIdentity) -> Entry? {
        guard !nonASCIIEntries.isEmpty else { return nil }
        let identities = nonASCIIIdentities.withLock { cached in
            if let cached { return cached }
            let made = nonASCIIEntries.map { index in
                EntityIdentity(
                    type: Self.string(body, entries[index].typeStart, entries[index].typeLength),
                    canonical: Self.string(body, entries[index].canonicalStart, entries[index].canonicalLength))
            }
            cached = made
            return made
        }
        guard let position = identities.firstIndex(of: identity) else { return nil }
        return entries[nonASCIIEntries[position]]
    }

    /// The entry whose source identity has these bytes, if any.
    private func find(_ type: UnsafeRawBufferPointer, _ canonical: UnsafeRawBufferPointer) -> Entry? {
        guard !entries.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = Self.hash(type, canonical) & mask
        while slots[slot] != 0 {
            let entry = entries[Int(slots[slot]) - 1]
            if Self.same(Self.slice(body, entry.typeStart, entry.typeLength), type),
               Self.same(Self.slice(body, entry.canonicalStart, entry.canonicalLength), canonical) {
                return entry
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Whether every byte is below 0x80, eight at a time: every record of the file is checked at open.
    @inline(__always)
    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var offset = 0
        var high: UInt64 = 0
        while offset + 8 <= bytes.count {
            high |= base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        while offset < bytes.count {
            high |= UInt64(base.load(fromByteOffset: offset, as: UInt8.self))
            offset += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    private static func slice(_ body: UnsafeRawBufferPointer, _ start: UInt32, _ length: UInt32) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: body[Int(start)..<Int(start) + Int(length)])
    }

    private static func same(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    private static func string(_ body: UnsafeRawBufferPointer, _ start: UInt32, _ length: UInt32) -> String {
        String(decoding: slice(body, start, length), as: UTF8.self)
    }

    /// A hash of the type, a separator no UTF-8 text holds, and the canonical name, eight bytes at a time (every
    /// entry is hashed when the file is read); only ever compared with hashes made by this function in the same
    /// process. `inFileBody`: both lie in the file's body, whose last bytes may be read eight at a time
    /// (`word(_:at:upTo:)`); a looked-up name's bytes are read to their end only.
    @inline(__always)
    private static func hash(
        _ type: UnsafeRawBufferPointer, _ canonical: UnsafeRawBufferPointer, inFileBody: Bool = false
    ) -> Int {
        let h = mix(mix(0xcbf2_9ce4_8422_2325, type, inFileBody) ^ 0xFF, canonical, inFileBody)
        return Int(truncatingIfNeeded: h ^ (h >> 31))
    }

    @inline(__always)
    private static func mix(_ seed: UInt64, _ bytes: UnsafeRawBufferPointer, _ inFileBody: Bool) -> UInt64 {
        var h = (seed ^ UInt64(bytes.count)) &* 0x9E37_79B9_7F4A_7C15
        guard let base = bytes.baseAddress else { return h }
        var at = 0
        while at < bytes.count {
            let value: UInt64
            if inFileBody || bytes.count - at >= 8 {
                value = word(base, at: at, upTo: bytes.count)
            } else {
                var tail: UInt64 = 0
                for k in at..<bytes.count { tail |= UInt64(base.load(fromByteOffset: k, as: UInt8.self)) << (UInt64(k - at) << 3) }
                value = tail
            }
            h = (h ^ value) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 32
            at &+= 8
        }
        return h
    }

    /// The eight bytes at `base + at`, those from `end` on zeroed. Reads past `end` when fewer than eight are left:
    /// only for ranges in a file's body, which the eight bytes of the footer follow in the mapping.
    @inline(__always)
    fileprivate static func word(_ base: UnsafeRawPointer, at: Int, upTo end: Int) -> UInt64 {
        let value = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        let left = end - at
        return left >= 8 ? value : value & ((1 << (UInt64(left) << 3)) &- 1)
    }
}
