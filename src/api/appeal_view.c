/* appeal_view: the three views of an appeal — staff (personal data masked unless
 * revealed, with the steps the caller may take now), the submitter's (timeline in plain
 * words, the answer, what they can do next; nothing staff-only) and the public wall's
 * (no personal data at all). */
#include "api/appeals.h"
#include "api/attachments.h"
#include "api/render.h"
#include "domain/mask.h"
#include "domain/workcal.h"
#include "store/audit.h"
#include "util/clock.h"
#include "util/log.h"

#include <string.h>

static json_t *location_json(const struct store_appeal *a)
{
	json_t *loc = json_pack("{s:o, s:s}", "community_id", render_id(a->community_id), "address",
	                        a->address ? a->address : "");
	json_object_set_new(loc, "lat", a->has_location ? json_real(a->lat) : json_null());
	json_object_set_new(loc, "lng", a->has_location ? json_real(a->lng) : json_null());
	return loc;
}

/* Personal data s: null when unset or empty; as it is with `reveal`; else masked. */
static void masked(struct jw *w, const char *s, void (*mask)(const char *, char *, size_t),
                   bool reveal)
{
	if (!s || !*s) {
		jw_null(w);
	} else if (reveal) {
		jw_str(w, s);
	} else {
		char buf[256];
		mask(s, buf, sizeof buf);
		jw_str(w, buf);
	}
}

/* r->rdb is the writer's connection while a write part runs (see http/server.c), so the
 * view sees the transaction's own changes. A failed read is logged and shows as no
 * attachments, since the view has no error path. */
static void staff_attachments(struct jw *w, struct req *r, const struct store_appeal *a,
                              enum attachment_view view)
{
	struct err e = {0};
	json_t *list = api_attachments_json(r, r->rdb, a, view, &e);
	if (!list)
		log_msg(LOG_ERROR, "attachments of appeal %lld: %s", (long long)a->id, e.message);
	JW_KEY(w, "attachments");
	if (list)
		jw_json(w, list);
	else {
		jw_array(w);
		jw_array_end(w);
	}
	json_decref(list);
}

/* "countdown": the next pending deadline with the working time left (negative when
 * overdue), counted by the calendar: {"step","due","working_seconds"}, or null. */
static void countdown(struct jw *w, const struct store_appeal *a, const struct workcal *cal,
                      int64_t now)
{
	const char *step = NULL, *due = NULL;
	if (!strcmp(a->status, "submitted")) {
		step = "accept";
		due = a->accept_due;
	} else if (!strcmp(a->status, "dispatched") || !strcmp(a->status, "reopened")) {
		step = "acknowledge";
		due = a->ack_due;
	} else if (!strcmp(a->status, "in_progress")) {
		step = a->contacted_at ? "answer" : "contact";
		due = a->contacted_at ? a->answer_due : a->contact_due;
	}
	int64_t t;
	JW_KEY(w, "countdown");
	if (!step || !due || clock_parse_iso(due, &t)) {
		jw_null(w);
		return;
	}
	int64_t left =
	    t >= now ? workcal_working_seconds(cal, now, t) : -workcal_working_seconds(cal, t, now);
	jw_object(w);
	JW_KEY(w, "step");
	jw_str(w, step);
	JW_KEY(w, "due");
	jw_str(w, due);
	JW_KEY(w, "working_seconds");
	jw_int(w, left);
	jw_object_end(w);
}

/* A key and its text (null when NULL), or its id (null when 0). */
#define KEY_STR(w, key, s) (JW_KEY(w, key), jw_str(w, s))
#define KEY_ID(w, key, id) (JW_KEY(w, key), jw_id(w, id))

