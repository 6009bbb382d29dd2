/* demo_lists: the three lists (三张清单) and activities of the demo district, drawn from
 * the seed text: the "部门下沉、共建一流" health checks of the elderly at 颐年堂养老院 by
 * 斜下社区 with the departments, the party-building reading room (党建书屋) of 甲子社区,
 * the "123456" safety patrols (巡防共治) of 曙光社区, the "党建联盟在行动、便民春风惠民情"
 * activity of 古塘坳社区, the "红色故事会" talks in enterprises (亿纬锂能, 索尼精密部件)
 * that make the district's 70-odd talks with 30,000-odd listeners, and the volunteers of
 * 陈江志愿者协会. Every change walks through the same code as the API (need_create,
 * resource_commit, project_create, project_apply …) at the times the clock is set to, so
 * the events and their audit chains are real. One milestone of the patrols is left past its
 * date for the background worker to flag. A fixed pseudo-random seed makes the demo the
 * same everywhere. */
#include "cmd/cmd.h"
#include "ops/activity.h"
#include "ops/project.h"
#include "ops/resource.h"
#include "store/orgs.h"
#include "util/clock.h"
#include "util/secret.h"

#include <stdio.h>
#include <string.h>

#define DAY 86400

static uint64_t rng = 0x2545f4914f6cdd1dULL;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* The local date `days` from t, "YYYY-MM-DD" in the arena. */
static const char *day_at(struct arena *a, int64_t t, int days)
{
	char buf[11];
	lists_today(t + (int64_t)days * DAY, buf);
	return arena_strdup(a, buf);
}

struct demo_resource {
	const char *org, *title, *description, *kind, *category;
	int64_t quantity;
	const char *unit, *weekly_hours, *place;
	const char *alliances[3]; /* NULL: the unit's own alliances */
	int from_days, to_days;   /* relative to now; 0 and 0: open-ended */
};

static const struct demo_resource resources[] = {
	{"yinian", "颐年堂活动室（体检场地）", "养老院一楼活动室，可容纳60人，配有轮椅通道。",
	 "venue", "elderly", 1, "场", "周一至周五 9:00-17:00", "颐年堂养老院一楼", {NULL}, 0, 0},
	{"volunteers", "医护志愿者服务队",
	 "退休医生、护士组成的志愿服务队，可开展义诊、体检协助和健康讲座。", "volunteers",
	 "health", 20, "人", "周六、周日 9:00-17:00", "陈江街道", {"yuhu", "shuguang", "xiexia"},
	 0, 0},
	{"econ", "部门下沉党员志愿者",
	 "经济发展局党员干部下沉社区，协助组织老年人体检、入户走访等服务。", "volunteers",
	 "elderly", 15, "人", "工作日下午", "斜下社区", {NULL}, 0, 0},
	{"jiazi", "党建书屋场地（党群服务中心二楼）",
	 "约120平方米，可改造为党建书屋和公共阅读空间。", "venue", "education", 1, "间",
	 "周二至周日 9:00-21:00", "甲子社区党群服务中心二楼", {NULL}, 0, 0},
	{"tech", "“星火”学堂科普讲座", "科技创新局“星火”学堂服务小队进社区开展科普和阅读分享讲座。",
	 "training", "education", 12, "场", "每月两次", "甲子社区", {NULL}, 0, 0},
	{"zhuoyue", "图书捐赠", "物业服务中心向社区书屋捐赠党史、科普和少儿图书。", "materials",
	 "education", 800, "册", "", "卓悦华府", {NULL}, 0, 0},
	{"market", "商户巡防志愿队", "农贸市场党员商户组成的夜间巡防志愿队。", "volunteers",
	 "safety", 20, "人", "每晚 19:00-22:00", "陈江农贸市场周边", {NULL}, 0, 0},
	{"eve", "党建共建资金", "亿纬锂能党委用于社区共建项目的资金。", "funds", NULL, 50000,
	 "元", "", "", {"dongjiang"}, 0, 0},
	{"sony", "企业法务志愿咨询",
	 "索尼精密部件(惠州)有限公司法务人员为园区企业和居民提供法律咨询。",
	 "professional_service", "policy", 24, "小时", "每月第一个周三下午", "东江科技园",
	 {"dongjiang"}, 0, 0},
	{"citydev", "城发集团会议室", "可借用于社区议事和培训，需提前三天预约。", "venue", NULL,
	 1, "间", "工作日", "仲恺城市发展集团", {"wanluhu", "hechang"}, -200, -10},
	{"taxoffice", "办税辅导志愿者", "税务分局党员为个体工商户提供办税辅导。",
	 "professional_service", "policy", 5, "人", "周四下午", "惠环税务分局", {NULL}, 0, 0},
	{"finance", "民生政策直达清单宣讲", "财政局编制的20多项民生政策直达清单进社区宣讲。",
	 "training", "policy", 20, "场", "", "各社区", {"gutangao"}, 0, 120},
};
#define N_RES ((int)(sizeof resources / sizeof resources[0]))

