#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a pthread mutex, with the API of `Synchronization.Mutex`.
///
/// Why not `Mutex` itself: on Linux its contended path hands the lock over inside the kernel (a priority-
/// inheritance futex), where ThreadSanitizer cannot see it, so every contended `withLock` reads as a data race
/// and `make sanitize` would drown real races in false ones. TSan intercepts `pthread_mutex_lock`, and an
/// uncontended pthread mutex costs about the same (one atomic exchange each way).
public final class Locked<Value>: @unchecked Sendable {
    // A pthread mutex must not move, so it lives in its own allocation rather than in a stored property.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    // Only touched with `mutex` held; `sending` in and out keeps non-Sendable contents from escaping unlocked.
    private var value: Value

    public init(_ initialValue: consuming sending Value) {
        value = initialValue
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public func withLock<Result, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