void appeal_staff_write(struct jw *w, struct req *r, const struct store_appeal *a, bool reveal,
                        const struct workcal *cal, int64_t now)
{
	struct appeal_facts f;
	appeal_facts_of(a, &f);
	/* A caller who sees the appeal only as the submitting enterprise's liaison gets what
	 * the submitter's view holds: no assisting or proposed units, no internal deadlines,
	 * overdue flags, extension requests or redaction marks (see appeal_staff_sees). */
	bool staff = appeal_staff_sees(&r->auth.who, &f);
	jw_object(w);
	JW_KEY(w, "id");
	jw_int(w, a->id);
	KEY_STR(w, "tracking_no", a->tracking_no);
	KEY_STR(w, "channel", a->channel);
	KEY_STR(w, "category", a->category);
	KEY_STR(w, "tier", a->tier);
	KEY_STR(w, "urgency", a->urgency);
	KEY_STR(w, "title", a->title);
	KEY_STR(w, "description", a->description);

	JW_KEY(w, "submitter");
	jw_object(w);
	KEY_STR(w, "type", a->submitter_type);
	JW_KEY(w, "name");
	masked(w, a->name, mask_name, reveal);
	JW_KEY(w, "phone");
	masked(w, a->phone, mask_phone, reveal);
	JW_KEY(w, "email");
	masked(w, a->email, mask_email, reveal);
	KEY_ID(w, "org_id", a->submitter_org_id);
	JW_KEY(w, "erased");
	jw_bool(w, a->erased);
	jw_object_end(w);

	JW_KEY(w, "location");
	jw_object(w);
	KEY_ID(w, "community_id", a->community_id);
	KEY_STR(w, "address", a->address ? a->address : "");
	JW_KEY(w, "lat");
	if (a->has_location)
		jw_real(w, a->lat);
	else
		jw_null(w);
	JW_KEY(w, "lng");
	if (a->has_location)
		jw_real(w, a->lng);
	else
		jw_null(w);
	jw_object_end(w);

	KEY_ID(w, "addressed_to", a->addressed_to);
	KEY_ID(w, "room_id", a->room_id);
	JW_KEY(w, "publishable");
	jw_bool(w, a->publishable);
	KEY_STR(w, "status", a->status);
	KEY_STR(w, "closed_as", a->closed_as);
	KEY_ID(w, "proposed_org_id", staff ? a->proposed_org_id : 0);
	KEY_ID(w, "lead_org_id", a->lead_org_id); /* named to the submitter on dispatch */
	JW_KEY(w, "assist_org_ids");
	jw_array(w);
	for (int i = 0; staff && i < a->n_assist; i++)
		jw_int(w, a->assist_ids[i]);
	jw_array_end(w);

	JW_KEY(w, "deadlines");
	jw_object(w);
	KEY_STR(w, "accept", staff ? a->accept_due : NULL);
	KEY_STR(w, "acknowledge", staff ? a->ack_due : NULL);
	KEY_STR(w, "contact", staff ? a->contact_due : NULL);
	KEY_STR(w, "answer", a->answer_due); /* the submitter's "deadline" */
	jw_object_end(w);

	static const char *const steps[] = {"accept", "acknowledge", "contact", "answer"};
	JW_KEY(w, "overdue");
	jw_array(w);
	for (int i = 0; staff && i < 4; i++)
		if (a->overdue_steps & (1 << i))
			jw_str(w, steps[i]);
	jw_array_end(w);

	JW_KEY(w, "times");
	jw_object(w);
	KEY_STR(w, "accepted_at", a->accepted_at);
	KEY_STR(w, "dispatched_at", a->dispatched_at);
	KEY_STR(w, "acknowledged_at", a->acknowledged_at);
	KEY_STR(w, "contacted_at", a->contacted_at);
	KEY_STR(w, "replied_at", a->replied_at);
	KEY_STR(w, "closed_at", a->closed_at);
	KEY_STR(w, "suspended_at", a->suspended_at);
	jw_object_end(w);

	KEY_STR(w, "reply", a->reply);
	KEY_STR(w, "outcome", a->outcome);
	KEY_STR(w, "rating", a->rating);
	KEY_STR(w, "rating_comment", a->rating_comment);
	KEY_STR(w, "callback_rating", a->callback_rating);
	KEY_STR(w, "resolved", a->resolved);
	KEY_STR(w, "callback_resolved", a->callback_resolved);
	KEY_ID(w, "extension_requested_days", staff ? a->extension_days : 0);
	JW_KEY(w, "unsatisfied_count");
	jw_int(w, a->unsatisfied_count);
	KEY_ID(w, "merged_into", a->merged_into);
	JW_KEY(w, "published");
	jw_bool(w, a->published);
	KEY_STR(w, "created_at", a->created_at);
	KEY_STR(w, "updated_at", a->updated_at);
	JW_KEY(w, "version");
	jw_int(w, a->version);

	JW_KEY(w, "actions");
	jw_array(w);
	for (int s = 0; s <= STEP_STAFF_LAST; s++)
		if (appeal_check(&r->auth.who, &f, (enum appeal_step)s) == APPEAL_OK)
			jw_str(w, appeal_step_names[s]);
	jw_array_end(w);
	staff_attachments(w, r, a, staff ? ATTACHMENT_VIEW_STAFF : ATTACHMENT_VIEW_SUBMITTER);
	if (cal && staff)
		countdown(w, a, cal, now);
	jw_object_end(w);
}

