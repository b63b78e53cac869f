#ifndef GAZETTE_CLIBXML2_SHIM_H
#define GAZETTE_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so encoding.h would pull in the system's <unicode/ucnv.h>. Those ICU
   headers clash with Foundation's bundled copy ("'UErrorCode' has different definitions in different modules")
   in any Swift module that sees both. Gazette never touches the ICU converter fields of
   xmlCharEncodingHandler (only pointers to the struct), so the headers are left out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>
#include <libxml/parserInternals.h>
#endif
