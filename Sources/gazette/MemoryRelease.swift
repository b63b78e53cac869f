#if os(Linux)
import CMalloc
#endif

/// Gives memory the process freed back to the system. glibc keeps freed chunks in its arenas for reuse, and a
/// segment builder's thousands of arrays, once freed, leave holes the next builder's allocations only partly
/// fill: without this, the resident set after each flush stays near its peak. `malloc_trim(0)` returns every
/// whole free page of every arena (madvise), which takes a few milliseconds — nothing beside a flush.
enum MemoryRelease {
    static func returnFreePages() {
        #if os(Linux)
        _ = malloc_trim(0)
        #endif
    }
}
