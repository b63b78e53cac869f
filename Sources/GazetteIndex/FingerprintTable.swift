/// An open-addressing map from 64-bit fingerprints to small integers, for per-mention look-ups on the
/// indexing path where `Dictionary`'s seeded SipHash of a `String` key cost more than the work it guarded.
/// Callers that key by a hash of something larger confirm a hit themselves when collisions matter.
struct FingerprintTable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    /// Memory held by the table's arrays.
    var memoryBytes: Int { keys.capacity * 8 + values.capacity * 4 }

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// Empties the table for about `expected` keys: cleared in place, or made anew when it is far larger than
    /// that (one long document must not make every later clearing cost its size).
    mutating func removeAll(expecting expected: Int) {
        var size = 16
        while size < expected * 2 { size <<= 1 }
        if keys.count > 4 * size {
            self = FingerprintTable(capacity: expected)
        } else if count > 0 {
            keys.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
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

    /// The value stored for `fingerprint`, or nil.
    func value(for fingerprint: UInt64) -> Int32? {
        let key = Self.key(fingerprint)
        var i = Self.slot(key, mask)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` for `fingerprint` unless it has one; returns whether it was inserted.
    @discardableResult
    mutating func insert(_ fingerprint: UInt64, value: Int32) -> Bool {
        if (count + 1) * 2 > keys.count { grow() }
        let key = Self.key(fingerprint)
        var i = Self.slot(key, mask)
        while true {
            let k = keys[i]
            if k == key { return false }
            if k == 0 {
                keys[i] = key
                values[i] = value
                count += 1
                return true
            }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Int32](repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (i, key) in oldKeys.enumerated() where key != 0 {
            var j = Self.slot(key, mask)
            while keys[j] != 0 { j = (j + 1) & mask }
            keys[j] = key
            values[j] = oldValues[i]
        }
    }
}

/// FNV-1a over bytes, continuing from `seed` (so that several fields can be hashed in sequence).
@inline(__always)
func fnv1a<Bytes: Sequence<UInt8>>(_ bytes: Bytes, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
    var hash = seed
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return hash
}

/// FNV-1a over a string's UTF-8 bytes, read from its storage: iterating `String.UTF8View` cost some 40
/// instructions a byte, and names are hashed for every mention stored.
@inline(__always)
func fnv1a(utf8 string: String, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
    if let hash = string.utf8.withContiguousStorageIfAvailable({ fnv1a($0, seed: seed) }) { return hash }
    return fnv1a(string.utf8, seed: seed)
}
