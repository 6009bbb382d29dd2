/* appeal_query: reading appeals — the staff queue and search (limited to the caller's
 * scope), one appeal (personal data masked; ?reveal=contact unmasks it for dispatchers and
 * the lead unit's handlers, and the reveal is written to the audit chain), its events,
 * similar open appeals, and the public wall. */
#include "api/appeals.h"
#include "api/attachments.h"
#include "api/catalog.h"
#include "api/validate.h"
#include "domain/mask.h"
#include "domain/search.h"
#include "store/catalog.h"
#include "store/orgs.h"
#include "util/clock.h"

#include <stdio.h>
#include <string.h>

int appeal_load_visible(struct req *r, struct db *db, int64_t id, struct store_appeal *a,
			struct err *e)
{
	if (store_appeal_get(db, id, &r->arena, a, e))
		return -1;
	struct appeal_facts f;
	appeal_facts_of(a, &f);
	if (!appeal_visible(&r->auth.who, &f))
		return err_not_found(e, "appeal");
	return 0;
}

/* Fills the scope part of a list filter from the caller's grants. */
static void scope_filter(struct req *r, struct appeal_filter *f)
{
	const struct principal *p = &r->auth.who;
	const char **paths = arena_alloc(&r->arena, sizeof *paths * (size_t)(p->n_grants + 1));
	int n = 0;
	for (int i = 0; i < p->n_grants; i++) {
		const struct grant *g = &p->grants[i];
		if (g->role == ROLE_LIAISON) {
			f->liaison_org_id = g->org_id;
			f->liaison_user_id = p->user_id;
			continue;
		}
		/* A grant at the root covers everything: no filter at all. */
		if (scope_grant_at_root(g)) {
			f->scope_paths = NULL;
			f->n_scope = 0;
			f->liaison_org_id = f->liaison_user_id = 0;
			f->scope_none = false;
			return;
		}
		paths[n++] = g->org_path;
	}
	f->scope_paths = paths;
	f->n_scope = n;
	f->scope_none = n == 0;
}

/* community_id: the place lies in that org's subtree. An appeal's place is a community
 * (its community_id) or the district, so for a community the filter also names the
 * community itself: the queue's (status, community_id, id) index then gives the page in
 * order, instead of walking the status's appeals and keeping those of the place. */
static int community_param(struct req *r, struct appeal_filter *f)
{
	int64_t id;
	if (query_int(r, "community_id", 0, 1, INT64_MAX, &id))
		return -1;
	if (!id)
		return 0;
	struct store_org o;
	if (ref_org(r, id, "community_id", NULL, &o))
		return -1;
	f->community_path = o.path;
	if (!strcmp(o.kind, "community"))
		f->community_id = id;
	return 0;
}

/* The secretary's mailbox (书记信箱): mailbox=mine is the caller's own — letters addressed
 * to them and letters to nobody in particular (a community's with several secretaries)
 * in their scope; addressed_to=ID the letters to one user (within the caller's scope, as
 * every list is). */
static int mailbox_param(struct req *r, struct appeal_filter *f)
{
	const char *mb = req_query(r, "mailbox");
	if (mb && strcmp(mb, "mine"))
		return err_invalid(&r->err, "mailbox", "mailbox must be mine");
	if (mb)
		f->mailbox_of = r->auth.user_id;
	return query_int(r, "addressed_to", 0, 1, INT64_MAX, &f->addressed_to);
}

static int time_param(struct req *r, const char *name, const char **out)
{
	const char *s = req_query(r, name);
	*out = NULL;
	if (!s)
		return 0;
	int64_t t;
	int y, m, d;
	if (strlen(s) == 10 && !clock_parse_date(s, &y, &m, &d)) {
		/* A date means midnight in Asia/Shanghai. */
		t = clock_days_from_civil(y, m, d) * 86400 - 8 * 3600;
	} else if (clock_parse_iso(s, &t)) {
		return err_invalid(&r->err, name, "%s must be a date or an ISO 8601 time", name);
	}
	char buf[CLOCK_ISO_LEN];
	clock_iso(t, buf);
	*out = arena_strdup(&r->arena, buf);
	return 0;
}

