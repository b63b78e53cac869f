// entity-eval: measures GazetteEntities against the hand-annotated set, and its speed.
//
//   entity-eval [eval/annotated.md] [--verbose]   precision, recall, F1 per type and overall (exact span + type)
//   entity-eval --bench [DIR] [--seconds S]       annotates every file under DIR (default corpus/) repeatedly, MB/s
//
// The mentions in a file: `gazette annotate FILE`. The bench reads DIR as `gazette index` does (CorpusWalker and
// DocumentReader: the same files, the same extracted text and blocks).
//
// Annotation format (eval/GUIDELINES.md): one paragraph per line, entities as [text](TYPE); lines that are empty
// or start with "#" or "<!--" are skipped.

import GazetteAnalysis
import GazetteEntities
import GazetteIngest

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

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func bench(dir: String, seconds: Double) {
    var docs: [(text: String, blocks: [Range<Int>])] = []
    let files: [CorpusFile]
    do {
        files = try CorpusWalker(root: dir).files { printError("entity-eval: \($0.description)\n") }
    } catch {
        printError("entity-eval: \(error.description)\n")
        exit(1)
    }
    for file in files {
        do {
            let document = try DocumentReader.read(file)
            docs.append((document.text, document.blocks))
        } catch {
            printError("entity-eval: \(error.description)\n")
        }
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
if let i = args.firstIndex(of: "--bench") {
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
