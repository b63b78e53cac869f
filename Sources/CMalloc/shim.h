#ifndef GAZETTE_CMALLOC_SHIM_H
#define GAZETTE_CMALLOC_SHIM_H
/* glibc's allocator controls (malloc_trim), which the Glibc module does not import: the indexer gives the pages
   of a flushed segment back to the system with them. Part of the C library: nothing to link. */
#if defined(__linux__)
#include <malloc.h>
#endif
#endif
