import ArgumentParser
import GazetteSearch

/// `--json` and `--format text|json|ndjson|csv`, for the commands that print results scripts read.
struct OutputFormatOptions: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON object instead of text (as --format json).")
    var json = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "text, json, ndjson (one JSON object a line) or csv (RFC 4180 with a header row; formula-like cells neutralised).",
            valueName: "format"))
    var format: ExportFormat?

    var resolved: ExportFormat { format ?? (json ? .json : .text) }

    func validate() throws {
        if json, let format, format != .json {
            throw ValidationError("--json and --format \(format.rawValue) ask for different outputs; give one of them")
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
