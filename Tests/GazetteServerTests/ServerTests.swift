import Foundation
import Testing

/// The real `gazette serve` over HTTP: the API prints the CLI's JSON, the pages show hits, highlights and facet
/// links, hostile documents render as text, nothing outside the index is reachable, only GET and HEAD are
/// answered, a non-loopback address needs the token, a signal stops it cleanly, a re-index is seen at once.
@Suite("gazette serve over HTTP")
struct ServerTests {
    static var server: RunningServer {
        get throws { try #require(Gazette.sharedServer, "the shared server did not start") }
    }

    static func cli(_ arguments: [String]) throws -> String {
        let run = try Gazette.run(arguments + ["--index", Gazette.sharedIndex])
        return run.stdout
    }

    @Test("/api/search, /api/entities and /api/mentions print the CLI's JSON byte for byte")
    func apiMatchesCLI() throws {
        let server = try Self.server
        for (query, extra) in [
            ("\"security guarantees\" Lavrov", [String]()), ("sanctions", ["--offset", "2", "--limit", "3"]),
            ("person:\"Sergei Lavrov\"", []), ("Lavrov OR Peskov -Zelenskyy", ["--limit", "20"]), ("nosuchwordanywhere", []),
        ] {
            var target = "/api/search?q=" + RunningServer.encode(query)
            if let offset = extra.firstIndex(of: "--offset") { target += "&offset=" + extra[offset + 1] }
            if let limit = extra.firstIndex(of: "--limit") { target += "&limit=" + extra[limit + 1] }
            let reply = try server.request(target)
            #expect(reply.status == 200, "\(query)")
            #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(reply.body == (try Self.cli(["search", "--json", query] + extra)), "\(query)")
        }
        let entities = try server.request("/api/entities?type=person&limit=5")
        #expect(entities.body == (try Self.cli(["entities", "--json", "--type", "person", "--limit", "5"])))
        let all = try server.request("/api/entities")
        #expect(all.body == (try Self.cli(["entities", "--json"])))
        let mentions = try server.request("/api/mentions?name=Lavrov&limit=2")
        #expect(mentions.body == (try Self.cli(["mentions", "Lavrov", "--json", "--limit", "2"])))
        let typed = try server.request("/api/mentions?name=Moscow&type=PLACE")
        #expect(typed.body == (try Self.cli(["mentions", "Moscow", "--type", "place", "--json"])))
    }

    @Test("/api/document, /api/facets and /api/entity, and their errors")
    func apiDocumentFacetsEntity() throws {
        let server = try Self.server
        let document = try server.request("/api/document?path=lavrov-security-guarantees.txt&q=" + RunningServer.encode("\"security guarantees\""))
        #expect(document.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(document.body.utf8)) as? [String: Any])
        let text = try #require(json["text"] as? String)
        let scalars = Array(text.unicodeScalars)
        let entities = try #require(json["entities"] as? [[String: Any]])
        #expect(entities.contains { $0["entity"] as? String == "Sergei Lavrov" && $0["type"] as? String == "PERSON" })
        for entity in entities {
            let start = try #require(entity["start"] as? Int), end = try #require(entity["end"] as? Int)
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == entity["text"] as? String)
        }
        let matches = try #require(json["matches"] as? [[String: Any]])
        #expect(!matches.isEmpty)
        for match in matches {
            let start = try #require(match["start"] as? Int), end = try #require(match["end"] as? Int)
            #expect(String(String.UnicodeScalarView(scalars[start..<end])).lowercased() == "security guarantees")
        }

        let facets = try server.request("/api/facets?q=sanctions")
        #expect(facets.status == 200)
        let facetJSON = try #require(try JSONSerialization.jsonObject(with: Data(facets.body.utf8)) as? [String: Any])
        #expect((facetJSON["dates"] as? [String: Any])?["unit"] is String)
        let groups = try #require(facetJSON["entities"] as? [String: [[String: Any]]])
        #expect(Set(groups.keys) == ["PERSON", "ORG", "PLACE", "NORP"])
        #expect(groups["ORG"]?.isEmpty == false)
        #expect((facetJSON["folders"] as? [[String: Any]])?.contains { $0["folder"] as? String == "sanctions" } == true)

        let entity = try server.request("/api/entity?name=" + RunningServer.encode("Sergei Lavrov") + "&type=person")
        #expect(entity.status == 200)
        let entityJSON = try #require(try JSONSerialization.jsonObject(with: Data(entity.body.utf8)) as? [String: Any])
        #expect(entityJSON["entity"] as? String == "Sergei Lavrov")
        let co = try #require(entityJSON["co_mentioned"] as? [[String: Any]])
        for item in co { #expect((item["shared_documents"] as? Int ?? 0) >= 2) }

        let missing = try server.request("/api/entity?name=Nobodyatallhere")
        #expect(missing.status == 404)
        #expect(missing.body.contains("\"error\""))
        let noDocument = try server.request("/api/document?path=nothing.txt")
        #expect(noDocument.status == 404)
        let malformed = try server.request("/api/search?q=" + RunningServer.encode("\"unclosed phrase"))
        #expect(malformed.status == 400)
        let error = try #require(try JSONSerialization.jsonObject(with: Data(malformed.body.utf8)) as? [String: Any])
        #expect(error["column"] as? Int != nil)
        #expect(try server.request("/api/search").status == 400)
        #expect(try server.request("/api/search?q=x&limit=-1").status == 400)
        #expect(try server.request("/api/entities?type=weather").status == 400)
        let openapi = try server.request("/api/openapi.json")
        #expect(openapi.status == 200)
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(openapi.body.utf8)) as? [String: Any])
        #expect((spec["paths"] as? [String: Any])?.keys.sorted() == [
            "/api/document", "/api/entities", "/api/entity", "/api/facets", "/api/mentions", "/api/search",
        ])
    }

    @Test("Pages: hits with highlights, facet links adding a chip, errors by the box, document and entity pages")
    func pages() throws {
        let server = try Self.server
        let home = try server.request("/")
        #expect(home.status == 200)
        #expect(home.body.contains("<form class=\"search\""))
        let search = try server.request("/search?q=" + RunningServer.encode("\"security guarantees\" Lavrov"))
        #expect(search.status == 200)
        #expect(search.body.contains("value=\"&quot;security guarantees&quot; Lavrov\""))
        #expect(search.body.contains("<span class=\"m\">security guarantees</span>"))
        #expect(search.body.contains("class=\"e e-PERSON\""))
        #expect(search.body.contains("href=\"/document?path=lavrov-security-guarantees.txt&amp;q="))
        // A facet adds its filter to the query.
        let facetLink = "/search?q=%22security%20guarantees%22%20Lavrov%20person%3A%22"
        #expect(search.body.contains(facetLink))
        #expect(search.body.contains("class=\"legend\""))
        let filtered = try server.request("/search?q=" + RunningServer.encode("sanctions person:\"Sergei Lavrov\""))
        #expect(filtered.body.contains("<li class=\"chip\">person:&quot;Sergei Lavrov&quot;"))
        let paged = try server.request("/search?q=sanctions&limit=2")
        #expect(paged.body.contains("rel=\"next\" href=\"/search?q=sanctions&amp;offset=2\""))

        let malformed = try server.request("/search?q=" + RunningServer.encode("Lavrov AND (Peskov"))
        #expect(malformed.status == 400)
        #expect(malformed.body.contains("Query error at column"))
        #expect(malformed.body.contains("value=\"Lavrov AND (Peskov\""))

        let document = try server.request("/document?path=lavrov-security-guarantees.txt&q=Lavrov")
        #expect(document.status == 200)
        #expect(document.body.contains("href=\"/entity?name=Sergei%20Lavrov&amp;type=PERSON\""))
        #expect(document.body.contains("class=\"e e-PERSON m\"") || document.body.contains("class=\"m e e-PERSON\""))

        let entity = try server.request("/entity?name=" + RunningServer.encode("Sergei Lavrov"))
        #expect(entity.status == 200)
        #expect(entity.body.contains("Sergei Lavrov"))
        #expect(entity.body.contains("Named with"))
        let entities = try server.request("/entities?type=person&filter=lavrov")
        #expect(entities.status == 200)
        #expect(entities.body.contains(">Sergei Lavrov</a>"))
        #expect(try server.request("/entity?name=Nobodyatallhere").status == 404)
        let css = try server.request("/static/gazette.css")
        #expect(css.status == 200 && css.header("Content-Type")?.hasPrefix("text/css") == true)
    }

    @Test("Nothing outside the index: traversal attempts are 404")
    func traversal() throws {
        let server = try Self.server
        for target in [
            "/document?path=../../../../etc/passwd", "/document?path=%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "/document?path=%2Fetc%2Fpasswd", "/document?path=/etc/passwd", "/api/document?path=..%2F..%2Fetc%2Fpasswd",
            "/api/document?path=%2fetc%2fpasswd", "/api/document?path=diplomacy%2F..%2F..%2Fetc%2Fpasswd",
            "/../../etc/passwd", "/static/../../../etc/passwd", "/static/..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
            "/static/%2e%2e%2fPackage.swift", "/corpus/lavrov-security-guarantees.txt", "/index/gazette.manifest",
        ] {
            let reply = try server.request(target)
            #expect(reply.status == 404, "\(target)")
            #expect(!reply.body.contains("root:"), "\(target)")
        }
    }

    @Test("Only GET and HEAD; long queries are refused")
    func methodsAndBounds() throws {
        let server = try Self.server
        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            for target in ["/", "/search?q=x", "/api/search?q=x", "/nowhere"] {
                let reply = try server.request(target, method: method)
                #expect(reply.status == 405, "\(method) \(target)")
                #expect(reply.header("Allow") == "GET, HEAD")
            }
        }
        let head = try server.request("/search?q=sanctions", method: "HEAD")
        #expect(head.status == 200)
        // curl writes what HEAD returned, the headers, where the body would go: no page may follow them.
        #expect(!head.body.contains("<!doctype") && !head.body.contains("<html"))
        let long = String(repeating: "a ", count: 700)
        #expect(try server.request("/api/search?q=" + RunningServer.encode(long)).status == 400)
        #expect(try server.request("/search?q=" + RunningServer.encode(long)).status == 400)
        #expect(try server.request("/api/entities?type=").status == 400)
        #expect(try server.request("/entities?type=&filter=").status == 200)
        #expect(try server.request("/search?q=" + String(repeating: "x", count: 70_000)).status == 414)
    }
}

