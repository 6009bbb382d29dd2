/* project (operations): creating projects from needs, changing them, their steps and
 * the worker's overdue milestones (see project.h). */
#include "ops/project.h"
#include "store/notices.h"
#include "util/clock.h"

#include <assert.h>
#include <string.h>

static enum project_status status_of(const struct store_project *p)
{
	int s = names_find(project_status_names, PROJECT_STATUS__MAX, p->status);
	return s < 0 ? PROJECT_PLANNED : (enum project_status)s;
}

void project_facts_of(const struct store_project *p, struct project_facts *f)
{
	assert(p && f);
	memset(f, 0, sizeof *f);
	f->status = status_of(p);
	f->owner_path = p->owner_path;
	f->need_paths = p->need_paths;
	f->n_needs = p->n_needs;
	f->unit_paths = p->unit_paths;
	f->n_units = p->n_units;
}

static int project_event(struct db *db, const uint8_t *audit_key, struct store_project *p,
			 enum project_step step, const struct actor *who, const struct evdata *data,
			 struct err *e)
{
	assert(p && p->id > 0 && (unsigned)step < PSTEP__MAX);
	int seq = lists_event(db, audit_key, AUDIT_PROJECT, p->id, project_step_names[step],
			      project_step_public(step), who, data, e);
	if (seq >= 0)
		p->event_count = seq;
	return seq;
}

/* The project as its needs' events name it. */
static struct evdata *project_ref(const struct store_project *p, struct arena *a)
{
	struct evdata *d = evdata_new(a);
	evdata_int(d, "project_id", p->id);
	evdata_str(d, "project_title", p->title);
	return d;
}

static const char *const UNIT_STAFF[] = {"handler", "liaison", NULL};
static const char *const OWNER_STAFF[] = {"secretary", "handler", "dispatcher", NULL};

int project_create(struct db *db, const uint8_t *audit_key, struct store_project *p,
		   struct store_need *needs, const struct actor *who, struct arena *a,
		   struct err *e)
{
	assert(db && audit_key && p && p->n_needs > 0 && needs && who && a);
	assert(p->owner_org_id > 0);
	const char *now = lists_now(a);
	p->status = "planned";
	p->beneficiaries_reached = -1;
	for (int i = 0; i < p->n_needs; i++) {
		int s = names_find(need_status_names, NEED_STATUS__MAX, needs[i].status);
		if (s < 0 || !need_event_allowed((enum need_status)s, NEED_PROJECT))
			return err_set(e, 409, "wrong_state", "need_ids",
				       "need %s is %s and cannot be taken up into a project",
				       needs[i].tracking_no, needs[i].status);
	}
	if (store_project_insert(db, p, now, e))
		return -1;
	struct evdata *data = evdata_new(a);
	evdata_str(data, "title", p->title);
	evdata_int(data, "owner_org_id", p->owner_org_id);
	evdata_ids(data, "need_ids", p->need_ids, p->n_needs);
	evdata_ids(data, "resource_ids", p->resource_ids, p->n_resources);
	evdata_ids(data, "unit_ids", p->unit_ids, p->n_units);
	evdata_int(data, "milestones", p->n_milestones);
	int seq = project_event(db, audit_key, p, PSTEP_CREATE, who, data, e);
	if (seq < 0)
		return -1;
	for (int i = 0; i < p->n_needs; i++) {
		struct evdata *d = project_ref(p, a);
		if (need_step(db, audit_key, &needs[i], NEED_PROJECT, who, d, a, e) < 0)
			return -1;
		for (int k = 0; k < p->n_units; k++)
			if (store_need_unit_add(db, needs[i].id, p->unit_ids[k], p->unit_paths[k],
						"project", now, e))
				return -1;
	}
	char *dedupe = arena_printf(a, "project:%lld:%d", (long long)p->id, seq);
	char *msg = arena_printf(a, "新项目「%s」已立项，请按计划推进", p->title);
	for (int k = 0; k < p->n_units; k++) {
		int64_t found;
		if (store_notify_role_at(db, UNIT_STAFF, p->unit_ids[k], "project_created",
		                         (struct subject){SUBJECT_PROJECT, p->id}, msg, dedupe, now,
		                         &found, e))
			return -1;
	}
	return 0;
}

int project_update(struct db *db, const uint8_t *audit_key, struct store_project *p,
		   const struct project_edit *ed, const struct actor *who, struct arena *a,
		   struct err *e)
{
	assert(db && audit_key && p && p->id > 0 && ed && who && a);
	if (ed->version && ed->version != p->version)
		return err_stale(e, "project");
	struct evdata *data = evdata_new(a);
	struct evdata *changes = evdata_object(data, "changes");
	if (ed->title) {
		p->title = ed->title;
		evdata_str(changes, "title", p->title);
	}
	if (ed->description) {
		p->description = ed->description;
		evdata_str(changes, "description", p->description);
	}
	if (ed->set_plan) {
		if (strcmp(p->status, "planned"))
			return err_set(e, 409, "wrong_state", "plan",
				       "the plan is changed only before the project starts");
		p->n_milestones = ed->n_milestones;
		p->milestones = ed->milestones;
		if (store_project_set_milestones(db, p, e))
			return -1;
		evdata_int(changes, "milestones", p->n_milestones);
	}
	if (store_project_update(db, p, lists_now(a), e))
		return -1;
	return project_event(db, audit_key, p, PSTEP_UPDATE, who, data, e) < 0 ? -1 : 0;
}