static struct store_resource made_res[N_RES];

static int make_resources(struct db *db, const uint8_t *key, struct arena *a, int64_t now,
			  struct err *e)
{
	struct actor who = {"staff", demo_user("admin")};
	for (int i = 0; i < N_RES; i++) {
		const struct demo_resource *d = &resources[i];
		const struct store_org *org = demo_org(d->org);
		clock_set(now - 70 * DAY + i * 3600);
		struct store_resource *r = &made_res[i];
		*r = (struct store_resource){
			.title = d->title,
			.description = d->description,
			.kind = d->kind,
			.category = d->category,
			.org_id = org->id,
			.org_path = org->path,
			.org_name = org->name,
			.quantity = d->quantity,
			.unit = d->unit,
			.weekly_hours = d->weekly_hours,
			.place = d->place,
			.created_by = who.user_id,
		};
		if (d->from_days || d->to_days) {
			r->available_from = d->from_days ? day_at(a, now, d->from_days) : NULL;
			r->available_to = day_at(a, now, d->to_days);
		}
		if (d->alliances[0]) {
			for (int k = 0; k < 3 && d->alliances[k]; k++) {
				r->alliance_ids[k] = demo_org(d->alliances[k])->id;
				r->alliance_paths[k] = demo_org(d->alliances[k])->path;
				r->n_alliances++;
			}
		} else if (!strcmp(org->kind, "community")) {
			r->alliance_ids[0] = org->id;
			r->alliance_paths[0] = org->path;
			r->n_alliances = 1;
		} else {
			struct store_org *of;
			int n;
			if (store_member_of(db, org->id, a, &of, &n, e))
				return -1;
			for (int k = 0; k < n && k < RESOURCE_MAX_ALLIANCES; k++) {
				r->alliance_ids[k] = of[k].id;
				r->alliance_paths[k] = of[k].path;
				r->n_alliances++;
			}
		}
		if (resource_create(db, key, r, &who, a, e))
			return -1;
	}
	return 0;
}

static struct store_resource *res_of(const char *org)
{
	for (int i = 0; i < N_RES; i++)
		if (!strcmp(resources[i].org, org))
			return &made_res[i];
	return NULL;
}

struct demo_need {
	const char *community, *category, *title, *description, *who;
	int64_t count;
	int created_days, wanted_days; /* relative to now; wanted 0: none */
	bool public;
	const char *name, *phone;
};

static int make_need(struct db *db, const uint8_t *key, struct arena *a, int64_t now,
		     const struct demo_need *d, int64_t actor, struct store_need *n, struct err *e)
{
	const struct store_org *c = demo_org(d->community);
	clock_set(now + (int64_t)d->created_days * DAY);
	*n = (struct store_need){
		.source = d->public ? "public" : "staff",
		.title = d->title,
		.description = d->description,
		.category = d->category,
		.community_id = c->id,
		.place_path = c->path,
		.address = c->description,
		.beneficiaries_who = d->who,
		.beneficiaries_count = d->count,
		.wanted_by = d->wanted_days ? day_at(a, now, d->wanted_days) : NULL,
		.urgency = "normal",
		.created_by = d->public ? 0 : actor,
		.name = d->name,
		.phone = d->phone,
	};
	if (d->public) {
		char token[SECRET_TOKEN_LEN + 1];
		secret_token(token);
		secret_hash(token, strlen(token), n->access_hash);
		n->has_token = true;
	}
	struct actor who = {d->public ? "submitter" : "staff", d->public ? 0 : actor};
	return need_create(db, key, n, &who, a, e);
}

static int commit(struct db *db, const uint8_t *key, struct arena *a, int64_t t,
		  const char *org, struct store_need *n, int64_t quantity, int64_t actor,
		  struct err *e)
{
	clock_set(t);
	struct store_resource *r = res_of(org);
	struct store_commitment c;
	struct actor who = {"staff", actor};
	return resource_commit(db, key, r, n, quantity, "已报到认领", &who, a, &c, e);
}

