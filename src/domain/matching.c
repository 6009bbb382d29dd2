/* matching: the scoring of resources for a need (see matching.h). Every constant of the
 * ranking is in the tables and functions of this file. */
#include "domain/matching.h"
#include "domain/scope.h"
#include "domain/search.h"

#include <stdio.h>
#include <string.h>

const double match_weights[MATCH_PART__MAX] = {
	[MATCH_CATEGORY] = 0.35, [MATCH_TEXT] = 0.25,   [MATCH_NEARNESS] = 0.20,
	[MATCH_AVAILABILITY] = 0.10, [MATCH_RECORD] = 0.10,
};

const char *const match_part_names[MATCH_PART__MAX] = {
	[MATCH_CATEGORY] = "category", [MATCH_TEXT] = "text", [MATCH_NEARNESS] = "nearness",
	[MATCH_AVAILABILITY] = "availability", [MATCH_RECORD] = "record",
};

static const double near_values[] = {[NEAR_COMMUNITY] = 1.0, [NEAR_SUBDISTRICT] = 0.6,
				     [NEAR_DISTRICT] = 0.2};

static bool before(const char *a, const char *b)
{
	return a && b && strcmp(a, b) < 0;
}

static int segments(const char *path)
{
	int n = 0;
	for (const char *p = path; p && *p; p++)
		n += *p == '/';
	return n > 0 ? n - 1 : 0;
}

/* The path of the place's parent ("/1/3/12/" -> "/1/3/") into out; false when the
 * parent is the root (a community straight under the district has no subdistrict). */
static bool parent_path(const char *path, char *out, size_t cap)
{
	if (!path || segments(path) < 3)
		return false;
	size_t n = strlen(path);
	if (n >= cap)
		return false;
	memcpy(out, path, n + 1);
	out[n - 1] = 0;
	char *slash = strrchr(out, '/');
	if (!slash)
		return false;
	slash[1] = 0;
	return true;
}

static enum match_near nearness(const struct match_need *need, const struct match_resource *res)
{
	const char *place = need->place_path;
	if (scope_path_within(res->org_path, place))
		return NEAR_COMMUNITY;
	for (int i = 0; i < res->n_alliances; i++)
		if (res->alliance_paths[i] && !strcmp(res->alliance_paths[i], place))
			return NEAR_COMMUNITY;
	char parent[512];
	if (!parent_path(place, parent, sizeof parent))
		return NEAR_DISTRICT;
	if (scope_path_within(res->org_path, parent))
		return NEAR_SUBDISTRICT;
	for (int i = 0; i < res->n_alliances; i++)
		if (scope_path_within(res->alliance_paths[i], parent))
			return NEAR_SUBDISTRICT;
	return NEAR_DISTRICT;
}

static double availability(const struct match_need *need, const struct match_resource *res)
{
	if (need->wanted_by)
		return before(need->wanted_by, res->available_from) ? 0.3 : 1.0;
	return before(need->today, res->available_from) ? 0.7 : 1.0;
}

static double record(const struct match_record *rec)
{
	if (rec->delivered <= 0)
		return 0.3;
	double quality = rec->rated > 0 ? (rec->satisfied + 0.8 * rec->basically_satisfied) /
						  rec->rated
					: 0.7;
	if (quality > 1)
		quality = 1;
	int n = rec->delivered < 3 ? rec->delivered : 3;
	return 0.4 + 0.6 * (n / 3.0) * quality;
}

void match_score(const struct match_need *need, const struct match_resource *res,
		 struct match_result *out)
{
	int index = out->index;
	memset(out, 0, sizeof *out);
	out->index = index;
	if (res->withdrawn)
		out->excluded = MATCH_WITHDRAWN;
	else if (res->remaining <= 0)
		out->excluded = MATCH_USED_UP;
	else if (before(res->available_to, need->today))
		out->excluded = MATCH_EXPIRED;

	double *p = out->parts;
	p[MATCH_CATEGORY] = !res->category ? 0.5
			    : need->category && !strcmp(res->category, need->category) ? 1.0
										     : 0.0;
	out->similarity = search_similarity(need->tokens, res->tokens);
	p[MATCH_TEXT] = out->similarity * 2 > 1 ? 1.0 : out->similarity * 2;
	out->near = nearness(need, res);
	p[MATCH_NEARNESS] = near_values[out->near];
	p[MATCH_AVAILABILITY] = availability(need, res);
	p[MATCH_RECORD] = record(&res->record);

