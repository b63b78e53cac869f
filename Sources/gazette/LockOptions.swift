import ArgumentParser
import GazetteIndex

/// What a writing command does when another gazette process is writing the same index: fail at once (naming
/// that process), or with --wait wait for it to finish.
struct LockOptions: ParsableArguments {
    @Flag(name: .long, help: "If another gazette process is writing the index, wait for it to finish instead of failing.")
    var wait = false

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Wait as --wait does, but give up after this many seconds.", valueName: "seconds"))
    var waitTimeout: Double?

    func validate() throws {
        if let waitTimeout, !(waitTimeout >= 0 && waitTimeout.isFinite) {
            throw ValidationError("--wait-timeout must be 0 or more seconds")
        }
    }

    var waiting: LockWaiting {
        guard wait || waitTimeout != nil else { return .fail }
        // Beyond about 30 years a timeout is as good as none, and the conversion to milliseconds cannot overflow.
        return .wait(timeout: waitTimeout.map { .milliseconds(Int((min($0, 1e9) * 1000).rounded())) })
    }

    /// Tells the user, on stderr, why nothing happens for a while.
    func announceWait(index: String, quiet: Bool) -> (LockHolder?) -> Void {
        { holder in
            guard !quiet else { return }
            Console.warn(Terminal.sanitizeLine(
                "gazette: waiting for \(holder?.description ?? "another process") to finish writing '\(index)'"))
        }
    }
}
