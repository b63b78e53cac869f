// entity-eval: measures GazetteEntities against the hand-annotated set, and its speed.
//
//   entity-eval [eval/annotated.md] [--verbose]   precision, recall, F1 per type and overall (exact span + type)
//   entity-eval --annotate FILE...                prints the mentions found in plain-text files
//   entity-eval --bench [DIR] [--seconds S]       annotates every file under DIR (default corpus/) repeatedly, MB/s
//
// Annotation format (eval/GUIDELINES.md): one paragraph per line, entities as [text](TYPE); lines that are empty
// or start with "#" or "<!--" are skipped.

import GazetteAnalysis
import GazetteEntities

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func readFile(_ path: String) -> String? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var data: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n <= 0 { break }
        data.append(contentsOf: buffer[0..<n])
    }
    return String(decoding: data, as: UTF8.self)
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }

    func bytes(_ lo: Int, _ hi: Int) -> String {
        let u = Array(utf8)
        return String(decoding: u[max(0, lo)..<min(u.count, hi)], as: UTF8.self)
    }
}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func fmt(_ x: Double) -> String {
    let v = (x * 1000).rounded() / 1000
    var s = String(v)
    while s.split(separator: ".").last.map({ $0.count < 3 }) ?? false { s += "0" }
    return s
}

func evaluate(path: String, verbose: Bool) {
    guard let contents = readFile(path) else {
        printError("entity-eval: cannot read \(path)\n")
        exit(1)
    }
    let set = AnnotatedSet(parsing: contents)
    for problem in set.problems { printError(problem + "\n") }
    let score = set.score(EntityRecognizer())
    print("entity-eval: \(set.paragraphs.count) paragraphs, \(set.paragraphs.reduce(0) { $0 + $1.gold.count }) gold mentions (\(path))")
    print("\(pad("type", 9)) \(pad("gold", 6)) \(pad("found", 6)) \(pad("P", 7)) \(pad("R", 7)) F1")
    func row(_ name: String, _ c: AnnotatedSet.Counts) {
        let found = c.truePositives + c.falsePositives
        print("\(pad(name, 9)) \(pad(String(c.gold), 6)) \(pad(String(found), 6)) \(pad(fmt(c.precision), 7)) \(pad(fmt(c.recall), 7)) \(fmt(c.f1))")
    }
    for type in EntityType.allCases {
        let c = score.counts([type])
        if c.gold + c.falsePositives == 0 { continue }
        row(type.rawValue, c)
    }
    row("PER+ORG+PLACE", score.counts([.person, .org, .place]))
    row("overall", score.overall)
    if verbose {
        print("\nerrors (\(score.errors.count)):")
        for e in score.errors { print("  " + e) }
    }
}

/// Tab-separated byte spans for scripts: path, start, end, type, canonical.
func spans(paths: [String]) {
    let recognizer = EntityRecognizer()
    for path in paths {
        guard let text = readFile(path) else { continue }
        for m in recognizer.recognize(text: text, blocks: paragraphBlocks(text), firstPosition: 0) {
            print("\(path)\t\(m.range.lowerBound)\t\(m.range.upperBound)\t\(m.type.rawValue)\t\(m.canonical)")
        }
    }
}

func annotate(paths: [String]) {
    let recognizer = EntityRecognizer()
    for path in paths {
        guard let text = readFile(path) else { continue }
        let blocks = paragraphBlocks(text)
        print("== \(path)")
        for m in recognizer.recognize(text: text, blocks: blocks, firstPosition: 0) {
            let surface = text.bytes(m.range.lowerBound, m.range.upperBound)
            print("\(pad(m.type.rawValue, 8)) \(pad(surface, 36)) → \(m.canonical)")
        }
    }
}

/// Lines as blocks (the corpus's plain-text files have one paragraph per line).
func paragraphBlocks(_ text: String) -> [Range<Int>] {
    var blocks: [Range<Int>] = []
    var start = 0
    for (i, b) in text.utf8.enumerated() where b == 0x0A {
        if i > start { blocks.append(start..<i) }
        start = i + 1
    }
    if text.utf8.count > start { blocks.append(start..<text.utf8.count) }
    return blocks
}

