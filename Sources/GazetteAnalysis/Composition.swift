/// Canonical composition, the step of NFC the analyzer needs: text written decomposed ("e" + U+0301, Cyrillic
/// "и" + U+0306, Hangul jamo) is composed before it is folded, so that it folds, and keeps its exact form, like
/// the same text written composed. Canonical reordering of several marks is not done: text in the wild puts
/// them in order.
enum Composition {
    private static let hangulFirstSyllable: UInt32 = 0xAC00
    private static let leadingConsonants: ClosedRange<UInt32> = 0x1100...0x1112
    private static let vowels: ClosedRange<UInt32> = 0x1161...0x1175
    private static let trailingConsonants: ClosedRange<UInt32> = 0x11A8...0x11C2

    /// Whether `value` composes with some scalar before it.
    static func isSecond(_ value: UInt32) -> Bool {
        if vowels.contains(value) || trailingConsonants.contains(value) { return true }
        return binarySearch(CompositionTable.seconds, value) != nil
    }

    /// The precomposed scalar of `first` followed by `second`, if Unicode has one.
    static func compose(_ first: UInt32, _ second: UInt32) -> UInt32? {
        if leadingConsonants.contains(first), vowels.contains(second) {
            return hangulFirstSyllable + ((first - leadingConsonants.lowerBound) * 21 + second - vowels.lowerBound) * 28
        }
        if first >= hangulFirstSyllable, first <= 0xD7A3, (first - hangulFirstSyllable) % 28 == 0,
           trailingConsonants.contains(second)
        {
            return first + second - trailingConsonants.lowerBound + 1
        }
        guard first < 1 << 21 else { return nil }
        return binarySearch(CompositionTable.keys, UInt64(first) << 21 | UInt64(second)).map { CompositionTable.composed[$0] }
    }

    private static func binarySearch<T: Comparable>(_ sorted: [T], _ value: T) -> Int? {
        var low = 0, high = sorted.count - 1
        while low <= high {
            let mid = (low + high) >> 1
            if sorted[mid] == value { return mid }
            if sorted[mid] < value { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }
}
