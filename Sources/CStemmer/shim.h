// The Snowball stemmers of Debian's libstemmer-dev (libstemmer has no pkg-config file: the header and the
// library are in the compiler's default paths).
#include <libstemmer.h>
