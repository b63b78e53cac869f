#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Fault injection for the crash-safety test: `GAZETTE_KILL_AT=<point>:<n>` makes the process SIGKILL itself
/// the n-th time (counting from 1, over all threads) it reaches the named point, so that a kill is certain to
/// land in a phase that random timing rarely hits (a manifest rename lasts microseconds). The variable is read
/// once; when it is unset, reaching a point costs one test of a constant.
enum CrashPoint: String, CaseIterable, Sendable {
    /// A document added to a segment builder (parsing and inverting).
    case document
    /// A segment file written by a flush: the process dies with half of the file written.
    case flush
    /// A segment file written by a merge: dies with half of the file written.
    case merge
    /// A deletion file written by a commit: dies with half of the file written.
    case deletions
    /// The entity resolution file written by a commit: dies with half of it written.
    case resolution
    /// The temporary manifest written by a commit: dies with half of it written.
    case manifest
    /// Just after a new manifest was renamed into place, before the folder is fsynced.
    case rename
    /// An unreferenced file removed after a commit.
    case sweep

    private final class Trigger: Sendable {
        let point: CrashPoint
        let occurrence: Int
        let reached = Atomic<Int>(0)

        init?(_ value: UnsafePointer<CChar>?) {
            guard let value else { return nil }
            let parts = String(cString: value).split(separator: ":")
            guard parts.count == 2, let point = CrashPoint(rawValue: String(parts[0])),
                  let occurrence = Int(parts[1]), occurrence >= 1
            else { return nil }
            self.point = point
            self.occurrence = occurrence
        }
    }

    private static let trigger = Trigger(getenv("GAZETTE_KILL_AT"))

    /// Whether this reach of the point is the one to die at; the caller then does its partial work and calls `die`.
    func isFatal() -> Bool {
        guard let trigger = Self.trigger, trigger.point == self else { return false }
        return trigger.reached.wrappingAdd(1, ordering: .relaxed).newValue == trigger.occurrence
    }

    /// Dies here if this reach of the point is the armed one.
    func reach() {
        if isFatal() { Self.die() }
    }

    /// SIGKILL, as from outside: no handler, no buffers flushed, no cleanup.
    static func die() -> Never {
        kill(getpid(), SIGKILL)
        // SIGKILL to oneself is delivered before kill returns; this is never reached.
        abort()
    }
}
