/* json_out: compact JSON text of a jansson value, as json_dumps(j, JSON_COMPACT) writes it
 * (keys in insertion order, UTF-8 kept as it is, reals as "%.17g" with ".0" when they
 * would read as integers), several times faster: it appends to one growing buffer and
 * escapes strings by scanning for the few bytes that need it. Every answer goes through it
 * (see bench/RESULTS.md). */
#ifndef HUIYIN_HTTP_JSON_OUT_H
#define HUIYIN_HTTP_JSON_OUT_H
#include <jansson.h>
#include <stddef.h>

/* The text (malloc'd, NUL-terminated) with its length in *len; NULL when j holds a value
 * JSON cannot write (a non-finite real). */
char *json_out(const json_t *j, size_t *len);

#endif
