/* auth: who is calling. Identifies the caller of every request from a bearer token or the
 * session cookie (no cache: a role granted or revoked from the command line counts on
 * the very next request), enforces idle and absolute session expiry and the CSRF header,
 * and works out the client address behind trusted proxies. */
#ifndef HUIYIN_AUTH_H
#define HUIYIN_AUTH_H

#include "api/req.h"

#define SESSION_COOKIE "hy_session"

/* Fills r->auth. A missing or ended session leaves the caller anonymous (with
 * session_expired set when a cookie was sent); only database failures return -1. */
int auth_identify(struct req *r);
/* For state-changing requests made with the session cookie: the X-CSRF-Token header must
 * equal the session's token, else 403 `csrf`. Bearer-token callers need no header. */
int auth_check_csrf(struct req *r);
/* For state-changing requests on routes that change more than the caller's own things: a
 * logged-in caller who holds no role that changes anything (only supervisor grants, or no
 * role at all) is refused with 403 `forbidden`. Anonymous callers pass (public routes
 * decide for themselves); 0 when the caller may go on. */
int auth_check_may_change(struct req *r);
/* The client's address: the peer, or — when the peer is a trusted proxy — the nearest
 * untrusted address in X-Forwarded-For. Allocated in the request arena. */
const char *auth_client_address(struct req *r, const char *peer);

#endif
