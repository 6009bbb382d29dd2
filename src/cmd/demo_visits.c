/* demo_visits: the demo's visit log — in each active reception room of the demo district,
 * a visit of every outcome: answered on the spot, turned into an appeal, turned into a
 * need, referred, and one still open; recorded by a staff member of the room's community
 * (the secretary of 斜下社区, the handler of 御湖社区, else the admin) through the same
 * operations as the API (ops/visit.h). Rooms are the rooms' demo; without rooms this adds
 * nothing. */
#include "cmd/cmd.h"
#include "ops/appeal_create.h"
#include "ops/intake.h"
#include "ops/visit.h"
#include "store/catalog.h"
#include "store/orgs.h"
#include "store/rooms.h"
#include "util/clock.h"
#include "util/secret.h"

#include <string.h>

#define DAY 86400

struct demo_visit {
	const char *name, *phone, *raised, *category, *title;
	enum visit_event ev; /* VISIT_EVENT__MAX: left open */
	const char *text;    /* the answer or the referral */
	int days_ago;
};

static const struct demo_visit visits[] = {
    {"陈阿姨", "13800138001", "楼道声控灯坏了半个月，老人晚上上下楼看不清，希望尽快维修。", "other",
     NULL, VISIT_ANSWER, "已当场联系物业电工，今天下午更换楼道灯。", 20},
    {"刘先生", "13800138002", "小区东侧排水沟堵塞，下雨积水到膝盖，多次找物业未解决。", "other",
     "小区东侧排水沟堵塞积水", VISIT_TO_APPEAL, NULL, 12},
    {"王大爷", "13800138003", "独居老人希望有志愿者每周上门陪伴聊天、帮忙买菜。", "other",
     "独居老人上门陪伴和代购", VISIT_TO_NEED, NULL, 9},
    {"赵女士", "13800138004", "咨询孩子入学的户籍证明怎么开，需要哪些材料。", "other", NULL,
     VISIT_REFER, "属派出所户籍业务，已告知惠环派出所户籍窗口地址和电话。", 5},
    {"孙先生", "13800138005", "希望在社区广场增设几处健身器材，方便居民晚上锻炼。", "other", NULL,
     VISIT_EVENT__MAX, NULL, 1},
};

/* The demo user who records in a community's rooms. */
static int64_t recorder_of(int64_t community_id)
{
	const struct store_org *xiexia = demo_org("xiexia"), *yuhu = demo_org("yuhu");
	if (xiexia && community_id == xiexia->id)
		return demo_user("secretary");
	if (yuhu && community_id == yuhu->id)
		return demo_user("yuhu.handler");
	return demo_user("admin");
}

static int one_visit(struct db *db, const uint8_t *key, struct arena *a, int64_t now,
                     const struct store_room *room, const struct demo_visit *d, struct err *e)
{
	char at[CLOCK_ISO_LEN];
	clock_iso(now - (int64_t)d->days_ago * DAY, at);
	clock_set(now - (int64_t)d->days_ago * DAY + 600);
	struct store_visit *v = arena_alloc(a, sizeof *v);
	*v = (struct store_visit){.room_id = room->id,
	                          .community_id = room->community_id,
	                          .visited_at = arena_strdup(a, at),
	                          .raised = d->raised,
	                          .category = d->category,
	                          .name = d->name,
	                          .phone = d->phone,
	                          .recorded_by = recorder_of(room->community_id)};
	if (visit_record(db, v, a, e) || store_visit_get(db, v->id, a, v, e))
		return -1;
	struct actor who = {"staff", v->recorded_by};
	switch (d->ev) {
	case VISIT_TO_APPEAL: {
		struct store_category cat;
		struct store_org community;
		struct appeal_new *n = arena_alloc(a, sizeof *n);
		char token[SECRET_TOKEN_LEN + 1];
		if (store_category_get(db, d->category, a, &cat, e) ||
		    store_org_get(db, room->community_id, a, &community, e))
			return -1;
		n->a = (struct store_appeal){.category = d->category,
		                             .tier = cat.tier,
		                             .title = d->title,
		                             .description = d->raised,
		                             .urgency = "normal",
		                             .address = room->address,
		                             .community_id = room->community_id};
		intake_token(token, n->a.access_hash);
		return appeal_route(db, n, &community, a, e) ||
		               visit_to_appeal(db, key, v, n, &who, a, e)
		           ? -1
		           : 0;
	}
	case VISIT_TO_NEED: {
		struct store_need *n = arena_alloc(a, sizeof *n);
		char token[SECRET_TOKEN_LEN + 1];
		*n = (struct store_need){.title = d->title,
		                         .description = d->raised,
		                         .category = d->category,
		                         .urgency = "normal",
		                         .beneficiaries_who = "独居老人",
		                         .beneficiaries_count = 1,
		                         .has_token = true};
		intake_token(token, n->access_hash);
		return visit_to_need(db, key, v, n, room->address, &who, a, e);
	}
	case VISIT_ANSWER:
	case VISIT_REFER:
		return visit_decide(db, v, d->ev, d->text, 0, &who, a, e);
	default:
		return 0;
	}
}

int demo_visits(struct db *db, const uint8_t *key, struct arena *a, struct err *e)
{
	int64_t now = clock_now();
	struct room_filter f = {.status = "active", .limit = 50};
	struct store_room *rooms;
	int n;
	int64_t next;
	if (store_room_list(db, &f, a, &rooms, &n, &next, e))
		return -1;
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof visits / sizeof visits[0]; k++)
			if (one_visit(db, key, a, now, &rooms[i], &visits[k], e)) {
				clock_set(now);
				return -1;
			}
	clock_set(now);
	return 0;
}
