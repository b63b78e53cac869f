/// A document's positions as `PostingsCursor.readPositions(into:)` decodes them, in memory of the buffer's own
/// that grows to the largest document read and is reused for every next one. An `Array` as the output costs a
/// uniqueness check and a resize per document; a bare-word query reads two lists per matching document, for
/// thousands of documents.
public struct PositionBuffer: ~Copyable {
    public private(set) var count = 0
    private var capacity: Int
    private var storage: UnsafeMutablePointer<UInt32>

    public init(capacity: Int = 64) {
        self.capacity = max(capacity, 1)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// Room for `count` positions, which become the contents (their values are the caller's to write).
    @inline(__always)
    mutating func prepare(count: Int) -> UnsafeMutablePointer<UInt32> {
        if count > capacity {
            // Nothing is kept: every position is written after this.
            storage.deallocate()
            capacity = max(count, 2 * capacity)
            storage = .allocate(capacity: capacity)
        }
        self.count = count
        return storage
    }

    public mutating func removeAll() { count = 0 }

    /// The positions, in increasing order, lent for the duration of `body`.
    @inline(__always)
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt32>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage, count: count))
    }

    public var array: [UInt32] { withUnsafeBufferPointer { Array($0) } }
}
