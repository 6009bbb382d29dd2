/* audit_replay: a subject's row replayed from its events (see audit_replay.h). Each kind
 * starts from what its creation leaves (an appeal is submitted, a need open, a project
 * planned) and each event applies what its writer recorded; a field no event has set yet
 * (an appeal's tier before it was accepted, a need's title before an update) is left to
 * the row's MAC. */
#include "store/audit_replay.h"
#include "util/xalloc.h"

#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 24

/* A field as the events left it: unknown, NULL, or text. */
struct val {
	const char *col;
	bool null;
	const char *s; /* borrowed from an event's data, a literal, or num */
	char num[24];
};

struct replay {
	struct val f[MAX_FIELDS];
	int n;
	int64_t committed; /* a resource's committed quantity */
};

static struct val *field(struct replay *r, const char *col)
{
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->f[i].col, col))
			return &r->f[i];
	assert(r->n < MAX_FIELDS);
	struct val *v = &r->f[r->n++];
	memset(v, 0, sizeof *v);
	v->col = col;
	return v;
}

/* col = text s (NULL: SQL NULL). */
static void set_text(struct replay *r, const char *col, const char *s)
{
	struct val *v = field(r, col);
	v->null = !s;
	v->s = s;
}

/* col = a JSON value as the row would hold it (absent or null: SQL NULL). */
static void set_json(struct replay *r, const char *col, json_t *j)
{
	struct val *v = field(r, col);
	v->null = false;
	if (!j || json_is_null(j)) {
		v->null = true;
		v->s = NULL;
	} else if (json_is_string(j)) {
		v->s = json_string_value(j);
	} else if (json_is_integer(j)) {
		snprintf(v->num, sizeof v->num, "%lld", (long long)json_integer_value(j));
		v->s = v->num;
	} else if (json_is_boolean(j)) {
		v->s = json_is_true(j) ? "1" : "0";
	} else {
		v->s = "(not a value)"; /* matches no column */
	}
}

/* Copies each key of `keys` that obj has onto the field of the same name. */
static void set_keys(struct replay *r, json_t *obj, const char *const *keys)
{
	for (; *keys; keys++) {
		json_t *j = json_object_get(obj, *keys);
		if (j)
			set_json(r, *keys, j);
	}
}

static json_t *get(json_t *d, const char *key)
{
	return json_object_get(d, key);
}

static bool is(const char *type, const char *name)
{
	return !strcmp(type, name);
}

/* ---- the kinds ---------------------------------------------------------------------- */

static void appeal_start(struct replay *r)
{
	set_text(r, "status", "submitted");
	static const char *const unset[] = {"lead_org_id",    "reply",     "outcome",
	                                    "rating",         "closed_as", "merged_into",
	                                    "callback_rating"};
	for (size_t i = 0; i < sizeof unset / sizeof unset[0]; i++)
		set_text(r, unset[i], NULL);
	set_text(r, "published", "0");
}

/* As appeal_apply (ops/appeal.c) changes the row; `before` is the status before the
 * event. */
static void appeal_step(struct replay *r, const char *type, json_t *d, const char *before)
{
	if (is(type, "accept")) {
		set_json(r, "tier", get(d, "tier"));
	} else if (is(type, "decline")) {
		set_json(r, "reply", get(d, "reply"));
		set_text(r, "outcome", "explained");
		set_text(r, "closed_as", "declined");
	} else if (is(type, "dispatch")) {
		set_json(r, "lead_org_id", get(d, "lead_org_id"));
	} else if (is(type, "return")) {
		set_text(r, "lead_org_id", NULL);
	} else if (is(type, "reply")) {
		set_json(r, "reply", get(d, "reply"));
		set_json(r, "outcome", get(d, "outcome"));
		set_text(r, "rating", NULL);
	} else if (is(type, "rate") || is(type, "callback")) {
		if (is(type, "callback"))
			set_json(r, "callback_rating", get(d, "rating"));
		if (before && !strcmp(before, "replied") && get(d, "rating")) {
			set_json(r, "rating", get(d, "rating"));
			const char *to = json_string_value(get(d, "to"));
			if (to && !strcmp(to, "closed"))
				set_text(r, "closed_as", "rated");
			else if (to && !strcmp(to, "accepted")) /* a second 不满意 */
				set_text(r, "lead_org_id", NULL);
		}
	} else if (is(type, "merge")) {
		set_json(r, "merged_into", get(d, "into_id"));
		set_text(r, "closed_as", "merged");
	} else if (is(type, "auto_close")) {
		set_text(r, "closed_as", "unrated");
	} else if (is(type, "publish")) {
		set_text(r, "published", "1");
	} else if (is(type, "unpublish")) {
		set_text(r, "published", "0");
	}
}

