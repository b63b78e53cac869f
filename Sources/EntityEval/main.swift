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

struct Span: Hashable {
    var lo: Int
    var hi: Int
    var type: String
}

struct Paragraph {
    var text: String
    var gold: [Span]
    var line: Int
}

func parse(line: String, number: Int) -> Paragraph? {
    let bytes = Array(line.utf8)
    var text: [UInt8] = []
    var gold: [Span] = []
    var i = 0
    while i < bytes.count {
        if bytes[i] == UInt8(ascii: "[") {
            // Find "](TYPE)".
            var j = i + 1
            while j < bytes.count && bytes[j] != UInt8(ascii: "]") { j += 1 }
            if j + 1 < bytes.count && bytes[j + 1] == UInt8(ascii: "(") {
                var k = j + 2
                while k < bytes.count && bytes[k] != UInt8(ascii: ")") { k += 1 }
                let type = String(decoding: bytes[(j + 2)..<min(k, bytes.count)], as: UTF8.self)
                if EntityType(rawValue: type) != nil {
                    let lo = text.count
                    text.append(contentsOf: bytes[(i + 1)..<j])
                    gold.append(Span(lo: lo, hi: text.count, type: type))
                    i = k + 1
                    continue
                }
                printError("line \(number): unknown type \(type)\n")
            }
        }
        text.append(bytes[i])
        i += 1
    }
    return Paragraph(text: String(decoding: text, as: UTF8.self), gold: gold, line: number)
}

func load(_ path: String) -> [Paragraph] {
    guard let contents = readFile(path) else {
        printError("entity-eval: cannot read \(path)\n")
        exit(1)
    }
    var result: [Paragraph] = []
    for (n, line) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let s = String(line)
        if s.trimmingSpaces.isEmpty || s.hasPrefix("#") || s.hasPrefix("<!--") { continue }
        if let p = parse(line: s, number: n + 1) { result.append(p) }
    }
    return result
}

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
    let paragraphs = load(path)
    let recognizer = EntityRecognizer()
    var tp: [String: Int] = [:], fp: [String: Int] = [:], fn: [String: Int] = [:]
    var errors: [String] = []
    for p in paragraphs {
        let mentions = recognizer.recognize(text: p.text, blocks: [0..<p.text.utf8.count], firstPosition: 0)
        let predicted = Set(mentions.map { Span(lo: $0.range.lowerBound, hi: $0.range.upperBound, type: $0.type.rawValue) })
        let gold = Set(p.gold)
        for s in predicted {
            if gold.contains(s) { tp[s.type, default: 0] += 1 } else {
                fp[s.type, default: 0] += 1
                errors.append("line \(p.line): FP \(s.type) “\(p.text.bytes(s.lo, s.hi))”")
            }
        }
        for s in gold where !predicted.contains(s) {
            fn[s.type, default: 0] += 1
            errors.append("line \(p.line): FN \(s.type) “\(p.text.bytes(s.lo, s.hi))”")
        }
    }
    print("entity-eval: \(paragraphs.count) paragraphs, \(paragraphs.reduce(0) { $0 + $1.gold.count }) gold mentions (\(path))")
    print("\(pad("type", 9)) \(pad("gold", 6)) \(pad("found", 6)) \(pad("P", 7)) \(pad("R", 7)) F1")
    var totals = (tp: 0, fp: 0, fn: 0)
    func row(_ name: String, _ t: Int, _ f: Int, _ m: Int) {
        let p = t + f == 0 ? 0 : Double(t) / Double(t + f)
        let r = t + m == 0 ? 0 : Double(t) / Double(t + m)
        let f1 = p + r == 0 ? 0 : 2 * p * r / (p + r)
        print("\(pad(name, 9)) \(pad(String(t + m), 6)) \(pad(String(t + f), 6)) \(pad(fmt(p), 7)) \(pad(fmt(r), 7)) \(fmt(f1))")
    }
    for type in EntityType.allCases {
        let k = type.rawValue
        let t = tp[k, default: 0], f = fp[k, default: 0], m = fn[k, default: 0]
        if t + f + m == 0 { continue }
        row(k, t, f, m)
        totals.tp += t; totals.fp += f; totals.fn += m
    }
    var ppo = (tp: 0, fp: 0, fn: 0)
    for k in ["PERSON", "ORG", "PLACE"] {
        ppo.tp += tp[k, default: 0]; ppo.fp += fp[k, default: 0]; ppo.fn += fn[k, default: 0]
    }
    row("PER+ORG+PLACE", ppo.tp, ppo.fp, ppo.fn)
    row("overall", totals.tp, totals.fp, totals.fn)
    if verbose {
        print("\nerrors (\(errors.count)):")
        for e in errors { print("  " + e) }
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