static struct store_milestone *milestone_of(struct store_project *p, int64_t id)
{
	for (int i = 0; i < p->n_milestones; i++)
		if (p->milestones[i].id == id)
			return &p->milestones[i];
	return NULL;
}

/* Fulfils the needs of a completed project that are still in it. */
static int fulfil_needs(struct db *db, const uint8_t *audit_key, const struct store_project *p,
			const struct actor *who, struct arena *a, struct err *e)
{
	for (int i = 0; i < p->n_needs; i++) {
		struct store_need n;
		if (store_need_get(db, p->need_ids[i], a, &n, e))
			return -1;
		if (strcmp(n.status, "in_project"))
			continue;
		struct evdata *d = project_ref(p, a);
		if (need_step(db, audit_key, &n, NEED_FULFIL, who, d, a, e) < 0)
			return -1;
	}
	return 0;
}

int project_apply(struct db *db, const uint8_t *audit_key, struct store_project *p,
		  const struct project_input *in, const struct actor *who, struct arena *a,
		  struct err *e)
{
	assert(db && audit_key && p && p->id > 0 && in && who && a);
	assert((unsigned)in->step < PSTEP__MAX);
	const char *now = lists_now(a);
	char today[11];
	lists_today(clock_now(), today);
	enum project_status from = status_of(p), to = project_next(from, in->step);
	if (in->version && in->version != p->version)
		return err_stale(e, "project");
	struct evdata *d = evdata_new(a);
	switch (in->step) {
	case PSTEP_START:
		p->started_at = now;
		break;
	case PSTEP_MILESTONE: {
		struct store_milestone *m = milestone_of(p, in->milestone_id);
		if (!m)
			return err_set(e, 404, "not_found", "milestone_id",
				       "the project has no such milestone");
		if (m->done_on)
			return err_set(e, 409, "wrong_state", "milestone_id",
				       "the milestone was done on %s", m->done_on);
		m->done_on = in->done_on ? in->done_on : arena_strdup(a, today);
		if (store_milestone_done(db, m->id, m->done_on, e))
			return -1;
		evdata_int(d, "milestone_id", m->id);
		evdata_str(d, "title", m->title);
		evdata_str(d, "due", m->due);
		evdata_str(d, "done_on", m->done_on);
		break;
	}
	case PSTEP_COMPLETE:
		p->completed_at = now;
		p->beneficiaries_reached = in->beneficiaries_reached;
		p->outcome_summary = in->summary;
		evdata_int(d, "beneficiaries_reached", in->beneficiaries_reached);
		evdata_str(d, "summary", in->summary);
		break;
	case PSTEP_EVALUATE:
		p->rating = in->rating;
		p->rating_comment = in->comment;
		p->evaluated_at = now;
		p->evaluated_by = who->user_id;
		evdata_str(d, "rating", in->rating);
		evdata_str(d, "comment", in->comment);
		break;
	default:
		break;
	}
	evdata_str(d, "note", in->note);
	p->status = project_status_names[to];
	if (to != from) {
		evdata_str(d, "from", project_status_names[from]);
		evdata_str(d, "to", p->status);
	}
	if (store_project_update(db, p, now, e))
		return -1;
	if (project_event(db, audit_key, p, in->step, who, d, e) < 0)
		return -1;
	if (in->step == PSTEP_COMPLETE && fulfil_needs(db, audit_key, p, who, a, e))
		return -1;
	return 0;
}

int project_flag_overdue(struct db *db, const uint8_t *audit_key, struct arena *a,
			 const char *now, struct err *e)
{
	assert(db && audit_key && a && now);
	int64_t t;
	if (clock_parse_iso(now, &t))
		t = clock_now();
	char today[11];
	lists_today(t, today);
	struct store_overdue_milestone *items;
	int n;
	if (store_milestones_overdue(db, today, 200, a, &items, &n, e))
		return -1;
	struct actor sys = {"system", 0};
	for (int i = 0; i < n; i++) {
		struct store_project p = {.id = items[i].m.project_id};
		const struct store_milestone *m = &items[i].m;
		struct evdata *d = evdata_new(a);
		evdata_int(d, "milestone_id", m->id);
		evdata_str(d, "title", m->title);
		evdata_str(d, "due", m->due);
		int seq = project_event(db, audit_key, &p, PSTEP_OVERDUE, &sys, d, e);
		if (seq < 0 || store_milestone_flag(db, m->id, e))
			return -1;
		int64_t found;
		char *msg = arena_printf(a, "项目「%s」的节点「%s」已超期（应于 %s 完成）",
					 items[i].project_title, m->title, m->due);
		if (store_notify_role_at(
		        db, OWNER_STAFF, items[i].owner_org_id, "milestone_overdue",
		        (struct subject){SUBJECT_PROJECT, p.id}, msg,
		        arena_printf(a, "project:%lld:%d", (long long)p.id, seq), now, &found, e))
			return -1;
	}
	return n;
}
