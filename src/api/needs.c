/* needs: the need list (需求清单). A need is raised by the public (no login: it gets a
 * tracking number "XQ…" and a secret access token, shown once, like an appeal), by a
 * secretary, or from an appeal that is really a community need (one step, linked both
 * ways). It has a place (a community) and beneficiaries; it is matched with the resource
 * list (ranked by domain/matching, each suggestion with its reasons), whistled (吹哨: the
 * units with matching resources are called), reported to (报到, in resources.c), taken up
 * into a project (接单, in projects.c), and fulfilled or closed with a reason. The
 * changes are ops/need.c; the views api/list_render.c. */
#include "api/intake.h"
#include "api/lists.h"
#include "api/render.h"
#include "api/validate.h"
#include "domain/matching.h"
#include "domain/search.h"
#include "util/clock.h"

#include <ctype.h>
#include <string.h>


static const char *need_text_of(const char *type)
{
	int ev = names_find(need_event_names, NEED_EVENT__MAX, type);
	return ev < 0 ? "" : need_event_text((enum need_event)ev);
}

/* ---- GET /needs ------------------------------------------------------------------- */

int api_needs_list(struct req *r)
{
	struct page pg;
	struct need_filter f = {0};
	int status;
	if (query_page(r, &pg) ||
	    query_enum(r, "status", need_status_names, NEED_STATUS__MAX, &status) ||
	    query_org_path(r, "community_id", &f.community_path) ||
	    query_int(r, "appeal_id", 0, 1, INT64_MAX, &f.appeal_id))
		return -1;
	f.status = status >= 0 ? need_status_names[status] : NULL;
	f.category = req_query(r, "category");
	f.q = req_query(r, "q");
	if (f.q && (!*f.q || utf8_length(f.q) > 100))
		return err_invalid(&r->err, "q", "q must be 1 to 100 characters");
	const char *no = req_query(r, "no");
	if (no) {
		/* People read numbers off paper in either case; they are issued upper case. */
		char *up = arena_strdup(&r->arena, no);
		for (char *c = up; *c; c++)
			*c = (char)toupper((unsigned char)*c);
		if (!need_no_valid(up))
			return err_invalid(&r->err, "no",
			                   "no must be a need number such as XQ20261125-0001");
		f.tracking_no = up;
	}
	lists_scope_of(r, &r->auth.who, &f.scope);
	f.after = pg.after;
	f.limit = pg.limit;
	struct store_need *items;
	int n;
	int64_t next;
	if (store_need_list(r->rdb, &f, &r->arena, &items, &n, &next, &r->err))
		return -1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, need_json(r, r->rdb, &items[i], false, false));
	return api_reply(r, 200, page_result(arr, next));
}

/* ---- POST /needs ------------------------------------------------------------------ */

static const char *const urgency_names[] = {"normal", "urgent"};

static const struct vfield create_fields[] = {
	{"title", V_STRING, 0, 2, 100},
	{"description", V_TEXT, 0, 5, 5000},
	{"category", V_STRING, 0, 1, 32},
	{"location", V_OBJECT, 0},
	{"beneficiaries", V_OBJECT, V_REQUIRED},
	{"wanted_by", V_DATE, V_NULLABLE},
	{"urgency", V_ENUM, 0, 0, 0, urgency_names, 2},
	{"submitter", V_OBJECT, 0},
	{"from_appeal_id", V_ID, 0},
};

static const struct vfield location_fields[] = {
	{"community_id", V_ID, V_REQUIRED},
	{"address", V_STRING, V_NULLABLE, 0, 200},
};

static const struct vfield beneficiary_fields[] = {
	{"who", V_STRING, V_REQUIRED, 1, 100},
	{"count", V_INT, V_REQUIRED, 1, 10000000},
};

static const struct vfield submitter_fields[] = {
	{"name", V_STRING, V_NULLABLE, 0, 50},
	{"phone", V_STRING, V_NULLABLE, 0, 20},
	{"email", V_STRING, V_NULLABLE, 0, 100},
};

