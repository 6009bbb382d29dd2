/* xalloc: allocation that never returns NULL. Running out of memory aborts the process
 * with a message; it is the one place below main() allowed to end the program. */
#ifndef HUIYIN_XALLOC_H
#define HUIYIN_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
