/* demo_appeals: the live part of the demo — the dispatch catalogue, reply templates and
 * about three hundred appeals over the last six weeks, in every state of the life cycle,
 * with realistic Chinese text, so the product looks alive after `make run`. Every appeal
 * walks its steps through the same code as the API (appeal_apply), at the times the clock
 * is set to, so deadlines, events and audit chains are real. A fixed pseudo-random seed
 * makes the demo the same on every machine. */
#include "cmd/cmd.h"
#include "domain/search.h"
#include "ops/appeal.h"
#include "ops/intake.h"
#include "store/catalog.h"
#include "store/orgs.h"
#include "util/clock.h"
#include "util/n_of.h"
#include "util/links.h"
#include "util/secret.h"

#include <stdio.h>
#include <string.h>

#define DEMO_APPEALS 300

struct sample {
	const char *category, *title, *description;
};

static const struct sample samples[] = {
	{"hiring", "企业招工难，急需普工", "我司为新能源电池生产企业，近期订单增加，急需普工约50名，希望区里协助对接招聘会和劳务资源。"},
	{"hiring", "员工子女入学咨询", "公司外地员工较多，想了解员工子女在本区就近入学的政策和办理流程。"},
	{"hiring", "技术工人社保补贴申请", "我们招用的技术工人能否申请社保补贴？需要准备哪些材料，在哪里办理？"},
	{"financing", "中小企业融资难", "企业扩产需要流动资金约300万元，银行授信额度不足，希望了解政策性担保和贴息贷款。"},
	{"financing", "科技型企业贷款贴息", "我公司是高新技术企业，想申请科技贷款贴息，不清楚申报时间和条件。"},
	{"policy", "高新技术企业认定政策咨询", "想了解今年高新技术企业认定的申报时间、条件和区里的配套奖励政策。"},
	{"policy", "稳岗补贴政策咨询", "企业今年没有裁员，请问是否符合稳岗补贴条件，如何申请？"},
	{"permits", "营业执照变更办理", "个体工商户需要变更经营范围，能否在就近的服务窗口办理，需要带哪些材料？"},
	{"permits", "施工许可审批进度", "厂房扩建项目的施工许可已提交一个月，想查询审批进度。"},
	{"property", "小区路灯坏了", "小区门口到三栋之间的路灯坏了一周多，晚上很黑，老人小孩出行不安全，请尽快维修。"},
	{"property", "电梯经常故障", "我们楼的电梯这个月已经停了三次，物业说在等配件，希望督促尽快修好。"},
	{"property", "物业费收费不透明", "物业今年上调了物业费，但没有公示收支情况，业主意见很大。"},
	{"environment", "夜间施工噪音扰民", "附近工地每天晚上十一点以后还在施工，噪音很大，影响休息。"},
	{"environment", "河涌有异味", "社区旁边的河涌最近有明显异味，水面有漂浮垃圾，希望清理。"},
	{"traffic", "路口缺少红绿灯", "学校门口的路口车流量大，没有红绿灯，上下学时段很危险，建议增设信号灯。"},
	{"traffic", "公交站台破损", "公交站的候车亭顶棚破了，下雨天无法避雨。"},
	{"utilities", "小区突然停水", "小区从今天早上开始停水，没有提前通知，居民生活受影响。"},
	{"utilities", "燃气管道有异味", "楼道里闻到燃气味，担心管道泄漏，请尽快派人检查。"},
	{"safety", "消防通道被占用", "小区消防通道长期停放车辆，一旦发生火灾很危险。"},
	{"safety", "工地围挡倒塌", "路边工地的围挡被风吹倒，占了半条人行道，行人经过很危险。"},
	{"elderly", "老年人体检预约", "家里老人想参加社区组织的免费体检，请问怎么预约？"},
	{"elderly", "养老院床位咨询", "想了解颐年堂养老院是否还有床位，收费标准是多少。"},
	{"education", "学位申请材料咨询", "孩子明年上小学，想了解学位申请需要准备的材料和时间安排。"},
	{"health", "社区卫生站开放时间", "社区卫生服务站周末是否开放？能否延长开放时间方便上班族。"},
	{"health", "疫苗接种预约难", "预约儿童疫苗接种总是约不上，希望增加接种时段。"},
	{"other", "建议增设党建书屋", "建议在社区增设党建书屋，方便居民和党员学习阅读。"},
	{"other", "志愿服务活动报名", "想参加社区组织的志愿服务活动，请问在哪里报名？"},
};
#define N_SAMPLES ((int)(sizeof samples / sizeof samples[0]))

