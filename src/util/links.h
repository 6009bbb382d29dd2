/* links: the absolute links Huiyin hands out — a tracking link in an SMS or email notice,
 * the appeal form a reception room's QR code opens — all start with the site's public
 * address (server.public_url; see config_public_url). The address is set once, by the
 * command that runs (before any thread starts), and only read afterwards: notices are
 * written deep inside ops/, which should not carry the configuration through every call
 * for one string. */
#ifndef HUIYIN_LINKS_H
#define HUIYIN_LINKS_H

#include "util/arena.h"
#include "util/config.h"

/* Takes the public address from c. Call it before any thread that writes links starts. */
void links_init(const struct config *c);
/* The public address, without a trailing slash ("http://127.0.0.1:8080" until
 * links_init ran). */
const char *links_base(void);
/* The absolute link to `path` (which begins with '/', e.g. "/#/track/HY…"), in a. */
char *links_abs(struct arena *a, const char *path);

#endif
