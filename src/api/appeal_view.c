/* appeal_view: the three views of an appeal — staff (personal data masked unless
 * revealed, with the steps the caller may take now), the submitter's (timeline in plain
 * words, the answer, what they can do next; nothing staff-only) and the public wall's
 * (no personal data at all). */
#include "api/appeals.h"
#include "api/attachments.h"
#include "api/render.h"
#include "domain/mask.h"
#include "domain/workcal.h"
#include "util/clock.h"
#include "util/log.h"

#include <string.h>

static json_t *location_json(const struct store_appeal *a)
{
	json_t *loc = json_pack("{s:o, s:s}", "community_id", render_id(a->community_id),
				"address", a->address ? a->address : "");
	json_object_set_new(loc, "lat", a->has_location ? json_real(a->lat) : json_null());
	json_object_set_new(loc, "lng", a->has_location ? json_real(a->lng) : json_null());
	return loc;
}

/* r->rdb is the writer's connection while a write part runs (see http/server.c), so the
 * view sees the transaction's own changes. A failed read is logged and shows as no
 * attachments, since the view has no error path. */
static json_t *staff_attachments(struct req *r, const struct store_appeal *a)
{
	struct err e = {0};
	json_t *list = api_attachments_json(r, r->rdb, a, ATTACHMENT_VIEW_STAFF, &e);
	if (!list) {
		log_msg(LOG_ERROR, "attachments of appeal %lld: %s", (long long)a->id, e.message);
		list = json_array();
	}
	return list;
}

json_t *appeal_staff_json(struct req *r, const struct store_appeal *a, bool reveal)
{
	json_t *submitter = json_pack(
		"{s:s, s:o, s:o, s:o, s:o, s:b}", "type", a->submitter_type, "name",
		render_masked(a->name, mask_name, reveal), "phone",
		render_masked(a->phone, mask_phone, reveal), "email",
		render_masked(a->email, mask_email, reveal), "org_id",
		render_id(a->submitter_org_id), "erased", a->erased);
	json_t *assists = json_array();
	for (int i = 0; i < a->n_assist; i++)
		json_array_append_new(assists, json_integer(a->assist_ids[i]));
	json_t *deadlines = json_pack("{s:o, s:o, s:o, s:o}", "accept", render_str(a->accept_due),
				      "acknowledge", render_str(a->ack_due), "contact",
				      render_str(a->contact_due), "answer",
				      render_str(a->answer_due));
	static const char *const steps[] = {"accept", "acknowledge", "contact", "answer"};
	json_t *overdue = json_array();
	for (int i = 0; i < 4; i++)
		if (a->overdue_steps & (1 << i))
			json_array_append_new(overdue, json_string(steps[i]));
	json_t *times = json_pack(
		"{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "accepted_at", render_str(a->accepted_at),
		"dispatched_at", render_str(a->dispatched_at), "acknowledged_at",
		render_str(a->acknowledged_at), "contacted_at", render_str(a->contacted_at),
		"replied_at", render_str(a->replied_at), "closed_at", render_str(a->closed_at),
		"suspended_at", render_str(a->suspended_at));
	struct appeal_facts f;
	appeal_facts_of(a, &f);
	json_t *actions = json_array();
	for (int s = 0; s <= STEP_STAFF_LAST; s++)
		if (appeal_check(&r->auth.who, &f, (enum appeal_step)s) == APPEAL_OK)
			json_array_append_new(actions, json_string(appeal_step_names[s]));
	json_t *j = json_pack(
		"{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:s, s:o, s:o, s:o,"
		" s:o, s:o, s:o, s:o}",
		"id", (json_int_t)a->id, "tracking_no", a->tracking_no, "channel", a->channel,
		"category", a->category, "tier", a->tier, "urgency", a->urgency, "title", a->title,
		"description", a->description, "submitter", submitter, "location",
		location_json(a), "publishable", a->publishable, "status", a->status, "closed_as",
		render_str(a->closed_as), "proposed_org_id", render_id(a->proposed_org_id),
		"lead_org_id", render_id(a->lead_org_id), "assist_org_ids", assists, "deadlines",
		deadlines, "overdue", overdue, "times", times);
	json_object_set_new(j, "reply", render_str(a->reply));
	json_object_set_new(j, "outcome", render_str(a->outcome));
	json_object_set_new(j, "rating", render_str(a->rating));
	json_object_set_new(j, "rating_comment", render_str(a->rating_comment));
	json_object_set_new(j, "callback_rating", render_str(a->callback_rating));
	json_object_set_new(j, "extension_requested_days",
			    a->extension_days ? json_integer(a->extension_days) : json_null());
	json_object_set_new(j, "unsatisfied_count", json_integer(a->unsatisfied_count));
	json_object_set_new(j, "merged_into", render_id(a->merged_into));
	json_object_set_new(j, "published", json_boolean(a->published));
	json_object_set_new(j, "created_at", json_string(a->created_at));
	json_object_set_new(j, "updated_at", json_string(a->updated_at));
	json_object_set_new(j, "version", json_integer(a->version));
	json_object_set_new(j, "actions", actions);
	json_object_set_new(j, "attachments", staff_attachments(r, a));
	return j;
}

