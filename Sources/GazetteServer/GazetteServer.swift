#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import GazetteIndex
import HTTPTypes
import Hummingbird
import Logging
import NIOPosix

/// What `gazette serve` serves, and where.
public struct ServerConfiguration: Sendable {
    public var indexFolders: [String]
    public var host: String
    /// 0 lets the system pick a free port; the URL printed names it.
    public var port: Int
    /// Required on every request when set (`?token=`, the cookie it leaves, or `Authorization: Bearer`).
    public var token: String?

    public init(indexFolders: [String], host: String = "127.0.0.1", port: Int = 8080, token: String? = nil) {
        self.indexFolders = indexFolders
        self.host = host
        self.port = port
        self.token = token
    }

    /// Whether `host` only ever reaches this machine: 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// Why the server could not start or stopped with a failure.
public enum ServerError: Error, Sendable, CustomStringConvertible {
    case index(IndexError)
    case listen(host: String, port: Int, reason: String)
    case failed(String)

    public var description: String {
        switch self {
        case .index(let error): error.description
        case .listen(let host, let port, let reason): "cannot listen on \(host):\(port): \(reason)"
        case .failed(let reason): "the server stopped: \(reason)"
        }
    }
}

public enum GazetteServer {
    /// A fresh access token: 32 bytes from the system's random source (getrandom on Linux), in hex.
    public static func generateToken() -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        for _ in 0..<4 {
            let word = generator.next() as UInt64
            let hex = String(word, radix: 16)
            text += String(repeating: "0", count: 16 - hex.count) + hex
        }
        return text
    }

    /// Opens the indexes (a missing or damaged one fails here, before anything listens), serves until SIGINT or
    /// SIGTERM, then returns once in-flight requests are done. `onReady` gets the port listened on.
    public static func run(
        _ configuration: ServerConfiguration, onReady: @escaping @Sendable (Int) -> Void
    ) async throws(ServerError) {
        let corpus: ServedCorpus
        do {
            corpus = try ServedCorpus(folders: configuration.indexFolders)
        } catch {
            throw .index(error)
        }
        // The pool the pages' and API calls' work runs on (see `makeRouter`): the server's own, started here and
        // shut down when it stops, so that nothing of it outlives the server (NIO's process-wide singleton pool
        // is never freed, which LeakSanitizer reports at exit).
        let pool = NIOThreadPool(numberOfThreads: max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        pool.start()
        let router = makeRouter(site: Site(corpus: corpus), token: configuration.token, pool: pool)
        var logger = Logger(label: "gazette.serve")
        // Errors reach the user as one line from the CLI; the framework's own logging stays quiet.
        logger.logLevel = .critical
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "gazette"),
            onServerRunning: { channel in onReady(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
        var failure: (any Error)?
        do {
            try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            failure = error
        }
        try? await pool.shutdownGracefully()
        if let error = failure {
            let text = String(describing: error)
            if text.contains("Address already in use") || text.contains("errno: 98") {
                throw .listen(host: configuration.host, port: configuration.port, reason: "address already in use")
            }
            if text.contains("bind") || text.contains("Cannot assign requested address") || text.contains("resolve") {
                throw .listen(host: configuration.host, port: configuration.port, reason: text)
            }
            throw .failed(text)
        }
    }

    /// `run` for a synchronous caller (the CLI's commands are synchronous): blocks until the server stops.
    public static func runBlocking(
        _ configuration: ServerConfiguration, onReady: @escaping @Sendable (Int) -> Void
    ) -> ServerError? {
        let outcome = Locked<ServerError?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do throws(ServerError) {
                try await run(configuration, onReady: onReady)
            } catch {
                outcome.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        return outcome.withLock { $0 }
    }

    /// The routes. A page's or an API call's work (a search, facets over every match: milliseconds of CPU) runs
    /// on `pool`, one thread per core, which takes work in the order it comes: run on the server's event loops
    /// instead, it held up the reading and writing of every other connection of its loop, and under 64
    /// connections some requests waited over 2 s while others went through.
    static func makeRouter(site: Site, token: String?, pool: NIOThreadPool) -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: MethodMiddleware())
        if let token { router.add(middleware: TokenMiddleware(token: token)) }
        router.add(middleware: HeadersMiddleware())
        router.get("/") { request, _ in
            respond(try await pool.runIfActive { site.page("search", parameters(of: request)) })
        }
        for route in ["search", "document", "entity", "entities", "file"] {
            router.get(RouterPath(stringLiteral: route)) { request, _ in
                respond(try await pool.runIfActive { site.page(route, parameters(of: request)) })
            }
        }
        for route in ["search", "entities", "mentions", "document", "facets", "entity"] {
            router.get(RouterPath(stringLiteral: "api/" + route)) { request, _ in
                respond(try await pool.runIfActive { site.api(route, parameters(of: request)) })
            }
        }
        router.get("api/openapi.json") { _, _ in
            respond(Reply(status: 200, contentType: "application/json; charset=utf-8", body: OpenAPIDocument.json + "\n"))
        }
        router.get("static/gazette.css") { _, _ in
            var reply = Reply(status: 200, contentType: "text/css; charset=utf-8", body: Stylesheet.css)
            reply.headers.append(("Cache-Control", "max-age=3600"))
            return respond(reply)
        }
        return router
    }

    /// The request's query parameters, after a bound on the whole query string: a longer one gets a 414.
    static func parameters(of request: Request) -> Parameters? {
        guard (request.uri.query?.utf8.count ?? 0) <= maximumQueryStringBytes else { return nil }
        return Parameters(HTML.parameters(request.uri.query))
    }

    /// Room for every parameter at its longest, percent-encoded (up to 12 bytes a scalar).
    static let maximumQueryStringBytes = 65536

    static func respond(_ reply: Reply) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = reply.contentType
        for (name, value) in reply.headers {
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: reply.status), headers: headers,
            body: ResponseBody(byteBuffer: reply.bytes.map { ByteBuffer(bytes: $0) } ?? ByteBuffer(string: reply.body)))
    }
}

extension Site {
    func page(_ route: String, _ parameters: Parameters?) -> Reply {
        guard let parameters else { return .html(Self.layout(title: "Too long", body: "<p class=\"error\">The address is too long.</p>"), status: 414) }
        return page(route, parameters)
    }

    func api(_ route: String, _ parameters: Parameters?) -> Reply {
        guard let parameters else { return .jsonError("the query string is too long", status: 414) }
        return api(route, parameters)
    }
}

/// Only GET and HEAD: nothing here changes anything, and any other method is a 405 before routing or tokens.
struct MethodMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            var headers = HTTPFields()
            headers[.allow] = "GET, HEAD"
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(
                status: .methodNotAllowed, headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: "405 method not allowed: only GET and HEAD\n")))
        }
        return try await next(request, context)
    }
}

/// Pages must not be framed, sniffed or leak the token in a Referer; the policy allows the built-in stylesheet
/// and nothing else (no script runs on these pages).
struct HeadersMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // A reply with a policy of its own (a corpus file, sandboxed) keeps it.
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        if let name = HTTPField.Name("Referrer-Policy") { response.headers[name] = "no-referrer" }
        return response
    }
}
