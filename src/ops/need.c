/* need (operations): the changes of a need, each with its event and notices (see
 * need.h). */
#include "ops/need.h"
#include "ops/intake.h"
#include "store/notices.h"
#include "store/orgs.h"
#include "util/clock.h"
#include "util/links.h"

#include <assert.h>
#include <string.h>

static const char *const SECRETARIES[] = {"secretary", NULL};
static const char *const UNIT_STAFF[] = {"handler", "liaison", NULL};

enum need_status need_status_of(const struct store_need *n)
{
	assert(n);
	int s = names_find(need_status_names, NEED_STATUS__MAX, n->status);
	return s < 0 ? NEED_OPEN : (enum need_status)s;
}

int need_facts_load(struct db *db, const struct store_need *n, struct arena *a,
		    struct need_facts *f, struct err *e)
{
	assert(db && n && a && f);
	memset(f, 0, sizeof *f);
	f->status = need_status_of(n);
	f->place_path = n->place_path;
	int64_t *ids = arena_alloc(a, sizeof *ids * 256);
	if (store_alliance_member_ids(db, n->community_id, ids, 256, &f->n_members, e))
		return -1;
	f->member_ids = ids;
	struct store_need_unit *units;
	int nu;
	if (store_need_units(db, n->id, a, &units, &nu, e))
		return -1;
	const char **paths = arena_alloc(a, sizeof *paths * (size_t)(nu + 1));
	for (int i = 0; i < nu; i++)
		paths[i] = units[i].org_path;
	f->unit_paths = paths;
	f->n_units = nu;
	return 0;
}

int need_event(struct db *db, const uint8_t *audit_key, struct store_need *n,
	       enum need_event ev, const struct actor *who, const struct evdata *data,
	       struct err *e)
{
	assert(n && n->id > 0 && (unsigned)ev < NEED_EVENT__MAX);
	int seq = lists_event(db, audit_key, AUDIT_NEED, n->id, need_event_names[ev],
			      need_event_public(ev), who, data, e);
	if (seq >= 0)
		n->event_count = seq;
	return seq;
}

/* What the need's notices are about. */
static struct subject about(const struct store_need *n)
{
	return (struct subject){SUBJECT_NEED, n->id};
}

/* Queues the public submitter's notice of an event they see (SMS when they left a phone,
 * else email). */
static int notice_submitter(struct db *db, const struct store_need *n, enum need_event ev,
			    int seq, struct arena *a, struct err *e)
{
	if (!need_event_public(ev) || ev == NEED_ADD_INFO || n->erased)
		return 0;
	const char *channel = n->phone && *n->phone   ? "sms"
			      : n->email && *n->email ? "email"
						      : NULL;
	if (!channel)
		return 0;
	const char *to = !strcmp(channel, "sms") ? n->phone : n->email;
	/* The link is absolute: a phone opens it from the message (util/links.h). */
	char *body =
	    arena_printf(a, "【回音】您的需求（编号 %s）：%s 查看进度：%s/#/track/%s",
	                 n->tracking_no, need_event_text(ev), links_base(), n->tracking_no);
	char *dedupe = arena_printf(a, "need:%lld:%d", (long long)n->id, seq);
	return store_outbox_add(db, channel, to, "回音：需求进展", body, about(n), dedupe,
	                        lists_now(a), e);
}

int need_step(struct db *db, const uint8_t *audit_key, struct store_need *n, enum need_event ev,
	      const struct actor *who, struct evdata *data, struct arena *a, struct err *e)
{
	assert(db && audit_key && n && n->id > 0 && who && a);
	assert((unsigned)ev < NEED_EVENT__MAX);
	enum need_status from = need_status_of(n);
	if (!need_event_allowed(from, ev))
		return err_set(e, 409, "wrong_state", NULL,
			       "%s is not possible while the need is %s", need_event_names[ev],
			       n->status);
	enum need_status to = need_next(from, ev);
	if (!data)
		data = evdata_new(a);
	if (to != from) {
		n->status = need_status_names[to];
		if (to != NEED_CLOSED)
			n->close_reason = NULL;
		evdata_str(data, "from", need_status_names[from]);
		evdata_str(data, "to", n->status);
		if (store_need_update(db, n, lists_now(a), e))
			return -1;
	}
	int seq = need_event(db, audit_key, n, ev, who, data, e);
	if (seq < 0)
		return -1;
	if (to != from && notice_submitter(db, n, ev, seq, a, e))
		return -1;
	return seq;
}

