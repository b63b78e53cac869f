#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import GazetteServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a web page to search and explore the index, and its JSON API.",
        discussion: """
            Pages: / (search, facets), /document, /entity, /entities. API under /api/ (search, facets, document, \
            entities, mentions, entity), described at /api/openapi.json. A commit made while serving (gazette \
            index) is picked up at the next request. On a loopback address (the default) no token is needed; on \
            any other, every request needs the access token printed with the URL, or given with --token-file. \
            SIGINT or SIGTERM stops the server once the requests under way are answered.
            """)

    @Option(
        name: .long,
        help: ArgumentHelp("Index folder to read; repeat to serve several indexes as one.", valueName: "dir"),
        completion: .directory)
    var index: [String] = ["index"]

    @Option(name: .long, help: ArgumentHelp("Address to listen on (loopback by default).", valueName: "address"))
    var host: String = "127.0.0.1"

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Port to listen on (0: any free port).", valueName: "n"))
    var port: Int = 8080

    @Option(
        name: .long,
        help: ArgumentHelp("Read the access token from FILE instead of generating one (non-loopback addresses).", valueName: "file"),
        completion: .file())
    var tokenFile: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
    }

    func run() throws {
        let loopback = ServerConfiguration.isLoopback(host)
        let token: String?
        if let tokenFile {
            token = try readToken(tokenFile)
        } else {
            token = loopback ? nil : GazetteServer.generateToken()
        }
        let folders = index
        let configuration = ServerConfiguration(indexFolders: index, host: host, port: port, token: token)
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[" + host + "]" : host
        let failure = GazetteServer.runBlocking(configuration) { port in
            var url = "http://\(shownHost):\(port)/"
            if let token { url += "?token=" + token }
            Console.write("gazette: serving \(folders.joined(separator: ", ")) at \(url)\n")
        }
        if let failure { throw Console.fail(failure.description) }
    }

    /// The token file's first line, trimmed; it must be usable in a URL and a cookie as it is.
    private func readToken(_ path: String) throws -> String {
        let lines: [String]
        do {
            lines = try BatchFile.lines(path)
        } catch {
            throw Console.fail("cannot read the token file '\(path)': \(String(cString: strerror(error.code)))")
        }
        let token = (lines.first ?? "").trimmingCharacters(in: " \t\r")
        let allowed = token.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "~")
        }
        guard token.utf8.count >= 16, token.utf8.count <= 256, allowed else {
            throw Console.fail("\(path): the token must be 16 to 256 characters of A-Z a-z 0-9 - _ . ~")
        }
        return token
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let drop = Set(set.unicodeScalars)
        let scalars = Array(unicodeScalars)
        var start = 0, end = scalars.count
        while start < end, drop.contains(scalars[start]) { start += 1 }
        while end > start, drop.contains(scalars[end - 1]) { end -= 1 }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}
