/* xalloc: allocation that never returns NULL. Running out of memory aborts the process
 * with a message; it is the one place below main() allowed to end the program. */
#ifndef HUIYIN_XALLOC_H
#define HUIYIN_XALLOC_H
#include <stddef.h>

/* malloc, calloc and realloc that abort instead of returning NULL; size 0 allocates a
 * byte, so the result is always a pointer to free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* A malloc'd copy of s (not NULL). */
char *xstrdup(const char *s);

#endif