struct need_intake {
	struct store_need n;
	char token[SECRET_TOKEN_LEN + 1];
};

static int create_write(struct db *db, struct req *r, struct err *e)
{
	struct need_intake *in = r->write_arg;
	struct store_need *n = &in->n;
	struct actor who = {r->auth.user_id ? "staff" : "submitter", r->auth.user_id};
	if (need_create(db, r->app->audit_key, n, &who, &r->arena, e))
		return -1;
	if (store_need_get(db, n->id, &r->arena, n, e))
		return -1;
	json_t *out;
	if (n->has_token)
		out = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)n->id,
				"tracking_no", n->tracking_no, "access_token", in->token, "status",
				n->status, "title", n->title, "category", n->category, "created_at",
				n->created_at);
	else
		out = need_json(r, db, n, true, false);
	return api_reply(r, 201, out);
}

int api_needs_create(struct req *r)
{
	if (validate_body(r, create_fields, N_OF(create_fields), false))
		return -1;
	json_t *loc = json_object_get(r->body, "location");
	json_t *ben = json_object_get(r->body, "beneficiaries");
	json_t *sub = json_object_get(r->body, "submitter");
	if (validate_object(r, ben, "beneficiaries", beneficiary_fields,
			    N_OF(beneficiary_fields), false) ||
	    (loc && validate_object(r, loc, "location", location_fields, N_OF(location_fields),
				    false)) ||
	    (sub && validate_object(r, sub, "submitter", submitter_fields,
				    N_OF(submitter_fields), false)))
		return -1;
	struct need_intake *in = arena_alloc(&r->arena, sizeof *in);
	struct store_need *n = &in->n;
	bool staff = r->auth.user_id != 0;
	n->title = body_str(r, "title");
	n->description = body_str(r, "description");
	n->category = body_str(r, "category");
	n->wanted_by = body_str(r, "wanted_by");
	n->urgency = body_str(r, "urgency") ? body_str(r, "urgency") : "normal";
	n->beneficiaries_who = obj_str(ben, "who");
	n->beneficiaries_count = json_integer_value(json_object_get(ben, "count"));
	n->source = staff ? "staff" : "public";
	n->created_by = r->auth.user_id;
	int64_t community_id = loc ? json_integer_value(json_object_get(loc, "community_id")) : 0;
	n->address = loc ? obj_str(loc, "address") : NULL;
	if (sub) {
		n->name = obj_str(sub, "name");
		n->phone = obj_str(sub, "phone");
		n->email = obj_str(sub, "email");
		if (intake_check_contact(r, n->phone, n->email))
			return -1;
	}
	if (body_has(r, "from_appeal_id")) {
		if (!staff)
			return err_set(&r->err, 403, "forbidden", "from_appeal_id",
				       "only staff turn an appeal into a need");
		struct store_appeal *ap = arena_alloc(&r->arena, sizeof *ap);
		struct err e = {0};
		if (appeal_load_visible(r, r->rdb, body_int(r, "from_appeal_id", 0), ap, &e))
			return ref_not_found(r, &e, "from_appeal_id", "no such appeal");
		n->source = "appeal";
		n->appeal_id = ap->id;
		if (!n->title)
			n->title = ap->title;
		if (!n->description)
			n->description = ap->description;
		if (!n->category)
			n->category = ap->category;
		if (!loc) {
			community_id = ap->community_id;
			n->address = ap->address;
		}
		if (!community_id)
			return err_invalid(&r->err, "location", "the appeal names no community: "
							       "give the need's location");
	}
	if (!n->title)
		return err_invalid(&r->err, "title", "title is required");
	if (!n->description)
		return err_invalid(&r->err, "description", "description is required");
	if (!n->category)
		return err_invalid(&r->err, "category", "category is required");
	if (!community_id)
		return err_invalid(&r->err, "location", "location is required: where is the need?");
	if (ref_category(r, n->category, "category", NULL))
		return -1;
	struct store_org community;
	if (ref_org(r, community_id, loc ? "location.community_id" : "from_appeal_id",
		    "community", &community))
		return -1;
	n->community_id = community.id;
	n->place_path = community.path;
	if (staff) {
		struct need_facts f = {.place_path = community.path};
		if (!need_may_change(&r->auth.who, &f))
			return err_forbidden(&r->err, "only a secretary, dispatcher or admin "
						      "of the community raises needs there");
	}
	if (!staff) {
		intake_token(in->token, n->access_hash);
		n->has_token = true;
	}
	return api_write(r, create_write, in);
}

