import GazetteEntities
import GazetteIndex
import GazetteKit
import GazetteSearch

/// What one request gets back, before HTTP: the server turns it into a response.
struct Reply: Sendable {
    var status: Int
    var contentType: String
    var body: String
    var headers: [(name: String, value: String)] = []
    /// Bytes to send instead of `body` (a file as it is on disk).
    var bytes: [UInt8]? = nil

    static func json(_ body: String, status: Int = 200) -> Reply {
        Reply(status: status, contentType: "application/json; charset=utf-8", body: body + "\n")
    }

    static func jsonError(_ message: String, status: Int, column: Int? = nil) -> Reply {
        json(JSONRenderer.render(error: message, column: column), status: status)
    }

    static func html(_ body: String, status: Int = 200) -> Reply {
        Reply(status: status, contentType: "text/html; charset=utf-8", body: body)
    }
}

/// A request's parameters that do not parse: the reply says which and why.
struct BadParameter: Error {
    var message: String
    var status = 400
}

/// Reading parameters: each route states what it takes, and anything else that is wrong is a 400 naming it.
struct Parameters {
    let values: [String: String]
    /// The API refuses an optional parameter given empty (`type=`); a page's form sends its empty choices so.
    var emptyIsAbsent = true

    init(_ values: [String: String]) {
        self.values = values
    }

    /// A text parameter; `required` ones must be present and not empty. Queries and names are bounded (in
    /// Unicode scalars, as JSON Schema's maxLength counts): a longer one is refused before any work.
    func text(_ name: String, required: Bool = false, maximumLength: Int = Site.maximumTextLength) throws(BadParameter) -> String? {
        guard let value = values[name], !value.isEmpty else {
            if required { throw BadParameter(message: "missing parameter '\(name)'") }
            return nil
        }
        guard value.unicodeScalars.count <= maximumLength else {
            throw BadParameter(message: "parameter '\(name)' is longer than \(maximumLength) characters")
        }
        return value
    }

    func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(BadParameter) -> Int {
        guard let text = values[name], !text.isEmpty || !emptyIsAbsent else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw BadParameter(message: "parameter '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func entityType(_ name: String = "type") throws(BadParameter) -> EntityType? {
        guard let text = values[name], !text.isEmpty || !emptyIsAbsent else { return nil }
        guard let type = EntityType(rawValue: text.uppercased()) else {
            let known = EntityType.allCases.map { $0.rawValue.lowercased() }.joined(separator: ", ")
            throw BadParameter(message: "parameter '\(name)' must be an entity type (\(known))")
        }
        return type
    }
}

/// The routes' answers, independent of HTTP: the JSON API here, the pages in `Site+Pages.swift`.
struct Site: Sendable {
    let corpus: ServedCorpus

    /// Longest query or name taken, in Unicode scalars (a 400 past it; a 414 is for a whole query string too long).
    static let maximumTextLength = 1024
    /// Most hits or entities one request may ask for.
    static let maximumLimit = 1000
    /// The longest one search may run: past it, a 422 says so rather than a worker staying busy.
    static let queryTimeLimit: Duration = .seconds(5)
    /// Matching documents whose entities a facet count reads at most.

    /// Search options as `gazette search --json` uses them when its output is not a terminal, so that the API
    /// prints the CLI's bytes for the same query.
    static func searchOptions(offset: Int, limit: Int) -> SearchOptions {
        var options = SearchOptions(limit: limit, offset: offset, snippetWidth: TerminalRenderer.snippetWidth())
        options.listsEntities = true
        options.timeLimit = queryTimeLimit
        return options
    }

    func api(_ route: String, _ parameters: Parameters) -> Reply {
        var parameters = parameters
        parameters.emptyIsAbsent = false
        do {
            switch route {
            case "search": return try apiSearch(parameters)
            case "entities": return try apiEntities(parameters)
            case "mentions": return try apiMentions(parameters)
            case "document": return try apiDocument(parameters)
            case "facets": return try apiFacets(parameters)
            case "entity": return try apiEntity(parameters)
            default: return .jsonError("no such API route", status: 404)
            }
        } catch let error as BadParameter {
            return .jsonError(error.message, status: error.status)
        } catch let error as SearchError {
            return Self.reply(for: error)
        } catch let error as IndexError {
            return .jsonError(error.description, status: 500)
        } catch {
            return .jsonError(String(describing: error), status: 500)
        }
    }

    static func reply(for error: SearchError) -> Reply {
        switch error {
        case .query(let parse): .jsonError(parse.message, status: 400, column: parse.column)
        case .index(let index): .jsonError(index.description, status: 500)
        case .timeLimit: .jsonError(error.description, status: 422)
        case .mixedStemming: .jsonError(error.description, status: 500)
        }
    }

    private func apiSearch(_ parameters: Parameters) throws -> Reply {
        let query = try parameters.text("q", required: true) ?? ""
        let offset = try parameters.integer("offset", default: 0, in: 0...1_000_000)
        let limit = try parameters.integer("limit", default: 10, in: 0...Self.maximumLimit)
        let (session, _) = try corpus.session()
        let result = try session.search(query, options: Self.searchOptions(offset: offset, limit: limit))
        return .json(JSONRenderer.render(result))
    }

    private func apiEntities(_ parameters: Parameters) throws -> Reply {
        let type = try parameters.entityType()
        let limit = try parameters.integer("limit", default: 30, in: 0...Int(Int32.max))
        let (session, _) = try corpus.session(entities: true)
        let all = try session.entities(types: type.map { [$0] } ?? [])
        return .json(JSONRenderer.render(entities: all, limit: limit))
    }

    private func apiMentions(_ parameters: Parameters) throws -> Reply {
        let name = try parameters.text("name", required: true) ?? ""
        let type = try parameters.entityType()
        let limit = try parameters.integer("limit", default: 20, in: 0...Int(Int32.max))
        let (session, _) = try corpus.session(entities: true)
        let report = try session.mentions(of: name, types: type.map { [$0] } ?? [], documentLimit: limit)
        return .json(JSONRenderer.render(report, documentLimit: limit))
    }

    private func apiDocument(_ parameters: Parameters) throws -> Reply {
        let path = try parameters.text("path", required: true, maximumLength: 4096) ?? ""
        let query = try parameters.text("q")
        let index = try parameters.text("index", maximumLength: 4096)
        let (session, _) = try corpus.session()
        guard let document = try session.document(path: path, index: index, query: query) else {
            return .jsonError("no document with this path in the index", status: 404)
        }
        return .json(JSONRenderer.render(document: document))
    }

    private func apiFacets(_ parameters: Parameters) throws -> Reply {
        let query = try parameters.text("q", required: true) ?? ""
        let perGroup = try parameters.integer("limit", default: 10, in: 0...Self.maximumLimit)
        let (session, _) = try corpus.session(entities: true)
        let facets = try session.facets(query, perGroup: perGroup)
        return .json(JSONRenderer.render(facets: facets))
    }

    private func apiEntity(_ parameters: Parameters) throws -> Reply {
        let name = try parameters.text("name", required: true) ?? ""
        let type = try parameters.entityType()
        let offset = try parameters.integer("offset", default: 0, in: 0...Int(Int32.max))
        let limit = try parameters.integer("limit", default: 20, in: 0...Self.maximumLimit)
        let (session, _) = try corpus.session(entities: true)
        guard let report = try session.entity(name: name, type: type, offset: offset, limit: limit) else {
            return .jsonError("no entity matches this name", status: 404)
        }
        return .json(JSONRenderer.render(entity: report))
    }
}
