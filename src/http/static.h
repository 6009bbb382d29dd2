/* static: the web front end (web/dist, built by Vite) served by `huiyin serve` itself.
 * Files are read into memory once at start. Hashed assets (under assets/) are cached for
 * a year; HTML is never cached, so a new build shows at once. HTML pages carry a
 * Content-Security-Policy that allows only the app's own origin, plus data: and blob:
 * images for photo previews. */
#ifndef HUIYIN_STATIC_H
#define HUIYIN_STATIC_H
#include <stddef.h>

struct static_files;

struct static_file {
	const char *type;
	const char *cache; /* Cache-Control */
	const unsigned char *data;
	size_t len;
	int is_html;
};

/* Loads every file under root (recursively, bounded). A missing root gives an empty set.
 * Returns NULL only when out of memory (which aborts) — never fails otherwise. */
struct static_files *static_load(const char *root);
/* Releases the set and every file's bytes; accepts NULL. */
void static_free(struct static_files *s);
/* The file for a URL path: "/" and "/x/" name their index.html. NULL when there is none
 * or the path tries to leave the root. */
const struct static_file *static_find(const struct static_files *s, const char *path);
/* Number of files loaded. */
int static_count(const struct static_files *s);

extern const char static_csp[];

#endif
