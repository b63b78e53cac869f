#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock on `<index>/.lock`, held for a writer's lifetime, so two `gazette index` runs
/// cannot interleave commits. Readers never take it: they only read committed, immutable files.
final class IndexLock: Sendable {
    private let descriptor: Int32

    init(directory: String) throws(IndexError) {
        let path = directory + "/.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, operation: "open lock file", errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { throw .locked(directory: directory) }
            throw .io(path: path, operation: "lock", errno: code)
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
