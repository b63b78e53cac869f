import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteIndex

@Suite("The write lock: one writer at a time, the holder named, stale records never believed")
struct IndexLockTests {
    /// The error a second writer gets, or nil when it got the lock.
    func secondWriter(_ directory: String, waiting: LockWaiting = .fail) -> IndexError? {
        do {
            _ = try IndexWriter(directory: directory, rebuild: false, lockWaiting: waiting)
            return nil
        } catch {
            return error
        }
    }

    /// Holds the lock the way a process that writes no record would (another program, or a writer in the
    /// instant before it writes its record).
    final class BareFlock {
        let descriptor: Int32
        init(_ directory: String) {
            descriptor = open(directory + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            precondition(descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        }
        deinit { close(descriptor) }
    }

    func writeLockFile(_ directory: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/.lock"))
    }

    /// The pid of a process that has exited and been reaped.
    func deadPid() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func aSecondWriterIsRefusedAndTheHolderNamed() throws {
        let directory = TemporaryDirectory()
        let first = try IndexWriter(directory: directory.path, rebuild: false)
        let error = secondWriter(directory.path)
        guard case .locked(let lockedDirectory, let holder?) = error else {
            Issue.record("expected a named holder, got \(String(describing: error))")
            return
        }
        #expect(lockedDirectory == directory.path)
        #expect(holder.pid == getpid())
        #expect(holder.startTime == ProcessTable.startTime(of: getpid()))
        #expect(holder.startTime != nil)
        #expect(holder.host == ProcessTable.hostName())
        #expect(error!.description.contains("is locked by \(holder.program) pid \(getpid())"))
        #expect(error!.description.contains("--wait"))
        withExtendedLifetime(first) {}
    }

    @Test func releasingEmptiesTheRecordAndFreesTheLock() throws {
        let directory = TemporaryDirectory()
        do {
            let writer = try IndexWriter(directory: directory.path, rebuild: false)
            let record = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/.lock"))
            #expect(LockHolder.parse(Array(record))?.pid == getpid())
            withExtendedLifetime(writer) {}
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory.path + "/.lock")).isEmpty)
        #expect(secondWriter(directory.path) == nil)
    }

    @Test func aDeadWritersRecordNeitherBlocksNorNamesAnyone() throws {
        let directory = TemporaryDirectory()
        let dead = LockHolder(
            pid: try deadPid(), startTime: 1, host: ProcessTable.hostName(), since: 0, command: "gazette index")
        try writeLockFile(directory.path, dead.serialized())
        // Nobody holds the flock: the record is stale, and the lock is simply taken.
        #expect(secondWriter(directory.path) == nil)

        // Someone holds the flock and has not (yet) written a record: the dead one is not it.
        try writeLockFile(directory.path, dead.serialized())
        let holder = BareFlock(directory.path)
        #expect(secondWriter(directory.path) == .locked(directory: directory.path, holder: nil))
        #expect(!IndexError.locked(directory: directory.path, holder: nil).description.contains("pid"))
        withExtendedLifetime(holder) {}
    }

    @Test func aReusedPidIsNotTakenForTheWriter() throws {
        let directory = TemporaryDirectory()
        // A live process (this one) under a start time that is not its own: the pid was reused.
        let own = ProcessTable.startTime(of: getpid()) ?? 0
        let reused = LockHolder(
            pid: getpid(), startTime: own + 1, host: ProcessTable.hostName(), since: 0, command: "gazette index")
        try writeLockFile(directory.path, reused.serialized())
        let holder = BareFlock(directory.path)
        #expect(secondWriter(directory.path) == .locked(directory: directory.path, holder: nil))
        withExtendedLifetime(holder) {}
    }

    @Test(arguments: [0, 1, 7, 20, 40])
    func aTornOrDamagedRecordIsIgnored(cut: Int) throws {
        let record = LockHolder(
            pid: getpid(), startTime: ProcessTable.startTime(of: getpid()), host: ProcessTable.hostName(),
            since: 1_700_000_000, command: "gazette index"
        ).serialized()
        #expect(LockHolder.parse(record)?.pid == getpid())
        // A record cut short (being rewritten), one with a byte changed, and a new record over an old, longer one.
        #expect(LockHolder.parse(Array(record.prefix(cut))) == nil)
        var flipped = record
        flipped[min(cut, record.count - 1)] ^= 0x04
        #expect(LockHolder.parse(flipped) == nil)
        #expect(LockHolder.parse(record + Array("pid 99\ncrc 0\n".utf8)) == nil)
        #expect(LockHolder.parse(Array(repeating: 0xFF, count: cut)) == nil)
    }

    @Test func waitingWithATimeoutGivesUpAfterIt() throws {
        let directory = TemporaryDirectory()
        let first = try IndexWriter(directory: directory.path, rebuild: false)
        let started = ContinuousClock.now
        var heard: LockHolder?
        var error: IndexError?
        do {
            _ = try IndexWriter(
                directory: directory.path, rebuild: false, lockWaiting: .wait(timeout: .milliseconds(300)),
                onLockWait: { heard = $0 })
        } catch let caught {
            error = caught
        }
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(300))
        #expect(heard?.pid == getpid())
        guard case .lockTimedOut(_, let holder?, let timeout) = error else {
            Issue.record("expected a timeout, got \(String(describing: error))")
            return
        }
        #expect(holder.pid == getpid())
        #expect(timeout == .milliseconds(300))
        #expect(error!.description.contains("after waiting 0.3 s"))
        withExtendedLifetime(first) {}
    }

    @Test func waitingProceedsOnceTheHolderLetsGo() throws {
        let directory = TemporaryDirectory()
        let released = DispatchSemaphore(value: 0)
        let path = directory.path
        Thread.detachNewThread {
            let first = try? IndexWriter(directory: path, rebuild: false)
            withExtendedLifetime(first) {
                released.signal()
                Thread.sleep(forTimeInterval: 0.3)
            }
        }
        released.wait()
        let started = ContinuousClock.now
        let second = try IndexWriter(directory: path, rebuild: false, lockWaiting: .wait(timeout: nil))
        #expect(ContinuousClock.now - started >= .milliseconds(200))
        let record = try Data(contentsOf: URL(fileURLWithPath: path + "/.lock"))
        #expect(LockHolder.parse(Array(record))?.pid == getpid())
        withExtendedLifetime(second) {}
    }
}
