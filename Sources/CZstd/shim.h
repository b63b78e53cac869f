#ifndef GAZETTE_CZSTD_SHIM_H
#define GAZETTE_CZSTD_SHIM_H
/* Debian's libzstd-dev, linked from its static archive (module.modulemap). Only the stable API is used:
   one-shot compression and decompression with explicit contexts, and streaming compression
   (ZSTD_compressStream2) for large records. */
#include <zstd.h>
#include <zstd_errors.h>
#endif
