#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GazetteIndex
import Synchronization

/// A directory that passes everything to another one and injects one fault at a chosen step of the writer
/// (`IndexStep`): it stops the process with SIGKILL the n-th time the step is reached — a file being written
/// for it is cut to half its bytes first, as a crash in the middle of writing it would leave it — or makes
/// writes of the step's files fail with an errno, from the n-th write on, as a full disk would.
///
/// Test code only (the crash-safety harness, the error tests): the shipped binary has no fault injection.
public final class FaultInjectingDirectory: Directory {
    public struct Fault: Sendable, Equatable, CustomStringConvertible {
        public enum Action: Sendable, Equatable {
            /// SIGKILL, as from outside: no handler, no buffers flushed, no cleanup.
            case kill
            /// Writes fail with this errno (ENOSPC, EIO…).
            case fail(errno: Int32)
        }

        public var step: IndexStep
        /// Counting from 1, over all threads: the n-th reach of the step (for a file, the n-th file written for
        /// it, counted when its bytes are all written), or the n-th write of its files.
        public var occurrence: Int
        public var action: Action

        public init(step: IndexStep, occurrence: Int, action: Action) {
            self.step = step
            self.occurrence = max(1, occurrence)
            self.action = action
        }

        /// A kill plan as `<step>:<n>` (`flush:3`), the form the crash harness takes.
        public init?(killAt text: String) {
            let parts = text.split(separator: ":")
            guard parts.count == 2, let step = IndexStep(rawValue: String(parts[0])), let occurrence = Int(parts[1]),
                  occurrence >= 1
            else { return nil }
            self.init(step: step, occurrence: occurrence, action: .kill)
        }

        public var description: String {
            switch action {
            case .kill: "\(step.rawValue):\(occurrence)"
            case .fail(let code): "\(step.rawValue) write \(occurrence) fails with errno \(code)"
            }
        }
    }

    public let inner: any Directory
    public let fault: Fault?
    private let count = Atomic<Int>(0)

    public init(wrapping inner: any Directory, fault: Fault?) {
        self.inner = inner
        self.fault = fault
    }

    public var path: String { inner.path }

    public func create() throws(IndexError) { try inner.create() }

    public func openInput(_ name: String) throws(IndexError) -> MappedFile { try inner.openInput(name) }

    public func createOutput(_ name: String, for step: IndexStep) throws(IndexError) -> any WritableFile {
        let file = try inner.createOutput(name, for: step)
        guard let fault, fault.step == step else { return file }
        return FaultInjectingFile(file, fault: fault, directory: self)
    }

    public func writeFile(_ name: String, bytes: [UInt8], for step: IndexStep) throws(IndexError) {
        if let fault, fault.step == step {
            switch fault.action {
            case .kill:
                if isNext() {
                    try? inner.writeFile(name, bytes: Array(bytes.prefix(bytes.count / 2)), for: step)
                    Self.die()
                }
            case .fail(let code):
                if isFailing() { throw .io(path: path(of: name), operation: "write", errno: code) }
            }
        }
        try inner.writeFile(name, bytes: bytes, for: step)
    }

    public func sync() throws(IndexError) { try inner.sync() }

    public func rename(_ from: String, to: String) throws(IndexError) { try inner.rename(from, to: to) }

    public func names() -> [String] { inner.names() }

    public func delete(_ name: String) { inner.delete(name) }

    public func fileExists(_ name: String) -> Bool { inner.fileExists(name) }

    public func fileSize(_ name: String) -> Int64? { inner.fileSize(name) }

    public func obtainLock(
        waiting: LockWaiting, onWait: (LockHolder?) -> Void
    ) throws(IndexError) -> any DirectoryLock {
        try inner.obtainLock(waiting: waiting, onWait: onWait)
    }

    public func reached(_ step: IndexStep) {
        inner.reached(step)
        if let fault, fault.step == step, fault.action == .kill, isNext() { Self.die() }
    }

    /// Counts a reach (or a write) of the armed step; true for the n-th.
    fileprivate func isNext() -> Bool {
        count.wrappingAdd(1, ordering: .relaxed).newValue == fault?.occurrence
    }

    /// Counts a write of the armed step; true from the n-th on.
    fileprivate func isFailing() -> Bool {
        count.wrappingAdd(1, ordering: .relaxed).newValue >= fault?.occurrence ?? .max
    }

    static func die() -> Never {
        kill(getpid(), SIGKILL)
        // SIGKILL to oneself is delivered before kill returns; this is never reached.
        abort()
    }
}

/// A file written for the armed step of a `FaultInjectingDirectory`.
final class FaultInjectingFile: WritableFile {
    private let inner: any WritableFile
    private let fault: FaultInjectingDirectory.Fault
    private let directory: FaultInjectingDirectory
    private var written = 0

    init(_ inner: any WritableFile, fault: FaultInjectingDirectory.Fault, directory: FaultInjectingDirectory) {
        self.inner = inner
        self.fault = fault
        self.directory = directory
    }

    var path: String { inner.path }

    func write(_ bytes: UnsafeRawBufferPointer) throws(IndexError) {
        if case .fail(let code) = fault.action, directory.isFailing() {
            throw .io(path: path, operation: "write", errno: code)
        }
        try inner.write(bytes)
        written += bytes.count
    }

    func truncate(to length: Int) throws(IndexError) {
        try inner.truncate(to: length)
        written = min(written, length)
    }

    /// A writer syncs a file once it has written all of it: the moment a kill leaves half of it behind.
    func sync() throws(IndexError) {
        if fault.action == .kill, directory.isNext() {
            try? inner.truncate(to: written / 2)
            FaultInjectingDirectory.die()
        }
        try inner.sync()
    }

    func close() throws(IndexError) { try inner.close() }

    func discard() { inner.discard() }
}
