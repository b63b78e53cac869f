#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a writer does when another process holds the index's lock.
public enum LockWaiting: Sendable, Equatable {
    /// Fail at once with `IndexError.locked`, naming the holder.
    case fail
    /// Wait until the lock is free; with a timeout, fail with `IndexError.lockTimedOut` after it.
    case wait(timeout: Duration?)
}

/// An exclusive advisory lock on `<index>/.lock`, held for a writer's lifetime, so two writers cannot
/// interleave commits. Readers never take it: they only read committed, immutable files.
///
/// `flock` is the arbiter: the kernel drops the lock when its holder dies, however it dies, so a killed
/// writer never leaves the index locked. Once it holds the lock, a writer writes a `LockHolder` record into
/// the file (one `pwrite` from offset 0, then `ftruncate` to its length) for a second writer to name it, and
/// empties the file again when it lets go; a killed writer's record stays behind, and is recognised as stale
/// because the process it names is gone (or is another process under a reused pid).
final class IndexLock: DirectoryLock {
    static let fileName = ".lock"
    /// How long a refused writer keeps re-reading the record of a holder that has just taken the lock and has
    /// not written it yet (or whose file still holds a dead writer's record) before calling the holder unknown.
    static let recordGrace: Duration = .milliseconds(300)
    static let pollInterval: Duration = .milliseconds(20)

    private let descriptor: Int32

    /// Takes the lock. `onWait` is called once, with the holder, when `waiting` makes this wait for it.
    init(
        directory: String, waiting: LockWaiting = .fail, onWait: (LockHolder?) -> Void = { _ in }
    ) throws(IndexError) {
        let path = directory + "/" + Self.fileName
        var deadline: ContinuousClock.Instant?
        if case .wait(let timeout?) = waiting { deadline = .now + timeout }
        var notified = false
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .io(path: path, operation: "open lock file", errno: errno) }
            do {
                try Self.acquire(fd, path: path, directory: directory, waiting: waiting, deadline: deadline) { holder in
                    if !notified { onWait(holder) }
                    notified = true
                }
            } catch {
                close(fd)
                throw error
            }
            // The file may have been unlinked or replaced (by hand) between open and flock: a lock on an inode
            // that is no longer `.lock` excludes nobody, so take the lock again on the file now there.
            guard Self.isStillTheLockFile(fd, path: path) else {
                close(fd)
                continue
            }
            descriptor = fd
            let record = LockHolder.current().serialized()
            record.withUnsafeBytes { _ = pwrite(fd, $0.baseAddress, $0.count, 0) }
            _ = ftruncate(fd, off_t(record.count))
            return
        }
    }

    deinit {
        // Empty the record first, so no one reading the file afterwards takes this process for the holder.
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Returns once `fd` holds the lock; throws `locked` or `lockTimedOut` when it is not to be had.
    private static func acquire(
        _ fd: Int32, path: String, directory: String, waiting: LockWaiting, deadline: ContinuousClock.Instant?,
        onWait: (LockHolder?) -> Void
    ) throws(IndexError) {
        if try tryLock(fd, path: path) { return }
        var acquired = false
        let holder = try currentHolder(fd, path: path, acquired: &acquired)
        if acquired { return }
        guard case .wait(let timeout) = waiting else { throw .locked(directory: directory, holder: holder) }
        onWait(holder)
        guard let deadline, let timeout else { return try blockingLock(fd, path: path) }
        if try poll(fd, path: path, until: deadline) { return }
        throw .lockTimedOut(directory: directory, holder: readHolder(fd) ?? holder, waited: timeout)
    }

    private static func tryLock(_ fd: Int32, path: String) throws(IndexError) -> Bool {
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return true }
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK { return false }
            throw .io(path: path, operation: "lock", errno: code)
        }
    }

    private static func blockingLock(_ fd: Int32, path: String) throws(IndexError) {
        while flock(fd, LOCK_EX) != 0 {
            let code = errno
            if code == EINTR { continue }
            throw .io(path: path, operation: "lock", errno: code)
        }
    }

    /// Tries the lock every `pollInterval` until `deadline`.
    private static func poll(_ fd: Int32, path: String, until deadline: ContinuousClock.Instant) throws(IndexError) -> Bool {
        while ContinuousClock.now < deadline {
            if try tryLock(fd, path: path) { return true }
            sleep(for: min(pollInterval, deadline - .now))
        }
        return try tryLock(fd, path: path)
    }

    /// The live holder's record, re-read for a short grace period while the holder may not have written it
    /// yet; sets `acquired` (and returns nil) if the lock comes free meanwhile.
    private static func currentHolder(_ fd: Int32, path: String, acquired: inout Bool) throws(IndexError) -> LockHolder? {
        let deadline = ContinuousClock.now + recordGrace
        while true {
            if let holder = readHolder(fd) { return holder }
            guard ContinuousClock.now < deadline else { return nil }
            sleep(for: pollInterval)
            if try tryLock(fd, path: path) {
                acquired = true
                return nil
            }
        }
    }

    /// A record that parses and names a process still running, or nil.
    private static func readHolder(_ fd: Int32) -> LockHolder? {
        guard let bytes = ProcessTable.readAll(fd), let holder = LockHolder.parse(bytes), holder.isRunning else {
            return nil
        }
        return holder
    }

    private static func isStillTheLockFile(_ fd: Int32, path: String) -> Bool {
        var opened = stat(), named = stat()
        guard fstat(fd, &opened) == 0, stat(path, &named) == 0 else { return false }
        return opened.st_dev == named.st_dev && opened.st_ino == named.st_ino
    }

    static func sleep(for duration: Duration) {
        guard duration > .zero else { return }
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
