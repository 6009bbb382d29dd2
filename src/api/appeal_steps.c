/* appeal_steps: POST /api/v1/appeals/{id}/events — the one way staff move an appeal.
 * Each step's input is validated by its own field table, the rules of domain/appeal say
 * whether the caller may take it now (404 out of scope, 403 wrong role, 409 wrong state),
 * and the step is applied with its event in one write transaction. An optional `version`
 * turns a concurrent change into 409; the state is checked again inside the transaction,
 * so two concurrent steps on one appeal cannot both succeed. */
#include "api/appeals.h"
#include "api/validate.h"
#include "store/orgs.h"

#include <string.h>

static const char *const tier_names[] = {"emergency", "utility", "general", "complex"};
static const char *const outcome_names[] = {"resolved", "explained", "unresolvable"};

#define F_TYPE                                                                                     \
	{                                                                                          \
		"type", V_STRING, V_REQUIRED, 1, 32                                                \
	}
#define F_VERSION                                                                                  \
	{                                                                                          \
		"version", V_INT, 0, 1, INT32_MAX                                                  \
	}

static const struct vfield f_plain[] = {F_TYPE, F_VERSION};
static const struct vfield f_accept[] = {
    F_TYPE, F_VERSION, {"tier", V_ENUM, 0, 0, 0, tier_names, 4}, {"note", V_TEXT, 0, 0, 2000}};
static const struct vfield f_reply_decline[] = {
    F_TYPE, F_VERSION, {"reply", V_TEXT, V_REQUIRED, 15, 5000}};
static const struct vfield f_dispatch[] = {F_TYPE,
                                           F_VERSION,
                                           {"lead_org_id", V_ID, V_REQUIRED},
                                           {"assist_org_ids", V_ID_ARRAY, 0, 0, APPEAL_MAX_ASSISTS},
                                           {"note", V_TEXT, 0, 0, 2000}};
static const struct vfield f_reason[] = {
    F_TYPE, F_VERSION, {"reason", V_TEXT, V_REQUIRED, 2, 2000}};
static const struct vfield f_note[] = {F_TYPE, F_VERSION, {"note", V_TEXT, V_REQUIRED, 1, 5000}};
static const struct vfield f_contact[] = {F_TYPE, F_VERSION, {"note", V_TEXT, 0, 0, 5000}};
static const struct vfield f_extend[] = {
    F_TYPE, F_VERSION, {"days", V_INT, V_REQUIRED, 1, 30}, {"reason", V_TEXT, V_REQUIRED, 2, 2000}};
static const struct vfield f_extend_reject[] = {F_TYPE, F_VERSION, {"reason", V_TEXT, 0, 0, 2000}};
static const struct vfield f_reply[] = {F_TYPE,
                                        F_VERSION,
                                        {"reply", V_TEXT, V_REQUIRED, 15, 5000},
                                        {"outcome", V_ENUM, V_REQUIRED, 0, 0, outcome_names, 3}};
static const struct vfield f_callback[] = {
    F_TYPE,
    F_VERSION,
    {"rating", V_ENUM, V_REQUIRED, 0, 0, rating_names, 3},
    {"resolved", V_ENUM, V_REQUIRED, 0, 0, resolved_names, 3},
    {"note", V_TEXT, 0, 0, 2000}};
static const struct vfield f_merge[] = {F_TYPE, F_VERSION, {"into_id", V_ID, V_REQUIRED}};
static const struct vfield f_publish[] = {F_TYPE,
                                          F_VERSION,
                                          {"title", V_STRING, 0, 2, 100},
                                          {"description", V_TEXT, 0, 0, 5000},
                                          {"reply", V_TEXT, 0, 0, 5000}};

#define T(x) x, N_OF(x)
static const struct {
	const struct vfield *fields;
	int n;
} step_fields[STEP_STAFF_LAST + 1] = {
    [STEP_ACCEPT] = {T(f_accept)},
    [STEP_DECLINE] = {T(f_reply_decline)},
    [STEP_DISPATCH] = {T(f_dispatch)},
    [STEP_ACKNOWLEDGE] = {T(f_plain)},
    [STEP_RETURN] = {T(f_reason)},
    [STEP_CONTACT] = {T(f_contact)},
    [STEP_PROGRESS] = {T(f_note)},
    [STEP_NOTE] = {T(f_note)},
    [STEP_EXTEND_REQUEST] = {T(f_extend)},
    [STEP_EXTEND_APPROVE] = {T(f_plain)},
    [STEP_EXTEND_REJECT] = {T(f_extend_reject)},
    [STEP_REPLY] = {T(f_reply)},
    [STEP_CALLBACK] = {T(f_callback)},
    [STEP_SUSPEND] = {T(f_reason)},
    [STEP_RESUME] = {T(f_plain)},
    [STEP_SUPERVISE] = {T(f_note)},
    [STEP_MERGE] = {T(f_merge)},
    [STEP_PUBLISH] = {T(f_publish)},
    [STEP_UNPUBLISH] = {T(f_plain)},
};