@Suite("gazette serve, one server per test")
struct ServerLifecycleTests {
    static func write(_ path: String, _ text: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("Hostile documents render as text, never as markup")
    func hostileCorpus() throws {
        let scratch = Gazette.temporaryDirectory()
        let corpus = scratch + "/corpus", index = scratch + "/index"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        try Self.write(corpus + "/<script>alert(1)<\\script>.html", """
            <html><head><title>&lt;script&gt;alert('title')&lt;/script&gt; "quoted" hostilemarker</title></head>
            <body><p>Sergei Lavrov said "&gt;&lt;img src=x onerror=alert(2)&gt; and <b>bold</b> &lt;iframe src=javascript:alert(3)&gt;
            hostilemarker javascript:alert(4) \u{1B}[31mred\u{7} end</p></body></html>
            """)
        try Self.write(corpus + "/a\"b' onmouseover='alert(5).txt", "Quoted name hostilemarker text.\n")
        try Self.write(corpus + "/plain.txt", "<script>alert(6)</script> hostilemarker \u{1B}]0;title\u{7} \u{85}next\n")
        #expect(try Gazette.run(["index", corpus, "--index", index]).status == 0)
        let server = try RunningServer(["--index", index])
        defer { _ = server.stop() }
        let search = try server.request("/search?q=hostilemarker")
        let document = try server.request("/document?path=" + RunningServer.encode("<script>alert(1)<\\script>.html") + "&q=hostilemarker")
        let quoted = try server.request("/document?path=" + RunningServer.encode("a\"b' onmouseover='alert(5).txt"))
        let plain = try server.request("/document?path=plain.txt&q=hostilemarker")
        #expect(plain.body.contains("&lt;script&gt;alert(6)&lt;/script&gt;"))
        #expect(search.status == 200 && document.status == 200 && quoted.status == 200)
        for page in [search.body, document.body, quoted.body, plain.body] {
            #expect(!page.contains("<script"))
            #expect(!page.contains("<img"))
            #expect(!page.contains("<iframe"))
            #expect(!page.contains("<b>"))
            #expect(!page.contains("onmouseover='"))
            #expect(!page.contains("href=\"javascript:"))
            #expect(!page.unicodeScalars.contains {
                ($0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r") || (0x7F...0x9F).contains($0.value)
            })
        }
        #expect(search.body.contains("&lt;script&gt;alert(1)&lt;\\script&gt;.html"))
        #expect(document.body.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(quoted.body.contains("a&quot;b&#39; onmouseover=&#39;alert(5).txt"))
    }