int appeal_reply_staff(struct req *r, int status, const struct store_appeal *a, bool reveal,
                       const struct workcal *cal)
{
	struct jw w;
	jw_init(&w);
	appeal_staff_write(&w, r, a, reveal, cal, clock_now());
	return api_reply_jw(r, status, &w);
}

json_t *appeal_events_json(struct req *r, struct db *db, const struct store_appeal *a,
                           bool public_only)
{
	struct store_event *evs;
	int n;
	json_t *items = json_array();
	if (audit_events(db, AUDIT_APPEAL, a->id, public_only, &r->arena, &evs, &n, &r->err)) {
		json_decref(items);
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		json_t *data = json_loads(evs[i].data, 0, NULL);
		int step = names_find(appeal_step_names, STEP__MAX, evs[i].type);
		json_t *ev = json_pack(
		    "{s:I, s:s, s:s, s:o, s:s, s:o}", "seq", (json_int_t)evs[i].seq, "type",
		    evs[i].type, "actor", evs[i].actor_kind, "data", data ? data : json_object(),
		    "at", evs[i].created_at, "text",
		    json_string(step >= 0 ? appeal_step_text((enum appeal_step)step) : ""));
		if (!public_only) {
			json_object_set_new(ev, "actor_id", render_id(evs[i].actor_id));
			json_object_set_new(ev, "actor_name", render_str(evs[i].actor_name));
			json_object_set_new(ev, "public", json_boolean(evs[i].public));
			json_object_set_new(ev, "hash", json_string(evs[i].hash));
		} else {
			/* Internal notes and names of staff never reach the submitter; the lead
			 * unit is named (lead_org_name), the assisting units are not. */
			json_t *d = json_object_get(ev, "data");
			json_object_del(d, "lead_org_id");
			json_object_del(d, "assist_org_ids");
			json_object_set_new(ev, "public", json_true());
		}
		json_array_append_new(items, ev);
	}
	return items;
}

json_t *appeal_track_json(struct req *r, struct db *db, const struct store_appeal *a)
{
	json_t *timeline = appeal_events_json(r, db, a, true);
	if (!timeline)
		return NULL;
	json_t *attachments = api_attachments_json(r, db, a, ATTACHMENT_VIEW_SUBMITTER, &r->err);
	if (!attachments) {
		json_decref(timeline);
		return NULL;
	}
	json_t *can = json_array();
	if (!strcmp(a->status, "replied"))
		json_array_append_new(can, json_string("rate"));
	if (strcmp(a->status, "closed"))
		json_array_append_new(can, json_string("add_info"));
	json_t *answer =
	    a->reply ? json_pack("{s:s, s:o, s:o}", "reply", a->reply, "outcome",
	                         render_str(a->outcome), "replied_at", render_str(a->replied_at))
	             : json_null();
	json_t *j = json_pack(
	    "{s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "tracking_no",
	    a->tracking_no, "status", a->status, "closed_as", render_str(a->closed_as), "category",
	    a->category, "title", a->title, "description", a->description, "location",
	    location_json(a), "created_at", a->created_at, "answer", answer, "rating",
	    render_str(a->rating), "deadline", render_str(a->answer_due), "suspended",
	    json_boolean(!strcmp(a->status, "suspended")), "timeline", timeline, "can", can);
	json_object_set_new(j, "attachments", attachments);
	json_object_set_new(j, "resolved", render_str(a->resolved));
	return j;
}

json_t *appeal_public_json(const struct store_appeal *a, const char *community_name)
{
	return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)a->id,
	                 "category", a->category, "title", render_str(a->public_title),
	                 "description", render_str(a->public_description), "reply",
	                 render_str(a->public_reply), "outcome", render_str(a->outcome),
	                 "replied_at", render_str(a->replied_at), "community",
	                 render_str(community_name));
}
