/* track: the submitter's side of appeals and of public needs, by tracking number (a need's
 * starts "XQ") and the secret access token sent as X-Access-Token — GET the case (timeline
 * in plain words, the answer, what they can do next) and POST add_info (both) or rate (an
 * appeal). An unknown number and a missing or wrong token get the same 404
 * (intake_track_refused), counted against the caller's address, so neither the day's
 * volume nor a number's existence shows and guessing tokens is throttled. */
#include "api/appeals.h"
#include "api/attachments.h"
#include "api/intake.h"
#include "api/lists.h"
#include "api/validate.h"

#include <string.h>

/* What a tracking number names: an appeal, or a need when is_need. */
struct tracked {
	bool is_need;
	struct store_appeal appeal;
	struct store_need need;
};

static bool is_need_number(const char *no)
{
	return !strncmp(no, "XQ", 2);
}

/* Loads the appeal or need of r->keys[0] when X-Access-Token is its token: 0; 1 when the
 * number or the token is not right (nothing set: the caller answers intake_track_refused);
 * -1 with e set on a database error. A need raised by staff has no token: 1. */
static int load_tracked(struct req *r, struct db *db, struct tracked *t, struct err *e)
{
	struct err nf = {0};
	t->is_need = is_need_number(r->keys[0]);
	int rc = t->is_need ? store_need_by_tracking(db, r->keys[0], &r->arena, &t->need, &nf)
	                    : store_appeal_by_tracking(db, r->keys[0], &r->arena, &t->appeal, &nf);
	if (rc)
		return nf.status == 404 ? 1 : (*e = nf, -1);
	const uint8_t *hash = !t->is_need         ? t->appeal.access_hash
	                      : t->need.has_token ? t->need.access_hash
	                                          : NULL;
	return hash && intake_token_ok(r, hash) ? 0 : 1;
}

/* The submitter's view of t, read through db: 200 with it, or -1 with e set. */
static int reply_tracked(struct req *r, struct db *db, const struct tracked *t, struct err *e)
{
	json_t *j = t->is_need ? need_track_json(r, db, &t->need)
	                       : appeal_track_json(r, db, &t->appeal);
	if (!j)
		return *e = r->err, -1;
	return api_reply(r, 200, j);
}

int api_track_get(struct req *r)
{
	struct tracked *t = arena_alloc(&r->arena, sizeof *t);
	int rc = load_tracked(r, r->rdb, t, &r->err);
	if (rc)
		return rc < 0 ? -1 : intake_track_refused(r);
	return reply_tracked(r, r->rdb, t, &r->err);
}

static const char *const types[] = {"rate", "add_info"};
static const struct vfield rate_fields[] = {
    {"type", V_ENUM, V_REQUIRED, 0, 0, types, 2},
    {"rating", V_ENUM, V_REQUIRED, 0, 0, rating_names, RATING__MAX},
    {"resolved", V_ENUM, V_REQUIRED, 0, 0, resolved_names, RESOLVED__MAX},
    {"comment", V_TEXT, 0, 0, 1000},
};
static const struct vfield info_fields[] = {
	{"type", V_ENUM, V_REQUIRED, 0, 0, types, 2},
	{"text", V_TEXT, V_REQUIRED, 1, 2000},
	{"attachments", V_KEY_ARRAY, 0, 0, 9},
};
static const char *const need_types[] = {"add_info"};
static const struct vfield need_fields[] = {
	{"type", V_ENUM, V_REQUIRED, 0, 0, need_types, 1},
	{"text", V_TEXT, V_REQUIRED, 1, 2000},
};

/* An appeal's step by its submitter: the state checked again, add_info's attachments
 * linked, the step applied. */
static int appeal_write(struct db *db, struct req *r, struct store_appeal *a, struct err *e)
{
	struct step_input *in = r->write_arg;
	struct appeal_facts f;
	appeal_facts_of(a, &f);
	if (!appeal_step_allowed(&f, in->step))
		return err_set(e, 409, "wrong_state", "type", "%s is not possible while the appeal is %s",
		               appeal_step_names[in->step], a->status);
	struct actor who = {"submitter", 0};
	/* add_info's attachments, in the step's transaction (rate has none). */
	if (api_attachments_link_json(r, db, a->id, json_object_get(r->body, "attachments"), e))
		return -1;
	if (appeal_apply(db, r->app->audit_key, a, in, &who, &r->arena, e) ||
	    store_appeal_get(db, a->id, &r->arena, a, e))
		return -1;
	return 0;
}

static int track_write(struct db *db, struct req *r, struct err *e)
{
	struct tracked *t = arena_alloc(&r->arena, sizeof *t);
	int rc = load_tracked(r, db, t, e);
	if (rc) /* checked on the read connection already: only a database error is likely */
		return rc < 0 ? -1 : intake_track_not_found(e);
	struct actor who = {"submitter", 0};
	if (t->is_need ? need_add_info(db, r->app->audit_key, &t->need, body_str(r, "text"), &who,
	                               &r->arena, e) < 0
	               : appeal_write(db, r, &t->appeal, e))
		return -1;
	return reply_tracked(r, db, t, e);
}

int api_track_step(struct req *r)
{
	const char *type = r->body ? json_string_value(json_object_get(r->body, "type")) : NULL;
	bool need = is_need_number(r->keys[0]), rate = !need && type && !strcmp(type, "rate");
	if (need ? validate_body(r, need_fields, N_OF(need_fields), false)
	         : validate_body(r, rate ? rate_fields : info_fields,
	                         rate ? N_OF(rate_fields) : N_OF(info_fields), false))
		return -1;
	struct tracked *t = arena_alloc(&r->arena, sizeof *t);
	int rc = load_tracked(r, r->rdb, t, &r->err);
	if (rc)
		return rc < 0 ? -1 : intake_track_refused(r);
	if (need) {
		if (!need_event_allowed(need_status_of(&t->need), NEED_ADD_INFO))
			return err_set(&r->err, 409, "wrong_state", "type",
			               "add_info is not possible while the need is %s", t->need.status);
		return api_write(r, track_write, NULL);
	}
	struct step_input *in = arena_alloc(&r->arena, sizeof *in);
	in->step = rate ? STEP_RATE : STEP_ADD_INFO;
	in->rating = body_str(r, "rating");
	in->resolved = body_str(r, "resolved");
	in->comment = body_str(r, "comment");
	in->text = body_str(r, "text");
	return api_write(r, track_write, in);
}
