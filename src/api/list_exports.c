/* list_exports: the tables of the lists' downloads (api/export.h) — appeals (the queue),
 * needs, resources, projects and activities — each with its columns and its two readers
 * over the list's own filter: a count and a page after a cursor, through the same store
 * query as the JSON list (so the scope and filters are the list's by construction).
 * Personal data is masked as in the JSON list; with reveal=contact it is shown on the rows
 * whose contact details the caller may see one by one (the rule of ?reveal=contact on
 * GET /appeals/{id} and /needs/{id}). */
#include "api/appeals.h"
#include "api/lists.h"
#include "domain/mask.h"
#include "store/needs.h"
#include "store/orgs.h"
#include "util/clock.h"
#include "util/n_of.h"

#include <math.h>
#include <string.h>

/* Personal data s: empty when unset; as it is when revealed; else masked. */
static void masked(struct tab_writer *w, const char *s, void (*mask)(const char *, char *, size_t),
                   bool reveal)
{
	char buf[256];
	if (s && *s && !reveal) {
		mask(s, buf, sizeof buf);
		s = buf;
	}
	tab_text(w, s);
}

static void id_cell(struct tab_writer *w, int64_t id)
{
	if (id)
		tab_int(w, id);
	else
		tab_blank(w);
}

/* One export of one list: its filter and what its rows need besides. */
struct list_export {
	void *filter;
	bool reveal;
	/* appeals: org id -> name, over the whole export (orgs are few) */
	int64_t org_ids[1024];
	const char *org_names[1024];
};

/* Answers the download of one list: its table read by `read` over a copy of its filter. */
static int reply(struct req *r, enum export_format fmt, const char *list, const char *const *params,
                 int n_params, const struct tab_table *table, int (*read)(struct export_read *q),
                 const void *filter, size_t size, bool reveal)
{
	struct list_export *x = arena_alloc(&r->arena, sizeof *x);
	memset(x, 0, sizeof *x);
	x->filter = arena_alloc(&r->arena, size);
	memcpy(x->filter, filter, size);
	x->reveal = reveal;
	struct export_table *t = arena_alloc(&r->arena, sizeof *t);
	*t = (struct export_table){table, read, x};
	struct export_spec *s = arena_alloc(&r->arena, sizeof *s);
	*s = (struct export_spec){list, params, n_params, reveal, t, 1};
	return export_reply(r, fmt, s);
}

/* ---- appeals ----------------------------------------------------------------------- */

static const struct tab_column appeal_cols[] = {
    {"id", "编号", TAB_INT, 8},
    {"tracking_no", "受理编号", TAB_TEXT, 18},
    {"created_at", "提交时间", TAB_DATETIME, 17},
    {"channel", "渠道", TAB_TEXT, 9},
    {"category", "类别", TAB_TEXT, 12},
    {"tier", "时限等级", TAB_TEXT, 9},
    {"urgency", "紧急程度", TAB_TEXT, 9},
    {"title", "标题", TAB_TEXT, 30},
    {"description", "诉求内容", TAB_TEXT, 50},
    {"location.community_id", "社区", TAB_TEXT, 20},
    {"location.address", "地址", TAB_TEXT, 28},
    {"status", "状态", TAB_TEXT, 11},
    {"lead_org_id", "承办单位", TAB_TEXT, 24},
    {"submitter.name", "诉求人", TAB_TEXT, 10},
    {"submitter.phone", "联系电话", TAB_TEXT, 14},
    {"deadlines.answer", "答复时限", TAB_DATETIME, 17},
    {"times.dispatched_at", "派单时间", TAB_DATETIME, 17},
    {"times.replied_at", "答复时间", TAB_DATETIME, 17},
    {"times.closed_at", "办结时间", TAB_DATETIME, 17},
    {"closed_as", "办结方式", TAB_TEXT, 11},
    {"rating", "评价", TAB_TEXT, 11},
    {"unsatisfied_count", "不满意次数", TAB_INT, 10},
};
static const struct tab_table appeal_table = {"诉求", appeal_cols, N_OF(appeal_cols)};
static const char *const appeal_params[] = {"status", "org_id",   "community_id", "from",
                                            "to",     "category", "overdue",      "q"};

