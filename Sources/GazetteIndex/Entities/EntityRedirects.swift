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

    /// Reads the file's structure, checking its checksum and every record as `EntityResolution.read` does.
    init(file: MappedFile) throws(IndexError) {
        self.file = file
        let body = try IndexFileFormat.validate(file, kind: .resolution, verifyChecksum: true)
        self.body = body
        var reader = ByteReader(body)
        /// Set when a range read has bytes outside ASCII.
        var sawNonASCII = false
        func range() throws(IndexError) -> (UInt32, UInt32) {
            guard let bytes = reader.readLengthPrefixed() else {
                throw .corrupt(file: file.path, reason: "bad entity resolution record")
            }
            let start = bytes.baseAddress.map { $0 - body.baseAddress! } ?? reader.offset
            if !Self.isASCII(bytes) {
                guard String(validating: bytes, as: UTF8.self) != nil else {
                    throw .corrupt(file: file.path, reason: "bad entity resolution record")
                }
                sawNonASCII = true
            }
            return (UInt32(truncatingIfNeeded: start), UInt32(truncatingIfNeeded: bytes.count))
        }
        guard let correctionCount = reader.readVarInt(), correctionCount <= body.count else {
            throw .corrupt(file: file.path, reason: "bad correction count")
        }
        for _ in 0..<correctionCount {
            guard let raw = reader.readUInt8(), EntityCorrection.Kind(rawValue: raw) != nil else {
                throw .corrupt(file: file.path, reason: "unknown kind of correction")
            }
            _ = try range(); _ = try range(); _ = try range()
        }
        guard let redirectCount = reader.readVarInt(), redirectCount <= body.count else {
            throw .corrupt(file: file.path, reason: "bad redirect count")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(redirectCount)
        var nonASCIIEntries: [Int] = []
        for index in 0..<redirectCount {
            sawNonASCII = false
            let type = try range(), canonical = try range()
            if sawNonASCII { nonASCIIEntries.append(index) }
            guard let raw = reader.readUInt8(), let reason = EntityResolution.Reason(rawValue: raw) else {
                throw .corrupt(file: file.path, reason: "unknown reason of a redirect")
            }
            var entry = Entry(
                typeStart: type.0, typeLength: type.1, canonicalStart: canonical.0, canonicalLength: canonical.1,
                targetTypeStart: 0, targetTypeLength: 0, targetCanonicalStart: 0, targetCanonicalLength: 0,
                ignored: reason == .ignored)
            if reason != .ignored {
                let targetType = try range(), targetCanonical = try range()
                (entry.targetTypeStart, entry.targetTypeLength) = targetType
                (entry.targetCanonicalStart, entry.targetCanonicalLength) = targetCanonical
            }
            entries.append(entry)
        }
        guard reader.isAtEnd else { throw .corrupt(file: file.path, reason: "bytes after the last redirect") }
        var size = 2
        while size < entries.count * 2 { size <<= 1 }
        var slots = [UInt32](repeating: 0, count: size)
        for (index, entry) in entries.enumerated() {
            let type = Self.slice(body, entry.typeStart, entry.typeLength)
            let canonical = Self.slice(body, entry.canonicalStart, entry.canonicalLength)
            var slot = Self.hash(type, canonical) & (size - 1)
            // A later entry of the same bytes (none in a file this writer made) leaves the first in place.
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = UInt32(index + 1)
        }
        self.entries = entries
        self.slots = slots
        self.nonASCIIEntries = nonASCIIEntries
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

    /// FNV-1a over the type, a separator no UTF-8 text holds, and the canonical name.
    private static func hash(_ type: UnsafeRawBufferPointer, _ canonical: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in type { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        h = (h ^ 0xFF) &* 0x0000_0100_0000_01b3
        for byte in canonical { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}
