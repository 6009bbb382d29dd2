/* track: the submitter's side, by tracking number and the secret access token sent as
 * X-Access-Token — GET the case (timeline in plain words, the answer, what they can do
 * next) and POST add_info or rate. An unknown number and a missing or wrong token get the
 * same 404 (intake_track_refused), counted against the caller's address, so neither the
 * day's volume nor a number's existence shows and guessing tokens is throttled. */
#include "api/appeals.h"
#include "api/attachments.h"
#include "api/intake.h"
#include "api/lists.h"
#include "api/validate.h"

#include <string.h>

/* Loads the appeal of r->keys[0] when X-Access-Token is its token. 0; 1 when the number or
 * the token is not right (nothing set: the caller answers intake_track_refused); -1 with e
 * set on a database error. */
static int load_tracked(struct req *r, struct db *db, struct store_appeal *a, struct err *e)
{
	struct err nf = {0};
	if (store_appeal_by_tracking(db, r->keys[0], &r->arena, a, &nf))
		return nf.status == 404 ? 1 : (*e = nf, -1);
	return intake_token_ok(r, a->access_hash) ? 0 : 1;
}

int api_track_get(struct req *r)
{
	if (!strncmp(r->keys[0], "XQ", 2))
		return api_need_track_get(r); /* a need's tracking number */
	struct store_appeal a;
	int rc = load_tracked(r, r->rdb, &a, &r->err);
	if (rc)
		return rc < 0 ? -1 : intake_track_refused(r);
	json_t *j = appeal_track_json(r, r->rdb, &a);
	return j ? api_reply(r, 200, j) : -1;
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

static int track_write(struct db *db, struct req *r, struct err *e)
{
	struct step_input *in = r->write_arg;
	struct store_appeal a;
	int rc = load_tracked(r, db, &a, e);
	if (rc) /* checked on the read connection already: only a database error is likely */
		return rc < 0 ? -1 : intake_track_not_found(e);
	struct appeal_facts f;
	appeal_facts_of(&a, &f);
	if (!appeal_step_allowed(&f, in->step))
		return err_set(e, 409, "wrong_state", "type", "%s is not possible while the appeal is %s",
			       appeal_step_names[in->step], a.status);
	struct actor who = {"submitter", 0};
	/* add_info's attachments, in the step's transaction (rate has none). */
	if (api_attachments_link_json(r, db, a.id, json_object_get(r->body, "attachments"), e))
		return -1;
	if (appeal_apply(db, r->app->audit_key, &a, in, &who, &r->arena, e) ||
	    store_appeal_get(db, a.id, &r->arena, &a, e))
		return -1;
	json_t *j = appeal_track_json(r, db, &a);
	if (!j)
		return *e = r->err, -1;
	return api_reply(r, 200, j);
}

int api_track_step(struct req *r)
{
	if (!strncmp(r->keys[0], "XQ", 2))
		return api_need_track_step(r); /* a need's tracking number */
	const char *type = r->body ? json_string_value(json_object_get(r->body, "type")) : NULL;
	bool rate = type && !strcmp(type, "rate");
	if (validate_body(r, rate ? rate_fields : info_fields,
	                  rate ? N_OF(rate_fields) : N_OF(info_fields), false))
		return -1;
	struct store_appeal a;
	int rc = load_tracked(r, r->rdb, &a, &r->err);
	if (rc)
		return rc < 0 ? -1 : intake_track_refused(r);
	struct step_input *in = arena_alloc(&r->arena, sizeof *in);
	in->step = rate ? STEP_RATE : STEP_ADD_INFO;
	in->rating = body_str(r, "rating");
	in->resolved = body_str(r, "resolved");
	in->comment = body_str(r, "comment");
	in->text = body_str(r, "text");
	return api_write(r, track_write, in);
}
