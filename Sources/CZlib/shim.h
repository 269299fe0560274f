#include <zlib.h>

// deflateInit2 is a macro, which Swift cannot call. 15 + 16 window bits ask zlib for a gzip
// wrapper (RFC 1952) around the deflate stream, as `Content-Encoding: gzip` requires.
static inline int peacetrack_deflate_init_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
