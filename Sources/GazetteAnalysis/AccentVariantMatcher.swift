/// Tells, for exact forms met in byte order (the index's `ExactTerm`s), which ones fold to one given folded
/// term: the accented variants of a word. `=resume` must not find "résumé", so its search subtracts the
/// positions of every variant of "resume"; a walk over the exact forms asks this matcher about each, and it
/// answers scalar by scalar, so that every form starting with a prefix that already folds to something else
/// is skipped at once.
public struct AccentVariantMatcher {
    public enum Verdict: Equatable {
        /// The form folds to the term.
        case match
        /// It does not, but a longer form with the same start might.
        case next
        /// Neither it nor any form starting with its first `prefixLength` bytes can match.
        case skip(prefixLength: Int)
    }

    private let target: [UInt8]
    /// Folded bytes of each non-ASCII scalar met so far.
    private var folds: [UInt32: [UInt8]] = [:]

    /// `folded` is the term as the analyzer writes it (case and accents folded).
    public init(folded: [UInt8]) {
        target = folded
    }

    /// `form` with its accents removed, as the analyzer folds a word (the form is already case-folded).
    public mutating func fold(_ form: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(form.count)
        guard let base = form.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return out }
        var i = 0
        while i < form.count {
            if form[i] < 0x80 {
                out.append(form[i])
                i += 1
                continue
            }
            let (value, length) = UTF8Decoding.decodeNonASCII(base, at: i, end: form.count)
            if value == UTF8Decoding.invalid {
                out.append(form[i])
            } else {
                out += folded(value)
            }
            i += length
        }
        return out
    }

    private mutating func folded(_ value: UInt32) -> [UInt8] {
        if let known = folds[value] { return known }
        let folded = CaseFolding.foldedUTF8(Unicode.Scalar(value)!, accents: .folded)
        folds[value] = folded
        return folded
    }

    public mutating func check(_ form: UnsafeRawBufferPointer) -> Verdict {
        guard let base = form.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return .next }
        var i = 0, k = 0
        while i < form.count {
            let byte = form[i]
            if byte < 0x80 {
                guard k < target.count, target[k] == byte else { return .skip(prefixLength: i + 1) }
                i += 1
                k += 1
                continue
            }
            let (value, length) = UTF8Decoding.decodeNonASCII(base, at: i, end: form.count)
            if value == UTF8Decoding.invalid { return .skip(prefixLength: i + length) }
            let folded = folded(value)
            guard k + folded.count <= target.count, target[k..<k + folded.count].elementsEqual(folded) else {
                return .skip(prefixLength: i + length)
            }
            i += length
            k += folded.count
        }
        return k == target.count ? .match : .next
    }
}
