/* demo: the demo district of `huiyin init --demo`, after the seed text: the 1+3+N
 * alliance of 惠州仲恺高新区 with its park, two subdistricts, nine community alliances
 * (six named in the seed, three invented and marked so), the departments and enterprises
 * the seed names, member units of every type in their alliances, and one user per role.
 * Seeding happens once: a database that already has organisations is left alone. */
#include "cmd/cmd.h"
#include "store/orgs.h"
#include "store/users.h"
#include "util/secret.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_PASSWORD "huiyin-demo"

struct demo_org {
	const char *key, *parent, *kind, *unit_type, *name, *description;
};

static const char invented[] = "示例数据：此社区为虚构，原文未提及。";

static const struct demo_org orgs[] = {
	{"district", NULL, "district", NULL, "仲恺高新区区级党建联盟",
	 "惠州仲恺高新区“1+3+N”区域化组织联动体系的区级党建联盟"},
	{"park", "district", "park", NULL, "东江科技园园区党建联盟", "园区党建联盟"},
	{"huihuan", "district", "subdistrict", NULL, "惠环街道党建联盟", "街道党建联盟"},
	{"chenjiang", "district", "subdistrict", NULL, "陈江街道党建联盟", "街道党建联盟"},
	{"fastlane", "district", "department", NULL, "区党企“快车道”办公室",
	 "收集企业诉求、派单督办，事事有回复、件件有回音"},
	{"econ", "district", "department", NULL, "仲恺高新区经济发展局", "职能部门"},
	{"tech", "district", "department", NULL, "仲恺高新区科技创新局", "职能部门，设立“星火”学堂"},
	{"finance", "district", "department", NULL, "仲恺高新区财政局", "职能部门"},
	{"service", "district", "department", NULL, "仲恺高新区行政服务中心",
	 "个体工商户业务“全区通办”"},
	{"discipline", "district", "department", NULL, "仲恺高新区纪委",
	 "监督保障惠民惠企政策落实落细"},
	{"xiexia", "huihuan", "community", NULL, "斜下社区党建联盟", "惠环街道斜下社区"},
	{"jiazi", "huihuan", "community", NULL, "甲子社区党建联盟", "惠环街道甲子社区"},
	{"gutangao", "huihuan", "community", NULL, "古塘坳社区党建联盟", "惠环街道古塘坳社区"},
	{"yuhu", "chenjiang", "community", NULL, "御湖社区党建联盟", "陈江街道御湖社区"},
	{"shuguang", "chenjiang", "community", NULL, "曙光社区党建联盟", "陈江街道曙光社区"},
	{"wanluhu", "chenjiang", "community", NULL, "万麓湖社区党建联盟", "陈江街道万麓湖社区"},
	{"dongjiang", "park", "community", NULL, "东江社区党建联盟", invented},
	{"xinhu", "huihuan", "community", NULL, "新湖社区党建联盟", invented},
	{"hechang", "chenjiang", "community", NULL, "和畅社区党建联盟", invented},
	{"eve", "park", "unit", "private_enterprise", "惠州亿纬锂能股份有限公司",
	 "非公企业，设党委"},
	{"sony", "park", "unit", "private_enterprise", "索尼精密部件(惠州)有限公司",
	 "非公企业，设党支部"},
	{"yinian", "huihuan", "unit", "social_org", "颐年堂养老院", "社会组织"},
	{"zhuoyue", "huihuan", "unit", "private_enterprise", "卓悦华府物业服务中心",
	 "物业服务企业"},
	{"citydev", "district", "unit", "soe", "仲恺城市发展集团有限公司", "国企（示例，虚构）"},
	{"taxoffice", "huihuan", "unit", "organ", "惠环税务分局", "机关（示例，虚构）"},
	{"market", "chenjiang", "unit", "market", "陈江农贸市场", "商圈市场（示例，虚构）"},
	{"tower", "park", "unit", "office_building", "仲恺数码园商务楼宇",
	 "商务楼宇（示例，虚构）"},
	{"volunteers", "chenjiang", "unit", "social_org", "陈江志愿者协会",
	 "社会组织（示例，虚构）"},
};
#define N_ORGS ((int)(sizeof orgs / sizeof orgs[0]))

/* alliance key, member key, joined on */
static const char *const members[][3] = {
	{"xiexia", "yinian", "2019-03-01"},    {"xiexia", "zhuoyue", "2019-03-01"},
	{"xiexia", "econ", "2020-06-01"},      {"xiexia", "taxoffice", "2020-06-01"},
	{"jiazi", "tech", "2020-06-01"},       {"jiazi", "zhuoyue", "2021-01-15"},
	{"gutangao", "finance", "2020-06-01"}, {"yuhu", "volunteers", "2019-05-20"},
	{"yuhu", "market", "2019-05-20"},      {"yuhu", "service", "2020-06-01"},
	{"shuguang", "market", "2021-03-01"},  {"wanluhu", "citydev", "2021-04-01"},
	{"dongjiang", "eve", "2018-09-01"},    {"dongjiang", "sony", "2018-09-01"},
	{"dongjiang", "tower", "2019-09-01"},  {"xinhu", "discipline", "2021-02-01"},
	{"hechang", "citydev", "2021-04-01"},
};