/* The name of org id, read once per export. */
static const char *org_name(struct req *r, struct list_export *x, struct db *db, int64_t id)
{
	if (!id)
		return NULL;
	size_t slot = (size_t)id % N_OF(x->org_ids);
	for (size_t k = 0; k < N_OF(x->org_ids); k++, slot = (slot + 1) % N_OF(x->org_ids)) {
		if (x->org_ids[slot] == id)
			return x->org_names[slot];
		if (x->org_ids[slot])
			continue;
		struct store_org o;
		struct err e = {0};
		struct arena a;
		arena_init(&a);
		const char *name = store_org_get(db, id, &a, &o, &e) ? "" : o.name;
		x->org_ids[slot] = id;
		x->org_names[slot] = arena_strdup(&r->arena, name);
		arena_free(&a);
		return x->org_names[slot];
	}
	return ""; /* more orgs than slots: never in a district */
}

static int appeal_read(struct export_read *q)
{
	struct tab_writer *w = q->w;
	struct list_export *x = q->arg;
	struct appeal_filter f = *(const struct appeal_filter *)x->filter;
	f.after = q->after;
	f.limit = q->limit;
	f.count = q->count;
	struct store_appeal *items;
	int n = 0;
	if (store_appeal_list(q->db, &f, q->a, &items, &n, &q->after, q->e))
		return -1;
	for (int i = 0; i < n; i++) {
		const struct store_appeal *p = &items[i];
		struct appeal_facts facts;
		appeal_facts_of(p, &facts);
		bool reveal = x->reveal && appeal_may_reveal(&q->r->auth.who, &facts);
		tab_int(w, p->id);
		tab_text(w, p->tracking_no);
		tab_time(w, p->created_at);
		tab_text(w, p->channel);
		tab_text(w, p->category);
		tab_text(w, p->tier);
		tab_text(w, p->urgency);
		tab_text(w, p->title);
		tab_text(w, p->description);
		tab_text(w, org_name(q->r, x, q->db, p->community_id));
		tab_text(w, p->address);
		tab_text(w, p->status);
		tab_text(w, org_name(q->r, x, q->db, p->lead_org_id));
		masked(w, p->name, mask_name, reveal);
		masked(w, p->phone, mask_phone, reveal);
		tab_time(w, p->answer_due);
		tab_time(w, p->dispatched_at);
		tab_time(w, p->replied_at);
		tab_time(w, p->closed_at);
		tab_text(w, p->closed_as);
		tab_text(w, p->rating);
		tab_int(w, p->unsatisfied_count);
	}
	return 0;
}

int appeals_export(struct req *r, enum export_format fmt, const struct appeal_filter *f)
{
	bool reveal;
	if (export_reveal_of(r, &reveal))
		return -1;
	return reply(r, fmt, "appeals", appeal_params, N_OF(appeal_params), &appeal_table,
	             appeal_read, f, sizeof *f, reveal);
}

/* ---- needs ------------------------------------------------------------------------- */

static const struct tab_column need_cols[] = {
    {"id", "编号", TAB_INT, 8},
    {"tracking_no", "需求编号", TAB_TEXT, 18},
    {"created_at", "提出时间", TAB_DATETIME, 17},
    {"source", "来源", TAB_TEXT, 8},
    {"title", "标题", TAB_TEXT, 30},
    {"category", "类别", TAB_TEXT, 12},
    {"location.community_name", "社区", TAB_TEXT, 20},
    {"beneficiaries.who", "受益对象", TAB_TEXT, 16},
    {"beneficiaries.count", "受益人数", TAB_INT, 9},
    {"wanted_by", "期望完成日期", TAB_DATE, 13},
    {"urgency", "紧急程度", TAB_TEXT, 9},
    {"status", "状态", TAB_TEXT, 11},
    {"submitter.name", "提出人", TAB_TEXT, 10},
    {"submitter.phone", "联系电话", TAB_TEXT, 14},
};
static const struct tab_table need_table = {"需求清单", need_cols, N_OF(need_cols)};
static const char *const need_params[] = {"status", "community_id", "appeal_id", "category", "q"};

