#ifndef GAZETTE_CZSTD_SHIM_H
#define GAZETTE_CZSTD_SHIM_H
/* Debian's libzstd-dev (pkg-config "libzstd"). Only the stable API is used: one-shot compression and
   decompression with explicit contexts. */
#include <zstd.h>
#include <zstd_errors.h>
#endif