/* ---- GET /needs/{id} -------------------------------------------------------------- */

static int reveal_write(struct db *db, struct req *r, struct err *e)
{
	struct store_need *n = r->write_arg;
	struct actor who = {"staff", r->auth.user_id};
	if (store_need_get(db, n->id, &r->arena, n, e) ||
	    need_reveal(db, r->app->audit_key, n, &who, e))
		return -1;
	return api_reply(r, 200, need_json(r, db, n, true, true));
}

int api_needs_get(struct req *r)
{
	struct store_need *n = arena_alloc(&r->arena, sizeof *n);
	struct need_facts f;
	if (need_load_visible(r, r->rdb, r->ids[0], n, &f, &r->err))
		return -1;
	const char *reveal = req_query(r, "reveal");
	if (!reveal)
		return api_reply(r, 200, need_json(r, r->rdb, n, true, false));
	if (strcmp(reveal, "contact"))
		return err_invalid(&r->err, "reveal", "reveal takes the value contact");
	if (!need_may_change(&r->auth.who, &f))
		return err_forbidden(&r->err, "only the secretaries, dispatchers and admins of the "
					      "place see contact details");
	return api_write(r, reveal_write, n);
}

/* ---- PATCH /needs/{id} ------------------------------------------------------------ */

static const char *const closing_names[] = {"fulfilled", "closed"};

static const struct vfield update_fields[] = {
	{"title", V_STRING, 0, 2, 100},
	{"description", V_TEXT, 0, 5, 5000},
	{"category", V_STRING, 0, 1, 32},
	{"location", V_OBJECT, 0},
	{"beneficiaries", V_OBJECT, 0},
	{"wanted_by", V_DATE, V_NULLABLE},
	{"urgency", V_ENUM, 0, 0, 0, urgency_names, 2},
	{"status", V_ENUM, 0, 0, 0, closing_names, 2},
	{"close_reason", V_TEXT, 0, 2, 500},
	{"version", V_INT, 0, 1, INT32_MAX},
};

struct need_change {
	int64_t community_id;
	const char *place_path;
	const char *status, *close_reason;
	int64_t version;
};

/* The body's changes of the need's fields (the location checked by the read part). */
static void edit_of(struct req *r, const struct need_change *c, struct need_edit *ed)
{
	memset(ed, 0, sizeof *ed);
	ed->title = body_str(r, "title");
	ed->description = body_str(r, "description");
	ed->category = body_str(r, "category");
	ed->urgency = body_str(r, "urgency");
	if (body_has(r, "wanted_by")) {
		ed->set_wanted_by = true;
		ed->wanted_by = body_str(r, "wanted_by");
	}
	json_t *loc = json_object_get(r->body, "location");
	if (loc) {
		ed->set_location = true;
		ed->community_id = c->community_id;
		ed->place_path = c->place_path;
		ed->address = obj_str(loc, "address");
	}
	json_t *ben = json_object_get(r->body, "beneficiaries");
	if (ben) {
		ed->set_beneficiaries = true;
		ed->beneficiaries_who = obj_str(ben, "who");
		ed->beneficiaries_count = json_integer_value(json_object_get(ben, "count"));
	}
}

static int refuse_need(struct err *e, int why, enum need_event ev, const char *status)
{
	if (why == LISTS_NOT_VISIBLE)
		return err_not_found(e, "need");
	if (why == LISTS_FORBIDDEN)
		return err_forbidden(e, "only a secretary, dispatcher or admin of the need's place "
					"may do this");
	return err_set(e, 409, "wrong_state", NULL, "%s is not possible while the need is %s",
		       need_event_names[ev], status);
}