int need_create(struct db *db, const uint8_t *audit_key, struct store_need *n,
		const struct actor *who, struct arena *a, struct err *e)
{
	assert(db && audit_key && n && who && a && n->community_id > 0);
	if (intake_tracking_no(db, "XQ", clock_now(), a, &n->tracking_no, e))
		return -1;
	n->created_at = lists_now(a);
	n->status = "open";
	n->close_reason = NULL;
	if (store_need_insert(db, n, e))
		return -1;
	struct evdata *data = evdata_new(a);
	evdata_str(data, "source", n->source);
	evdata_str(data, "category", n->category);
	evdata_int(data, "community_id", n->community_id);
	evdata_int(data, "beneficiaries", n->beneficiaries_count);
	if (n->appeal_id) {
		evdata_int(data, "appeal_id", n->appeal_id);
		if (store_appeal_need_link(db, n->appeal_id, n->id, e))
			return -1;
		/* The appeal's own chain says it became this need. */
		struct evdata *ad = evdata_new(a);
		evdata_int(ad, "need_id", n->id);
		evdata_str(ad, "tracking_no", n->tracking_no);
		struct audit_event ae = {.parent_id = n->appeal_id,
					 .type = "to_need",
					 .actor_kind = who->kind,
					 .actor_id = who->user_id,
					 .public = false,
					 .data = evdata_text(ad),
					 .created_at = n->created_at};
		if (audit_append(db, audit_key, AUDIT_APPEAL, &ae, e))
			return -1;
	}
	int s = need_event(db, audit_key, n, NEED_CREATE, who, data, e);
	if (s < 0)
		return -1;
	int64_t found;
	char *dedupe = arena_printf(a, "need:%lld:%d", (long long)n->id, s);
	if (store_notify_role_at(db, SECRETARIES, n->community_id, "new_need", about(n),
	                         arena_printf(a, "新需求 %s：%s", n->tracking_no, n->title), dedupe,
	                         n->created_at, &found, e))
		return -1;
	return notice_submitter(db, n, NEED_CREATE, s, a, e);
}

bool need_edit_any(const struct need_edit *ed)
{
	assert(ed);
	return ed->title || ed->description || ed->category || ed->urgency ||
	       ed->set_wanted_by || ed->set_location || ed->set_beneficiaries;
}

int need_update(struct db *db, const uint8_t *audit_key, struct store_need *n,
		const struct need_edit *ed, const struct actor *who, struct arena *a,
		struct err *e)
{
	assert(db && audit_key && n && n->id > 0 && ed && who && a);
	if (!need_edit_any(ed))
		return 0;
	struct evdata *data = evdata_new(a);
	struct evdata *changes = evdata_object(data, "changes");
	static const char *const texts[] = {"title", "description", "category", "urgency"};
	const char *const values[] = {ed->title, ed->description, ed->category, ed->urgency};
	const char **slots[] = {&n->title, &n->description, &n->category, &n->urgency};
	for (int i = 0; i < 4; i++)
		if (values[i]) {
			*slots[i] = values[i];
			evdata_str(changes, texts[i], values[i]);
		}
	if (ed->set_wanted_by) {
		n->wanted_by = ed->wanted_by;
		evdata_str_or_null(changes, "wanted_by", n->wanted_by);
	}
	if (ed->set_location) {
		assert(ed->community_id > 0 && ed->place_path);
		n->community_id = ed->community_id;
		n->place_path = ed->place_path;
		n->address = ed->address;
		evdata_int(changes, "community_id", n->community_id);
		evdata_str(changes, "address", n->address ? n->address : "");
	}
	if (ed->set_beneficiaries) {
		n->beneficiaries_who = ed->beneficiaries_who;
		n->beneficiaries_count = ed->beneficiaries_count;
		struct evdata *b = evdata_object(changes, "beneficiaries");
		evdata_str(b, "who", n->beneficiaries_who);
		evdata_int(b, "count", n->beneficiaries_count);
	}
	if (store_need_update(db, n, lists_now(a), e))
		return -1;
	return need_event(db, audit_key, n, NEED_UPDATE, who, data, e) < 0 ? -1 : 0;
}