static int need_read(struct export_read *q)
{
	struct tab_writer *w = q->w;
	const struct list_export *x = q->arg;
	struct need_filter f = *(const struct need_filter *)x->filter;
	f.after = q->after;
	f.limit = q->limit;
	f.count = q->count;
	struct store_need *items;
	int n = 0;
	if (store_need_list(q->db, &f, q->a, &items, &n, &q->after, q->e))
		return -1;
	for (int i = 0; i < n; i++) {
		const struct store_need *p = &items[i];
		bool reveal = false;
		struct need_facts facts;
		if (x->reveal && p->person_id) {
			if (need_facts_load(q->db, p, q->a, &facts, q->e))
				return -1;
			reveal = need_may_change(&q->r->auth.who, &facts);
		}
		tab_int(w, p->id);
		tab_text(w, p->tracking_no);
		tab_time(w, p->created_at);
		tab_text(w, p->source);
		tab_text(w, p->title);
		tab_text(w, p->category);
		tab_text(w, p->community_name);
		tab_text(w, p->beneficiaries_who);
		tab_int(w, p->beneficiaries_count);
		tab_time(w, p->wanted_by);
		tab_text(w, p->urgency);
		tab_text(w, p->status);
		masked(w, p->name, mask_name, reveal);
		masked(w, p->phone, mask_phone, reveal);
	}
	return 0;
}

int needs_export(struct req *r, enum export_format fmt, const struct need_filter *f)
{
	bool reveal;
	if (export_reveal_of(r, &reveal))
		return -1;
	return reply(r, fmt, "needs", need_params, N_OF(need_params), &need_table, need_read, f,
	             sizeof *f, reveal);
}

/* ---- resources --------------------------------------------------------------------- */

static const struct tab_column resource_cols[] = {
    {"id", "编号", TAB_INT, 8},
    {"title", "资源名称", TAB_TEXT, 28},
    {"kind", "类型", TAB_TEXT, 10},
    {"category", "类别", TAB_TEXT, 12},
    {"org_name", "提供单位", TAB_TEXT, 24},
    {"quantity", "数量", TAB_INT, 8},
    {"committed", "已认领", TAB_INT, 8},
    {"remaining", "剩余", TAB_INT, 8},
    {"unit", "单位", TAB_TEXT, 6},
    {"available_from", "可用起始日", TAB_DATE, 12},
    {"available_to", "可用截止日", TAB_DATE, 12},
    {"status", "状态", TAB_TEXT, 10},
    {"created_at", "登记时间", TAB_DATETIME, 17},
};
static const struct tab_table resource_table = {"资源清单", resource_cols, N_OF(resource_cols)};
static const char *const resource_params[] = {"kind",     "status", "org_id",   "alliance_id",
                                              "category", "q",      "available"};

static int resource_read(struct export_read *q)
{
	struct tab_writer *w = q->w;
	const struct list_export *x = q->arg;
	struct resource_filter f = *(const struct resource_filter *)x->filter;
	f.after = q->after;
	f.limit = q->limit;
	f.count = q->count;
	struct store_resource *items;
	int n = 0;
	if (store_resource_list(q->db, &f, q->a, &items, &n, &q->after, q->e))
		return -1;
	for (int i = 0; i < n; i++) {
		const struct store_resource *p = &items[i];
		tab_int(w, p->id);
		tab_text(w, p->title);
		tab_text(w, p->kind);
		tab_text(w, p->category);
		tab_text(w, p->org_name);
		tab_int(w, p->quantity);
		tab_int(w, p->committed);
		tab_int(w, p->quantity - p->committed);
		tab_text(w, p->unit);
		tab_time(w, p->available_from);
		tab_time(w, p->available_to);
		tab_text(w, p->status);
		tab_time(w, p->created_at);
	}
	return 0;
}

int resources_export(struct req *r, enum export_format fmt, const struct resource_filter *f)
{
	return reply(r, fmt, "resources", resource_params, N_OF(resource_params), &resource_table,
	             resource_read, f, sizeof *f, false);
}

/* ---- projects ---------------------------------------------------------------------- */