    @Test("A document's original file is served from inside its corpus folder only, an HTML page sandboxed")
    func originalFile() throws {
        let scratch = Gazette.temporaryDirectory()
        let corpus = scratch + "/corpus", index = scratch + "/index", outside = scratch + "/secret.txt"
        try FileManager.default.createDirectory(atPath: corpus + "/news", withIntermediateDirectories: true)
        let text = "Lavrov spoke of security guarantees. filemarker\n"
        try Self.write(corpus + "/news/talks.txt", text)
        try Self.write(corpus + "/page.html", "<html><body><script>alert(1)</script><p>filemarker page</p></body></html>")
        try Self.write(corpus + "/moved.txt", "filemarker soon a link\n")
        try Self.write(outside, "not part of the corpus\n")
        #expect(try Gazette.run(["index", corpus, "--index", index]).status == 0)
        // Indexed as a file, then made a symbolic link out of the corpus.
        try FileManager.default.removeItem(atPath: corpus + "/moved.txt")
        try FileManager.default.createSymbolicLink(atPath: corpus + "/moved.txt", withDestinationPath: outside)
        let server = try RunningServer(["--index", index])
        defer { _ = server.stop() }

        let page = try server.request("/document?path=news/talks.txt")
        #expect(page.body.contains("<a class=\"original\" href=\"/file?path=news%2Ftalks.txt\">original file</a>"), "\(page.body)")
        let file = try server.request("/file?path=news/talks.txt")
        #expect(file.status == 200)
        #expect(file.body == text)
        #expect(file.header("Content-Type") == "text/plain; charset=utf-8")
        let html = try server.request("/file?path=page.html")
        #expect(html.status == 200)
        #expect(html.header("Content-Security-Policy") == "sandbox; default-src 'none'")
        #expect(html.header("X-Content-Type-Options") == "nosniff")
        for attempt in ["../secret.txt", "news/../../secret.txt", "news%2F..%2F..%2Fsecret.txt", "%2E%2E/secret.txt",
                        RunningServer.encode(outside), "moved.txt", "news/missing.txt", "news"] {
            let refused = try server.request("/file?path=" + attempt)
            #expect(refused.status == 404, "\(attempt): \(refused.status)")
            #expect(!refused.body.contains("not part of the corpus"), "\(attempt)")
        }
        #expect(try server.request("/file").status == 400)
    }