/* Records a whistle as the API does: the event, the units called, the time. */
static int whistle(struct db *db, const uint8_t *key, struct arena *a, int64_t t,
		   struct store_need *n, const char *const *orgs, int n_orgs, int64_t actor,
		   struct err *e)
{
	clock_set(t);
	char now[CLOCK_ISO_LEN];
	clock_iso(t, now);
	n->whistled_at = arena_strdup(a, now);
	if (store_need_update(db, n, n->whistled_at, e))
		return -1;
	struct evdata *data = evdata_new(a);
	for (int i = 0; i < n_orgs; i++) {
		const struct store_org *o = demo_org(orgs[i]);
		struct store_resource *r = res_of(orgs[i]);
		struct evdata *u = evdata_append(data, "units");
		evdata_int(u, "org_id", o->id);
		evdata_str(u, "name", o->name);
		evdata_ids(u, "resource_ids", &r->id, 1);
		if (store_need_unit_add(db, n->id, o->id, o->path, "whistle", n->whistled_at, e))
			return -1;
	}
	struct actor who = {"staff", actor};
	return need_event(db, key, n, NEED_WHISTLE, &who, data, e) < 0 ? -1 : 0;
}

struct demo_milestone {
	const char *title;
	int due_days, done_days; /* done 0: not done */
};

/* Takes the needs up into a project owned by `owner` with the resources' units. */
static int make_project(struct db *db, const uint8_t *key, struct arena *a, int64_t now,
			int days, const char *title, const char *description, const char *owner,
			struct store_need *needs, int n_needs, const char *const *res_orgs,
			int n_res, const struct demo_milestone *ms, int n_ms, int64_t actor,
			struct store_project *p, struct err *e)
{
	clock_set(now + (int64_t)days * DAY);
	const struct store_org *o = demo_org(owner);
	*p = (struct store_project){.title = title, .description = description,
				    .owner_org_id = o->id, .owner_path = o->path,
				    .created_by = actor};
	p->need_ids = arena_alloc(a, sizeof *p->need_ids * (size_t)n_needs);
	p->need_paths = arena_alloc(a, sizeof *p->need_paths * (size_t)n_needs);
	for (int i = 0; i < n_needs; i++) {
		p->need_ids[i] = needs[i].id;
		p->need_paths[i] = needs[i].place_path;
	}
	p->n_needs = n_needs;
	p->resource_ids = arena_alloc(a, sizeof *p->resource_ids * (size_t)(n_res + 1));
	p->unit_ids = arena_alloc(a, sizeof *p->unit_ids * (size_t)(n_res + 1));
	p->unit_paths = arena_alloc(a, sizeof *p->unit_paths * (size_t)(n_res + 1));
	p->unit_names = arena_alloc(a, sizeof *p->unit_names * (size_t)(n_res + 1));
	for (int i = 0; i < n_res; i++) {
		const struct store_resource *r = res_of(res_orgs[i]);
		p->resource_ids[p->n_resources++] = r->id;
		p->unit_ids[p->n_units] = r->org_id;
		p->unit_paths[p->n_units] = r->org_path;
		p->unit_names[p->n_units++] = r->org_name;
	}
	p->unit_ids[p->n_units] = o->id;
	p->unit_paths[p->n_units] = o->path;
	p->unit_names[p->n_units++] = o->name;
	p->milestones = arena_alloc(a, sizeof *p->milestones * (size_t)(n_ms + 1));
	for (int i = 0; i < n_ms; i++) {
		p->milestones[i].title = ms[i].title;
		p->milestones[i].due = day_at(a, now, ms[i].due_days);
	}
	p->n_milestones = n_ms;
	struct actor who = {"staff", actor};
	if (project_create(db, key, p, needs, &who, a, e))
		return -1;
	return store_project_get(db, p->id, a, p, e);
}

static int step(struct db *db, const uint8_t *key, struct arena *a, int64_t t,
		struct store_project *p, struct project_input *in, int64_t actor, struct err *e)
{
	clock_set(t);
	struct actor who = {"staff", actor};
	if (project_apply(db, key, p, in, &who, a, e))
		return -1;
	return store_project_get(db, p->id, a, p, e);
}

