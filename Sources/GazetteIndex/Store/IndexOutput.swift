/// Where an index file's bytes go while a writer produces them. Bytes pass through a small buffer, are added to
/// the running CRC-32 of the footer on their way, and reach the file whenever the buffer fills: a writer never
/// holds its file in memory, however large the segment (as Lucene's IndexOutput does).
///
/// The bytes go to a `WritableFile` of the index's `Directory`, one buffer at a time. An output can also collect
/// its bytes in memory — for tests, and for the files a segment builder fills while it has no file yet (the
/// stored documents and the catalog, which hold every document's compressed text) — and be moved to its file
/// later with `moveToFile`, which writes what it holds and goes on from there.
///
/// Writes never throw: the first failure of a write is kept, later writes are dropped, and `finish` reports
/// it. An output that fails or is never finished discards its file.
final class IndexOutput {
    let kind: IndexFileFormat.Kind
    /// The file the bytes go to; nil in memory mode, and once finished.
    private var file: (any WritableFile)?
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var buffered = 0
    /// Bytes that left the buffer: written to the file, or kept in `memory`.
    private var drained = 0
    /// In memory mode, the bytes that left the buffer, in chunks of the buffer's size: a contiguous array would
    /// double as it grows, holding old and new copies at once, and could overshoot what it needs by half.
    private var memory: [[UInt8]] = []
    private var memoryHeld = 0
    private var checksum = CRC32()
    private var failure: IndexError?
    private var finished = false

    static let bufferSize = 64 * 1024

    /// An output that keeps its bytes in memory. Writes the header.
    init(kind: IndexFileFormat.Kind, bufferSize: Int = IndexOutput.bufferSize) {
        self.kind = kind
        capacity = max(64, bufferSize)
        buffer = .allocate(capacity: capacity)
        writeHeader()
    }

    /// An output that writes into `file` (new and empty). Writes the header.
    init(kind: IndexFileFormat.Kind, file: any WritableFile, bufferSize: Int = IndexOutput.bufferSize) {
        self.kind = kind
        capacity = max(64, bufferSize)
        buffer = .allocate(capacity: capacity)
        self.file = file
        writeHeader()
    }

    /// An output for the file `name` of `directory`, created for `step`. Writes the header.
    convenience init(
        kind: IndexFileFormat.Kind, name: String, in directory: any Directory, for step: IndexStep
    ) throws(IndexError) {
        self.init(kind: kind, file: try directory.createOutput(name, for: step))
    }

    deinit {
        // Never finished: the file is not one any commit may name.
        file?.discard()
        buffer.deallocate()
    }

    /// Bytes written so far, header included: the file offset of the next byte.
    var count: Int { drained + buffered }

    /// Memory this output holds: its buffer, and in memory mode what it collected.
    var memoryBytes: Int { capacity + memoryHeld + memory.capacity * 8 + memory.count * 48 }

    // MARK: - Writing

    @inline(__always)
    func writeUInt8(_ value: UInt8) {
        if buffered == capacity { drain() }
        buffer[buffered] = value
        buffered &+= 1
    }

    @inline(__always)
    func writeVarUInt(_ value: UInt64) {
        if capacity &- buffered < 10 { drain() }
        var v = value
        while v >= 0x80 {
            buffer[buffered] = UInt8(truncatingIfNeeded: v) | 0x80
            buffered &+= 1
            v >>= 7
        }
        buffer[buffered] = UInt8(v)
        buffered &+= 1
    }

    func writeVarUInt(_ value: UInt32) { writeVarUInt(UInt64(value)) }

    func writeVarUInt(_ value: Int) { writeVarUInt(UInt64(value)) }

    func writeUInt32(_ value: UInt32) {
        if capacity &- buffered < 4 { drain() }
        (UnsafeMutableRawPointer(buffer) + buffered).storeBytes(of: value.littleEndian, as: UInt32.self)
        buffered &+= 4
    }

    func writeUInt64(_ value: UInt64) {
        if capacity &- buffered < 8 { drain() }
        (UnsafeMutableRawPointer(buffer) + buffered).storeBytes(of: value.littleEndian, as: UInt64.self)
        buffered &+= 8
    }

    func writeBytes(_ data: UnsafeRawBufferPointer) {
        guard let base = data.baseAddress, data.count > 0 else { return }
        if data.count <= capacity &- buffered {
            UnsafeMutableRawPointer(buffer + buffered).copyMemory(from: base, byteCount: data.count)
            buffered &+= data.count
            return
        }
        drain()
        if data.count < capacity {
            UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: data.count)
            buffered = data.count
        } else {
            emit(data)
        }
    }

    func writeBytes(_ data: [UInt8]) {
        data.withUnsafeBytes { writeBytes($0) }
    }

    func writeBytes(_ writer: ByteWriter) {
        writer.bytes.withUnsafeBytes { writeBytes($0) }
    }

    func writeLengthPrefixed(_ data: UnsafeRawBufferPointer) {
        writeVarUInt(data.count)
        writeBytes(data)
    }

    // MARK: - Files

    /// Moves a memory output to its file (new and empty): writes the bytes collected so far, frees them, and
    /// writes everything after straight to the file.
    func moveToFile(_ file: any WritableFile) throws(IndexError) {
        precondition(self.file == nil && !finished, "moveToFile on an output that already has a file")
        self.file = file
        let collected = memory
        memory = []
        memoryHeld = 0
        for chunk in collected { chunk.withUnsafeBytes { send($0) } }
        if let failure { throw failure }
    }

    /// Appends the footer (CRC-32 of every byte before it, footer magic). A file output is then written out,
    /// synced and closed, and the bytes come back empty; a memory output returns its bytes.
    @discardableResult
    func finish() throws(IndexError) -> [UInt8] {
        precondition(!finished, "finish called twice")
        drain()
        // The footer is not part of the checksum it carries.
        (UnsafeMutableRawPointer(buffer)).storeBytes(of: checksum.value.littleEndian, as: UInt32.self)
        (UnsafeMutableRawPointer(buffer) + 4).storeBytes(of: IndexFileFormat.footerMagic.littleEndian, as: UInt32.self)
        send(UnsafeRawBufferPointer(start: buffer, count: IndexFileFormat.footerSize))
        drained += IndexFileFormat.footerSize
        finished = true
        if let file {
            self.file = nil
            do throws(IndexError) {
                if let failure { throw failure }
                try file.sync()
                try file.close()
            } catch {
                file.discard()
                throw error
            }
            return []
        }
        defer {
            memory = []
            memoryHeld = 0
        }
        return Array(memory.joined())
    }

    // MARK: - Internals

    private func writeHeader() {
        writeUInt32(kind.rawValue)
        writeUInt32(IndexFileFormat.version)
    }

    /// Checksums and sends on the buffered bytes.
    private func drain() {
        guard buffered > 0 else { return }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: buffered)
        checksum.update(bytes)
        send(bytes)
        drained += buffered
        buffered = 0
    }

    /// Checksums and sends on bytes that bypass the buffer (larger than it).
    private func emit(_ data: UnsafeRawBufferPointer) {
        checksum.update(data)
        send(data)
        drained += data.count
    }

    /// The bytes reach their destination: the file, or the in-memory array.
    private func send(_ data: UnsafeRawBufferPointer) {
        guard let file else {
            memory.append(Array(data))
            memoryHeld += data.count
            return
        }
        guard failure == nil else { return }
        do {
            try file.write(data)
        } catch {
            failure = error
        }
    }
}
