/// Full Unicode case folding built from the scalar properties the standard library exposes.
///
/// Swift has no public case-folding mapping, only `lowercaseMapping`, `uppercaseMapping` and
/// `changesWhenCaseFolded`. Lowercasing alone is not folding: it leaves `ß`, final `ς`, `ſ`, `µ`, `ﬁ`, `ϐ`
/// and Cherokee small letters unchanged although CaseFolding.txt maps them. Those scalars all have an
/// uppercase form, and folding that form gives the case-folded result (`ß`→`SS`→`ss`, `ς`→`Σ`→`σ`). The
/// loop below lowercases when that changes the scalar, otherwise goes through the uppercase form, and
/// recurses until every produced scalar is stable under folding.
enum CaseFolding {
    /// Folds one non-ASCII scalar into the scalars that represent it in the index.
    static func fold(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        fold(scalar, depth: 0, into: &out)
        return out
    }

    /// The UTF-8 form of `fold(scalar)`, its accents removed when `accents` says so, with apostrophe
    /// look-alikes normalised the way the tokenizer normalises them in running text (U+0149 `ŉ` folds to `ʼn`).
    static func foldedUTF8(_ scalar: Unicode.Scalar, accents: AccentFolding) -> [UInt8] {
        var bytes: [UInt8] = []
        func append(_ s: Unicode.Scalar) {
            if s.value == 0x2019 || s.value == 0x02BC {
                bytes.append(UInt8(ascii: "'"))
            } else {
                bytes.append(contentsOf: UTF8.encode(s)!)
            }
        }
        for s in fold(scalar) {
            if accents == .folded, let base = AccentFolding.fold(s) {
                base.forEach(append)
            } else {
                append(s)
            }
        }
        return bytes
    }

    private static func fold(_ scalar: Unicode.Scalar, depth: Int, into out: inout [Unicode.Scalar]) {
        // Full folding maps `İ` to `i` + U+0307 COMBINING DOT ABOVE; nobody types that dot in a query, and
        // "İstanbul" should match "istanbul", so the dot is dropped here.
        if scalar.value == 0x0130 {
            out.append("i")
            return
        }
        let properties = scalar.properties
        guard depth < 4, properties.changesWhenCaseFolded else {
            out.append(scalar)
            return
        }
        let single = String(scalar)
        var mapped = properties.lowercaseMapping
        if mapped == single {
            mapped = properties.uppercaseMapping
        }
        guard mapped != single else {
            out.append(scalar)
            return
        }
        for s in mapped.unicodeScalars {
            fold(s, depth: depth + 1, into: &out)
        }
    }

    /// Lowercase for ASCII letters, the byte itself otherwise.
    @inline(__always)
    static func foldASCII(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }
}
