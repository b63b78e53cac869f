import ArgumentParser
import GazetteIndex
import GazetteIngest

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index a directory of .txt/.md/.html articles (rebuilds the index).")

    @Argument(help: "The corpus directory to index.")
    var corpus: String

    @Option(name: .long, help: "Index folder to write.")
    var index: String = "index"

    @Flag(name: .shortAndLong, help: "Print warnings and errors only.")
    var quiet = false

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let walker = CorpusWalker(root: corpus)
        var skipped = 0
        let files: [CorpusFile]
        do {
            files = try walker.files { warning in
                skipped += 1
                Console.warn(Terminal.sanitizeLine(warning.description))
            }
        } catch {
            throw Console.fail(error.description)
        }
        let writer: IndexWriter
        do {
            writer = try IndexWriter(directory: index)
        } catch {
            throw Console.fail(error.description)
        }
        var bytesRead: Int64 = 0
        for file in files {
            do {
                let document = try DocumentReader.read(file)
                writer.add(DocumentToIndex(
                    path: file.relativePath, title: document.title, text: document.text, blocks: document.blocks))
                bytesRead += file.size
            } catch {
                skipped += 1
                Console.warn(Terminal.sanitizeLine("warning: skipped " + error.description))
            }
        }
        do {
            try writer.commit()
        } catch {
            throw Console.fail(error.description)
        }
        let elapsed = clock.now - started
        if !quiet {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let megabytes = Double(bytesRead) / 1_048_576
            Console.write(
                "indexed \(writer.documentCount) documents (\(formatNumber(megabytes, 1)) MB) into \(Terminal.sanitizeLine(index))/"
                    + " in \(formatNumber(seconds, 2)) s"
                    + (skipped > 0 ? ", \(skipped) skipped" : "") + "\n")
        }
    }
}

func formatNumber(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let fraction = text[text.index(after: dot)...]
        if fraction.count < decimals { text += String(repeating: "0", count: decimals - fraction.count) }
    } else if decimals > 0 {
        text += "." + String(repeating: "0", count: decimals)
    }
    return text
}