/* username, display name, role, org key */
static const char *const users[][4] = {
	{"admin", "系统管理员", "admin", "district"},
	{"dispatcher", "快车道办派单员", "dispatcher", "district"},
	{"supervisor", "纪委监督员", "supervisor", "district"},
	{"handler", "经济发展局承办人", "handler", "econ"},
	{"secretary", "斜下社区书记", "secretary", "xiexia"},
	{"xiexia.handler", "斜下社区承办人", "handler", "xiexia"},
	{"yuhu.handler", "御湖社区承办人", "handler", "yuhu"},
	{"liaison", "亿纬锂能联络员", "liaison", "eve"},
};
#define N_USERS ((int)(sizeof users / sizeof users[0]))

static struct db_query q_any_org = DB_QUERY("SELECT 1 FROM orgs LIMIT 1");

static int find(const char *key)
{
	for (int i = 0; i < N_ORGS; i++)
		if (!strcmp(orgs[i].key, key))
			return i;
	return -1;
}

/* What seed() made, for demo_appeals.c to refer to. */
static struct store_org made[N_ORGS];
static int64_t user_ids[N_USERS];

const struct store_org *demo_org(const char *key)
{
	int i = find(key);
	return i < 0 ? NULL : &made[i];
}

int64_t demo_user(const char *username)
{
	for (int i = 0; i < N_USERS; i++)
		if (!strcmp(users[i][0], username))
			return user_ids[i];
	return 0;
}

int demo_attach(struct db *db, struct err *e)
{
	struct arena a;
	arena_init(&a);
	int found = 0, rc = 0;
	struct store_org_filter f = {.limit = 500};
	for (;;) {
		struct store_org *items;
		int n;
		int64_t next;
		if (store_org_list(db, &f, &a, &items, &n, &next, e)) {
			rc = -1;
			break;
		}
		for (int k = 0; k < n; k++) {
			for (int i = 0; i < N_ORGS; i++) {
				if (made[i].id || strcmp(items[k].name, orgs[i].name))
					continue;
				/* What the demo refers to, kept beyond the arena. */
				made[i] = (struct store_org){
					.id = items[k].id,
					.parent_id = items[k].parent_id,
					.version = items[k].version,
					.kind = orgs[i].kind,
					.unit_type = orgs[i].unit_type,
					.name = orgs[i].name,
					.description = orgs[i].description,
					.path = strdup(items[k].path),
				};
				found++;
			}
		}
		if (!next)
			break;
		f.after = next;
	}
	for (int i = 0; !rc && i < N_USERS; i++) {
		struct store_user u;
		if (store_user_by_name(db, users[i][0], &a, &u, e)) {
			rc = -1;
			break;
		}
		user_ids[i] = u.id;
	}
	arena_free(&a);
	if (!rc && found < N_ORGS)
		rc = err_set(e, 404, "not_found", NULL,
			     "the database holds no demo district (run huiyin init --demo first)");
	return rc;
}

static int seed(struct db *db, const uint8_t *key, struct arena *a, struct err *e)
{
	for (int i = 0; i < N_ORGS; i++) {
		const struct demo_org *d = &orgs[i];
		int p = d->parent ? find(d->parent) : -1;
		made[i] = (struct store_org){
			.parent_id = p >= 0 ? made[p].id : 0,
			.kind = d->kind,
			.unit_type = d->unit_type,
			.name = d->name,
			.description = d->description,
		};
		if (store_org_insert(db, &made[i], p >= 0 ? made[p].path : NULL, a, e))
			return -1;
	}
	for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
		if (store_member_add(db, made[find(members[i][0])].id, made[find(members[i][1])].id,
				     members[i][2], e))
			return -1;
	char hash[SECRET_PWHASH_MAX];
	if (secret_password_hash(DEMO_PASSWORD, hash))
		return err_internal(e, "cannot hash the demo password");
	for (int i = 0; i < N_USERS; i++) {
		struct store_user u = {.username = users[i][0], .display_name = users[i][1],
				       .password_hash = hash};
		struct store_role r = {.role = users[i][2], .org_id = made[find(users[i][3])].id};
		if (store_user_insert(db, &u, e))
			return -1;
		user_ids[i] = u.id;
		r.user_id = u.id;
		if (store_role_insert(db, &r, e))
			return -1;
	}
	if (demo_appeals(db, key, a, e) || demo_lists(db, key, a, e))
		return -1;
	/* The rooms' demo goes before this: visits need rooms. */
	return demo_visits(db, key, a, e);
}

int demo_seed(struct db *db, const uint8_t *key, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_any_org, e);
	if (!st)
		return -1;
	int rc = db_step(st);
	db_reset(st);
	if (rc == DB_ROW) {
		printf("huiyin: the database already holds organisations; demo data not added\n");
		return 0;
	}
	struct arena a;
	arena_init(&a);
	rc = db_begin(db, e);
	if (!rc) {
		rc = seed(db, key, &a, e);
		if (rc)
			db_rollback(db);
		else
			rc = db_commit(db, e);
	}
	arena_free(&a);
	return rc;
}

void demo_print_logins(void)
{
	printf("\nDemo logins (password for all: %s):\n", DEMO_PASSWORD);
	for (int i = 0; i < N_USERS; i++)
		printf("  %-15s %-10s at %s\n", users[i][0], users[i][2],
		       orgs[find(users[i][3])].name);
	demo_print_tracking();
}
