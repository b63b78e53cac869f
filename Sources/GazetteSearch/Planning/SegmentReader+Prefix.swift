import GazetteIndex

extension SegmentReader {
    /// Every term of the segment that starts with `prefix`, in order, with its postings information: what the
    /// metadata filters, facets and date sorting read (`MetadataTerm`).
    func terms(startingWith prefix: String) throws(SearchError) -> [(term: [UInt8], info: TermInfo)] {
        let bytes = Array(prefix.utf8)
        let found = bytes.withUnsafeBytes { raw in
            Result { () throws(IndexError) in try terms.terms(withPrefix: raw, limit: Int.max) }
        }
        switch found {
        case .success(let value): return value.terms.map { (term: $0.0, info: $0.1) }
        case .failure(let error): throw .index(error)
        }
    }
}
