import CPrefetch

/// An open-addressing map from 64-bit fingerprints to small integers, for per-mention look-ups on the
/// indexing path where `Dictionary`'s seeded SipHash of a `String` key cost more than the work it guarded.
/// Callers that key by a hash of something larger confirm a hit themselves when collisions matter.
package struct FingerprintTable {
    /// Key and value side by side: the segment-wide tables are megabytes, and a probe that reads its value
    /// from a second array takes a second cache miss.
    private struct Entry {
        var key: UInt64
        var value: Int32
    }

    private var entries: [Entry]
    private var mask: Int
    package private(set) var count = 0

    /// Memory held by the table.
    var memoryBytes: Int { entries.capacity * MemoryLayout<Entry>.stride }

    package init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        entries = [Entry](repeating: Entry(key: 0, value: 0), count: size)
        mask = size - 1
    }

    /// Empties the table for about `expected` keys: cleared in place, or made anew when it is far larger than
    /// that (one long document must not make every later clearing cost its size).
    mutating func removeAll(expecting expected: Int) {
        var size = 16
        while size < expected * 2 { size <<= 1 }
        if entries.count > 4 * size {
            self = FingerprintTable(capacity: expected)
        } else if count > 0 {
            entries.withUnsafeMutableBufferPointer { $0.update(repeating: Entry(key: 0, value: 0)) }
            count = 0
        }
    }

    /// 0 marks an empty slot, so it is mapped to another key.
    @inline(__always)
    private static func key(_ fingerprint: UInt64) -> UInt64 { fingerprint == 0 ? 0x9E37_79B9_7F4A_7C15 : fingerprint }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Asks the processor for the cache line where `fingerprint` would be, so that a `value(for:)` or `insert`
    /// of it a little later does not wait for memory: callers with many keys to look up ask for all first.
    @inline(__always)
    package func prefetch(_ fingerprint: UInt64) {
        entries.withUnsafeBufferPointer { entries in
            guard let base = entries.baseAddress else { return }
            gazette_prefetch(base + Self.slot(Self.key(fingerprint), mask))
        }
    }

    /// The value stored for `fingerprint`, or nil.
    package func value(for fingerprint: UInt64) -> Int32? {
        let key = Self.key(fingerprint)
        return entries.withUnsafeBufferPointer { entries in
            var i = Self.slot(key, mask)
            while true {
                let k = entries[i].key
                if k == key { return entries[i].value }
                if k == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    /// Stores `value` for `fingerprint` unless it has one; returns whether it was inserted.
    @discardableResult
    package mutating func insert(_ fingerprint: UInt64, value: Int32) -> Bool {
        if (count + 1) * 2 > entries.count { grow() }
        let key = Self.key(fingerprint)
        let mask = self.mask
        let inserted = entries.withUnsafeMutableBufferPointer { entries in
            var i = Self.slot(key, mask)
            while true {
                let k = entries[i].key
                if k == key { return false }
                if k == 0 {
                    entries[i] = Entry(key: key, value: value)
                    return true
                }
                i = (i + 1) & mask
            }
        }
        if inserted { count += 1 }
        return inserted
    }

    private mutating func grow() {
        let old = entries
        entries = [Entry](repeating: Entry(key: 0, value: 0), count: old.count * 2)
        mask = entries.count - 1
        for entry in old where entry.key != 0 {
            var j = Self.slot(entry.key, mask)
            while entries[j].key != 0 { j = (j + 1) & mask }
            entries[j] = entry
        }
    }
}

/// FNV-1a over bytes, continuing from `seed` (so that several fields can be hashed in sequence).
@inline(__always)
package func fnv1a<Bytes: Sequence<UInt8>>(_ bytes: Bytes, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
    var hash = seed
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return hash
}

/// FNV-1a over raw bytes: what other modules call, since the generic version is not specialised across a
/// module boundary and pays for generic metadata at every call.
package func fnv1a(bytes: UnsafeRawBufferPointer, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
    fnv1a(bytes as UnsafeRawBufferPointer, seed: seed)
}

/// FNV-1a over a string's UTF-8 bytes, read from its storage: iterating `String.UTF8View` cost some 40
/// instructions a byte, and names are hashed for every mention stored.
@inline(__always)
package func fnv1a(utf8 string: String, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
    if let hash = string.utf8.withContiguousStorageIfAvailable({ fnv1a($0, seed: seed) }) { return hash }
    return fnv1a(string.utf8, seed: seed)
}
