#if os(Linux)
import CMalloc
#endif

/// Gives memory the process freed back to the system. glibc keeps freed chunks in its arenas for reuse, and a
/// segment builder's thousands of arrays, once freed, leave holes the next builder's allocations only partly
/// fill: without this, the resident set after each flush stays near its peak. `malloc_trim(0)` returns every
/// whole free page of every arena (madvise), which takes a few milliseconds — nothing beside a flush.
public enum MemoryRelease {
    /// Allocations of 1 MiB or more get mappings of their own, unmapped when freed. glibc's default threshold
    /// starts at 128 KiB but rises (up to 32 MiB) each time such a block is freed; past that, the arrays a segment
    /// builder grows by doubling come from the heap, and every block left behind by a doubling stays a hole in it.
    /// Pinning the threshold keeps the resident set near what is actually in use. Not lower: each document's
    /// buffers of a few hundred KiB (its text, its file's bytes, the recogniser's scratch) would then be new
    /// mappings every time, whose pages the kernel zeroes afresh (BENCHMARKS.md, "Entity recognition"). Set once,
    /// before indexing.
    public static func configureForIndexing() {
        #if os(Linux)
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
        #endif
    }

    public static func returnFreePages() {
        #if os(Linux)
        _ = malloc_trim(0)
        #endif
    }
}
