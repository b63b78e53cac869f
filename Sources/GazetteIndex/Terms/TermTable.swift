/// Interns term bytes to dense ids without allocating per token: the bytes of every distinct term live in one
/// arena and an open-addressing table maps a hash to the id. The hot loop of indexing is one hash and usually
/// one comparison per token.
struct TermTable {
    private(set) var arena: [UInt8] = []
    private(set) var starts: [UInt32] = []
    private(set) var lengths: [UInt32] = []
    private var hashes: [UInt32] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        arena.reserveCapacity(capacity * 8)
    }

    var count: Int { starts.count }

    /// Memory held by the table's arrays.
    var memoryBytes: Int {
        arena.capacity + (starts.capacity + lengths.capacity + hashes.capacity + slots.capacity) * 4
    }

    /// Bytes of an id'd term.
    func withTerm<R>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        arena.withUnsafeBufferPointer { buffer in
            let start = Int(starts[id])
            return body(UnsafeBufferPointer(rebasing: buffer[start..<(start + Int(lengths[id]))]))
        }
    }

    mutating func intern(_ term: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let hash = Self.hash(term)
        var slot = Int(hash) & mask
        while true {
            let existing = slots[slot]
            if existing < 0 { break }
            let id = Int(existing)
            if hashes[id] == hash, Int(lengths[id]) == term.count, matches(id, term) {
                return UInt32(id)
            }
            slot = (slot + 1) & mask
        }
        let id = starts.count
        starts.append(UInt32(arena.count))
        lengths.append(UInt32(term.count))
        hashes.append(hash)
        arena.append(contentsOf: term)
        slots[slot] = Int32(id)
        if starts.count * 2 > slots.count { grow() }
        return UInt32(id)
    }

    /// Whether term `id`'s bytes are `term`'s (their lengths are equal): eight bytes at a time, then the rest,
    /// since every token of the corpus is compared here once.
    private func matches(_ id: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        arena.withUnsafeBufferPointer { buffer in
            guard let stored = buffer.baseAddress, let given = term.baseAddress else { return term.isEmpty }
            let a = UnsafeRawPointer(stored + Int(starts[id])), b = UnsafeRawPointer(given)
            let count = term.count
            var i = 0
            while i &+ 8 <= count {
                if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                    return false
                }
                i &+= 8
            }
            while i < count {
                if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
                i &+= 1
            }
            return true
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for id in 0..<starts.count {
            var slot = Int(hashes[id]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    /// FNV-1a, folded to 32 bits: terms are short, so a simple byte loop beats anything fancier.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }

    /// Ids ordered by their bytes, the order of the term dictionary. Each term's first eight bytes, big-endian and
    /// padded with zeros, make a number that orders two terms as their bytes do whenever the numbers differ,
    /// which decides nearly every comparison of the sort; equal numbers fall back to the bytes.
    func sortedIDs() -> [Int] {
        arena.withUnsafeBufferPointer { buffer in
            var keys = [UInt64](repeating: 0, count: starts.count)
            for id in 0..<starts.count {
                let start = Int(starts[id]), length = min(Int(lengths[id]), 8)
                var key: UInt64 = 0
                for i in 0..<length { key |= UInt64(buffer[start + i]) << UInt64(56 - 8 * i) }
                keys[id] = key
            }
            return keys.withUnsafeBufferPointer { keys in
                (0..<starts.count).sorted { a, b in
                    if keys[a] != keys[b] { return keys[a] < keys[b] }
                    let sa = Int(starts[a]), la = Int(lengths[a])
                    let sb = Int(starts[b]), lb = Int(lengths[b])
                    let common = min(la, lb)
                    for i in 0..<common {
                        let x = buffer[sa + i], y = buffer[sb + i]
                        if x != y { return x < y }
                    }
                    return la < lb
                }
            }
        }
    }
}
