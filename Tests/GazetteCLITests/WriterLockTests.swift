import Foundation
import Testing

@Suite("Two gazette processes writing one index: the second is told who holds it, or waits")
struct WriterLockTests {
    /// An index of the sample corpus, and beside it a corpus three times as big, so that the next
    /// `gazette index` has several seconds of work (in a debug build) during which it holds the lock.
    func prepare() throws -> (scratch: String, corpus: String, index: String) {
        let scratch = GazetteProcess.temporaryDirectory()
        let corpus = scratch + "/corpus"
        let index = scratch + "/index"
        try FileManager.default.copyItem(atPath: GazetteProcess.corpus, toPath: corpus)
        let first = try GazetteProcess.run(["index", corpus, "--index", index, "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        let files = FileManager.default.enumerator(atPath: GazetteProcess.corpus)!.compactMap { $0 as? String }
            .filter { file in
                var isDirectory: ObjCBool = false
                FileManager.default.fileExists(atPath: GazetteProcess.corpus + "/" + file, isDirectory: &isDirectory)
                return !isDirectory.boolValue
            }
        #expect(files.count == 30)
        for copy in 1...3 {
            try FileManager.default.createDirectory(atPath: corpus + "/copy\(copy)", withIntermediateDirectories: true)
            for file in files {
                try FileManager.default.copyItem(
                    atPath: GazetteProcess.corpus + "/" + file,
                    toPath: corpus + "/copy\(copy)/" + file.replacingOccurrences(of: "/", with: "-"))
            }
        }
        return (scratch, corpus, index)
    }

    /// Starts `gazette index` and returns once it holds the lock (its record is in the lock file).
    func startHolder(_ corpus: String, _ index: String, scratch: String) throws -> BackgroundGazette {
        let holder = try BackgroundGazette(["index", corpus, "--index", index, "--quiet"], scratch: scratch)
        let locked = BackgroundGazette.poll(seconds: 60) {
            let record = (try? String(contentsOfFile: index + "/.lock", encoding: .utf8)) ?? ""
            return record.contains("\npid \(holder.pid)\n") || !holder.process.isRunning
        }
        #expect(locked && holder.process.isRunning, "the first writer never held the lock while running")
        return holder
    }

    func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

    @Test func aSecondWriterNamesTheHolderAndAWaiterProceedsAfterIt() throws {
        let (scratch, corpus, index) = try prepare()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let holder = try startHolder(corpus, index, scratch: scratch)
        // Stopped, it holds the lock for as long as the test needs.
        kill(holder.pid, SIGSTOP)
        defer { kill(holder.pid, SIGCONT) }

        let started = Date()
        let second = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(second.status == 2)
        #expect(second.stdout.isEmpty)
        #expect(lines(second.stderr).count == 1, "\(second.stderr)")
        #expect(second.stderr.hasPrefix("gazette: error: index '\(index)' is locked by gazette pid \(holder.pid) (gazette index, since "))
        #expect(second.stderr.contains("--wait"))

        let optimize = try GazetteProcess.run(["optimize", "--index", index])
        #expect(optimize.status == 2)
        #expect(lines(optimize.stderr).count == 1)
        #expect(optimize.stderr.contains("locked by gazette pid \(holder.pid)"), "\(optimize.stderr)")

        let timedOut = try GazetteProcess.run(["index", corpus, "--index", index, "--wait-timeout", "0.3"])
        #expect(timedOut.status == 2)
        #expect(timedOut.stderr.contains("waiting for gazette pid \(holder.pid)"))
        #expect(lines(timedOut.stderr).last?.contains("still locked by gazette pid \(holder.pid)") == true, "\(timedOut.stderr)")

        let waiter = try BackgroundGazette(["index", corpus, "--index", index, "--wait"], scratch: scratch)
        #expect(BackgroundGazette.poll(seconds: 30) { waiter.stderr.contains("waiting for gazette pid \(holder.pid)") })
        #expect(waiter.process.isRunning)
        kill(holder.pid, SIGCONT)
        #expect(holder.wait() == 0)
        #expect(waiter.wait() == 0, "\(waiter.stderr)")
        // The holder indexed everything; the waiter, running after it, found nothing left to do.
        #expect(waiter.stdout.contains(": 0 added, 0 updated, 0 deleted, 120 unchanged"), "\(waiter.stdout)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: index + "/.lock")).isEmpty)
        #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
    }

    @Test func aKilledWritersLockIsTakenOverAndItsPidNeverNamed() throws {
        let (scratch, corpus, index) = try prepare()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let holder = try startHolder(corpus, index, scratch: scratch)
        let dead = holder.pid
        kill(dead, SIGKILL)
        _ = holder.wait()
        // The killed writer's record stays in the lock file; the kernel has released its flock.
        let stale = try String(contentsOfFile: index + "/.lock", encoding: .utf8)
        #expect(stale.contains("\npid \(dead)\n"))

        // Someone else holds the lock without a record of its own (as any writer does for an instant after it
        // takes the lock): the record of the dead writer must not be passed off as the holder.
        let fd = open(index + "/.lock", O_RDWR | O_CLOEXEC)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        let refused = try GazetteProcess.run(["index", corpus, "--index", index])
        close(fd)
        #expect(refused.status == 2)
        #expect(lines(refused.stderr).count == 1)
        #expect(refused.stderr.contains("is locked by another process"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("\(dead)"))

        let next = try GazetteProcess.run(["index", corpus, "--index", index])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.isEmpty)
        #expect(next.stdout.contains("; 120 documents in "), "\(next.stdout)")
        #expect(try GazetteProcess.run(["verify", "--index", index]).status == 0)
        // Every document is there once per copy.
        let sample = try GazetteProcess.run(["search", "ceasefire", "--count", "--index", GazetteProcess.sharedIndex])
        let all = try GazetteProcess.run(["search", "ceasefire", "--count", "--index", index])
        #expect(Int(all.stdout.dropLast()) == 4 * (Int(sample.stdout.dropLast()) ?? -1))
    }

    @Test func garbageInTheLockFileStopsNoOne() throws {
        let scratch = GazetteProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let index = scratch + "/index"
        try FileManager.default.createDirectory(atPath: index, withIntermediateDirectories: true)
        try Data("gazette-lock 1\npid 1\nhost x\nsince 0\ncommand gazette index\ncrc 0\n\u{0}\u{FF}".utf8)
            .write(to: URL(fileURLWithPath: index + "/.lock"))
        let run = try GazetteProcess.run(["index", GazetteProcess.corpus, "--index", index, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: index + "/.lock")).isEmpty)
    }
}