static void need_start(struct replay *r)
{
	set_text(r, "status", "open");
	set_text(r, "close_reason", NULL);
}

/* As need_create, need_step and need_update (ops/need.c) change the row. */
static void need_step_of(struct replay *r, const char *type, json_t *d)
{
	if (is(type, "create")) {
		static const char *const keys[] = {"source", "category", "community_id",
		                                   "appeal_id", NULL};
		set_keys(r, d, keys);
		set_json(r, "beneficiaries_count", get(d, "beneficiaries"));
	} else if (is(type, "update")) {
		json_t *c = get(d, "changes");
		static const char *const keys[] = {"title",   "description", "category",
		                                   "urgency", "wanted_by",   "community_id",
		                                   "address", NULL};
		set_keys(r, c, keys);
		json_t *b = get(c, "beneficiaries");
		if (b) {
			set_json(r, "beneficiaries_who", get(b, "who"));
			set_json(r, "beneficiaries_count", get(b, "count"));
		}
	} else if (is(type, "close")) {
		set_json(r, "close_reason", get(d, "reason"));
	}
}

static void project_start(struct replay *r)
{
	set_text(r, "status", "planned");
	static const char *const unset[] = {"beneficiaries_reached", "outcome_summary", "rating",
	                                    "rating_comment"};
	for (size_t i = 0; i < sizeof unset / sizeof unset[0]; i++)
		set_text(r, unset[i], NULL);
}

/* As project_create, project_apply and project_update (ops/project.c) change the row. */
static void project_step_of(struct replay *r, const char *type, json_t *d)
{
	if (is(type, "create")) {
		static const char *const keys[] = {"title", "owner_org_id", NULL};
		set_keys(r, d, keys);
	} else if (is(type, "update")) {
		static const char *const keys[] = {"title", "description", NULL};
		set_keys(r, get(d, "changes"), keys);
	} else if (is(type, "complete")) {
		set_json(r, "beneficiaries_reached", get(d, "beneficiaries_reached"));
		set_json(r, "outcome_summary", get(d, "summary"));
	} else if (is(type, "evaluate")) {
		set_json(r, "rating", get(d, "rating"));
		set_json(r, "rating_comment", get(d, "comment"));
	}
}

/* A resource's create event holds all of it; update, withdraw and restore what changed
 * (ops/resource.c, resource_data); each commitment adds to committed. */
static void resource_step_of(struct replay *r, const char *type, json_t *d)
{
	static const char *const keys[] = {
	    "title", "description",    "kind",         "category",     "org_id", "quantity",
	    "unit",  "available_from", "available_to", "weekly_hours", "place",  "status",
	    NULL};
	if (is(type, "create"))
		set_keys(r, d, keys);
	else if (is(type, "update") || is(type, "withdraw") || is(type, "restore"))
		set_keys(r, get(d, "changes"), keys);
	else if (is(type, "commit"))
		r->committed += json_integer_value(get(d, "quantity"));
}

/* A room's create event holds all of its audited fields; update, close and reopen what
 * changed (ops/room.c, room_data). Rota, swap and duty events leave the row as it is. */
static void room_step_of(struct replay *r, const char *type, json_t *d)
{
	static const char *const keys[] = {"community_id",
	                                   "name",
	                                   "address",
	                                   "photo_id",
	                                   "phone",
	                                   "hours",
	                                   "open_on_holidays",
	                                   "officials_per_slot",
	                                   "swap_needs_approval",
	                                   "status",
	                                   NULL};
	if (is(type, "create"))
		set_keys(r, d, keys);
	else if (is(type, "update") || is(type, "close") || is(type, "reopen"))
		set_keys(r, get(d, "changes"), keys);
}