int api_appeals_list(struct req *r)
{
	/* The cases of a group of 每月一题 are read by the statistics' own filter. */
	if (req_query(r, "topic"))
		return api_topic_cases(r);
	struct page pg;
	struct appeal_filter f = {0};
	int status;
	enum export_format fmt;
	if (export_format_of(r, &fmt) || query_page(r, &pg) ||
	    query_enum(r, "status", appeal_status_names, APPEAL_STATUS__MAX, &status) ||
	    query_org_path(r, "org_id", &f.org_path) || community_param(r, &f) ||
	    time_param(r, "from", &f.from) || time_param(r, "to", &f.to))
		return -1;
	f.status = status >= 0 ? appeal_status_names[status] : NULL;
	f.category = req_query(r, "category");
	const char *overdue = req_query(r, "overdue");
	if (overdue && strcmp(overdue, "true") && strcmp(overdue, "false"))
		return err_invalid(&r->err, "overdue", "overdue must be true or false");
	f.overdue = overdue && !strcmp(overdue, "true");
	if (mailbox_param(r, &f))
		return -1;
	const char *q = req_query(r, "q");
	if (q) {
		if (utf8_length(q) > 100)
			return err_invalid(&r->err, "q", "q must be at most 100 characters");
		char *match = arena_alloc(&r->arena, 4096);
		int n = search_query(q, match, 4096);
		if (n <= 0)
			return err_invalid(&r->err, "q", "q needs at least one word or character");
		f.match = match;
	}
	scope_filter(r, &f);
	if (fmt != EXPORT_NONE)
		return appeals_export(r, fmt, &f);
	f.after = pg.after;
	f.limit = pg.limit;
	struct store_appeal *items;
	int n;
	int64_t next;
	if (store_appeal_list(r->rdb, &f, &r->arena, &items, &n, &next, &r->err))
		return -1;
	return appeal_page_reply(r, items, n, next);
}

int appeal_page_reply(struct req *r, const struct store_appeal *items, int n, int64_t next)
{
	struct workcal cal;
	if (catalog_workcal(r->rdb, &r->arena, &cal, &r->err))
		return -1;
	int64_t now = clock_now();
	struct jw w;
	jw_init(&w);
	jw_object(&w);
	JW_KEY(&w, "items");
	jw_array(&w);
	for (int i = 0; i < n; i++)
		appeal_staff_write(&w, r, &items[i], false, &cal, now);
	jw_array_end(&w);
	/* as page_result() */
	JW_KEY(&w, "next");
	if (next) {
		char buf[24];
		snprintf(buf, sizeof buf, "%lld", (long long)next);
		jw_str(&w, buf);
	} else {
		jw_null(&w);
	}
	jw_object_end(&w);
	return api_reply_jw(r, 200, &w);
}

static int reveal_write(struct db *db, struct req *r, struct err *e)
{
	struct store_appeal *a = r->write_arg;
	struct actor who = {"staff", r->auth.user_id};
	struct evdata *d = evdata_new(&r->arena);
	evdata_str(d, "fields", "contact");
	if (appeal_event(db, r->app->audit_key, a, STEP_REVEAL, &who, d, &r->arena, e) < 0)
		return -1;
	return appeal_reply_staff(r, 200, a, true, NULL);
}

int api_appeals_get(struct req *r)
{
	struct store_appeal *a = arena_alloc(&r->arena, sizeof *a);
	if (appeal_load_visible(r, r->rdb, r->ids[0], a, &r->err))
		return -1;
	const char *reveal = req_query(r, "reveal");
	if (!reveal) {
		struct workcal cal;
		if (catalog_workcal(r->rdb, &r->arena, &cal, &r->err))
			return -1;
		return appeal_reply_staff(r, 200, a, false, &cal);
	}
	if (strcmp(reveal, "contact"))
		return err_invalid(&r->err, "reveal", "reveal takes the value contact");
	struct appeal_facts f;
	appeal_facts_of(a, &f);
	if (!appeal_may_reveal(&r->auth.who, &f))
		return err_forbidden(
		    &r->err, "only dispatchers and the lead unit's handlers see contact details");
	return api_write(r, reveal_write, a);
}

int api_appeals_events(struct req *r)
{
	struct store_appeal a;
	if (appeal_load_visible(r, r->rdb, r->ids[0], &a, &r->err))
		return -1;
	struct appeal_facts f;
	appeal_facts_of(&a, &f);
	/* The enterprise's liaison reads the submitter's timeline. */
	json_t *items = appeal_events_json(r, r->rdb, &a, !appeal_staff_sees(&r->auth.who, &f));
	if (!items)
		return -1;
	/* Each event carries its place in the chain. */
	return api_reply(r, 200, json_pack("{s:o, s:n}", "items", items, "next"));
}

json_t *appeal_similar_json(struct req *r, struct db *db, const struct store_appeal *a)
{
	struct store_appeal *cands;
	int n;
	if (store_appeal_open_recent(db, a->id, 300, &r->arena, &cands, &n, &r->err))
		return NULL;
	size_t cap = 4 * (strlen(a->title) + strlen(a->description)) + 16;
	char *mine = arena_alloc(&r->arena, cap);
	search_tokens(arena_printf(&r->arena, "%s\n%s", a->title, a->description), mine, cap);
	enum { BEST = 10 };
	struct scored {
		double score;
		int idx;
	} best[BEST];
	int nbest = 0;
	for (int i = 0; i < n; i++) {
		struct appeal_facts f;
		appeal_facts_of(&cands[i], &f);
		if (!appeal_visible(&r->auth.who, &f))
			continue;
		size_t c2 = 4 * (strlen(cands[i].title) + strlen(cands[i].description)) + 16;
		char *theirs = arena_alloc(&r->arena, c2);
		search_tokens(
		    arena_printf(&r->arena, "%s\n%s", cands[i].title, cands[i].description), theirs,
		    c2);
		/* Text counts most; the same category and the same place add to it. */
		double score = 0.6 * search_similarity(mine, theirs) +
		               0.25 * !strcmp(a->category, cands[i].category) +
		               0.15 * (a->community_id && a->community_id == cands[i].community_id);
		if (score < 0.35 || (nbest == BEST && best[BEST - 1].score >= score))
			continue;
		int k = nbest < BEST ? nbest++ : BEST - 1;
		best[k] = (struct scored){score, i};
		for (; k > 0 && best[k].score > best[k - 1].score; k--) {
			struct scored t = best[k];
			best[k] = best[k - 1];
			best[k - 1] = t;
		}
	}
	json_t *items = json_array();
	for (int i = 0; i < nbest; i++) {
		const struct store_appeal *c = &cands[best[i].idx];
		json_array_append_new(
		    items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:f}", "id", (json_int_t)c->id,
		                     "tracking_no", c->tracking_no, "title", c->title, "status",
		                     c->status, "category", c->category, "score", best[i].score));
	}
	return items;
}

