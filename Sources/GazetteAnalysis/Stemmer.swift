import CStemmer

/// A Snowball stemmer for one language, from Debian's libstemmer (`gazette index --stem LANGUAGE`): "strikes",
/// "striking" and "strike" become one term. A libstemmer stemmer keeps its own buffers, so each thread makes its
/// own; this class is not `Sendable` for that reason.
public final class Stemmer {
    public let language: String
    private let stemmer: OpaquePointer

    /// nil when libstemmer has no algorithm by that name (see `languages`).
    public init?(language: String) {
        guard let made = sb_stemmer_new(language, "UTF_8") else { return nil }
        self.language = language
        stemmer = made
    }

    deinit { sb_stemmer_delete(stemmer) }

    /// The algorithms libstemmer offers, as `--stem` takes them ("english", "french", "russian", "porter", …).
    public static let languages: [String] = {
        var names: [String] = []
        guard var list = sb_stemmer_list() else { return names }
        while let name = list.pointee {
            names.append(String(cString: name))
            list += 1
        }
        return names.sorted()
    }()

    /// Calls `body` with the stem of `word` (folded UTF-8), valid only during the call. A word libstemmer
    /// cannot stem (it fails only when out of memory) is its own stem.
    public func stem<R>(_ word: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard let base = word.baseAddress, let stemmed = sb_stemmer_stem(stemmer, base, Int32(word.count)) else {
            return body(word)
        }
        return body(UnsafeBufferPointer(start: stemmed, count: Int(sb_stemmer_length(stemmer))))
    }

    /// The stem of `word` as a string (query side).
    public func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { bytes in stem(bytes) { String(decoding: $0, as: UTF8.self) } }
    }
}
