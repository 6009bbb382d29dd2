/* appeal (operations): an appeal's facts for the rules and its life-cycle steps: state,
 * deadlines in working time, the hash-chained event, staff notifications and notices to
 * the submitter — all inside the caller's write transaction, so a step is either wholly
 * there or not at all (see appeal.h). */
#include "ops/appeal.h"
#include "domain/org_rules.h"
#include "ops/catalog.h"
#include "ops/stats.h"
#include "store/audit.h"
#include "store/catalog.h"
#include "store/notices.h"
#include "util/clock.h"
#include "util/links.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

enum { DUE_ACCEPT = 1, DUE_ACK = 2, DUE_CONTACT = 4, DUE_ANSWER = 8 };

void appeal_facts_of(const struct store_appeal *a, struct appeal_facts *f)
{
	assert(a && f);
	memset(f, 0, sizeof *f);
	int s = names_find(appeal_status_names, APPEAL_STATUS__MAX, a->status);
	int b = names_find(appeal_status_names, APPEAL_STATUS__MAX, a->status_before_suspend);
	f->status = s < 0 ? APPEAL_SUBMITTED : (enum appeal_status)s;
	f->before_suspend = b < 0 ? APPEAL_IN_PROGRESS : (enum appeal_status)b;
	f->place_path = a->place_path;
	f->lead_path = a->lead_path;
	f->assist_paths = a->assist_paths;
	f->n_assist = a->n_assist;
	f->created_by = a->created_by;
	f->submitter_org_id = a->submitter_org_id;
	f->extension_pending = a->extension_days > 0;
	f->publishable = a->publishable;
	f->published = a->published;
	f->has_answer = a->reply != NULL;
	f->unsatisfied_count = (int)a->unsatisfied_count;
}

static const char *iso(struct arena *ar, int64_t t)
{
	char buf[CLOCK_ISO_LEN];
	clock_iso(t, buf);
	return arena_strdup(ar, buf);
}

static int64_t parse_time(const char *s)
{
	int64_t t = 0;
	return s && !clock_parse_iso(s, &t) ? t : 0;
}

/* start + limit in the limit's unit; NULL when the calendar cannot say. */
static const char *due_after(struct arena *ar, const struct workcal *c, int64_t start,
			     const struct store_limit *l)
{
	enum workcal_unit u;
	if (workcal_unit_parse(l->unit, &u))
		return NULL;
	int64_t t = workcal_deadline(c, start, (int)l->value, u);
	return t == WORKCAL_NEVER ? NULL : iso(ar, t);
}

/* Moves a pending deadline by the time the case was suspended (working time for working
 * units, all of it for clock hours). */
static const char *extend_due(struct arena *ar, const struct workcal *c, const char *due,
			      const char *unit, int64_t from, int64_t to)
{
	enum workcal_unit u;
	int64_t d = parse_time(due);
	if (!due || workcal_unit_parse(unit, &u))
		return due;
	int64_t t = workcal_extend_deadline(c, d, u, from, to);
	return t == WORKCAL_NEVER ? due : iso(ar, t);
}

struct limits {
	struct store_category cat;
	struct store_tier tier;
	struct workcal cal;
};

static int load_limits(struct db *db, const struct store_appeal *a, const char *tier,
		       struct arena *ar, struct limits *l, struct err *e)
{
	if (store_category_get(db, a->category, ar, &l->cat, e) ||
	    store_tier_get(db, tier ? tier : a->tier, ar, &l->tier, e) ||
	    catalog_workcal(db, ar, &l->cal, e))
		return -1;
	return 0;
}

/* What the appeal's notices are about. */
static struct subject about(const struct store_appeal *a)
{
	return (struct subject){SUBJECT_APPEAL, a->id};
}

/* Notifies the holders of `roles` at the nearest org on `path` (from its end towards the
 * root) that has any. */
static int notify_nearest(struct db *db, const char *path, const char *const *roles,
			  const char *kind, const struct store_appeal *a, const char *message,
			  const char *dedupe, const char *now, struct err *e)
{
	int64_t ids[32];
	int n = path ? org_path_ids(path, ids, 32) : 0;
	for (int i = n - 1; i >= 0; i--) {
		int64_t found = 0;
		if (store_notify_role_at(db, roles, ids[i], kind, about(a), message, dedupe, now,
		                         &found, e))
			return -1;
		if (found)
			return 0;
	}
	return 0;
}

