import Hummingbird

/// On an address other hosts can reach, every request must carry the access token: in the URL (`?token=`, as
/// printed at start), in the cookie the first such visit leaves, or as `Authorization: Bearer`. Without it the
/// answer is a 401 that names nothing of the corpus.
struct TokenMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    static let cookieName = "gazette_token"

    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let fromURL = HTML.parameters(request.uri.query)["token"]
        let fromCookie = request.cookies[Self.cookieName]?.value
        var fromHeader: String?
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            fromHeader = String(authorization.dropFirst("Bearer ".count))
        }
        let presented = [fromURL, fromCookie, fromHeader].compactMap { $0 }
        // Every candidate is compared in full, so the time taken says nothing about how much of one was right.
        var accepted = false
        for candidate in presented where Self.constantTimeEqual(candidate, token) { accepted = true }
        guard accepted else {
            let isAPI = request.uri.path.hasPrefix("/api/")
            var headers = HTTPFields()
            headers[.contentType] = isAPI ? "application/json; charset=utf-8" : "text/plain; charset=utf-8"
            headers[.wwwAuthenticate] = "Bearer"
            let message = "this server needs its access token: open the URL gazette serve printed (…?token=…)"
            let body = isAPI ? Reply.jsonError(message, status: 401).body : "401 unauthorized: " + message + "\n"
            return Response(status: .unauthorized, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        var response = try await next(request, context)
        if let fromURL, Self.constantTimeEqual(fromURL, token), fromCookie.map({ !Self.constantTimeEqual($0, token) }) ?? true {
            response.setCookie(Cookie(name: Self.cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict))
        }
        return response
    }

    /// Equality whose time depends on the lengths only, never on where the first difference is.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<y.count {
            difference |= (i < x.count ? x[i] : 0) ^ y[i]
        }
        return difference == 0
    }
}
