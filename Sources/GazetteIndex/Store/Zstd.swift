internal import CZstd

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin typed wrapper over libzstd's one-shot and streaming APIs with explicit contexts. Contexts are not thread-safe, but
/// may move between threads, so each call borrows one from a small process-wide pool and returns it: no
/// allocation per call once warm, and no context is ever used by two threads at once. No C type escapes this
/// file.
enum Zstd {
    static let defaultLevel = 3

    /// Compresses `source` into one zstd frame (content size recorded, no zstd checksum: the store keeps its
    /// own CRC-32 per block) and appends it to `output`, with `dictionary` when given (whose level then applies).
    /// Returns the compressed length.
    static func compress(
        _ source: UnsafeRawBufferPointer, level: Int, dictionary: CompressionDictionary? = nil,
        appendingTo output: inout [UInt8]
    ) -> Int {
        let bound = ZSTD_compressBound(source.count)
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: bound))
        let written = compressionContexts.withContext { context in
            output.withUnsafeMutableBytes { destination in
                if let dictionary {
                    ZSTD_compress_usingCDict(
                        context, destination.baseAddress! + start, bound, source.baseAddress, source.count,
                        dictionary.digested)
                } else {
                    ZSTD_compressCCtx(
                        context, destination.baseAddress! + start, bound,
                        source.baseAddress, source.count, Int32(clamping: level))
                }
            }
        }
        // Compressing into a buffer of compressBound bytes cannot fail short of memory exhaustion.
        precondition(ZSTD_isError(written) == 0, "zstd compression failed: \(errorName(written))")
        output.removeLast(bound - written)
        return written
    }

    /// Compresses the concatenation of `parts` into one zstd frame, like `compress`, without joining them
    /// first: a record of hundreds of megabytes is compressed from where its text already is, and the output
    /// grows by what zstd produces instead of by a worst-case bound.
    static func compress(
        parts: [UnsafeRawBufferPointer], level: Int, dictionary: CompressionDictionary? = nil,
        appendingTo output: inout [UInt8]
    ) -> Int {
        let start = output.count
        let total = parts.reduce(0) { $0 + $1.count }
        let chunk = max(ZSTD_CStreamOutSize(), 1 << 16)
        // zstd writes into this scratch and only what it produced is appended: growing `output` by a zeroed
        // chunk per call and cutting it back cost a 128 KB memset and copy per block, 4 % of indexing.
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { scratch.deallocate() }
        compressionContexts.withContext { context in
            _ = ZSTD_CCtx_reset(context, ZSTD_reset_session_and_parameters)
            if let dictionary {
                _ = ZSTD_CCtx_refCDict(context, dictionary.digested)
            } else {
                _ = ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(clamping: level))
            }
            // The content size goes into the frame header, as the one-shot API records it.
            _ = ZSTD_CCtx_setPledgedSrcSize(context, UInt64(total))
            for (number, part) in parts.enumerated() {
                let isLast = number == parts.count - 1
                var input = ZSTD_inBuffer(src: part.baseAddress, size: part.count, pos: 0)
                while true {
                    var out = ZSTD_outBuffer(dst: scratch.baseAddress, size: chunk, pos: 0)
                    let remaining = ZSTD_compressStream2(context, &out, &input, isLast ? ZSTD_e_end : ZSTD_e_continue)
                    precondition(ZSTD_isError(remaining) == 0, "zstd compression failed: \(errorName(remaining))")
                    output.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<out.pos]))
                    // ZSTD_e_end is done when nothing remains to flush; ZSTD_e_continue when the input is used up.
                    if isLast ? remaining == 0 : input.pos == input.size { break }
                }
            }
            // Leave the context as the one-shot calls expect it.
            _ = ZSTD_CCtx_reset(context, ZSTD_reset_session_and_parameters)
        }
        return output.count - start
    }

    /// Decompresses one frame from `source` into exactly `destination.count` bytes, with the dictionary it was
    /// compressed with if any. Returns nil on success or a description of the problem (malformed frame, wrong
    /// size) for an `IndexError`.
    static func decompress(
        _ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer,
        dictionary: DecompressionDictionary? = nil
    ) -> String? {
        guard let sourceBase = source.baseAddress, source.count > 0 else { return "empty zstd frame" }
        let frameSize = ZSTD_getFrameContentSize(sourceBase, source.count)
        if frameSize == contentSizeError { return "not a zstd frame" }
        if frameSize != contentSizeUnknown, frameSize != UInt64(destination.count) {
            return "zstd frame holds \(frameSize) bytes, block index says \(destination.count)"
        }
        // A zero-length destination may have no base address; zstd accepts (NULL, 0).
        let produced = decompressionContexts.withContext { context in
            if let dictionary {
                ZSTD_decompress_usingDDict(
                    context, destination.baseAddress, destination.count, sourceBase, source.count, dictionary.digested)
            } else {
                ZSTD_decompressDCtx(context, destination.baseAddress, destination.count, sourceBase, source.count)
            }
        }
        if ZSTD_isError(produced) != 0 { return "zstd: \(errorName(produced))" }
        if produced != destination.count {
            return "zstd frame decompressed to \(produced) bytes, block index says \(destination.count)"
        }
        return nil
    }

    /// A dictionary of at most `capacity` bytes trained on `samples` (the concatenation of pieces of
    /// `sampleSizes` bytes), or nil when zstd finds too little to learn from. fastCover with fixed parameters
    /// (d 8, k 200, f 16, accel 10): on 1 MB of `make bench`'s documentation, 7 ms, and frames of 16 KB then
    /// compress 6 % smaller than frames of 32 KB without a dictionary. Deterministic: one thread, no search.
    static func trainDictionary(samples: UnsafeRawBufferPointer, sampleSizes: [Int], capacity: Int) -> [UInt8]? {
        guard let base = samples.baseAddress, !sampleSizes.isEmpty, capacity > 0 else { return nil }
        var parameters = ZDICT_fastCover_params_t()
        parameters.k = 200
        parameters.d = 8
        parameters.f = 16
        parameters.accel = 10
        parameters.nbThreads = 1
        parameters.zParams.compressionLevel = Int32(defaultLevel)
        var dictionary = [UInt8](repeating: 0, count: capacity)
        let made = dictionary.withUnsafeMutableBytes { out in
            ZDICT_trainFromBuffer_fastCover(
                out.baseAddress, capacity, base, sampleSizes, UInt32(sampleSizes.count), parameters)
        }
        guard ZDICT_isError(made) == 0, made > 0 else { return nil }
        dictionary.removeLast(capacity - made)
        return dictionary
    }

    /// A dictionary digested for compression, once for every frame a store writes with it.
    final class CompressionDictionary: @unchecked Sendable {
        let digested: OpaquePointer

        init?(_ bytes: [UInt8], level: Int) {
            guard let made = bytes.withUnsafeBytes({ ZSTD_createCDict($0.baseAddress, $0.count, Int32(clamping: level)) })
            else { return nil }
            digested = made
        }

        deinit { ZSTD_freeCDict(digested) }
    }

    /// A dictionary digested for decompression, reading the dictionary's bytes where they are: `owner` (the
    /// mapping they lie in) is kept alive as long as the digest. Read-only once made, so any number of threads
    /// decompress with it at once.
    final class DecompressionDictionary: @unchecked Sendable {
        let digested: OpaquePointer
        private let owner: AnyObject

        init?(_ bytes: UnsafeRawBufferPointer, owner: AnyObject) {
            guard let made = ZSTD_createDDict_byReference(bytes.baseAddress, bytes.count) else { return nil }
            digested = made
            self.owner = owner
        }

        deinit { ZSTD_freeDDict(digested) }
    }

    // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR are expression macros Swift does not import.
    private static let contentSizeUnknown = UInt64.max
    private static let contentSizeError = UInt64.max - 1

    static var versionString: String { String(cString: ZSTD_versionString()) }

    private static func errorName(_ code: Int) -> String { String(cString: ZSTD_getErrorName(code)) }

    private static let compressionContexts = ContextPool(
        create: { ZSTD_createCCtx() }, free: { _ = ZSTD_freeCCtx($0) })
    private static let decompressionContexts = ContextPool(
        create: { ZSTD_createDCtx() }, free: { _ = ZSTD_freeDCtx($0) })
}

/// A few idle contexts behind a mutex: `withContext` pops one (or creates one), runs the body, and gives it
/// back, freeing it instead when the pool already holds as many as there are likely threads.
private final class ContextPool: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var idle: [OpaquePointer] = []
    private let create: @Sendable () -> OpaquePointer?
    private let free: @Sendable (OpaquePointer) -> Void
    private let maximumIdle = 16

    init(create: @escaping @Sendable () -> OpaquePointer?, free: @escaping @Sendable (OpaquePointer) -> Void) {
        self.create = create
        self.free = free
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        for context in idle { free(context) }
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withContext<R>(_ body: (OpaquePointer) -> R) -> R {
        pthread_mutex_lock(mutex)
        let reused = idle.popLast()
        pthread_mutex_unlock(mutex)
        guard let context = reused ?? create() else {
            fatalError("out of memory creating a zstd context")
        }
        let result = body(context)
        pthread_mutex_lock(mutex)
        if idle.count < maximumIdle {
            idle.append(context)
            pthread_mutex_unlock(mutex)
        } else {
            pthread_mutex_unlock(mutex)
            free(context)
        }
        return result
    }
}
