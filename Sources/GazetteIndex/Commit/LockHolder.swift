#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who holds an index's write lock: the record a writer puts in `<index>/.lock` once `flock` has given it the
/// lock, so that a second writer can name it. `flock` alone decides who holds the lock; the record is only
/// a description, and one that may be stale (a killed writer cannot clear it) or half-written, so a reader
/// believes it only when it parses, its checksum matches and the process it names is still the one that
/// wrote it (same pid *and* same start time, so a reused pid is not mistaken for the writer).
///
///     gazette-lock 1
///     pid 4242
///     start 8812345            (the process's start time, clock ticks since boot: /proc/<pid>/stat field 22)
///     host build-7
///     since 1764400000         (when it took the lock, Unix seconds)
///     command gazette index
///     crc 1a2b3c4d             (CRC-32 of the lines above, hex)
public struct LockHolder: Sendable, Equatable, CustomStringConvertible {
    public var pid: Int32
    /// nil where the system does not say (no /proc): the pid alone is then trusted.
    public var startTime: UInt64?
    public var host: String
    public var since: Int64
    /// The program and its subcommand, e.g. `gazette index`.
    public var command: String

    public init(pid: Int32, startTime: UInt64?, host: String, since: Int64, command: String) {
        self.pid = pid
        self.startTime = startTime
        self.host = host
        self.since = since
        self.command = command
    }

    /// This process, as it describes itself in the lock file.
    static func current() -> LockHolder {
        let pid = getpid()
        let arguments = CommandLine.arguments
        var command = arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
        if arguments.count > 1, !arguments[1].hasPrefix("-") { command += " " + arguments[1] }
        return LockHolder(
            pid: pid, startTime: ProcessTable.startTime(of: pid), host: ProcessTable.hostName(),
            since: Int64(time(nil)), command: command)
    }

    /// The program's name: the first word of `command`.
    public var program: String {
        String(command.split(separator: " ").first ?? "")
    }

    func serialized() -> [UInt8] {
        // Newlines inside a field would break the line structure; a host or program name never has one.
        func clean(_ text: String) -> String { String(text.map { $0.isNewline ? " " : $0 }) }
        var text = "gazette-lock 1\npid \(pid)\n"
        if let startTime { text += "start \(startTime)\n" }
        text += "host \(clean(host))\nsince \(since)\ncommand \(clean(command))\n"
        let body = Array(text.utf8)
        let crc = body.withUnsafeBytes { CRC32.checksum($0) }
        return body + Array("crc \(String(crc, radix: 16))\n".utf8)
    }

    /// The record in `bytes`, or nil for anything else: an empty file (released cleanly), a record being
    /// rewritten, garbage. Never throws: a lock file's content never stops anyone.
    static func parse(_ bytes: [UInt8]) -> LockHolder? {
        guard let text = String(validating: bytes, as: UTF8.self), text.hasSuffix("\n") else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.first == "gazette-lock 1", let crcLine = lines.popLast(), crcLine.hasPrefix("crc "),
              let stored = UInt32(crcLine.dropFirst(4), radix: 16)
        else { return nil }
        let bodyLength = bytes.count - crcLine.utf8.count - 1
        let computed = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<bodyLength])) }
        guard computed == stored else { return nil }
        var pid: Int32?, start: UInt64?, host: String?, since: Int64?, command: String?
        for line in lines.dropFirst() {
            guard let space = line.firstIndex(of: " ") else { return nil }
            let value = line[line.index(after: space)...]
            switch line[..<space] {
            case "pid": pid = Int32(value)
            case "start": start = UInt64(value)
            case "host": host = String(value)
            case "since": since = Int64(value)
            case "command": command = String(value)
            default: continue
            }
        }
        guard let pid, pid > 0, let host, let since, let command else { return nil }
        return LockHolder(pid: pid, startTime: start, host: host, since: since, command: command)
    }

    /// Whether the process named is still the one that wrote the record. A record from another host cannot be
    /// checked and is taken at its word (flock says someone holds the lock; this is its own description).
    var isRunning: Bool {
        guard host == ProcessTable.hostName() else { return true }
        guard ProcessTable.exists(pid) else { return false }
        guard let startTime, let actual = ProcessTable.startTime(of: pid) else { return true }
        return actual == startTime
    }

    /// `gazette pid 4242 (gazette index, since 14:02:11)`, with the host when it is not this one.
    public var description: String {
        var text = (program.isEmpty ? "process" : program) + " pid \(pid)"
        if host != ProcessTable.hostName() { text += " on host '\(host)'" }
        var details: [String] = []
        if !command.isEmpty { details.append(command) }
        if let clock = Self.clockTime(since) { details.append("since " + clock) }
        if !details.isEmpty { text += " (" + details.joined(separator: ", ") + ")" }
        return text
    }

    private static func clockTime(_ seconds: Int64) -> String? {
        var value = time_t(seconds)
        var parts = tm()
        guard localtime_r(&value, &parts) != nil else { return nil }
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}

/// What the system says about processes, for telling a live lock holder from a dead one.
enum ProcessTable {
    /// Whether a process with this pid exists (possibly one that reused the pid).
    static func exists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// The process's start time in clock ticks since boot, field 22 of /proc/<pid>/stat; nil without /proc.
    static func startTime(of pid: Int32) -> UInt64? {
        guard let bytes = readSmallFile("/proc/\(pid)/stat"),
              let close = bytes.lastIndex(of: UInt8(ascii: ")"))
        else { return nil }
        // The command name in parentheses may hold spaces and parentheses: fields are counted after the last ')'.
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        // fields[0] is field 3 (state), so field 22 is fields[19].
        guard fields.count > 19 else { return nil }
        return UInt64(String(decoding: fields[19], as: UTF8.self))
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Up to 64 KB of a file, or nil when it cannot be read.
    static func readSmallFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readAll(fd)
    }

    /// Reads from offset 0 to the end (at most 64 KB) of an open file.
    static func readAll(_ fd: Int32) -> [UInt8]? {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while result.count < 65536 {
            let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(result.count)) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            result += chunk[0..<count]
        }
        return result
    }
}
