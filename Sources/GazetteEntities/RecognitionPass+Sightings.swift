// Lowercase sightings of capitalised words: a word the document also writes in lowercase ("the Bank" beside
// "a bank") is less likely a name, which sentence-initial and lone-word decisions weigh.

extension RecognitionPass {
    /// Marks in `seenLowercase` the words of `capitalised` that appear in lowercase among `tokens[0..<count]`.
    /// Static, reading only what it is given, so that `prepare` (mutating) calls it without copying the pass; and
    /// inlined there, its only caller, which then compiles as one function.
    @inline(__always)
    static func recordLowercaseSightings(
        of capitalised: HashTable<Bool>, in tokens: [Token], count: Int, into seenLowercase: inout HashTable<Bool>
    ) {
        // A small bit set of the capitalised hashes (in L1) rules out nearly all lowercase tokens before the
        // table is probed.
        var bits = 1 << 9
        while bits < capitalised.count * 16 { bits <<= 1 }
        let filterMask = UInt64(bits - 1)
        var filter = [UInt64](repeating: 0, count: bits / 64)
        for key in capitalised.storage.0 where key != 0 {
            let bit = (key >> 40) & filterMask
            filter[Int(bit >> 6)] |= 1 << (bit & 63)
        }
        // Words past the filter, recently settled (marked or found not capitalised), by their hash's low bits:
        // the words that pass are mostly common ones also capitalised at sentence starts ("the", "in"), which
        // recur every few tokens, and each recurrence would probe both tables again for nothing.
        var settled = [UInt64](repeating: 0, count: 256)  // term hashes are never 0
        tokens.withUnsafeBufferPointer { tp in
            filter.withUnsafeBufferPointer { filter in
                settled.withUnsafeMutableBufferPointer { settled in
                    for tokenIndex in 0..<count {
                        let shape = tp[tokenIndex].shape
                        guard !shape.contains(.capitalized) && shape.contains(.hasLetter) else { continue }
                        let hash = tp[tokenIndex].hash
                        let bit = (hash >> 40) & filterMask
                        guard filter[Int(bit >> 6)] & (1 << (bit & 63)) != 0 else { continue }
                        let recent = Int(truncatingIfNeeded: hash & 255)
                        if settled[recent] == hash { continue }
                        settled[recent] = hash
                        if capitalised.lookup(hash) != nil {
                            seenLowercase.update(hash) { $0 = true }
                        }
                    }
                }
            }
        }
    }
}