static const char *const surnames[] = {"张", "王", "李", "陈", "刘", "黄", "杨", "吴",
				       "周", "林", "何", "郭", "梁", "罗", "叶", "钟"};
static const char *const given[] = {"伟", "芳", "敏", "强", "丽", "军", "静", "磊",
				    "洋", "婷", "杰", "欣怡", "子涵", "浩然", "晓明", "秀英"};
static const char *const communities[] = {"xiexia", "jiazi", "gutangao", "yuhu", "shuguang",
					  "wanluhu", "dongjiang", "xinhu", "hechang"};
static const char *const replies[] = {
	"您反映的问题已经处理完毕，相关单位已现场核实并整改到位，感谢您的监督和支持。",
	"经核实，您咨询的政策已有明确规定，我们已电话向您详细解释了申请条件和办理流程。",
	"您的诉求已转交相关部门协调解决，目前已落实整改措施，后续我们将持续跟踪。",
};

/* xorshift64: a fixed seed gives the same demo everywhere. */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static char first_no[32], first_token[SECRET_TOKEN_LEN + 1];

static int rules_and_templates(struct db *db, struct err *e)
{
	static const struct {
		const char *category, *org;
		bool automatic;
	} rules[] = {
		{"property", NULL, true},        {"environment", NULL, false},
		{"elderly", NULL, true},         {"hiring", "econ", true},
		{"policy", "econ", false},       {"financing", "finance", false},
		{"permits", "service", true},
	};
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		struct store_dispatch_rule r = {
			.category = rules[i].category,
			.target = rules[i].org ? "org" : "community",
			.org_id = rules[i].org ? demo_org(rules[i].org)->id : 0,
			.automatic = rules[i].automatic,
			.created_at = now,
		};
		if (store_dispatch_insert(db, &r, e))
			return -1;
	}
	static const char *const templates[][3] = {
		{NULL, "已办结通用答复", "{name}您好，您反映的问题（编号{tracking_no}）已由{unit}办理完毕，感谢您的支持。"},
		{"property", "物业维修答复", "{name}您好，您反映的问题（编号{tracking_no}）已督促物业于{date}维修完毕，如仍有问题请随时反映。"},
		{"policy", "政策解释答复", "{name}您好，关于您咨询的政策（编号{tracking_no}），{unit}已电话向您解释了申请条件和流程。"},
	};
	for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++) {
		struct store_template t = {.category = templates[i][0], .title = templates[i][1],
					   .body = templates[i][2], .created_at = now,
					   .updated_at = now};
		if (store_template_insert(db, &t, e))
			return -1;
	}
	return 0;
}

/* Walks one appeal through `steps` steps of the happy path (and sometimes a detour),
 * advancing the clock between them and stopping before the present. */