static int update_write(struct db *db, struct req *r, struct err *e)
{
	struct need_change *c = r->write_arg;
	struct store_need n;
	struct need_facts f;
	if (need_load_visible(r, db, r->ids[0], &n, &f, e))
		return -1;
	if (c->version && c->version != n.version)
		return err_stale(e, "need");
	struct actor who = {"staff", r->auth.user_id};
	struct need_edit ed;
	edit_of(r, c, &ed);
	if (need_edit_any(&ed)) {
		int why = need_check(&r->auth.who, &f, NEED_UPDATE);
		if (why)
			return refuse_need(e, why, NEED_UPDATE, n.status);
		if (need_update(db, r->app->audit_key, &n, &ed, &who, &r->arena, e))
			return -1;
	}
	if (c->status) {
		enum need_event ev = !strcmp(c->status, "closed") ? NEED_CLOSE : NEED_FULFIL;
		int why = need_check(&r->auth.who, &f, ev);
		if (why)
			return refuse_need(e, why, ev, n.status);
		if (need_finish(db, r->app->audit_key, &n, ev, c->close_reason, &who, &r->arena,
				e))
			return -1;
	}
	if (store_need_get(db, n.id, &r->arena, &n, e))
		return -1;
	return api_reply(r, 200, need_json(r, db, &n, true, false));
}

int api_needs_update(struct req *r)
{
	if (validate_body(r, update_fields, N_OF(update_fields), true))
		return -1;
	json_t *loc = json_object_get(r->body, "location");
	json_t *ben = json_object_get(r->body, "beneficiaries");
	if ((loc && validate_object(r, loc, "location", location_fields, N_OF(location_fields),
				    false)) ||
	    (ben && validate_object(r, ben, "beneficiaries", beneficiary_fields,
				    N_OF(beneficiary_fields), false)))
		return -1;
	struct need_change *c = arena_alloc(&r->arena, sizeof *c);
	c->status = body_str(r, "status");
	c->close_reason = body_str(r, "close_reason");
	c->version = body_int(r, "version", 0);
	if (c->status && !strcmp(c->status, "closed") && !c->close_reason)
		return err_invalid(&r->err, "close_reason",
				   "closing an unfulfilled need needs a close_reason");
	if (c->close_reason && (!c->status || strcmp(c->status, "closed")))
		return err_invalid(&r->err, "close_reason",
				   "close_reason goes with status closed");
	struct store_need n;
	struct need_facts f;
	if (need_load_visible(r, r->rdb, r->ids[0], &n, &f, &r->err))
		return -1;
	if (!need_may_change(&r->auth.who, &f))
		return refuse_need(&r->err, LISTS_FORBIDDEN, NEED_UPDATE, n.status);
	if (c->version && c->version != n.version)
		return err_stale(&r->err, "need");
	if (body_str(r, "category") && ref_category(r, body_str(r, "category"), "category", NULL))
		return -1;
	if (loc) {
		struct store_org community;
		if (ref_org(r, json_integer_value(json_object_get(loc, "community_id")),
			    "location.community_id", "community", &community))
			return -1;
		struct need_facts nf = {.place_path = community.path};
		if (!need_may_change(&r->auth.who, &nf))
			return err_forbidden(&r->err,
					     "you may not move the need to that community");
		c->community_id = community.id;
		c->place_path = community.path;
	}
	return api_write(r, update_write, c);
}

/* ---- GET /needs/{id}/events ------------------------------------------------------- */

int api_needs_events(struct req *r)
{
	struct store_need n;
	struct need_facts f;
	struct store_event *evs;
	int count;
	if (need_load_visible(r, r->rdb, r->ids[0], &n, &f, &r->err) ||
	    store_need_events(r->rdb, n.id, false, &r->arena, &evs, &count, &r->err))
		return -1;
	json_t *items = lists_events_json(evs, count, false, need_text_of);
	return api_reply(r, 200, page_result(items, 0));
}

