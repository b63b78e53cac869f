#ifndef GAZETTE_CPREFETCH_SHIM_H
#define GAZETTE_CPREFETCH_SHIM_H
/* A cache prefetch hint, which Swift has no spelling for. A per-token loop that reads a table of megabytes at
   random (the recogniser's term features by term id) asks for an entry some iterations before it needs it:
   an ordinary load that misses holds up every instruction after it, a prefetch holds up none. Header only:
   nothing to link. */
static inline void gazette_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address, 0, 3);
#else
    (void)address;
#endif
}
#endif
