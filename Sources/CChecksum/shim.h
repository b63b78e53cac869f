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

/* CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320: zlib's and PNG's) by carry-less multiplication, the
   folding method of Intel's "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ Instruction" (2009):
   four 128-bit lanes are folded forward 64 bytes at a time, then into one lane, then 16 bytes at a time, and
   the last 128 bits are reduced to 32 by Barrett reduction. The constants are x^k mod P for the fold distances
   (bit-reflected, as the paper lists them for this polynomial) and the Barrett pair (floor(x^64 / P), P).
   `gazette_crc32_supported` says whether the processor has PCLMULQDQ; `gazette_crc32_fold` takes and returns
   the raw register (no inversion) and needs `count` >= 64 and a multiple of 16. */
#include <immintrin.h>

static inline int gazette_crc32_supported(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_PCLMUL) != 0 && (ecx & bit_SSE4_1) != 0;
}

__attribute__((target("pclmul,sse4.1")))
static inline uint32_t gazette_crc32_fold(uint32_t crc, const void *bytes, size_t count) {
    const unsigned char *p = (const unsigned char *)bytes;
    const __m128i fold64 = _mm_set_epi64x(0x01c6e41596LL, 0x0154442bd4LL);   /* x^(512+32), x^(512-32) mod P */
    const __m128i fold16 = _mm_set_epi64x(0x00ccaa009eLL, 0x01751997d0LL);   /* x^(128+32), x^(128-32) mod P */
    const __m128i fold8 = _mm_set_epi64x(0, 0x0163cd6124LL);                 /* x^64 mod P */
    const __m128i barrett = _mm_set_epi64x(0x01f7011641LL, 0x01db710641LL);  /* mu, P */
    const __m128i low32 = _mm_setr_epi32(~0, 0, ~0, 0);

    __m128i a = _mm_xor_si128(_mm_loadu_si128((const __m128i *)p), _mm_cvtsi32_si128((int)crc));
    __m128i b = _mm_loadu_si128((const __m128i *)(p + 16));
    __m128i c = _mm_loadu_si128((const __m128i *)(p + 32));
    __m128i d = _mm_loadu_si128((const __m128i *)(p + 48));
    p += 64;
    count -= 64;
    while (count >= 64) {
        __m128i a0 = _mm_clmulepi64_si128(a, fold64, 0x00), a1 = _mm_clmulepi64_si128(a, fold64, 0x11);
        __m128i b0 = _mm_clmulepi64_si128(b, fold64, 0x00), b1 = _mm_clmulepi64_si128(b, fold64, 0x11);
        __m128i c0 = _mm_clmulepi64_si128(c, fold64, 0x00), c1 = _mm_clmulepi64_si128(c, fold64, 0x11);
        __m128i d0 = _mm_clmulepi64_si128(d, fold64, 0x00), d1 = _mm_clmulepi64_si128(d, fold64, 0x11);
        a = _mm_xor_si128(_mm_xor_si128(a0, a1), _mm_loadu_si128((const __m128i *)p));
        b = _mm_xor_si128(_mm_xor_si128(b0, b1), _mm_loadu_si128((const __m128i *)(p + 16)));
        c = _mm_xor_si128(_mm_xor_si128(c0, c1), _mm_loadu_si128((const __m128i *)(p + 32)));
        d = _mm_xor_si128(_mm_xor_si128(d0, d1), _mm_loadu_si128((const __m128i *)(p + 48)));
        p += 64;
        count -= 64;
    }
    /* Four lanes into one, then the remaining 16-byte blocks. */
    a = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(a, fold16, 0x00), _mm_clmulepi64_si128(a, fold16, 0x11)), b);
    a = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(a, fold16, 0x00), _mm_clmulepi64_si128(a, fold16, 0x11)), c);
    a = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(a, fold16, 0x00), _mm_clmulepi64_si128(a, fold16, 0x11)), d);
    while (count >= 16) {
        __m128i next = _mm_loadu_si128((const __m128i *)p);
        a = _mm_xor_si128(
            _mm_xor_si128(_mm_clmulepi64_si128(a, fold16, 0x00), _mm_clmulepi64_si128(a, fold16, 0x11)), next);
        p += 16;
        count -= 16;
    }
    /* 128 bits to 64, then to 32 by Barrett reduction. */
    __m128i t = _mm_clmulepi64_si128(a, fold16, 0x10);
    a = _mm_xor_si128(_mm_srli_si128(a, 8), t);
    t = _mm_srli_si128(a, 4);
    a = _mm_xor_si128(_mm_clmulepi64_si128(_mm_and_si128(a, low32), fold8, 0x00), t);
    t = _mm_clmulepi64_si128(_mm_and_si128(a, low32), barrett, 0x10);
    t = _mm_clmulepi64_si128(_mm_and_si128(t, low32), barrett, 0x00);
    return (uint32_t)_mm_extract_epi32(_mm_xor_si128(a, t), 1);
}
#else
static inline int gazette_crc32c_supported(void) { return 0; }
static inline int gazette_crc32_supported(void) { return 0; }

static inline uint32_t gazette_crc32_fold(uint32_t crc, const void *bytes, size_t count) {
    (void)bytes;
    (void)count;
    return crc;
}

static inline uint32_t gazette_crc32c_update(uint32_t crc, const void *bytes, size_t count) {
    (void)bytes;
    (void)count;
    return crc;
}
#endif
#endif
