/* static: in-memory copy of the built front end (see static.h). */
#include "http/static.h"
#include "util/log.h"
#include "util/n_of.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define STATIC_MAX_FILES 2000
#define STATIC_MAX_BYTES (64u << 20)

const char static_csp[] = "default-src 'self'; img-src 'self' data: blob:; "
			  "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
			  "form-action 'self'";

struct entry {
	char *path; /* URL path, e.g. "/assets/index-3f2a.js" */
	struct static_file f;
};

struct static_files {
	struct entry *items;
	int n, cap;
	size_t bytes;
};

static const struct {
	const char *ext, *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".jpg", "image/jpeg"},
	{".jpeg", "image/jpeg"},
	{".webp", "image/webp"},
	{".ico", "image/x-icon"},
	{".woff2", "font/woff2"},
	{".woff", "font/woff"},
	{".ttf", "font/ttf"},
	{".txt", "text/plain; charset=utf-8"},
	{".webmanifest", "application/manifest+json"},
};

static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot)
		for (int i = 0; i < N_OF(types); i++)
			if (!strcmp(dot, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

static void add_file(struct static_files *s, const char *fs_path, const char *url)
{
	FILE *f = fopen(fs_path, "rb");
	if (!f)
		return;
	struct stat st;
	if (fstat(fileno(f), &st) || st.st_size < 0 ||
	    s->bytes + (size_t)st.st_size > STATIC_MAX_BYTES || s->n == STATIC_MAX_FILES) {
		fclose(f);
		log_msg(LOG_WARN, "web: %s left out (limits reached)", fs_path);
		return;
	}
	unsigned char *data = xmalloc((size_t)st.st_size + 1);
	size_t got = fread(data, 1, (size_t)st.st_size, f);
	fclose(f);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->items = xrealloc(s->items, sizeof *s->items * (size_t)s->cap);
	}
	struct entry *e = &s->items[s->n++];
	e->path = xstrdup(url);
	e->f.data = data;
	e->f.len = got;
	e->f.type = type_of(url);
	e->f.is_html = !strcmp(e->f.type, types[0].type);
	/* Vite names built assets by content hash: they never change under one name. */
	e->f.cache = strstr(url, "/assets/") ? "public, max-age=31536000, immutable"
					     : "no-cache";
	s->bytes += got;
}

static void walk(struct static_files *s, const char *dir, const char *url, int depth)
{
	if (depth > 8)
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char fs_path[2048], sub[2048];
		snprintf(fs_path, sizeof fs_path, "%s/%s", dir, de->d_name);
		snprintf(sub, sizeof sub, "%s/%s", url, de->d_name);
		struct stat st;
		if (stat(fs_path, &st))
			continue;
		if (S_ISDIR(st.st_mode))
			walk(s, fs_path, sub, depth + 1);
		else if (S_ISREG(st.st_mode))
			add_file(s, fs_path, sub);
	}
	closedir(d);
}

struct static_files *static_load(const char *root)
{
	struct static_files *s = xcalloc(1, sizeof *s);
	walk(s, root, "", 0);
	return s;
}

void static_free(struct static_files *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; i++) {
		free(s->items[i].path);
		free((void *)s->items[i].f.data);
	}
	free(s->items);
	free(s);
}

const struct static_file *static_find(const struct static_files *s, const char *path)
{
	if (!s || !path || path[0] != '/' || strstr(path, ".."))
		return NULL;
	char want[1100];
	size_t n = strlen(path);
	if (n >= sizeof want - 16)
		return NULL;
	snprintf(want, sizeof want, "%s%s", path, path[n - 1] == '/' ? "index.html" : "");
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->items[i].path, want))
			return &s->items[i].f;
	return NULL;
}

int static_count(const struct static_files *s)
{
	return s ? s->n : 0;
}