/// Crude tag stripping for HTML files in the benchmark (the real extraction is GazetteIngest's job).
func stripTags(_ text: String) -> String {
    var out: [UInt8] = []
    var inTag = false
    for b in text.utf8 {
        if b == UInt8(ascii: "<") { inTag = true; continue }
        if b == UInt8(ascii: ">") { inTag = false; out.append(0x0A); continue }
        if !inTag { out.append(b) }
    }
    return String(decoding: out, as: UTF8.self)
}

func listFiles(_ dir: String) -> [String] {
    var result: [String] = []
    guard let d = opendir(dir) else { return [dir] }
    defer { closedir(d) }
    while let e = readdir(d) {
        // Read in place: copying `d_name` would read all 256 bytes of a record that may be shorter.
        let name = String(cString: (UnsafeRawPointer(e) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
            .assumingMemoryBound(to: CChar.self))
        if name.hasPrefix(".") { continue }
        let path = dir + "/" + name
        var st = stat()
        if stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            result += listFiles(path)
        } else {
            result.append(path)
        }
    }
    return result.sorted()
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func bench(dir: String, seconds: Double) {
    var docs: [(text: String, blocks: [Range<Int>])] = []
    for path in listFiles(dir) {
        guard var text = readFile(path) else { continue }
        if path.hasSuffix(".html") || path.hasSuffix(".htm") { text = stripTags(text) }
        docs.append((text, paragraphBlocks(text)))
    }
    let bytes = docs.reduce(0) { $0 + $1.text.utf8.count }
    let t0 = now()
    let recognizer = EntityRecognizer()
    let loadTime = now() - t0
    print("entity-eval bench: \(docs.count) files, \(bytes) bytes of text; gazetteer load \(fmt(loadTime * 1000)) ms")

    func measure(_ name: String, _ body: (String, [Range<Int>]) -> Int) -> Double {
        var total = 0, rounds = 0, sink = 0
        let start = now()
        while now() - start < seconds || rounds < 3 {
            for d in docs { sink &+= body(d.text, d.blocks) }
            total += bytes
            rounds += 1
        }
        let elapsed = now() - start
        let mbps = Double(total) / elapsed / 1e6
        print("  \(pad(name, 44)) \(fmt(mbps)) MB/s  (\(rounds) rounds, sink \(sink % 10))")
        return mbps
    }
    var analyzer = Analyzer()
    let tokenize = measure("Analyzer alone (tokenising)") { text, blocks in
        var text = text
        var count = 0
        return text.withUTF8 { t in
            _ = analyzer.analyze(t, blocks: blocks, firstPosition: 0) { _, _ in count += 1 }
            return count
        }
    }
    var tokens = EntityTokens()
    let withTokens = measure("Analyzer + EntityTokens + recognize(tokens:)") { text, blocks in
        var text = text
        return text.withUTF8 { t in
            tokens.removeAll()
            _ = analyzer.analyze(t, blocks: blocks, firstPosition: 0) { term, span in tokens.append(term: term, span: span) }
            return recognizer.recognize(t, tokens: tokens).count
        }
    }
    let standalone = measure("recognize(text:blocks:) standalone") { text, blocks in
        recognizer.recognize(text: text, blocks: blocks, firstPosition: 0).count
    }
    let extra = 1 / withTokens - 1 / tokenize
    print("  recognition on top of tokenising: \(fmt(1 / extra)) MB/s (\(fmt(extra / (1 / tokenize) * 100))% of tokenising time)")
    print("  standalone: \(fmt(standalone)) MB/s")
}

var args = Array(CommandLine.arguments.dropFirst())
let verbose = args.contains("--verbose") || args.contains("-v")
args.removeAll { $0 == "--verbose" || $0 == "-v" }
if let i = args.firstIndex(of: "--spans") {
    spans(paths: Array(args[(i + 1)...]))
} else if let i = args.firstIndex(of: "--annotate") {
    annotate(paths: Array(args[(i + 1)...]))
} else if let i = args.firstIndex(of: "--bench") {
    var seconds = 3.0
    if let s = args.firstIndex(of: "--seconds"), s + 1 < args.count, let v = Double(args[s + 1]) {
        seconds = v
        args.removeSubrange(s...(s + 1))
    }
    let dir = i + 1 < args.count ? args[i + 1] : "corpus"
    bench(dir: dir, seconds: seconds)
} else {
    evaluate(path: args.first ?? "eval/annotated.md", verbose: verbose)
}

func printError(_ message: String) {
    FileHandleless.write(message)
}

enum FileHandleless {
    static func write(_ s: String) {
        var s = s
        s.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