static int walk(struct db *db, const uint8_t *key, struct arena *a, struct store_appeal *ap,
		int steps, bool may_decline, int64_t t, int64_t end, struct err *e)
{
	const struct store_org *lead;
	const char *c = ap->category;
	if (!strcmp(c, "hiring") || !strcmp(c, "policy"))
		lead = demo_org("econ");
	else if (!strcmp(c, "financing"))
		lead = demo_org("finance");
	else if (!strcmp(c, "permits"))
		lead = demo_org("service");
	else
		lead = NULL;
	struct store_org community;
	if (!lead) {
		if (store_org_get(db, ap->community_id, a, &community, e))
			return -1;
		lead = &community;
	}
	int64_t dispatcher = demo_user("dispatcher");
	int64_t handler = lead == demo_org("econ")     ? demo_user("handler")
			  : lead->id == demo_org("xiexia")->id ? demo_user("xiexia.handler")
			  : lead->id == demo_org("yuhu")->id   ? demo_user("yuhu.handler")
							       : 0;
	bool decline = rnd(100) < 5 && may_decline;
	struct step_input plan[8] = {
		{.step = STEP_ACCEPT},
		{.step = STEP_DISPATCH, .lead_org_id = lead->id, .lead_path = lead->path,
		 .lead_name = lead->name},
		{.step = STEP_ACKNOWLEDGE},
		{.step = STEP_CONTACT, .note = "已电话联系诉求人，了解具体情况。"},
		{.step = STEP_PROGRESS, .note = "已安排人员现场核查，正在协调处理。"},
		{.step = STEP_REPLY, .reply = replies[rnd(3)],
		 .outcome = rnd(10) < 8 ? "resolved" : "explained"},
		{.step = STEP_RATE, .rating = rnd(10) < 7 ? "satisfied" : "basically_satisfied"},
		{.step = STEP_PUBLISH},
	};
	/* 问题是否解决 follows the answer's outcome (no draw of its own: the demo's other
	 * choices stay as they were). */
	plan[6].resolved = !strcmp(plan[5].outcome, "resolved") ? "yes" : "partly";
	if (rnd(4) == 0 && demo_org("tech")->id != lead->id) {
		plan[1].n_assist = 1;
		plan[1].assist_ids[0] = demo_org("tech")->id;
		plan[1].assist_paths[0] = demo_org("tech")->path;
	}
	if (decline) {
		plan[0] = (struct step_input){.step = STEP_DECLINE,
					      .reply = "经核实，该事项不属于本平台受理范围，已告知您向相关渠道反映，感谢理解。"};
		steps = 1;
	}
	static const int64_t gaps[] = {3600, 5400, 7200, 86400, 2 * 86400, 2 * 86400, 86400, 3600};
	for (int i = 0; i < steps && i < 8; i++) {
		t += gaps[i] + rnd(3600);
		if (t >= end)
			break;
		if (plan[i].step == STEP_PUBLISH && !ap->publishable)
			break;
		clock_set(t);
		bool office = i == 0 || i == 1 || i == 7;
		struct actor who = {i == 6 ? "submitter" : "staff", office ? dispatcher : handler};
		if (appeal_apply(db, key, ap, &plan[i], &who, a, e))
			return -1;
	}
	return 0;
}

/* Details a person adds when they write at length (the generator's appeals: a real
 * description runs to a hundred characters and more). */
static const char *const openers[] = {
	"您好，", "领导好，", "你好，我是附近的居民，", "您好，我是本区一家企业的负责人，",
	"我想反映一个问题：", "打扰了，",
};
static const char *const details[] = {
	"这个问题已经持续了两个多星期，",
	"之前已经向社区和物业反映过好几次，但一直没有得到解决，",
	"周边很多居民和商户都有同样的意见，",
	"昨天晚上又出现了同样的情况，",
	"我们打过热线电话，对方说会转给相关部门处理，",
	"具体位置在主干道旁边，靠近公交站和幼儿园，",
	"附近老人和小孩比较多，存在一定的安全隐患，",
	"我们已经拍了照片，可以提供给工作人员核实，",
	"企业目前生产经营受到了一定影响，",
	"希望有关部门能够实地查看一下，",
};
static const char *const closers[] = {
	"希望尽快处理，谢谢！", "恳请相关部门重视，尽快给予答复。", "麻烦尽快安排人员处理，感谢！",
	"盼复，谢谢。", "希望能得到妥善解决。",
};

static const char *long_description(struct arena *a, const char *core)
{
	char *d = arena_printf(a, "%s%s", openers[rnd(N_OF(openers))], core);
	for (unsigned i = 0, n = 1 + rnd(4); i < n; i++)
		d = arena_printf(a, "%s%s", d, details[rnd(N_OF(details))]);
	return arena_printf(a, "%s%s", d, closers[rnd(N_OF(closers))]);
}