/* Maps a refusal of the rules to its answer. */
static int refuse(struct err *e, int why, enum appeal_step s, const char *status)
{
	if (why == APPEAL_NOT_VISIBLE)
		return err_not_found(e, "appeal");
	if (why == APPEAL_FORBIDDEN)
		return err_set(e, 403, "forbidden", "type", "you may not %s this appeal",
		               appeal_step_names[s]);
	return err_set(e, 409, "wrong_state", "type", "%s is not possible while the appeal is %s",
	               appeal_step_names[s], status);
}

static int step_write(struct db *db, struct req *r, struct err *e)
{
	struct step_input *in = r->write_arg;
	struct store_appeal a;
	if (store_appeal_get(db, r->ids[0], &r->arena, &a, e))
		return -1;
	struct appeal_facts f;
	appeal_facts_of(&a, &f);
	int why = appeal_check(&r->auth.who, &f, in->step);
	if (why)
		return refuse(e, why, in->step, a.status);
	if (in->step == STEP_MERGE) {
		struct store_appeal into;
		if (store_appeal_get(db, in->into_id, &r->arena, &into, e))
			return err_set(e, 404, "not_found", "into_id", "no such appeal");
		/* An appeal the caller cannot see is as good as none: existence never leaks. */
		struct appeal_facts fi;
		appeal_facts_of(&into, &fi);
		if (!appeal_visible(&r->auth.who, &fi))
			return err_set(e, 404, "not_found", "into_id", "no such appeal");
		if (!strcmp(into.status, "closed") || into.id == a.id)
			return err_set(e, 409, "wrong_state", "into_id",
			               "an appeal merges only into another open appeal");
	}
	struct actor who = {"staff", r->auth.user_id};
	if (appeal_apply(db, r->app->audit_key, &a, in, &who, &r->arena, e) ||
	    store_appeal_get(db, a.id, &r->arena, &a, e))
		return -1;
	return appeal_reply_staff(r, 200, &a, false, NULL);
}

int api_appeals_step(struct req *r)
{
	if (!r->body || !json_is_object(r->body))
		return err_invalid(&r->err, NULL, "a JSON object body is required");
	const char *type = json_string_value(json_object_get(r->body, "type"));
	int s = names_find(appeal_step_names, STEP_STAFF_LAST + 1, type);
	if (s < 0)
		return err_invalid(&r->err, "type", "unknown step type");
	if (validate_body(r, step_fields[s].fields, step_fields[s].n, false))
		return -1;
	/* Read first for a quick answer; the writer checks again in its transaction. */
	struct store_appeal a;
	if (store_appeal_get(r->rdb, r->ids[0], &r->arena, &a, &r->err))
		return -1;
	struct appeal_facts f;
	appeal_facts_of(&a, &f);
	int why = appeal_check(&r->auth.who, &f, (enum appeal_step)s);
	if (why)
		return refuse(&r->err, why, (enum appeal_step)s, a.status);

	struct step_input *in = arena_alloc(&r->arena, sizeof *in);
	in->step = (enum appeal_step)s;
	in->version = body_int(r, "version", 0);
	if (in->version && in->version != a.version)
		return err_stale(&r->err, "appeal");
	in->tier = body_str(r, "tier");
	in->reply = body_str(r, "reply");
	in->outcome = body_str(r, "outcome");
	in->reason = body_str(r, "reason");
	in->note = body_str(r, "note");
	in->rating = body_str(r, "rating");
	in->resolved = body_str(r, "resolved");
	in->days = body_int(r, "days", 0);
	in->into_id = body_int(r, "into_id", 0);
	in->public_title = body_str(r, "title");
	in->public_description = body_str(r, "description");
	in->public_reply = body_str(r, "reply");
	if (in->step == STEP_DISPATCH) {
		struct store_org lead;
		if (ref_org(r, body_int(r, "lead_org_id", 0), "lead_org_id", NULL, &lead))
			return -1;
		in->lead_org_id = lead.id;
		in->lead_path = lead.path;
		in->lead_name = lead.name;
		json_t *ids = json_object_get(r->body, "assist_org_ids");
		size_t i;
		json_t *x;
		json_array_foreach(ids, i, x)
		{
			struct store_org o;
			if (ref_org(r, json_integer_value(x), "assist_org_ids", NULL, &o))
				return -1;
			if (o.id == lead.id)
				return err_invalid(&r->err, "assist_org_ids",
				                   "the lead unit cannot also assist");
			for (int k = 0; k < in->n_assist; k++)
				if (in->assist_ids[k] == o.id)
					return err_invalid(&r->err, "assist_org_ids",
					                   "a unit is listed twice");
			in->assist_ids[in->n_assist] = o.id;
			in->assist_paths[in->n_assist++] = o.path;
		}
	}
	return api_write(r, step_write, in);
}
