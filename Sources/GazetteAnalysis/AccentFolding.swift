/// Whether the analyzer removes accents: `Jose` finds `José`, `cafe` finds `café`, `strasse` finds `Straße`.
///
/// Folded (the default) is what SQLite FTS5's `remove_diacritics 2` and Lucene's ASCIIFoldingFilter give: a
/// Latin or Greek letter becomes its base letters (canonical decomposition, combining marks removed; `ß`, `æ`,
/// `ø`, `ł` and the other letters without a decomposition by `AccentFoldingTable`), and combining diacritics
/// are removed wherever they stand, so decomposed text folds like composed text. Other scripts keep their
/// marks: Cyrillic `й` is not an accented `и`, and Indic vowel signs are letters. Kept is case folding alone,
/// for exact matching (`=word`, `--exact`).
public enum AccentFolding: Sendable {
    case folded
    case kept

    /// The scalars `scalar` (already case-folded) becomes without its accents: nil when it stays as it is,
    /// empty for a combining diacritic.
    static func fold(_ scalar: Unicode.Scalar) -> Substring.UnicodeScalarView? {
        let value = scalar.value
        guard value >= 0xC0 else { return nil }
        for block in AccentFoldingTable.diacriticBlocks where block.contains(value) {
            return Substring.UnicodeScalarView()
        }
        let keys = AccentFoldingTable.scalars
        var low = 0, high = keys.count - 1
        while low <= high {
            let mid = (low + high) >> 1
            if keys[mid] == value {
                return String(describing: AccentFoldingTable.folded[mid])[...].unicodeScalars
            }
            if keys[mid] < value { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }
}
