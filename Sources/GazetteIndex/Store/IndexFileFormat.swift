/// Every index file starts with an 8-byte header (4-byte magic naming the file's kind, 4-byte format version)
/// and ends with an 8-byte footer (CRC-32 of everything before it, then the footer magic). A reader can thus
/// tell a foreign file, a file from another format version and a truncated or damaged file apart — the same
/// idea as Lucene's CodecUtil header/footer and Tantivy's footer.
public enum IndexFileFormat {
    public static let version: UInt32 = 3
    static let footerMagic: UInt32 = 0x4754_5A46  // "FZTG" little-endian: marks a complete file
    static let headerSize = 8
    static let footerSize = 8

    public enum Kind: UInt32, Sendable, CaseIterable {
        case terms = 0x5444_5A47     // "GZDT"
        case postings = 0x4F50_5A47  // "GZPO"
        case positions = 0x5350_5A47 // "GZPS"
        case norms = 0x4E4E_5A47     // "GZNN"
        case store = 0x5453_5A47     // "GZST"
        case files = 0x4946_5A47     // "GZFI"
        case deletions = 0x4C44_5A47 // "GZDL"
        case entities = 0x4E45_5A47  // "GZEN"
        case resolution = 0x5352_5A47 // "GZRS": the commit's entity resolution, not a segment's
        case entityGroups = 0x5047_5A47 // "GZGP": a commit's entity groups (derived, see EntityGroupTable)

        public var fileExtension: String {
            switch self {
            case .terms: "terms"
            case .postings: "post"
            case .positions: "pos"
            case .norms: "norms"
            case .store: "store"
            case .files: "files"
            case .deletions: "del"
            case .entities: "ents"
            case .resolution: "res"
            case .entityGroups: "groups"
            }
        }
    }

    static func writeHeader(_ kind: Kind, into writer: inout ByteWriter) {
        writer.writeUInt32(kind.rawValue)
        writer.writeUInt32(version)
    }

    static func appendFooter(to writer: inout ByteWriter) {
        let crc = writer.bytes.withUnsafeBytes { CRC32.checksum($0) }
        writer.writeUInt32(crc)
        writer.writeUInt32(footerMagic)
    }

    /// Checks magic, version and footer; with `verifyChecksum`, the CRC of the whole file too.
    /// Returns the body between header and footer.
    static func validate(
        _ file: MappedFile, kind: Kind, verifyChecksum: Bool
    ) throws(IndexError) -> UnsafeRawBufferPointer {
        let bytes = file.bytes
        guard bytes.count >= headerSize + footerSize else {
            throw .corrupt(file: file.path, reason: "truncated (\(bytes.count) bytes)")
        }
        var reader = ByteReader(bytes)
        let magic = reader.readUInt32()!
        let fileVersion = reader.readUInt32()!
        guard magic == kind.rawValue else {
            if Kind(rawValue: magic) != nil {
                throw .corrupt(file: file.path, reason: "holds another kind of index data")
            }
            throw .foreignFile(file: file.path)
        }
        var footer = ByteReader(bytes, offset: bytes.count - footerSize)
        let storedCRC = footer.readUInt32()!
        guard footer.readUInt32()! == footerMagic else {
            throw .corrupt(file: file.path, reason: "missing footer (the file is truncated)")
        }
        // Another version number is believed only from an intact file: a damaged byte there is damage.
        if verifyChecksum || fileVersion != version {
            let computed = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - footerSize)]))
            guard computed == storedCRC else {
                throw .corrupt(
                    file: file.path,
                    reason: "checksum mismatch (stored \(hex(storedCRC)), computed \(hex(computed)))")
            }
        }
        guard fileVersion == version else {
            throw .unsupportedVersion(file: file.path, found: fileVersion, supported: version)
        }
        return UnsafeRawBufferPointer(rebasing: bytes[headerSize..<(bytes.count - footerSize)])
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