int demo_appeal(struct db *db, const uint8_t *key, struct arena *a, int64_t t, int64_t end,
		const struct demo_appeal_opts *o, struct store_appeal *out, char *token,
		struct err *e)
{
	struct store_category cat;
	const struct sample *s = &samples[rnd(N_SAMPLES)];
	const struct store_org *com = demo_org(communities[rnd(9)]);
	t += rnd(3600);
	clock_set(t);
	if (store_category_get(db, s->category, a, &cat, e))
		return -1;
	struct store_appeal ap = {0};
	if (intake_tracking_no(db, "HY", t, a, &ap.tracking_no, e))
		return -1;
	char created[CLOCK_ISO_LEN];
	intake_token(token, ap.access_hash);
	clock_iso(t, created);
	static const char *const channels[] = {"web", "web", "mini_program", "mini_program",
					       "hotline", "fast_lane", "reception_room",
					       "mailbox", "public_account"};
	ap.channel = channels[rnd(9)];
	bool enterprise = !strcmp(ap.channel, "fast_lane") || !strcmp(s->category, "hiring") ||
			  !strcmp(s->category, "financing");
	ap.category = s->category;
	ap.tier = cat.tier;
	ap.urgency = rnd(10) == 0 ? "urgent" : "normal";
	ap.title = s->title;
	ap.description = o && o->long_text ? long_description(a, s->description) : s->description;
	ap.submitter_type = enterprise ? "enterprise" : "resident";
	ap.submitter_org_id = enterprise ? demo_org(rnd(2) ? "eve" : "sony")->id : 0;
	ap.name = arena_printf(a, "%s%s", surnames[rnd(16)], given[rnd(16)]);
	ap.phone = arena_printf(a, "13%u%08u", 5 + rnd(5), rnd(100000000));
	ap.community_id = com->id;
	ap.place_path = com->path;
	ap.address = arena_printf(a, "%s%u号", com->name, 1 + rnd(200));
	ap.publishable = rnd(3) == 0;
	ap.status = "submitted";
	ap.created_at = arena_strdup(a, created);
	char due[CLOCK_ISO_LEN];
	clock_iso(t + 2 * 3600, due);
	ap.accept_due = arena_strdup(a, due);
	size_t cap = 3 * (strlen(ap.title) + strlen(ap.description)) + 16;
	char *tokens = arena_alloc(a, cap);
	search_tokens(arena_printf(a, "%s\n%s", ap.title, ap.description), tokens, cap);
	if (o && o->tokens)
		*o->tokens = tokens;
	if (store_appeal_insert(db, &ap, o && o->tokens ? NULL : tokens, e))
		return -1;
	struct actor who = {ap.channel[0] == 'h' ? "staff" : "submitter",
			    ap.channel[0] == 'h' ? demo_user("dispatcher") : 0};
	struct evdata *data = evdata_new(a);
	evdata_str(data, "channel", ap.channel);
	evdata_str(data, "category", ap.category);
	evdata_str(data, "urgency", ap.urgency);
	if (appeal_event(db, key, &ap, STEP_SUBMIT, &who, data, a, e) < 0 ||
	    store_appeal_get(db, ap.id, a, &ap, e))
		return -1;
	int steps = o ? o->steps : -1;
	if (steps < 0) {
		/* Older appeals have gone further; about one in three stops early anyway. */
		steps = rnd(3) == 0 ? (int)rnd(6) : 8;
		/* A quarter of the answers are never rated: the worker closes them as unrated. */
		if (steps == 8 && rnd(4) == 0)
			steps = 6;
	}
	if (walk(db, key, a, &ap, steps, !o || o->steps < 0, t, end, e))
		return -1;
	*out = ap;
	return 0;
}

int demo_appeals(struct db *db, const uint8_t *key, struct arena *a, struct err *e)
{
	if (rules_and_templates(db, e))
		return -1;
	int64_t real_now = clock_now();
	int64_t start = real_now - 42 * 86400;
	for (int n = 0; n < DEMO_APPEALS; n++) {
		/* Later appeals are more recent; the last few are from today. */
		int64_t t = start + (int64_t)n * (42 * 86400) / DEMO_APPEALS;
		struct store_appeal ap;
		char token[SECRET_TOKEN_LEN + 1];
		if (demo_appeal(db, key, a, t, real_now - 600, NULL, &ap, token, e))
			return -1;
		if (n == DEMO_APPEALS - 1) {
			snprintf(first_no, sizeof first_no, "%s", ap.tracking_no);
			memcpy(first_token, token, sizeof first_token);
		}
	}
	clock_set(real_now);
	return 0;
}

void demo_print_tracking(void)
{
	if (!first_no[0])
		return;
	printf("\nThe newest demo appeal, as its submitter follows it:\n"
	       "  tracking number %s, access token %s\n"
	       "  %s/#/track/%s?token=%s\n",
	       first_no, first_token, links_base(), first_no, first_token);
}
