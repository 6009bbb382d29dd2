/* visits (API): the visit log of the reception rooms and the rooms' QR posters over HTTP
 * (api/visits.c, api/posters.c). */
#ifndef HUIYIN_API_VISITS_H
#define HUIYIN_API_VISITS_H

#include "api/req.h"

/* GET /visits: a page of the visits the caller sees (room_id, community_id, open=true|
 * false), open follow-ups first; `next` is an opaque cursor for `after`. */
int api_visits_list(struct req *r);
/* GET /visits/stats: counts of the visits (room_id, community_id, month=YYYY-MM). */
int api_visits_stats(struct req *r);
/* POST /visits: the duty official records a visit (open). */
int api_visits_create(struct req *r);
int api_visits_get(struct req *r);
/* POST /visits/{id}/events: its one decision — to_appeal, to_need, answer, refer. */
int api_visits_step(struct req *r);

/* GET /rooms/{id}/poster.svg: the room's printable A4 poster (public, active rooms). */
int api_rooms_poster_svg(struct req *r);
/* GET /rooms/{id}/poster.png: one of the poster's QR codes as a PNG (qr=form|mailbox,
 * scale=1..32 pixels a module). */
int api_rooms_poster_png(struct req *r);

#endif
