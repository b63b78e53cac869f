#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Runs a piece of work for each index of a range on the calling thread and on threads started for the call,
/// each thread taking the next index none has taken yet.
///
/// The threads are pthreads of their own, not Dispatch's pool: the common caller is a one-shot search, where the
/// first use of Dispatch (its queues and workers set up) costs about as much as the work it would share, and a
/// thread started directly costs a fraction of that.
enum ParallelWork {
    /// `body(0..<count)` in index order, computed on `threads` threads (this one among them). A thread that cannot
    /// be started leaves its share to the others.
    static func map<Output>(count: Int, threads: Int, _ body: @escaping (Int) -> Output) -> [Output] {
        map(count: count, threads: threads, state: { () }) { _, index in body(index) }
    }

    /// `map`, with a `State` that each thread makes once (`state()`) and hands to `body` for each index it takes:
    /// scratch that is costly to make afresh for every index, such as an `Analyzer`, whose table of scalars is a
    /// quarter of a megabyte once text outside ASCII is met.
    static func map<State, Output>(
        count: Int, threads: Int, state: @escaping () -> State, _ body: @escaping (inout State, Int) -> Output
    ) -> [Output] {
        let job = Job(count: count, state: state, body: body)
        var started: [pthread_t] = []
        if count > 1 {
            for _ in 1..<min(threads, count) {
                guard let thread = Self.start(job) else { break }
                started.append(thread)
            }
        }
        job.work()
        for thread in started { pthread_join(thread, nil) }
        return job.results()
    }

    /// Starts a thread that works on `job`; nil when the system refuses one.
    private static func start(_ job: some Workable) -> pthread_t? {
        let runner = Unmanaged.passRetained(Runner(job)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let status = pthread_create(&thread, nil, { context in
            let runner = Unmanaged<Runner>.fromOpaque(context!).takeRetainedValue()
            runner.job.work()
            return nil
        }, runner)
        guard status == 0 else {
            Unmanaged<Runner>.fromOpaque(runner).release()
            return nil
        }
        #if canImport(Glibc)
        return thread
        #else
        return thread
        #endif
    }

    /// What a started thread runs: a job, whatever its output type.
    private protocol Workable: AnyObject, Sendable {
        func work()
    }

    /// Unchecked Sendable: `job` is only ever asked to `work`, which is safe from any thread.
    private final class Runner: @unchecked Sendable {
        let job: any Workable
        init(_ job: any Workable) { self.job = job }
    }

    /// The indices still to take and where each output goes. Unchecked Sendable: each index is taken by exactly
    /// one thread (`next`), which alone writes its slot, and `results()` is read after every thread is joined.
    private final class Job<State, Output>: Workable, @unchecked Sendable {
        private let count: Int
        private let state: () -> State
        private let body: (inout State, Int) -> Output
        private let next = Atomic<Int>(0)
        private let slots: UnsafeMutablePointer<Output?>

        init(count: Int, state: @escaping () -> State, body: @escaping (inout State, Int) -> Output) {
            self.count = count
            self.state = state
            self.body = body
            slots = .allocate(capacity: max(count, 1))
            slots.initialize(repeating: nil, count: max(count, 1))
        }

        deinit {
            slots.deinitialize(count: max(count, 1))
            slots.deallocate()
        }

        func work() {
            var index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < count else { return }
            var scratch = state()
            while index < count {
                slots[index] = body(&scratch, index)
                index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            }
        }

        func results() -> [Output] {
            (0..<count).map { slots[$0]! }
        }
    }
}