json_t *appeal_events_json(struct req *r, struct db *db, const struct store_appeal *a,
			   bool public_only)
{
	struct store_event *evs;
	int n;
	json_t *items = json_array();
	if (store_appeal_events(db, a->id, public_only, &r->arena, &evs, &n, &r->err)) {
		json_decref(items);
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		json_t *data = json_loads(evs[i].data, 0, NULL);
		int step = names_find(appeal_step_names, STEP__MAX, evs[i].type);
		json_t *ev = json_pack("{s:I, s:s, s:s, s:o, s:s, s:o}", "seq",
				       (json_int_t)evs[i].seq, "type", evs[i].type, "actor",
				       evs[i].actor_kind, "data", data ? data : json_object(), "at",
				       evs[i].created_at, "text",
				       json_string(step >= 0 ? appeal_step_text((enum appeal_step)step)
							     : ""));
		if (!public_only) {
			json_object_set_new(ev, "actor_id", render_id(evs[i].actor_id));
			json_object_set_new(ev, "actor_name", render_str(evs[i].actor_name));
			json_object_set_new(ev, "public", json_boolean(evs[i].public));
			json_object_set_new(ev, "hash", json_string(evs[i].hash));
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
	/* Internal notes and names of staff never reach the submitter. */
	size_t i;
	json_t *ev;
	json_array_foreach(timeline, i, ev)
	{
		json_t *data = json_object_get(ev, "data");
		json_object_del(data, "lead_org_id");
		json_object_del(data, "assist_org_ids");
	}
	json_t *can = json_array();
	if (!strcmp(a->status, "replied"))
		json_array_append_new(can, json_string("rate"));
	if (strcmp(a->status, "closed"))
		json_array_append_new(can, json_string("add_info"));
	json_t *answer = a->reply ? json_pack("{s:s, s:o, s:o}", "reply", a->reply, "outcome",
					      render_str(a->outcome), "replied_at",
					      render_str(a->replied_at))
				  : json_null();
	json_t *j = json_pack(
		"{s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o}",
		"tracking_no", a->tracking_no, "status", a->status, "closed_as",
		render_str(a->closed_as), "category", a->category, "title", a->title, "description",
		a->description, "location", location_json(a), "created_at", a->created_at, "answer",
		answer, "rating", render_str(a->rating), "deadline", render_str(a->answer_due),
		"suspended", json_boolean(!strcmp(a->status, "suspended")), "timeline", timeline,
		"can", can);
	json_object_set_new(j, "attachments", attachments);
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

void appeal_add_countdown(json_t *j, const struct store_appeal *a, const struct workcal *cal,
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
	if (!step || !due || clock_parse_iso(due, &t)) {
		json_object_set_new(j, "countdown", json_null());
		return;
	}
	int64_t left = t >= now ? workcal_working_seconds(cal, now, t)
				: -workcal_working_seconds(cal, t, now);
	json_object_set_new(j, "countdown", json_pack("{s:s, s:s, s:I}", "step", step, "due", due,
						      "working_seconds", (json_int_t)left));
}
