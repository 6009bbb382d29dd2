/* jsonw: compact JSON text written straight into one growing buffer, as json_dumps(j,
 * JSON_COMPACT) would write the same values (UTF-8 kept as it is, reals as "%.17g" with
 * ".0" when they would read as integers). Views that answer many objects (the staff view of
 * an appeal, 50 to a page) write their text with it instead of building a jansson tree
 * first: no allocation per key and value, no hashing, no tree to free (bench/RESULTS.md).
 * Commas are placed by the writer: after jw_key, the next call writes the value. A jansson
 * value can be written in place with jw_json. */
#ifndef HUIYIN_UTIL_JSONW_H
#define HUIYIN_UTIL_JSONW_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

#define JW_MAX_DEPTH 32

struct jw {
	char *p;
	size_t len, cap;
	int depth;
	bool after_key;
	bool failed; /* a non-finite real or nesting beyond JW_MAX_DEPTH */
	bool has_items[JW_MAX_DEPTH + 1];
};

/* An empty writer with a buffer of 1 KiB. */
void jw_init(struct jw *w);
/* The text (malloc'd, NUL-terminated, the caller frees it) and its length; NULL when
 * something could not be written. The writer is empty afterwards. */
char *jw_finish(struct jw *w, size_t *len);
/* Drops the text written so far; the writer is empty (and may be freed again). */
void jw_free(struct jw *w);

/* Opens and closes an object or an array; an end must match its opening (jw_finish
 * refuses unclosed ones), and nesting beyond JW_MAX_DEPTH fails the writer. */
void jw_object(struct jw *w);
void jw_object_end(struct jw *w);
void jw_array(struct jw *w);
void jw_array_end(struct jw *w);
/* An object's key (escaped as a string); the next call writes its value. */
void jw_key(struct jw *w, const char *key);
/* A key known when compiling, quoted already: JW_KEY(w, "id") writes "id": as it is. */
#define JW_KEY(w, key) jw_key_quoted((w), "\"" key "\":", sizeof(key) + 2)
/* The n bytes of quoted, a key already quoted and followed by its colon (see JW_KEY). */
void jw_key_quoted(struct jw *w, const char *quoted, size_t n);

/* s as a string, or null when s is NULL. */
void jw_str(struct jw *w, const char *s);
/* The n bytes at s (UTF-8 written as it is) as a string. */
void jw_strn(struct jw *w, const char *s, size_t n);
/* id as an integer, or null when it is 0 (no reference). */
void jw_id(struct jw *w, int64_t id);
/* Numbers, booleans and null. A non-finite real fails the writer (JSON has none). */
void jw_int(struct jw *w, int64_t v);
void jw_real(struct jw *w, double v);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
/* Any jansson value (NULL writes null). */
void jw_json(struct jw *w, const json_t *j);

/* The canonical text of v, in a (released with it): sorted keys, compact, any value, as
 * json_dumps writes it. The form that is hashed (events of the audit chains, the body
 * under an Idempotency-Key), so it must never change. NULL when v is NULL or holds what
 * JSON cannot write. */
char *canonical_json(struct arena *a, const json_t *v);
/* The compact text of v with its keys in their order, in a; NULL as canonical_json. */
char *jw_text(struct arena *a, const json_t *v);

#endif