int need_finish(struct db *db, const uint8_t *audit_key, struct store_need *n,
		enum need_event ev, const char *reason, const struct actor *who,
		struct arena *a, struct err *e)
{
	assert(ev == NEED_FULFIL || ev == NEED_CLOSE);
	assert(ev != NEED_CLOSE || reason);
	struct evdata *d = evdata_new(a);
	if (ev == NEED_CLOSE) {
		n->close_reason = reason;
		evdata_str(d, "reason", reason);
	}
	return need_step(db, audit_key, n, ev, who, d, a, e) < 0 ? -1 : 0;
}

int need_reveal(struct db *db, const uint8_t *audit_key, struct store_need *n,
		const struct actor *who, struct err *e)
{
	assert(n);
	struct arena a;
	arena_init(&a);
	struct evdata *d = evdata_new(&a);
	evdata_str(d, "fields", "contact");
	int seq = need_event(db, audit_key, n, NEED_REVEAL, who, d, e);
	arena_free(&a);
	return seq < 0 ? -1 : 0;
}

int need_whistle(struct db *db, const uint8_t *audit_key, struct store_need *n,
		 const struct need_call *calls, int n_calls, const char *note,
		 const struct actor *who, struct arena *a, struct err *e)
{
	assert(db && audit_key && n && n->id > 0 && calls && n_calls > 0 && who && a);
	const char *now = lists_now(a);
	n->whistled_at = now;
	if (store_need_update(db, n, now, e))
		return -1;
	struct evdata *data = evdata_new(a);
	for (int i = 0; i < n_calls; i++) {
		struct evdata *u = evdata_append(data, "units");
		evdata_int(u, "org_id", calls[i].org_id);
		evdata_str(u, "name", calls[i].name);
		evdata_ids(u, "resource_ids", calls[i].resource_ids, calls[i].n_resources);
	}
	evdata_str(data, "note", note);
	int seq = need_event(db, audit_key, n, NEED_WHISTLE, who, data, e);
	if (seq < 0)
		return -1;
	char *dedupe = arena_printf(a, "need:%lld:%d", (long long)n->id, seq);
	char *msg = arena_printf(a, "社区吹哨 %s：%s（%s），请报到认领资源", n->tracking_no,
				 n->title, n->community_name ? n->community_name : "");
	for (int i = 0; i < n_calls; i++) {
		int64_t found;
		if (store_need_unit_add(db, n->id, calls[i].org_id, calls[i].org_path, "whistle",
		                        now, e) ||
		    store_notify_role_at(db, UNIT_STAFF, calls[i].org_id, "need_whistle", about(n),
		                         msg, dedupe, now, &found, e))
			return -1;
	}
	return 0;
}

int need_add_info(struct db *db, const uint8_t *audit_key, struct store_need *n,
		  const char *text, const struct actor *who, struct arena *a, struct err *e)
{
	assert(text);
	struct evdata *d = evdata_new(a);
	evdata_str(d, "text", text);
	int seq = need_step(db, audit_key, n, NEED_ADD_INFO, who, d, a, e);
	if (seq < 0)
		return -1;
	int64_t found;
	char *dedupe = arena_printf(a, "need:%lld:%d", (long long)n->id, seq);
	char *msg = arena_printf(a, "需求 %s 有补充信息", n->tracking_no);
	if (store_notify_role_at(db, SECRETARIES, n->community_id, "need_add_info", about(n), msg,
	                         dedupe, lists_now(a), &found, e))
		return -1;
	return seq;
}
