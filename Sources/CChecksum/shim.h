#ifndef GAZETTE_CCHECKSUM_SHIM_H
#define GAZETTE_CCHECKSUM_SHIM_H
/* CRC-32C with the processor's own instruction (SSE 4.2 `crc32`, on every x86-64 processor since 2008), which
   Swift has no spelling for: three to four times the speed of a table-driven CRC. `gazette_crc32c_supported`
   says whether the processor has it (on other architectures: no, and the caller uses its tables);
   `gazette_crc32c_update` is the raw update (no inversion before or after). Header only: nothing to link. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>

static inline int gazette_crc32c_supported(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_SSE4_2) != 0;
}

__attribute__((target("sse4.2")))
static inline uint32_t gazette_crc32c_update(uint32_t crc, const void *bytes, size_t count) {
    const unsigned char *p = (const unsigned char *)bytes;
    uint64_t c = crc;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        c = __builtin_ia32_crc32di(c, word);
        p += 8;
        count -= 8;
    }
    uint32_t c32 = (uint32_t)c;
    while (count > 0) {
        c32 = __builtin_ia32_crc32qi(c32, *p);
        p += 1;
        count -= 1;
    }
    return c32;
}
#else
static inline int gazette_crc32c_supported(void) { return 0; }

static inline uint32_t gazette_crc32c_update(uint32_t crc, const void *bytes, size_t count) {
    (void)bytes;
    (void)count;
    return crc;
}
#endif
#endif
