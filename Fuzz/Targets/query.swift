import GazetteIndex
import GazetteSearch

/// The query language: lexer and parser on any string, then, for every query that parses, planning (analysis,
/// prefix expansion, entity resolution) and execution with snippets and explanations against the sample index.
nonisolated(unsafe) private let searcher: Searcher = {
    let directory = makeTemporaryDirectory("query")
    SampleIndex.build(in: directory)
    do {
        return Searcher(index: try IndexReader(directory: directory))
    } catch {
        fail("cannot open the sample index: \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let query = String(decoding: inputBuffer(data, size), as: UTF8.self)
    let columns = query.unicodeScalars.count
    do {
        _ = try QueryParser.parse(query)
    } catch {
        require(error.column >= 1 && error.column <= columns + 1,
                "error column \(error.column) outside a query of \(columns) characters: \(error.message)")
        return 0
    }
    do {
        let result = try searcher.search(query, options: SearchOptions(limit: 3, snippets: 2, explain: true))
        require(result.hits.count <= 3 && result.total >= result.hits.count, "\(result.hits.count) hits of \(result.total)")
    } catch {
        // A query can parse and still be refused by the planner (e.g. only NOT clauses).
    }
    return 0
}