/* Walks a project's milestones: each done on its day (if before now). */
static int milestones_done(struct db *db, const uint8_t *key, struct arena *a, int64_t now,
			   struct store_project *p, const struct demo_milestone *ms, int n,
			   int64_t actor, struct err *e)
{
	for (int i = 0; i < n; i++) {
		if (!ms[i].done_days)
			continue;
		struct project_input in = {.step = PSTEP_MILESTONE,
					   .milestone_id = p->milestones[i].id,
					   .done_on = day_at(a, now, ms[i].done_days)};
		if (step(db, key, a, now + (int64_t)ms[i].done_days * DAY + 3 * 3600, p, &in, actor,
			 e))
			return -1;
	}
	return 0;
}

static int activity(struct db *db, int64_t t, const char *kind, const char *title,
		    const char *description, const char *org, const char *place, int64_t project,
		    int64_t participants, int64_t audience, int64_t actor, struct arena *a,
		    struct err *e)
{
	const struct store_org *o = demo_org(org);
	struct store_activity act = {.kind = kind, .title = title, .description = description,
				     .org_id = o->id, .org_path = o->path,
				     .held_on = day_at(a, t, 0), .place = place,
				     .project_id = project, .participants = participants,
				     .audience = audience, .created_by = actor};
	return activity_save(db, &act, t, a, e);
}

/* The district's talks (宣讲): the seed counts 70-odd with 30,000-odd listeners. */
static int talks(struct db *db, struct arena *a, int64_t now, int64_t actor, struct err *e)
{
	static const struct {
		const char *title, *description, *place;
	} kinds[] = {
		{"“红色故事会”百姓宣讲进企业：《“红船精神”的时代呼唤》",
		 "百姓宣讲员杨卓基向企业党员和员工宣讲红船精神。", "惠州亿纬锂能股份有限公司"},
		{"“红色故事会”百姓宣讲进企业：百年奋斗历程",
		 "区委党史学习教育宣讲团成员白瑞强分享中国共产党百年奋斗历程。",
		 "索尼精密部件(惠州)有限公司"},
		{"国旗下讲党史", "中小学校“国旗下讲党史”。", "区内中小学校"},
		{"连环画讲党史", "用连环画讲述党史故事。", "社区党群服务中心"},
		{"老党员讲故事", "老党员讲述亲身经历的党史故事。", "社区党群服务中心"},
		{"“宣讲+互促平台+音乐党课”专题宣讲报告会", "全区专题宣讲报告会暨室内交响音乐党课。",
		 "区文化中心"},
	};
	for (int i = 0; i < 72; i++) {
		int k = i % 6 < 2 ? i % 6 : (int)rnd(6);
		int64_t t = now - (int64_t)(175 - i * 2 - (int)rnd(2)) * DAY;
		int64_t audience = k == 5 ? 900 + rnd(300) : 360 + rnd(160);
		if (activity(db, t, "talk", kinds[k].title, kinds[k].description, "district",
			     kinds[k].place, 0, 2 + rnd(5), audience, actor, a, e))
			return -1;
	}
	return activity(db, now - 60 * DAY, "talk", "“不忘初心、牢记使命”主题教育专题学习",
			"御湖社区党建联盟召开主题教育专题学习活动。", "yuhu",
			"御湖社区党群服务中心", 0, 25, 80, actor, a, e);
}