/* ---- matching --------------------------------------------------------------------- */

struct ranking {
	struct store_resource *res;
	struct match_resource *mr;
	struct match_result *out;
	struct match_need need;
	int n_res, n;
	char today[11];
};

static char *tokens_of(struct arena *a, const char *title, const char *description)
{
	char *text = arena_printf(a, "%s\n%s", title ? title : "", description ? description : "");
	size_t cap = strlen(text) * 3 + 16;
	char *out = arena_alloc(a, cap);
	search_tokens(text, out, cap);
	return out;
}

/* Ranks every usable resource for need n (see domain/matching.h). */
static int rank_resources(struct req *r, struct db *db, const struct store_need *n,
			  double min_score, struct ranking *k, struct err *e)
{
	memset(k, 0, sizeof *k);
	lists_today(clock_now(), k->today);
	struct store_unit_record *recs;
	int n_recs;
	if (store_resource_usable(db, k->today, 2000, &r->arena, &k->res, &k->n_res, e) ||
	    store_unit_records(db, &r->arena, &recs, &n_recs, e))
		return -1;
	k->need = (struct match_need){.category = n->category,
				      .tokens = tokens_of(&r->arena, n->title, n->description),
				      .place_path = n->place_path,
				      .wanted_by = n->wanted_by,
				      .today = k->today};
	k->mr = arena_alloc(&r->arena, sizeof *k->mr * (size_t)(k->n_res + 1));
	k->out = arena_alloc(&r->arena, sizeof *k->out * (size_t)(k->n_res + 1));
	for (int i = 0; i < k->n_res; i++) {
		const struct store_resource *s = &k->res[i];
		struct match_resource *m = &k->mr[i];
		m->category = s->category;
		m->tokens = tokens_of(&r->arena, s->title, s->description);
		m->org_path = s->org_path;
		m->alliance_paths = s->alliance_paths;
		m->n_alliances = s->n_alliances;
		m->available_from = s->available_from;
		m->available_to = s->available_to;
		m->remaining = s->quantity - s->committed;
		m->withdrawn = strcmp(s->status, "active") != 0;
		for (int j = 0; j < n_recs; j++)
			if (recs[j].org_id == s->org_id) {
				m->record = (struct match_record){recs[j].delivered, recs[j].rated,
								  recs[j].satisfied,
								  recs[j].basically_satisfied};
				break;
			}
	}
	k->n = match_rank(&k->need, k->mr, k->n_res, min_score, k->out);
	return 0;
}

static json_t *match_json(const struct ranking *k, const struct match_result *m)
{
	const struct store_resource *s = &k->res[m->index];
	json_t *reasons = json_array(), *parts = json_object();
	for (int p = 0; p < MATCH_PART__MAX; p++) {
		char buf[MATCH_REASON_MAX + 32];
		match_reason(&k->need, &k->mr[m->index], m, m->order[p], buf, sizeof buf);
		json_array_append_new(reasons, json_string(buf));
		json_object_set_new(parts, match_part_names[p],
				    json_real((double)(int64_t)(match_weights[p] * m->parts[p] *
								1000 + 0.5) / 1000));
	}
	return json_pack("{s:o, s:f, s:o, s:o}", "resource", resource_json(s, k->today), "score",
			 (double)(int64_t)(m->score * 1000 + 0.5) / 1000, "reasons", reasons,
			 "parts", parts);
}

int api_needs_matches(struct req *r)
{
	int64_t limit;
	if (query_int(r, "limit", 20, 1, 200, &limit))
		return -1;
	struct store_need n;
	struct need_facts f;
	struct ranking k;
	if (need_load_visible(r, r->rdb, r->ids[0], &n, &f, &r->err) ||
	    rank_resources(r, r->rdb, &n, MATCH_MIN, &k, &r->err))
		return -1;
	json_t *items = json_array();
	for (int i = 0; i < k.n && i < limit; i++)
		json_array_append_new(items, match_json(&k, &k.out[i]));
	return api_reply(r, 200, page_result(items, 0));
}

