/* qr: QR codes (libqrencode) drawn as SVG and as PNG (libpng), in memory. The reception
 * rooms' posters carry two: the appeal form pre-filled for the room, and the secretary's
 * mailbox. Nothing here does I/O; every result lives in the caller's arena. */
#ifndef HUIYIN_UTIL_QR_H
#define HUIYIN_UTIL_QR_H
#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

/* Modules of the quiet zone drawn around a code (ISO/IEC 18004 asks for four). */
#define QR_QUIET 4

/* A code: width × width modules, row by row, 1 for dark. */
struct qr {
	int width;
	const unsigned char *dark;
};

/* Encodes text (UTF-8 bytes, at most 1,000) at error correction level M, the smallest
 * version that holds it. Returns 0, or -1 with e set (400 `invalid` for a text too long,
 * 500 when libqrencode fails). */
int qr_encode(const char *text, struct arena *a, struct qr *out, struct err *e);

/* The code as one SVG path of unit squares ("M x y h1v1h-1z" per dark module, runs of a
 * row joined), in module units with the quiet zone included: drawn in a box of
 * (width + 2·QR_QUIET) units at the path's origin. The caller places and scales it. */
char *qr_svg_path(const struct qr *q, struct arena *a);

/* The code as a 1-bit greyscale PNG, `scale` pixels a module (1 to 32), quiet zone
 * included. *png and *len get the file's bytes, in a. Returns 0, or -1 with e set (500
 * when libpng fails). */
int qr_png(const struct qr *q, int scale, struct arena *a, const void **png, size_t *len,
           struct err *e);

#endif