static const char *const HANDLERS[] = {"handler", NULL};
static const char *const DISPATCHERS[] = {"dispatcher", NULL};
static const char *const ABOVE[] = {"dispatcher", "supervisor", NULL};

/* Who among the staff hears of a step, and what they read. */
static int notify_staff(struct db *db, const struct store_appeal *a, const struct step_input *in,
			int64_t seq, const char *now, struct arena *ar, struct err *e)
{
	char *dedupe = arena_printf(ar, "appeal:%lld:%lld", (long long)a->id, (long long)seq);
	const char *no = a->tracking_no;
	int64_t found;
	switch (in->step) {
	case STEP_SUBMIT:
		return notify_nearest(db, a->place_path, DISPATCHERS, "new_appeal", a,
				      arena_printf(ar, "新诉求 %s：%s", no, a->title), dedupe, now, e);
	case STEP_DISPATCH: {
		if (store_notify_role_at(db, HANDLERS, a->lead_org_id, "dispatched", about(a),
		                         arena_printf(ar, "新派单 %s：%s（主办）", no, a->title),
		                         dedupe, now, &found, e))
			return -1;
		for (int i = 0; i < a->n_assist; i++)
			if (store_notify_role_at(
			        db, HANDLERS, a->assist_ids[i], "dispatched", about(a),
			        arena_printf(ar, "新派单 %s：%s（协办）", no, a->title), dedupe,
			        now, &found, e))
				return -1;
		return 0;
	}
	case STEP_RETURN:
	case STEP_EXTEND_REQUEST:
		return notify_nearest(db, a->place_path, DISPATCHERS,
				      in->step == STEP_RETURN ? "returned" : "extension_request", a,
				      arena_printf(ar, "%s %s：%s",
						   in->step == STEP_RETURN ? "退单" : "延期申请", no,
						   in->reason ? in->reason : ""),
				      dedupe, now, e);
	case STEP_RATE:
	case STEP_CALLBACK:
	case STEP_ADD_INFO:
	case STEP_SUPERVISE: {
		/* A view of the answer concerns the staff only when it was 不满意: it reopened
		 * the case (the unit hears) or sent it back (the dispatchers hear). */
		bool view = in->step == STEP_RATE || in->step == STEP_CALLBACK;
		if (view && strcmp(a->status, "reopened") && strcmp(a->status, "accepted"))
			return 0;
		if (!a->lead_org_id)
			return notify_nearest(db, a->place_path, DISPATCHERS, view ?
					      "unsatisfied" : appeal_step_names[in->step], a,
					      arena_printf(ar, "%s 需要处理", no), dedupe, now, e);
		return store_notify_role_at(
		    db, HANDLERS, a->lead_org_id, appeal_step_names[in->step], about(a),
		    arena_printf(ar, "%s %s", no,
		                 in->step == STEP_SUPERVISE  ? "被督办"
		                 : in->step == STEP_ADD_INFO ? "有补充信息"
		                                             : "评价不满意，已重办"),
		    dedupe, now, &found, e);
	}
	case STEP_OVERDUE: {
		const char *path = in->overdue_bit == DUE_ACCEPT ? NULL : a->lead_path;
		const char *msg = arena_printf(ar, "%s 已超期：%s", no, in->overdue_step);
		if (!path)
			return notify_nearest(db, a->place_path, DISPATCHERS, "overdue", a, msg,
					      dedupe, now, e);
		return store_notify_role_at(db, HANDLERS, a->lead_org_id, "overdue", about(a), msg,
		                            dedupe, now, &found, e);
	}
	case STEP_ESCALATE: {
		/* One level up from the responsible unit: its parent's dispatchers and
		 * supervisors (the nearest ancestor that has any). */
		const char *path = a->lead_path ? a->lead_path : a->place_path;
		char *parent = arena_strdup(ar, path);
		size_t n = strlen(parent);
		/* At the root there is no level above: the root's own supervisors hear of it. */
		if (n > 1 && strchr(parent + 1, '/') != parent + n - 1) {
			parent[n - 1] = 0;
			char *slash = strrchr(parent, '/');
			if (slash)
				slash[1] = 0;
		}
		return notify_nearest(db, parent, ABOVE, "escalated", a,
				      arena_printf(ar, "督办提醒：%s 超期未办（%s）", no,
						   in->overdue_step ? in->overdue_step : ""),
				      dedupe, now, e);
	}
	default:
		return 0;
	}
}