	out->score = 0;
	for (int i = 0; i < MATCH_PART__MAX; i++) {
		out->score += match_weights[i] * p[i];
		out->order[i] = (enum match_part)i;
	}
	if (out->score > 1)
		out->score = 1;
	/* Insertion sort of the parts by contribution, stable. */
	for (int i = 1; i < MATCH_PART__MAX; i++) {
		enum match_part k = out->order[i];
		double c = match_weights[k] * p[k];
		int j = i - 1;
		for (; j >= 0 && match_weights[out->order[j]] * p[out->order[j]] < c; j--)
			out->order[j + 1] = out->order[j];
		out->order[j + 1] = k;
	}
}

int match_rank(const struct match_need *need, const struct match_resource *res, int n,
	       double min_score, struct match_result *out)
{
	int count = 0;
	for (int i = 0; i < n; i++) {
		struct match_result r = {.index = i};
		match_score(need, &res[i], &r);
		if (r.excluded != MATCH_ELIGIBLE || r.score < min_score)
			continue;
		/* Insert after every result scoring at least as much: stable. */
		int j = count;
		for (; j > 0 && out[j - 1].score < r.score; j--)
			out[j] = out[j - 1];
		out[j] = r;
		count++;
	}
	return count;
}

void match_reason(const struct match_need *need, const struct match_resource *res,
		  const struct match_result *r, enum match_part part, char *out, size_t cap)
{
	char text[MATCH_REASON_MAX];
	const double v = r->parts[part];
	switch (part) {
	case MATCH_CATEGORY:
		snprintf(text, sizeof text, "%s",
			 v >= 1 ? "类别相符" : v > 0 ? "资源不限类别，可通用" : "类别不同");
		break;
	case MATCH_TEXT:
		if (r->similarity > 0)
			snprintf(text, sizeof text, "描述相近（文字相似度 %.2f）", r->similarity);
		else
			snprintf(text, sizeof text, "描述中没有共同的词");
		break;
	case MATCH_NEARNESS:
		snprintf(text, sizeof text, "%s",
			 r->near == NEAR_COMMUNITY     ? "同一社区：资源服务本社区或单位就在本社区"
			 : r->near == NEAR_SUBDISTRICT ? "同一街道：资源在本街道（园区）范围内"
						       : "跨街道：资源在全区范围内调配");
		break;
	case MATCH_AVAILABILITY:
		if (!res->available_from && !res->available_to)
			snprintf(text, sizeof text, "长期可用");
		else if (need->wanted_by && v >= 1)
			snprintf(text, sizeof text, "需求期限（%s）前可用", need->wanted_by);
		else if (need->wanted_by)
			snprintf(text, sizeof text, "%s 起才可用，晚于需求期限 %s",
				 res->available_from, need->wanted_by);
		else if (v >= 1)
			snprintf(text, sizeof text, "现在可用");
		else
			snprintf(text, sizeof text, "%s 起可用", res->available_from);
		break;
	case MATCH_RECORD: {
		const struct match_record *rec = &res->record;
		if (rec->delivered <= 0)
			snprintf(text, sizeof text, "该单位暂无已完成的项目");
		else if (rec->rated > 0)
			snprintf(text, sizeof text, "该单位已完成 %d 个项目，满意率 %d%%",
				 rec->delivered,
				 (int)(100.0 * (rec->satisfied + rec->basically_satisfied) /
					       rec->rated +
				       0.5));
		else
			snprintf(text, sizeof text, "该单位已完成 %d 个项目，尚无评价",
				 rec->delivered);
		break;
	}
	default:
		text[0] = 0;
		break;
	}
	snprintf(out, cap, "%s（+%.2f）", text, match_weights[part] * v);
}

const char *match_exclusion_text(enum match_exclusion x)
{
	switch (x) {
	case MATCH_USED_UP:
		return "资源已用完";
	case MATCH_EXPIRED:
		return "资源已过可用期";
	case MATCH_WITHDRAWN:
		return "资源已撤下";
	default:
		return "";
	}
}