int demo_lists(struct db *db, const uint8_t *key, struct arena *a, struct err *e)
{
	int64_t now = clock_now();
	int64_t secretary = demo_user("secretary"), dispatcher = demo_user("dispatcher"),
		handler = demo_user("handler");
	if (make_resources(db, key, a, now, e))
		return -1;

	/* 斜下社区: the health checks of the elderly at 颐年堂 (部门下沉、共建一流), done and
	 * rated. */
	static const struct demo_need health = {
		"xiexia", "elderly", "颐年堂养老院老年人免费体检",
		"颐年堂养老院入住老人约120人，希望联系医护力量和职能部门开展一次全面体检，"
		"建立健康档案。",
		"颐年堂养老院入住老人", 120, -56, -20, false, NULL, NULL};
	struct store_need n1;
	static const char *const health_units[] = {"volunteers", "econ", "yinian"};
	if (make_need(db, key, a, now, &health, secretary, &n1, e) ||
	    whistle(db, key, a, now - 55 * DAY, &n1, health_units, 3, secretary, e) ||
	    commit(db, key, a, now - 54 * DAY, "volunteers", &n1, 10, dispatcher, e) ||
	    commit(db, key, a, now - 54 * DAY + 7200, "econ", &n1, 8, handler, e) ||
	    commit(db, key, a, now - 53 * DAY, "yinian", &n1, 1, dispatcher, e))
		return -1;
	static const struct demo_milestone health_ms[] = {
		{"联系医护志愿者和下沉部门", -45, -46},
		{"体检现场", -30, -30},
		{"建立健康档案", -25, -26}};
	struct store_project p1;
	if (make_project(db, key, a, now, -50, "“部门下沉、共建一流”老年人体检活动",
			 "斜下社区党建联盟联合经济发展局、陈江志愿者协会到颐年堂养老院为老人体检。",
			 "xiexia", &n1, 1, health_units, 3, health_ms, 3, secretary, &p1, e))
		return -1;
	struct project_input start = {.step = PSTEP_START};
	if (step(db, key, a, now - 48 * DAY, &p1, &start, secretary, e) ||
	    milestones_done(db, key, a, now, &p1, health_ms, 3, secretary, e))
		return -1;
	struct project_input done1 = {.step = PSTEP_COMPLETE, .beneficiaries_reached = 118,
				      .summary = "为118位老人完成体检并建立健康档案，"
						 "发现需复诊老人9位，已联系家属跟进。"};
	struct project_input rate1 = {.step = PSTEP_EVALUATE, .rating = "satisfied",
				      .comment = "老人和家属都很满意，希望每年组织一次。"};
	if (step(db, key, a, now - 26 * DAY + 7200, &p1, &done1, secretary, e) ||
	    step(db, key, a, now - 24 * DAY, &p1, &rate1, secretary, e) ||
	    activity(db, now - 30 * DAY, "health_check", "“部门下沉、共建一流”老年人体检活动",
		     "斜下社区党建联盟到颐年堂养老院开展老年人体检。", "xiexia", "颐年堂养老院",
		     p1.id, 18, 118, secretary, a, e))
		return -1;

	/* 甲子社区: the party-building reading room, done and waiting for the community's
	 * rating. */
	static const struct demo_need reading = {
		"jiazi", "education", "建设党建书屋，打通公共阅读“最后一公里”",
		"社区缺少公共阅读空间，希望整合场地、图书和讲座资源，建设党建书屋。",
		"甲子社区居民", 3000, -50, 0, false, NULL, NULL};
	struct store_need n2;
	if (make_need(db, key, a, now, &reading, dispatcher, &n2, e) ||
	    commit(db, key, a, now - 48 * DAY, "jiazi", &n2, 1, dispatcher, e) ||
	    commit(db, key, a, now - 47 * DAY, "tech", &n2, 4, dispatcher, e) ||
	    commit(db, key, a, now - 47 * DAY + 3600, "zhuoyue", &n2, 500, dispatcher, e))
		return -1;
	static const struct demo_milestone reading_ms[] = {
		{"场地改造", -35, -36}, {"图书上架", -20, -21}, {"开放运营", -5, -4}};
	static const char *const reading_units[] = {"jiazi", "tech", "zhuoyue"};
	struct store_project p2;
	struct project_input done2 = {.step = PSTEP_COMPLETE, .beneficiaries_reached = 3000,
				      .summary = "党建书屋建成开放，藏书500余册，"
						 "每月两场“星火”学堂讲座。"};
	if (make_project(db, key, a, now, -45, "甲子社区党建书屋示范项目",
			 "整合社区场地、物业捐赠图书和“星火”学堂讲座资源，建设党建书屋。", "jiazi",
			 &n2, 1, reading_units, 3, reading_ms, 3, dispatcher, &p2, e) ||
	    step(db, key, a, now - 44 * DAY, &p2, &start, dispatcher, e) ||
	    milestones_done(db, key, a, now, &p2, reading_ms, 3, dispatcher, e) ||
	    step(db, key, a, now - 3 * DAY, &p2, &done2, dispatcher, e) ||
	    activity(db, now - 4 * DAY, "campaign", "党建书屋开放日",
		     "甲子社区党建书屋开放，举办阅读分享和科普讲座。", "jiazi",
		     "甲子社区党群服务中心二楼", p2.id, 30, 260, dispatcher, a, e))
		return -1;

	/* 曙光社区: the "123456" safety patrols, running; one milestone is past its date. */
	static const struct demo_need patrol = {
		"shuguang", "safety", "“123456”民生微实事巡防共治",
		"社区夜间治安巡防力量不足，希望联盟成员单位组织志愿者参与巡防共治。",
		"曙光社区居民", 5000, -30, 30, false, NULL, NULL};
	struct store_need n3;
	if (make_need(db, key, a, now, &patrol, dispatcher, &n3, e) ||
	    commit(db, key, a, now - 28 * DAY, "market", &n3, 12, dispatcher, e) ||
	    commit(db, key, a, now - 27 * DAY, "volunteers", &n3, 4, dispatcher, e))
		return -1;
	static const struct demo_milestone patrol_ms[] = {
		{"组建巡防志愿队", -20, -21}, {"夜间巡防第一阶段", -3, 0}, {"总结评估", 20, 0}};
	static const char *const patrol_units[] = {"market", "volunteers"};
	struct store_project p3;
	if (make_project(db, key, a, now, -24, "曙光社区“123456”巡防共治",
			 "联盟成员单位志愿者夜间巡防，守护社区平安。", "shuguang", &n3, 1,
			 patrol_units, 2, patrol_ms, 3, dispatcher, &p3, e) ||
	    step(db, key, a, now - 22 * DAY, &p3, &start, dispatcher, e) ||
	    milestones_done(db, key, a, now, &p3, patrol_ms, 3, dispatcher, e))
		return -1;
	for (int i = 0; i < 6; i++)
		if (activity(db, now - (int64_t)(21 - 4 * i) * DAY, "volunteer_service",
			     "夜间巡防志愿服务", "商户巡防志愿队和医护志愿者夜间巡防。", "shuguang",
			     "曙光社区", p3.id, 12 + rnd(5), 0, dispatcher, a, e))
			return -1;

	/* 古塘坳社区: merged into the subdistrict's own activity, so closed with a reason. */
	static const struct demo_need fair = {
		"gutangao", "other", "“党建联盟在行动、便民春风惠民情”便民服务",
		"希望组织理发、义诊、家电维修等便民服务进社区。", "古塘坳社区居民", 600, -40, 0,
		false, NULL, NULL};
	struct store_need n6;
	if (make_need(db, key, a, now, &fair, dispatcher, &n6, e))
		return -1;
	clock_set(now - 35 * DAY);
	struct actor disp = {"staff", dispatcher};
	if (need_finish(db, key, &n6, NEED_CLOSE,
			"已并入惠环街道统一组织的便民服务活动，不再单独立项。", &disp, a, e) ||
	    activity(db, now - 33 * DAY, "campaign", "党建联盟在行动、便民春风惠民情",
		     "古塘坳社区党建联盟开展便民服务活动。", "gutangao", "古塘坳社区", 0, 40, 600,
		     dispatcher, a, e))
		return -1;

	/* Open needs: one posted by a resident and whistled, one matched, one just raised,
	 * and one that used a resource up. */
	static const struct demo_need meals = {
		"yuhu", "elderly", "小区独居老人助餐服务",
		"小区有四十多位独居老人，做饭困难，希望有单位和志愿者提供助餐送餐服务。",
		"御湖社区独居老人", 40, -6, 30, true, "黄秀英", "13922334455"};
	static const struct demo_need clinic = {
		"xiexia", "health", "社区居民义诊",
		"希望请医护志愿者到社区为居民量血压、测血糖，开展健康咨询。", "斜下社区居民",
		200, -4, 14, true, "陈伟", "13800138000"};
	static const struct demo_need jobs = {
		"dongjiang", "hiring", "园区企业招工对接会",
		"园区十多家企业急需普工和技术工人，希望联盟组织一次招工对接会。", "园区企业", 15,
		-2, 20, false, NULL, NULL};
	static const struct demo_need tax = {
		"xiexia", "policy", "个体工商户办税辅导",
		"社区个体工商户对新的办税流程不熟悉，希望有专业人员上门辅导。",
		"斜下社区个体工商户", 60, -12, 10, false, NULL, NULL};
	static const char *const meal_units[] = {"volunteers"};
	struct store_need n4, n5, n7, n8;
	if (make_need(db, key, a, now, &meals, 0, &n4, e) ||
	    whistle(db, key, a, now - 5 * DAY, &n4, meal_units, 1, dispatcher, e) ||
	    make_need(db, key, a, now, &clinic, 0, &n5, e) ||
	    commit(db, key, a, now - 3 * DAY, "volunteers", &n5, 5, dispatcher, e) ||
	    make_need(db, key, a, now, &jobs, dispatcher, &n7, e) ||
	    make_need(db, key, a, now, &tax, secretary, &n8, e) ||
	    commit(db, key, a, now - 10 * DAY, "taxoffice", &n8, 5, dispatcher, e))
		return -1;

	if (talks(db, a, now, dispatcher, e))
		return -1;
	clock_set(now);
	return 0;
}