/* ---- POST /needs/{id}/whistle ----------------------------------------------------- */

#define WHISTLE_MAX_UNITS 10

struct whistle {
	const char *note;
	int n;
	struct need_call calls[WHISTLE_MAX_UNITS];
	int64_t *ids[WHISTLE_MAX_UNITS]; /* calls[i].resource_ids */
};

static int whistle_write(struct db *db, struct req *r, struct err *e)
{
	struct whistle *w = r->write_arg;
	struct store_need n;
	struct need_facts f;
	if (need_load_visible(r, db, r->ids[0], &n, &f, e))
		return -1;
	int why = need_check(&r->auth.who, &f, NEED_WHISTLE);
	if (why)
		return refuse_need(e, why, NEED_WHISTLE, n.status);
	struct actor who = {"staff", r->auth.user_id};
	if (need_whistle(db, r->app->audit_key, &n, w->calls, w->n, w->note, &who, &r->arena, e))
		return -1;
	if (store_need_get(db, n.id, &r->arena, &n, e))
		return -1;
	return api_reply(r, 200, need_json(r, db, &n, true, false));
}

static const struct vfield whistle_fields[] = {{"note", V_TEXT, 0, 0, 500}};

int api_needs_whistle(struct req *r)
{
	if (r->body && validate_body(r, whistle_fields, N_OF(whistle_fields), false))
		return -1;
	struct store_need n;
	struct need_facts f;
	if (need_load_visible(r, r->rdb, r->ids[0], &n, &f, &r->err))
		return -1;
	int why = need_check(&r->auth.who, &f, NEED_WHISTLE);
	if (why)
		return refuse_need(&r->err, why, NEED_WHISTLE, n.status);
	struct ranking k;
	if (rank_resources(r, r->rdb, &n, MATCH_WHISTLE_MIN, &k, &r->err))
		return -1;
	struct whistle *w = arena_alloc(&r->arena, sizeof *w);
	w->note = body_str(r, "note");
	for (int i = 0; i < k.n; i++) {
		const struct store_resource *s = &k.res[k.out[i].index];
		int u;
		for (u = 0; u < w->n && w->calls[u].org_id != s->org_id; u++)
			;
		if (u == w->n) {
			if (w->n == WHISTLE_MAX_UNITS)
				continue;
			/* Room for every match: a unit may offer them all. */
			w->ids[u] = arena_alloc(&r->arena, sizeof *w->ids[u] * (size_t)k.n);
			w->calls[u] = (struct need_call){.org_id = s->org_id,
							 .org_path = s->org_path,
							 .name = s->org_name,
							 .resource_ids = w->ids[u]};
			w->n++;
		}
		w->ids[u][w->calls[u].n_resources++] = s->id;
	}
	if (!w->n)
		return err_conflict(&r->err, "no_match",
				    "no resource matches this need well enough to call its unit");
	return api_write(r, whistle_write, w);
}

/* ---- the submitter's side --------------------------------------------------------- */

/* Loads the need of r->keys[0] when X-Access-Token is its token: 0; 1 when the number or
 * the token is not right (the caller answers intake_track_refused, as for appeals); -1
 * with e set on a database error. */
static int load_tracked(struct req *r, struct db *db, struct store_need *n, struct err *e)
{
	struct err nf = {0};
	if (store_need_by_tracking(db, r->keys[0], &r->arena, n, &nf))
		return nf.status == 404 ? 1 : (*e = nf, -1);
	return n->has_token && intake_token_ok(r, n->access_hash) ? 0 : 1;
}

/* What the public sees of an event's data. */
static void public_data(json_t *ev)
{
	static const char *const keep[] = {"org_name", "quantity", "unit", "reason", "text",
					   "project_title", "from", "to"};
	json_t *data = json_object_get(ev, "data"), *clean = json_object();
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		json_t *v = json_object_get(data, keep[i]);
		if (v)
			json_object_set(clean, keep[i], v);
	}
	json_object_set_new(ev, "data", clean);
}

