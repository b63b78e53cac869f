/// 64-bit hashes of folded terms and of term sequences, so that gazetteer look-ups need no `String`.
enum TermHash {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// FNV-1a over the folded term's bytes, finished with a mixer so that sequence hashes spread well.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = seed
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3
        }
        return mix(h)
    }

    @inline(__always)
    static func hash(_ string: String) -> UInt64 {
        var s = string
        return s.withUTF8 { hash($0) }
    }

    /// Hash of a sequence: `combine(combine(seed, h1), h2)`...
    @inline(__always)
    static func combine(_ h: UInt64, _ term: UInt64) -> UInt64 {
        mix((h &* 0x9e37_79b9_7f4a_7c15) ^ term)
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        z = z ^ (z >> 31)
        return z == 0 ? 1 : z
    }
}

/// Open-addressing hash table keyed by an already well-mixed, non-zero 64-bit hash (linear probing).
struct HashTable<Value: Sendable>: Sendable {
    private var keys: [UInt64]
    private var values: [Value]
    private var mask: Int
    private(set) var count = 0
    private let empty: Value

    init(capacity: Int = 64, empty: Value) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Value](repeating: empty, count: size)
        mask = size - 1
        self.empty = empty
    }

    @inline(__always)
    func lookup(_ key: UInt64) -> Value? {
        keys.withUnsafeBufferPointer { keys in
            var i = Int(truncatingIfNeeded: key) & mask
            while true {
                let k = keys[i]
                if k == key { return values[i] }
                if k == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool { lookup(key) != nil }

    mutating func update(_ key: UInt64, _ modify: (inout Value) -> Void) {
        if (count + 1) * 2 > keys.count { grow() }
        var i = Int(truncatingIfNeeded: key) & mask
        while true {
            let k = keys[i]
            if k == key { modify(&values[i]); return }
            if k == 0 {
                keys[i] = key
                values[i] = empty
                modify(&values[i])
                count += 1
                return
            }
            i = (i + 1) & mask
        }
    }

    var storage: ([UInt64], [Value]) { (keys, values) }

    mutating func removeAll() {
        if count == 0 { return }
        for i in keys.indices { keys[i] = 0 }
        count = 0
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let size = keys.count * 2
        keys = [UInt64](repeating: 0, count: size)
        values = [Value](repeating: empty, count: size)
        mask = size - 1
        count = 0
        for (i, k) in oldKeys.enumerated() where k != 0 {
            let v = oldValues[i]
            update(k) { $0 = v }
        }
    }
}

/// A read-only copy of a `HashTable` in memory that is never freed (the process-wide gazetteers), so that
/// look-ups touch no reference counts. A Bloom filter (two bits per key, about 12 bits per key, so a few
/// kilobytes for the word table) answers most misses without touching the table: the word and English tables are
/// consulted for nearly every token and are too large for the L1/L2 cache, while most tokens are in neither.
struct FrozenTable<Value: Sendable>: @unchecked Sendable {
    private let keys: UnsafeMutablePointer<UInt64>
    private let values: UnsafeMutablePointer<Value>
    private let mask: Int
    private let filter: UnsafeMutablePointer<UInt64>
    private let filterMask: UInt64

    init(_ table: HashTable<Value>) {
        let (k, v) = table.storage
        keys = .allocate(capacity: k.count)
        keys.initialize(from: k, count: k.count)
        values = .allocate(capacity: v.count)
        values.initialize(from: v, count: v.count)
        mask = k.count - 1
        var bits = 1 << 12
        while bits < table.count * 12 { bits <<= 1 }
        filter = .allocate(capacity: bits / 64)
        filter.initialize(repeating: 0, count: bits / 64)
        filterMask = UInt64(bits - 1)
        for key in k where key != 0 {
            let (a, b) = FrozenTable.probes(key, filterMask)
            filter[Int(a >> 6)] |= 1 << (a & 63)
            filter[Int(b >> 6)] |= 1 << (b & 63)
        }
    }

    /// Two filter bits from hash bits the table index (the low bits) does not use.
    @inline(__always)
    static func probes(_ key: UInt64, _ mask: UInt64) -> (UInt64, UInt64) {
        ((key >> 40) & mask, (key >> 20) & mask)
    }

    /// False: the key is certainly absent.
    @inline(__always)
    func mayContain(_ key: UInt64) -> Bool {
        let (a, b) = FrozenTable.probes(key, filterMask)
        return filter[Int(a >> 6)] & (1 << (a & 63)) != 0 && filter[Int(b >> 6)] & (1 << (b & 63)) != 0
    }

    @inline(__always)
    func lookup(_ key: UInt64) -> Value? {
        guard mayContain(key) else { return nil }
        var i = Int(truncatingIfNeeded: key) & mask
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { return nil }
            i = (i + 1) & mask
        }
    }
}
