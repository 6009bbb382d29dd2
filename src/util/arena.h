/* arena: one region per request. Everything a request allocates comes from its arena and
 * is released at once by arena_free(); objects that need their own destructor (a json_t,
 * a database result) are registered with arena_defer() and released with it.
 * An arena is used by one thread at a time. */
#ifndef HUIYIN_ARENA_H
#define HUIYIN_ARENA_H
#include <stddef.h>

struct arena_block;
struct arena_defer;

struct arena {
	struct arena_block *head;
	struct arena_defer *defers;
	size_t used_total;
};

/* An empty arena; nothing is allocated until the first arena_alloc(). */
void arena_init(struct arena *a);
/* Releases every block and runs the deferred destructors, newest first. Accepts a zeroed
 * arena. The arena can be used again afterwards. */
void arena_free(struct arena *a);
/* Returns zeroed memory aligned for any type; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
/* A copy of s in a; NULL when s is NULL. */
char *arena_strdup(struct arena *a, const char *s);
/* The n bytes at s (which need no NUL) and a NUL, in a. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf's text, of any length, in a; never NULL. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Calls fn(p) when the arena is freed. */
void arena_defer(struct arena *a, void (*fn)(void *), void *p);

#endif