/* ---- the replay ----------------------------------------------------------------------- */

/* A status change must leave from where the events before left the subject. */
static int transition(struct replay *r, const struct audit_subject *s, int i, json_t *d,
                      char *report, size_t cap)
{
	const char *from = json_string_value(get(d, "from"));
	const char *to = json_string_value(get(d, "to"));
	struct val *st = field(r, "status");
	if (from && (st->null || strcmp(st->s, from))) {
		snprintf(report, cap,
		         "%s: event %d (%s) moves it from %s, but the events before "
		         "left it %s",
		         s->name, i + 1, s->types[i], from, st->null ? "(none)" : st->s);
		return 1;
	}
	if (to)
		set_text(r, "status", to);
	return 0;
}

/* Each field the events set against the row's column of that name. */
static int compare(const struct replay *r, const struct audit_subject *s, char *report, size_t cap)
{
	for (int i = 0; i < r->n; i++) {
		const struct val *v = &r->f[i];
		int k = 0;
		while (k < s->n_cols && strcmp(s->cols[k], v->col))
			k++;
		assert(k < s->n_cols); /* every field replayed is an audited column */
		if (k == s->n_cols)
			continue;
		const char *row = s->values[k];
		if (v->null ? !row : row && !strcmp(row, v->s))
			continue;
		const char *said = v->null ? "(none)" : v->s;
		if (!row)
			row = "(none)";
		/* Long texts (a reply) are not repeated: a report is one line. */
		if (strlen(row) > 48 || strlen(said) > 48)
			snprintf(report, cap, "%s: %s in its row is not what its events say",
			         s->name, v->col);
		else
			snprintf(report, cap, "%s: %s is %s in its row, but its events say %s",
			         s->name, v->col, row, said);
		return 1;
	}
	return 0;
}

int audit_replay_check(const struct audit_subject *s, char *report, size_t cap)
{
	struct replay r = {0};
	json_t **data = xcalloc((size_t)(s->n_events ? s->n_events : 1), sizeof *data);
	switch (s->kind) {
	case AUDIT_APPEAL:
		appeal_start(&r);
		break;
	case AUDIT_NEED:
		need_start(&r);
		break;
	case AUDIT_PROJECT:
		project_start(&r);
		break;
	default:
		break;
	}
	int rc = 0;
	for (int i = 0; i < s->n_events && !rc; i++) {
		data[i] = json_loads(s->data[i], 0, NULL);
		if (!data[i])
			data[i] = json_object();
		const char *before = NULL;
		if (s->kind == AUDIT_APPEAL) {
			struct val *st = field(&r, "status");
			before = st->null ? NULL : st->s;
		}
		if (s->kind != AUDIT_RESOURCE && s->kind != AUDIT_ROOM &&
		    transition(&r, s, i, data[i], report, cap)) {
			rc = 1;
			break;
		}
		switch (s->kind) {
		case AUDIT_APPEAL:
			appeal_step(&r, s->types[i], data[i], before);
			break;
		case AUDIT_NEED:
			need_step_of(&r, s->types[i], data[i]);
			break;
		case AUDIT_PROJECT:
			project_step_of(&r, s->types[i], data[i]);
			break;
		case AUDIT_RESOURCE:
			resource_step_of(&r, s->types[i], data[i]);
			break;
		case AUDIT_ROOM:
			room_step_of(&r, s->types[i], data[i]);
			break;
		default:
			break;
		}
	}
	if (!rc && s->kind == AUDIT_RESOURCE) {
		struct val *v = field(&r, "committed");
		v->null = false;
		snprintf(v->num, sizeof v->num, "%lld", (long long)r.committed);
		v->s = v->num;
	}
	if (!rc)
		rc = compare(&r, s, report, cap);
	for (int i = 0; i < s->n_events; i++)
		json_decref(data[i]);
	free(data);
	return rc;
}