static const struct tab_column project_cols[] = {
    {"id", "编号", TAB_INT, 8},
    {"title", "项目名称", TAB_TEXT, 30},
    {"status", "状态", TAB_TEXT, 10},
    {"owner_name", "牵头单位", TAB_TEXT, 24},
    {"units", "参与单位", TAB_TEXT, 36},
    {"need_ids", "需求数", TAB_INT, 8},
    {"plan.progress", "里程碑完成率", TAB_PERCENT, 13},
    {"started_at", "开始时间", TAB_DATETIME, 17},
    {"outcome.completed_at", "完成时间", TAB_DATETIME, 17},
    {"outcome.beneficiaries_reached", "受益人数", TAB_INT, 9},
    {"rating", "评价", TAB_TEXT, 11},
    {"created_at", "创建时间", TAB_DATETIME, 17},
};
static const struct tab_table project_table = {"项目清单", project_cols, N_OF(project_cols)};
static const char *const project_params[] = {"status", "owner_org_id", "community_id", "need_id"};

static int project_read(struct export_read *q)
{
	struct tab_writer *w = q->w;
	const struct list_export *x = q->arg;
	struct project_filter f = *(const struct project_filter *)x->filter;
	f.after = q->after;
	f.limit = q->limit;
	f.count = q->count;
	struct store_project *items;
	int n = 0;
	if (store_project_list(q->db, &f, q->a, &items, &n, &q->after, q->e))
		return -1;
	for (int i = 0; i < n; i++) {
		const struct store_project *p = &items[i];
		char *units = arena_strdup(q->a, "");
		for (int k = 0; k < p->n_units; k++)
			units =
			    arena_printf(q->a, "%s%s%s", units, k ? "、" : "", p->unit_names[k]);
		int done = 0;
		for (int k = 0; k < p->n_milestones; k++)
			done += p->milestones[k].done_on != NULL;
		tab_int(w, p->id);
		tab_text(w, p->title);
		tab_text(w, p->status);
		tab_text(w, p->owner_name);
		tab_text(w, units);
		tab_int(w, p->n_needs);
		tab_percent(w, p->n_milestones ? (double)done / p->n_milestones : NAN);
		tab_time(w, p->started_at);
		tab_time(w, p->completed_at);
		if (p->completed_at && p->beneficiaries_reached >= 0)
			tab_int(w, p->beneficiaries_reached);
		else
			tab_blank(w);
		tab_text(w, p->rating);
		tab_time(w, p->created_at);
	}
	return 0;
}

int projects_export(struct req *r, enum export_format fmt, const struct project_filter *f)
{
	return reply(r, fmt, "projects", project_params, N_OF(project_params), &project_table,
	             project_read, f, sizeof *f, false);
}

/* ---- activities -------------------------------------------------------------------- */

static const struct tab_column activity_cols[] = {
    {"id", "编号", TAB_INT, 8},
    {"date", "日期", TAB_DATE, 12},
    {"kind", "类型", TAB_TEXT, 10},
    {"title", "活动名称", TAB_TEXT, 30},
    {"org_name", "组织单位", TAB_TEXT, 24},
    {"place", "地点", TAB_TEXT, 20},
    {"participants", "参与人数", TAB_INT, 9},
    {"audience", "受众人次", TAB_INT, 9},
    {"project_id", "关联项目", TAB_INT, 9},
    {"created_at", "登记时间", TAB_DATETIME, 17},
};
static const struct tab_table activity_table = {"活动", activity_cols, N_OF(activity_cols)};
static const char *const activity_params[] = {"kind", "org_id", "project_id", "from", "to"};

static int activity_read(struct export_read *q)
{
	struct tab_writer *w = q->w;
	const struct list_export *x = q->arg;
	struct activity_filter f = *(const struct activity_filter *)x->filter;
	f.after = q->after;
	f.limit = q->limit;
	f.count = q->count;
	struct store_activity *items;
	int n = 0;
	if (store_activity_list(q->db, &f, q->a, &items, &n, &q->after, q->e))
		return -1;
	for (int i = 0; i < n; i++) {
		const struct store_activity *p = &items[i];
		tab_int(w, p->id);
		tab_time(w, p->held_on);
		tab_text(w, p->kind);
		tab_text(w, p->title);
		tab_text(w, p->org_name);
		tab_text(w, p->place);
		tab_int(w, p->participants);
		tab_int(w, p->audience);
		id_cell(w, p->project_id);
		tab_time(w, p->created_at);
	}
	return 0;
}

int activities_export(struct req *r, enum export_format fmt, const struct activity_filter *f)
{
	return reply(r, fmt, "activities", activity_params, N_OF(activity_params), &activity_table,
	             activity_read, f, sizeof *f, false);
}
