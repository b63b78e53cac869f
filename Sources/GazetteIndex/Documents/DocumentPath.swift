import GazetteFileNames

/// A document's path as the index identifies it: by its exact UTF-8 bytes. Swift's `String` equality is
/// canonical equivalence, under which "café.txt" written with "é" and with "e" + U+0301 are one key — but to
/// the file system they are two files, and keyed by `String` the second would shadow the first (re-indexed on
/// every run, or deleted in its place).
public struct DocumentPath: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let string: String

    public init(_ string: String) {
        self.string = string
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public var description: String { string }

    /// Byte equality (`FileName.sameBytes`): two spellings of one name are two files.
    public static func == (a: DocumentPath, b: DocumentPath) -> Bool {
        FileName.sameBytes(a.string, b.string)
    }

    public func hash(into hasher: inout Hasher) {
        var copy = string
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Byte order, the order `CorpusWalker` lists files in.
    public static func precedes(_ a: DocumentPath, _ b: DocumentPath) -> Bool {
        precedes(a.string, b.string)
    }

    /// Byte order of two paths' UTF-8 (`FileName.precedes`).
    public static func precedes(_ a: String, _ b: String) -> Bool {
        FileName.precedes(a, b)
    }
}