/* Queues the submitter's notice (SMS when they left a phone, else email). */
static int notice_submitter(struct db *db, const struct store_appeal *a, enum appeal_step s,
			    int64_t seq, const char *now, struct arena *ar, struct err *e)
{
	if (!appeal_step_public(s) || s == STEP_ADD_INFO || s == STEP_RATE || a->erased)
		return 0;
	const char *channel = a->phone && *a->phone ? "sms" : a->email && *a->email ? "email" : NULL;
	if (!channel)
		return 0;
	const char *recipient = !strcmp(channel, "sms") ? a->phone : a->email;
	/* The link is absolute: a phone opens it from the message (util/links.h). */
	char *body =
	    arena_printf(ar, "【回音】您的诉求（编号 %s）：%s 查看进度：%s/#/track/%s",
	                 a->tracking_no, appeal_step_text(s), links_base(), a->tracking_no);
	char *dedupe = arena_printf(ar, "appeal:%lld:%lld", (long long)a->id, (long long)seq);
	return store_outbox_add(db, channel, recipient, "回音：诉求进展", body, about(a), dedupe,
	                        now, e);
}

int appeal_event(struct db *db, const uint8_t *audit_key, struct store_appeal *a,
		 enum appeal_step step, const struct actor *who, const struct evdata *data,
		 struct arena *ar, struct err *e)
{
	assert(db && audit_key && a && a->id > 0 && who && data && ar);
	assert((unsigned)step < STEP__MAX);
	char now[CLOCK_ISO_LEN];
	int64_t now_t = clock_now();
	clock_iso(now_t, now);
	struct audit_event ev = {
		.parent_id = a->id,
		.type = appeal_step_names[step],
		.actor_kind = who->kind,
		.actor_id = who->user_id,
		.public = appeal_step_public(step),
		.data = evdata_text(data),
		.created_at = now,
	};
	int rc = audit_append_appeal(db, audit_key, &ev, e);
	if (!rc && step == STEP_SUBMIT) {
		/* A new appeal: the dispatchers hear of it, the submitter gets the link. */
		struct step_input in = {.step = STEP_SUBMIT};
		struct metrics_case c;
		stats_case_of(a, &c);
		struct metrics_event sev = {
		    .step = STEP_SUBMIT, .t = now_t, .to = APPEAL_SUBMITTED};
		rc = notify_staff(db, a, &in, ev.seq, now, ar, e) ||
		             notice_submitter(db, a, STEP_SUBMIT, ev.seq, now, ar, e) ||
		             stats_count(db, a, &c, &sev, e)
		         ? -1
		         : 0;
	}
	return rc ? rc : (int)ev.seq;
}

int appeal_apply(struct db *db, const uint8_t *audit_key, struct store_appeal *a,
		 const struct step_input *in, const struct actor *who, struct arena *ar,
		 struct err *e)
{
	assert(db && audit_key && a && a->id > 0 && in && who && ar);
	assert((unsigned)in->step < STEP__MAX);
	int64_t now_t = clock_now();
	const char *now = iso(ar, now_t);
	struct appeal_facts f;
	appeal_facts_of(a, &f);
	int rating = names_find(rating_names, RATING__MAX, in->rating);
	enum appeal_status next = appeal_next(&f, in->step, rating < 0 ? RATING_SATISFIED
								      : (enum rating)rating);
	const char *from = a->status;
	struct metrics_case before;
	stats_case_of(a, &before);
	struct evdata *d = evdata_new(ar);
	struct limits *l = arena_alloc(ar, sizeof *l);
	bool need_limits = in->step == STEP_DISPATCH || in->step == STEP_RESUME ||
			   in->step == STEP_EXTEND_APPROVE || in->step == STEP_ACCEPT ||
			   (in->step == STEP_ADD_INFO && f.status == APPEAL_SUSPENDED) ||
			   ((in->step == STEP_RATE || in->step == STEP_CALLBACK) &&
			    next == APPEAL_REOPENED);
	if (need_limits && load_limits(db, a, in->tier, ar, l, e))
		return -1;

