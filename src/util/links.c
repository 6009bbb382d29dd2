/* links: the site's public address and absolute links from it (see links.h). */
#include "util/links.h"

#include <assert.h>
#include <stdio.h>

static char base[sizeof((struct config *)0)->public_url + 16] = "http://127.0.0.1:8080";

void links_init(const struct config *c)
{
	config_public_url(c, base, (int)sizeof base);
}

const char *links_base(void)
{
	return base;
}

char *links_abs(struct arena *a, const char *path)
{
	assert(path && path[0] == '/');
	return arena_printf(a, "%s%s", base, path);
}