int api_appeals_similar(struct req *r)
{
	struct store_appeal a;
	if (appeal_load_visible(r, r->rdb, r->ids[0], &a, &r->err))
		return -1;
	json_t *items = appeal_similar_json(r, r->rdb, &a);
	return items ? api_reply(r, 200, page_result(items, 0)) : -1;
}

int api_public_appeals(struct req *r)
{
	struct page pg;
	if (query_page(r, &pg))
		return -1;
	struct store_appeal *items;
	int n;
	int64_t next;
	if (store_appeal_published(r->rdb, pg.after, pg.limit, &r->arena, &items, &n, &next,
	                           &r->err))
		return -1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		const char *community = NULL;
		struct store_org o;
		struct err e;
		if (items[i].community_id &&
		    !store_org_get(r->rdb, items[i].community_id, &r->arena, &o, &e))
			community = o.name;
		json_t *item = appeal_public_json(&items[i], community);
		json_t *att =
		    api_attachments_json(r, r->rdb, &items[i], ATTACHMENT_VIEW_PUBLIC, &r->err);
		if (!att) {
			json_decref(item);
			json_decref(arr);
			return -1;
		}
		json_object_set_new(item, "attachments", att);
		json_array_append_new(arr, item);
	}
	return api_reply(r, 200, page_result(arr, next));
}

/* Replaces every {key} in body with its value; unknown placeholders stay as they are. */
static char *fill(struct arena *ar, const char *body, const char *const (*vals)[2], int n)
{
	size_t cap = strlen(body) * 2 + 256, len = 0;
	for (int i = 0; i < n; i++)
		cap += strlen(vals[i][1]) * 4;
	char *out = arena_alloc(ar, cap);
	for (const char *p = body; *p && len + 1 < cap;) {
		int k = -1;
		if (*p == '{')
			for (int i = 0; i < n && k < 0; i++)
				if (!strncmp(p, vals[i][0], strlen(vals[i][0])))
					k = i;
		if (k < 0) {
			out[len++] = *p++;
			continue;
		}
		size_t vl = strlen(vals[k][1]);
		if (len + vl + 1 >= cap)
			break;
		memcpy(out + len, vals[k][1], vl);
		len += vl;
		p += strlen(vals[k][0]);
	}
	out[len] = 0;
	return out;
}

int api_appeals_templates(struct req *r)
{
	struct store_appeal a;
	if (appeal_load_visible(r, r->rdb, r->ids[0], &a, &r->err))
		return -1;
	struct appeal_facts f;
	appeal_facts_of(&a, &f);
	/* The answers staff give, with the lead unit's name: not for the enterprise. */
	if (!appeal_staff_sees(&r->auth.who, &f))
		return err_forbidden(&r->err,
		                     "reply templates are for the staff handling the appeal");
	struct store_template *items;
	int n;
	if (store_template_list(r->rdb, a.category, &r->arena, &items, &n, &r->err))
		return -1;
	const char *unit = "";
	struct store_org o;
	struct err e;
	if (a.lead_org_id && !store_org_get(r->rdb, a.lead_org_id, &r->arena, &o, &e))
		unit = o.name;
	char local[CLOCK_ISO_LEN], name[64] = "您";
	clock_iso(clock_now() + 8 * 3600, local);
	int y, m, d;
	clock_parse_date(local, &y, &m, &d);
	if (a.name && *a.name)
		mask_name(a.name, name, sizeof name);
	const char *const vals[][2] = {
	    {"{name}", name},
	    {"{tracking_no}", a.tracking_no},
	    {"{unit}", unit},
	    {"{date}", arena_printf(&r->arena, "%d年%d月%d日", y, m, d)},
	};
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		/* The district's templates, and those of the appeal's own community. */
		if (items[i].community_id && items[i].community_id != a.community_id)
			continue;
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s}", "id",
		                                     (json_int_t)items[i].id, "title",
		                                     items[i].title, "body", items[i].body, "text",
		                                     fill(&r->arena, items[i].body, vals, 4)));
	}
	return api_reply(r, 200, page_result(arr, 0));
}