    @Test("A non-loopback address needs the token on every route; a cookie remembers it")
    func token() throws {
        let server: RunningServer
        do {
            server = try RunningServer(["--index", Gazette.sharedIndex], host: "0.0.0.0")
        } catch {
            Issue.record("could not bind 0.0.0.0: \(error)")
            return
        }
        defer { _ = server.stop() }
        let token = try #require(server.token)
        #expect(token.count == 64)
        let routes = [
            "/", "/search?q=Lavrov", "/document?path=lavrov-security-guarantees.txt", "/entity?name=Lavrov", "/entities",
            "/file?path=lavrov-security-guarantees.txt",
            "/api/search?q=Lavrov", "/api/facets?q=Lavrov", "/api/document?path=lavrov-security-guarantees.txt",
            "/api/entities", "/api/mentions?name=Lavrov", "/api/entity?name=Lavrov", "/api/openapi.json",
            "/static/gazette.css", "/nowhere",
        ]
        for route in routes {
            let separator = route.contains("?") ? "&" : "?"
            let without = try server.request(route)
            #expect(without.status == 401, "\(route)")
            #expect(!without.body.contains("Lavrov") && !without.body.contains("sanctions"), "\(route)")
            let wrong = try server.request(route + separator + "token=" + String(repeating: "0", count: 64))
            #expect(wrong.status == 401, "\(route)")
            let wrongCookie = try server.request(route, headers: ["Cookie: gazette_token=" + String(token.reversed())])
            #expect(wrongCookie.status == 401, "\(route)")
            let right = try server.request(route + separator + "token=" + token)
            #expect(right.status == (route == "/nowhere" ? 404 : 200), "\(route)")
            let bearer = try server.request(route, headers: ["Authorization: Bearer " + token])
            #expect(bearer.status == right.status, "\(route)")
        }
        let jar = Gazette.temporaryDirectory() + "/cookies"
        let first = try server.request("/?token=" + token, cookieJar: jar)
        #expect(first.status == 200)
        #expect(first.header("Set-Cookie")?.contains("HttpOnly") == true)
        #expect(try server.request("/search?q=Lavrov", cookieJar: jar).status == 200)
        #expect(try server.request("/api/search?q=Lavrov", cookieJar: jar).status == 200)
    }