	switch (in->step) {
	case STEP_ACCEPT:
		a->accepted_at = now;
		if (in->tier)
			a->tier = in->tier;
		evdata_str(d, "tier", a->tier);
		break;
	case STEP_DECLINE:
		a->reply = in->reply;
		a->outcome = "explained";
		a->replied_at = now;
		a->closed_as = "declined";
		a->closed_at = now;
		evdata_str(d, "reply", in->reply);
		break;
	case STEP_DISPATCH:
		a->lead_org_id = in->lead_org_id;
		a->lead_path = in->lead_path;
		a->n_assist = in->n_assist;
		memcpy(a->assist_ids, in->assist_ids, sizeof a->assist_ids);
		memcpy(a->assist_paths, in->assist_paths, sizeof a->assist_paths);
		a->dispatched_at = now;
		a->acknowledged_at = a->contacted_at = NULL;
		a->ack_due = due_after(ar, &l->cal, now_t, &l->cat.acknowledge);
		a->contact_due = due_after(ar, &l->cal, now_t, &l->cat.contact);
		a->answer_due = due_after(ar, &l->cal, now_t, &l->tier.answer);
		a->overdue_steps &= DUE_ACCEPT;
		evdata_int(d, "lead_org_id", in->lead_org_id);
		evdata_str(d, "lead_org_name", in->lead_name);
		evdata_ids(d, "assist_org_ids", in->assist_ids, in->n_assist);
		/* The deadlines, so the figures can be recounted from the events alone. */
		evdata_str(d, "ack_due", a->ack_due);
		evdata_str(d, "contact_due", a->contact_due);
		evdata_str(d, "answer_due", a->answer_due);
		break;
	case STEP_ACKNOWLEDGE:
		a->acknowledged_at = now;
		break;
	case STEP_RETURN:
		a->lead_org_id = 0;
		a->lead_path = NULL;
		a->n_assist = 0;
		a->ack_due = a->contact_due = a->answer_due = NULL;
		evdata_str(d, "reason", in->reason);
		break;
	case STEP_CONTACT:
		if (!a->contacted_at)
			a->contacted_at = now;
		evdata_str(d, "note", in->note);
		break;
	case STEP_PROGRESS:
	case STEP_NOTE:
	case STEP_SUPERVISE:
		evdata_str(d, "note", in->note);
		break;
	case STEP_EXTEND_REQUEST:
		a->extension_days = in->days;
		evdata_int(d, "days", in->days);
		evdata_str(d, "reason", in->reason);
		break;
	case STEP_EXTEND_APPROVE:
		if (a->answer_due) {
			int64_t t = workcal_deadline(&l->cal, parse_time(a->answer_due),
						     (int)a->extension_days, WORKCAL_WORKING_DAYS);
			if (t != WORKCAL_NEVER)
				a->answer_due = iso(ar, t);
		}
		a->overdue_steps &= ~DUE_ANSWER;
		evdata_int(d, "days", a->extension_days);
		evdata_str(d, "answer_due", a->answer_due);
		a->extension_days = 0;
		break;
	case STEP_EXTEND_REJECT:
		evdata_int(d, "days", a->extension_days);
		evdata_str(d, "reason", in->reason);
		a->extension_days = 0;
		break;
	case STEP_REPLY:
		a->reply = in->reply;
		a->outcome = in->outcome;
		a->replied_at = now;
		a->rating = a->rating_comment = a->rated_at = a->resolved = NULL;
		evdata_str(d, "reply", in->reply);
		evdata_str(d, "outcome", in->outcome);
		break;
	case STEP_SUSPEND:
		a->status_before_suspend = a->status;
		a->suspended_at = now;
		evdata_str(d, "reason", in->reason);
		break;
	case STEP_RESUME:
	case STEP_ADD_INFO:
		if (f.status == APPEAL_SUSPENDED) {
			int64_t since = parse_time(a->suspended_at);
			if (!a->acknowledged_at)
				a->ack_due = extend_due(ar, &l->cal, a->ack_due,
							l->cat.acknowledge.unit, since, now_t);
			if (!a->contacted_at)
				a->contact_due = extend_due(ar, &l->cal, a->contact_due,
							    l->cat.contact.unit, since, now_t);
			a->answer_due = extend_due(ar, &l->cal, a->answer_due,
						   l->tier.answer.unit, since, now_t);
			a->suspended_at = NULL;
			a->status_before_suspend = NULL;
			evdata_bool(d, "resumed", true);
			evdata_str(d, "ack_due", a->acknowledged_at ? NULL : a->ack_due);
			evdata_str(d, "contact_due", a->contacted_at ? NULL : a->contact_due);
			evdata_str(d, "answer_due", a->answer_due);
		}
		evdata_str(d, "text", in->text);
		break;
	case STEP_RATE:
	case STEP_CALLBACK:
		evdata_str(d, "rating", in->rating);
		evdata_str(d, "resolved", in->resolved);
		evdata_str(d, in->step == STEP_RATE ? "comment" : "note",
			 in->step == STEP_RATE ? in->comment : in->note);
		if (in->step == STEP_CALLBACK) {
			a->callback_rating = in->rating;
			a->callback_resolved = in->resolved;
		}
		if (f.status != APPEAL_REPLIED || !in->rating)
			break;
		a->rating = in->rating;
		a->resolved = in->resolved;
		a->rating_comment = in->comment;
		a->rated_at = now;
		if (next == APPEAL_CLOSED) {
			a->closed_as = "rated";
			a->closed_at = now;
		} else if (next == APPEAL_REOPENED) {
			/* Once more to the same unit, with a fresh answer limit. */
			a->unsatisfied_count++;
			a->acknowledged_at = NULL;
			a->ack_due = due_after(ar, &l->cal, now_t, &l->cat.acknowledge);
			a->answer_due = due_after(ar, &l->cal, now_t, &l->tier.answer);
			a->overdue_steps = 0;
			evdata_str(d, "ack_due", a->ack_due);
			evdata_str(d, "answer_due", a->answer_due);
		} else {
			/* The second 不满意 goes back to the dispatcher. */
			a->unsatisfied_count++;
			a->lead_org_id = 0;
			a->lead_path = NULL;
			a->n_assist = 0;
			a->ack_due = a->contact_due = a->answer_due = NULL;
		}
		break;
	case STEP_MERGE:
		a->merged_into = in->into_id;
		a->closed_as = "merged";
		a->closed_at = now;
		evdata_int(d, "into_id", in->into_id);
		break;
	case STEP_PUBLISH:
		a->published = true;
		a->public_title = in->public_title ? in->public_title : a->title;
		a->public_description = in->public_description ? in->public_description
							       : a->description;
		a->public_reply = in->public_reply ? in->public_reply : a->reply;
		break;
	case STEP_UNPUBLISH:
		a->published = false;
		break;
	case STEP_OVERDUE:
	case STEP_ESCALATE:
		a->overdue_steps |= in->overdue_bit;
		evdata_str(d, "step", in->overdue_step);
		break;
	case STEP_AUTO_CLOSE:
		a->closed_as = "unrated";
		a->closed_at = now;
		break;
	default:
		break;
	}
	a->status = appeal_status_names[next];
	if (strcmp(from, a->status)) {
		evdata_str(d, "from", from);
		evdata_str(d, "to", a->status);
	}
	if (in->version && in->version != a->version)
		return err_stale(e, "appeal");
	if (store_appeal_update(db, a, e))
		return -1;
	if (in->step == STEP_DISPATCH || in->step == STEP_RETURN ||
	    ((in->step == STEP_RATE || in->step == STEP_CALLBACK) && next == APPEAL_ACCEPTED))
		if (store_appeal_set_assists(db, a, e))
			return -1;
	int seq = appeal_event(db, audit_key, a, in->step, who, d, ar, e);
	if (seq < 0)
		return -1;
	struct metrics_event ev = {
	    .step = in->step,
	    .t = now_t,
	    .to = next,
	    .rating = in->rating,
	    .resolved = in->resolved,
	    .tier = a->tier,
	    .lead_org_id = in->lead_org_id,
	};
	if (stats_count(db, a, &before, &ev, e))
		return -1;
	if (notify_staff(db, a, in, seq, now, ar, e) ||
	    notice_submitter(db, a, in->step, seq, now, ar, e))
		return -1;
	return 0;
}
