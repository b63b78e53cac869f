#ifndef GAZETTE_CZSTD_SHIM_H
#define GAZETTE_CZSTD_SHIM_H
/* Debian's libzstd-dev, linked from its static archive (module.modulemap). The stable API: one-shot
   compression and decompression with explicit contexts, streaming compression (ZSTD_compressStream2) for
   large records, digested dictionaries (CDict, DDict). Two functions of the static API, which the archive
   these headers come with defines: a DDict that reads its dictionary where it is mapped
   (ZSTD_createDDict_byReference: no copy, no fresh pages), and fastCover training with fixed parameters
   (the stable ZDICT_trainFromBuffer searches its parameters, about five times as long). */
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
#include <zstd_errors.h>
#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#endif