    @Test("--token-file gives the token; a token file that cannot be one is refused in one line")
    func tokenFile() throws {
        let scratch = Gazette.temporaryDirectory()
        try Self.write(scratch + "/token", "my-own_token.0123456789\n")
        let server = try RunningServer(["--index", Gazette.sharedIndex, "--token-file", scratch + "/token"])
        defer { _ = server.stop() }
        #expect(server.token == "my-own_token.0123456789")
        #expect(try server.request("/api/entities").status == 401)
        #expect(try server.request("/api/entities?token=my-own_token.0123456788").status == 401)
        #expect(try server.request("/api/entities?token=my-own_token.0123456789").status == 200)
        try Self.write(scratch + "/bad", "short; x\n")
        let refused = try Gazette.run(["serve", "--index", Gazette.sharedIndex, "--port", "0", "--token-file", scratch + "/bad"])
        #expect(refused.status == 2)
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
    }

    @Test("SIGTERM and SIGINT stop the server with status 0")
    func signals() throws {
        for signal in [SIGTERM, SIGINT] {
            let server = try RunningServer(["--index", Gazette.sharedIndex])
            #expect(try server.request("/api/search?q=Lavrov").status == 200)
            #expect(server.stop(signal) == 0)
        }
    }

    @Test("A commit made while serving is seen by the next request")
    func reindexWhileServing() throws {
        let scratch = Gazette.temporaryDirectory()
        let corpus = scratch + "/corpus", index = scratch + "/index"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        try Self.write(corpus + "/first.txt", "The first document mentions Sergei Lavrov in Moscow.\n")
        #expect(try Gazette.run(["index", corpus, "--index", index]).status == 0)
        let server = try RunningServer(["--index", index])
        defer { _ = server.stop() }
        #expect(try server.request("/api/search?q=freshmarkerword").body.contains("\"total\": 0"))
        _ = try server.request("/api/entities")
        try Self.write(corpus + "/second.txt", "A freshmarkerword arrives, naming Sergei Lavrov again.\n")
        #expect(try Gazette.run(["index", corpus, "--index", index]).status == 0)
        let after = try server.request("/api/search?q=freshmarkerword")
        #expect(after.body.contains("\"total\": 1"))
        #expect(after.body.contains("second.txt"))
        let entities = try server.request("/api/entities?type=person")
        #expect(entities.body.contains("\"documents\": 2"))
    }

    @Test("A port in use, a missing or damaged index: one line and a non-zero exit")
    func startFailures() throws {
        let server = try RunningServer(["--index", Gazette.sharedIndex])
        defer { _ = server.stop() }
        let clash = try Gazette.run(["serve", "--index", Gazette.sharedIndex, "--port", String(server.port)])
        #expect(clash.status != 0)
        #expect(clash.stderr.contains("address already in use"))
        #expect(clash.stderr.split(separator: "\n").count == 1, "\(clash.stderr)")

        let missing = try Gazette.run(["serve", "--index", Gazette.temporaryDirectory() + "/none", "--port", "0"])
        #expect(missing.status != 0)
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        #expect(missing.stdout.isEmpty)

        let damaged = Gazette.temporaryDirectory()
        try Self.write(damaged + "/gazette.manifest", "gazette-index 2\ngeneration 1\ngarbage\n")
        let broken = try Gazette.run(["serve", "--index", damaged, "--port", "0"])
        #expect(broken.status != 0)
        #expect(broken.stderr.split(separator: "\n").count == 1, "\(broken.stderr)")
    }
}