static json_t *need_track_json(struct req *r, struct db *db, const struct store_need *n)
{
	struct store_event *evs;
	int count, np;
	int64_t *pids;
	if (store_need_events(db, n->id, true, &r->arena, &evs, &count, &r->err) ||
	    store_project_ids_of_need(db, n->id, &r->arena, &pids, &np, &r->err))
		return NULL;
	json_t *timeline = lists_events_json(evs, count, true, need_text_of);
	size_t i;
	json_t *ev;
	json_array_foreach(timeline, i, ev) public_data(ev);
	char today[11];
	lists_today(clock_now(), today);
	json_t *projects = json_array();
	for (int k = 0; k < np; k++) {
		struct store_project p;
		if (store_project_get(db, pids[k], &r->arena, &p, &r->err)) {
			json_decref(timeline);
			json_decref(projects);
			return NULL;
		}
		json_t *pj = project_json(&p, today, NULL);
		json_t *pub = json_pack("{s:I, s:s, s:s, s:O, s:O, s:O, s:O}", "id",
					(json_int_t)p.id, "title", p.title, "status", p.status,
					"owner_name",
					json_object_get(pj, "owner_name"), "plan",
					json_object_get(pj, "plan"), "outcome",
					json_object_get(pj, "outcome"), "rating",
					json_object_get(pj, "rating"));
		json_decref(pj);
		json_array_append_new(projects, pub);
	}
	json_t *can = json_array();
	if (need_event_allowed(need_status_of(n), NEED_ADD_INFO))
		json_array_append_new(can, json_string("add_info"));
	return json_pack(
		"{s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:{s:I, s:o, s:s}, s:{s:s, s:I}, s:o, s:s,"
		" s:s, s:o, s:o, s:o}",
		"kind", "need", "tracking_no", n->tracking_no, "status", n->status, "close_reason",
		render_str(n->close_reason), "title", n->title, "description", n->description,
		"category", n->category, "location", "community_id", (json_int_t)n->community_id,
		"community_name", render_str(n->community_name), "address",
		n->address ? n->address : "", "beneficiaries", "who", n->beneficiaries_who, "count",
		(json_int_t)n->beneficiaries_count, "wanted_by", render_str(n->wanted_by),
		"urgency", n->urgency, "created_at", n->created_at, "timeline", timeline,
		"projects", projects, "can", can);
}

int api_need_track_get(struct req *r)
{
	struct store_need n;
	int rc = load_tracked(r, r->rdb, &n, &r->err);
	if (rc)
		return rc < 0 ? -1 : intake_track_refused(r);
	json_t *j = need_track_json(r, r->rdb, &n);
	return j ? api_reply(r, 200, j) : -1;
}

static const char *const track_types[] = {"add_info"};
static const struct vfield track_fields[] = {
	{"type", V_ENUM, V_REQUIRED, 0, 0, track_types, 1},
	{"text", V_TEXT, V_REQUIRED, 1, 2000},
};

static int track_write(struct db *db, struct req *r, struct err *e)
{
	struct store_need n;
	int rc = load_tracked(r, db, &n, e);
	if (rc) /* checked on the read connection already */
		return rc < 0 ? -1 : intake_track_not_found(e);
	struct actor who = {"submitter", 0};
	if (need_add_info(db, r->app->audit_key, &n, body_str(r, "text"), &who, &r->arena, e) < 0)
		return -1;
	json_t *j = need_track_json(r, db, &n);
	if (!j)
		return *e = r->err, -1;
	return api_reply(r, 200, j);
}

int api_need_track_step(struct req *r)
{
	if (validate_body(r, track_fields, N_OF(track_fields), false))
		return -1;
	struct store_need n;
	int rc = load_tracked(r, r->rdb, &n, &r->err);
	if (rc)
		return rc < 0 ? -1 : intake_track_refused(r);
	if (!need_event_allowed(need_status_of(&n), NEED_ADD_INFO))
		return err_set(&r->err, 409, "wrong_state", "type",
			       "add_info is not possible while the need is %s", n.status);
	return api_write(r, track_write, NULL);
}
