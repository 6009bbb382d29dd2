/* topics: 每月一题 — the month's appeals grouped by category and title (see topics.h). */
#include "domain/topics.h"
#include "domain/search.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Tokens are interned: each distinct token text gets a small integer, so sets are sorted
 * int arrays and similarity is a merge. */
struct intern {
	const char **slots; /* open addressing, cap a power of two */
	int *ids;
	int cap;
	const char **names; /* id -> text */
	int n;
};

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int intern_id(struct intern *t, const char *s)
{
	uint32_t i = hash(s) & (uint32_t)(t->cap - 1);
	while (t->slots[i]) {
		if (!strcmp(t->slots[i], s))
			return t->ids[i];
		i = (i + 1) & (uint32_t)(t->cap - 1);
	}
	t->slots[i] = s;
	t->ids[i] = t->n;
	t->names[t->n] = s;
	return t->n++;
}

/* An appeal with its token set. */
struct entry {
	const struct topic_input *in;
	const int *tok; /* sorted, distinct */
	int n_tok;
};

/* Appeals of one category with the same token set. */
struct form {
	const struct entry *first; /* its entries are first[0 .. weight) */
	int weight;
	int group;
};

static int cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	return (a > b) - (a < b);
}

static int cmp_set(const struct entry *a, const struct entry *b)
{
	for (int i = 0; i < a->n_tok && i < b->n_tok; i++)
		if (a->tok[i] != b->tok[i])
			return a->tok[i] < b->tok[i] ? -1 : 1;
	return (a->n_tok > b->n_tok) - (a->n_tok < b->n_tok);
}

/* Category, then token set, then id: the forms are runs of this order. */
static int cmp_entry(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = strcmp(a->in->category, b->in->category);
	if (!c)
		c = cmp_set(a, b);
	if (!c)
		c = (a->in->id > b->in->id) - (a->in->id < b->in->id);
	return c;
}

/* Most frequent first, then the one whose first appeal is oldest. */
static int cmp_form(const void *x, const void *y)
{
	const struct form *a = x, *b = y;
	if (a->weight != b->weight)
		return b->weight - a->weight;
	return (a->first->in->id > b->first->in->id) - (a->first->in->id < b->first->in->id);
}

/* Cuts each title into its sorted set of distinct token ids. */
static struct entry *tokenize(const struct topic_input *in, int n, struct arena *a,
                              struct intern *t)
{
	struct entry *e = arena_alloc(a, sizeof *e * (size_t)n);
	char **texts = arena_alloc(a, sizeof *texts * (size_t)n);
	size_t total = 0;
	for (int i = 0; i < n; i++) {
		assert(in[i].category && in[i].title);
		size_t cap = 3 * strlen(in[i].title) + 16;
		texts[i] = arena_alloc(a, cap);
		search_tokens(in[i].title, texts[i], cap);
		total += strlen(texts[i]) / 2 + 1; /* a token and its space take at least 2 bytes */
	}
	t->cap = 16;
	while ((size_t)t->cap < 2 * total)
		t->cap *= 2;
	t->slots = arena_alloc(a, sizeof *t->slots * (size_t)t->cap);
	t->ids = arena_alloc(a, sizeof *t->ids * (size_t)t->cap);
	t->names = arena_alloc(a, sizeof *t->names * total);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(texts[i]);
		int *tok = arena_alloc(a, sizeof *tok * (len / 2 + 1));
		int k = 0;
		for (char *p = texts[i]; *p;) {
			char *sp = strchr(p, ' ');
			if (sp)
				*sp = '\0';
			tok[k++] = intern_id(t, p);
			p = sp ? sp + 1 : p + strlen(p);
		}
		qsort(tok, (size_t)k, sizeof *tok, cmp_int);
		int d = 0;
		for (int j = 0; j < k; j++)
			if (!d || tok[d - 1] != tok[j])
				tok[d++] = tok[j];
		e[i] = (struct entry){&in[i], tok, d};
	}
	return e;
}

/* The leader clustering of step 2, for the forms f[0 .. n) of one category. Groups are
 * numbered from *n_groups on; leaders[g] is group g's first form. post_first and
 * post_next/post_group form, per token, the list of groups whose leader holds it; a
 * category's lists are emptied again at its end. */
struct cluster {
	const struct form **leaders;
	int n_groups;
	int *post_first, *post_next, *post_group, n_post;
	int *shared, *stamp, *cand;
};

static void cluster_category(struct cluster *c, struct form *f, int n)
{
	int first_group = c->n_groups;
	for (int i = 0; i < n; i++) {
		const struct entry *e = f[i].first;
		int n_cand = 0, best = -1;
		double best_j = 0;
		for (int k = 0; k < e->n_tok; k++)
			for (int p = c->post_first[e->tok[k]]; p >= 0; p = c->post_next[p]) {
				int g = c->post_group[p];
				if (c->stamp[g] != i + 1) {
					c->stamp[g] = i + 1;
					c->shared[g] = 0;
					c->cand[n_cand++] = g;
				}
				c->shared[g]++;
			}
		for (int k = 0; k < n_cand; k++) {
			int g = c->cand[k];
			int uni = e->n_tok + c->leaders[g]->first->n_tok - c->shared[g];
			double j = (double)c->shared[g] / uni;
			if (j > best_j || (j == best_j && best >= 0 && g < best)) {
				best_j = j;
				best = g;
			}
		}
		if (best >= 0 && best_j >= TOPICS_JACCARD) {
			f[i].group = best;
			continue;
		}
		int g = c->n_groups++;
		c->leaders[g] = &f[i];
		c->stamp[g] = 0;
		f[i].group = g;
		for (int k = 0; k < e->n_tok; k++) {
			int p = c->n_post++;
			c->post_group[p] = g;
			c->post_next[p] = c->post_first[e->tok[k]];
			c->post_first[e->tok[k]] = p;
		}
	}
	/* Empty this category's lists: the next one starts afresh. */
	for (int g = first_group; g < c->n_groups; g++) {
		const struct entry *e = c->leaders[g]->first;
		for (int k = 0; k < e->n_tok; k++)
			c->post_first[e->tok[k]] = -1;
	}
}

/* Step 3: the key of group g from the token counts over its forms. */
static const char *group_key(const struct form *forms, const int *members, int n_members,
                             const struct intern *t, int *count, struct arena *a)
{
	int top[2] = {-1, -1};
	for (int m = 0; m < n_members; m++) {
		const struct form *f = &forms[members[m]];
		for (int k = 0; k < f->first->n_tok; k++)
			count[f->first->tok[k]] += f->weight;
	}
	for (int m = 0; m < n_members; m++) {
		const struct entry *e = forms[members[m]].first;
		for (int k = 0; k < e->n_tok; k++) {
			int tok = e->tok[k];
			if (tok == top[0] || tok == top[1])
				continue;
			for (int r = 0; r < 2; r++) {
				bool above = top[r] < 0 || count[tok] > count[top[r]] ||
				             (count[tok] == count[top[r]] &&
				              strcmp(t->names[tok], t->names[top[r]]) < 0);
				if (above) {
					if (r == 0)
						top[1] = top[0];
					top[r] = tok;
					break;
				}
			}
		}
	}
	for (int m = 0; m < n_members; m++) {
		const struct entry *e = forms[members[m]].first;
		for (int k = 0; k < e->n_tok; k++)
			count[e->tok[k]] = 0;
	}
	const char *cat = forms[members[0]].first->in->category;
	if (top[0] < 0)
		return arena_printf(a, "%s:", cat);
	if (top[1] < 0)
		return arena_printf(a, "%s:%s", cat, t->names[top[0]]);
	const char *x = t->names[top[0]], *y = t->names[top[1]];
	if (strcmp(x, y) > 0) {
		const char *s = x;
		x = y;
		y = s;
	}
	return arena_printf(a, "%s:%s+%s", cat, x, y);
}

static int cmp_id_desc(const void *x, const void *y)
{
	int64_t a = (*(const struct entry *const *)x)->in->id;
	int64_t b = (*(const struct entry *const *)y)->in->id;
	return (a < b) - (a > b);
}

static int cmp_title(const void *x, const void *y)
{
	const struct topic_input *a = (*(const struct entry *const *)x)->in;
	const struct topic_input *b = (*(const struct entry *const *)y)->in;
	int c = strcmp(a->title, b->title);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

static int cmp_community(const void *x, const void *y)
{
	int64_t a = (*(const struct entry *const *)x)->in->community_id;
	int64_t b = (*(const struct entry *const *)y)->in->community_id;
	return (a > b) - (a < b);
}

/* Keeps the best `max` of the candidates (count, then the lower rank) in top[]. */
struct ranked {
	int count;
	int64_t rank;
	const void *what;
};

static void rank_in(struct ranked *top, int *n, int max, struct ranked r)
{
	int i = *n < max ? (*n)++ : max;
	if (i == max && (r.count < top[max - 1].count ||
	                 (r.count == top[max - 1].count && r.rank >= top[max - 1].rank)))
		return;
	if (i == max)
		i = max - 1;
	while (i > 0 && (top[i - 1].count < r.count ||
	                 (top[i - 1].count == r.count && top[i - 1].rank > r.rank))) {
		top[i] = top[i - 1];
		i--;
	}
	top[i] = r;
}

/* Fills the group's ids, titles and communities from its entries m[0 .. n). */
static void describe(struct topic_group *g, const struct entry **m, int n, struct arena *a)
{
	int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)n);
	qsort(m, (size_t)n, sizeof *m, cmp_id_desc);
	for (int i = 0; i < n; i++)
		ids[i] = m[i]->in->id;
	g->ids = ids;
	g->count = n;

	struct ranked top[TOPICS_TITLES > TOPICS_COMMUNITIES ? TOPICS_TITLES : TOPICS_COMMUNITIES];
	int n_top = 0;
	qsort(m, (size_t)n, sizeof *m, cmp_title);
	for (int i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && !strcmp(m[j]->in->title, m[i]->in->title); j++)
			;
		rank_in(top, &n_top, TOPICS_TITLES,
		        (struct ranked){j - i, m[i]->in->id, m[i]->in->title});
	}
	for (int i = 0; i < n_top; i++)
		g->titles[i] = top[i].what;
	g->n_titles = n_top;

	n_top = 0;
	qsort(m, (size_t)n, sizeof *m, cmp_community);
	for (int i = 0, j; i < n; i = j) {
		int64_t c = m[i]->in->community_id;
		for (j = i + 1; j < n && m[j]->in->community_id == c; j++)
			;
		if (c)
			rank_in(top, &n_top, TOPICS_COMMUNITIES, (struct ranked){j - i, c, NULL});
	}
	for (int i = 0; i < n_top; i++)
		g->communities[i] = (struct topic_count){top[i].rank, top[i].count};
	g->n_communities = n_top;
}

static int cmp_group(const void *x, const void *y)
{
	const struct topic_group *a = x, *b = y;
	if (a->count != b->count)
		return b->count - a->count;
	return strcmp(a->key, b->key);
}

static int cmp_group_key(const void *x, const void *y)
{
	return strcmp(((const struct topic_group *)x)->key, ((const struct topic_group *)y)->key);
}

int topics_group(const struct topic_input *in, int n, struct arena *a, struct topic_group **out)
{
	*out = NULL;
	if (n <= 0)
		return 0;
	struct intern t = {0};
	struct entry *e = tokenize(in, n, a, &t);
	qsort(e, (size_t)n, sizeof *e, cmp_entry);

	/* Step 1: the forms, runs of (category, token set). */
	struct form *forms = arena_alloc(a, sizeof *forms * (size_t)n);
	int n_forms = 0;
	for (int i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && !strcmp(e[j].in->category, e[i].in->category) &&
		                !cmp_set(&e[i], &e[j]);
		     j++)
			;
		forms[n_forms++] = (struct form){&e[i], j - i, -1};
	}

	/* Step 2, one category at a time. */
	int n_post = 0;
	for (int i = 0; i < n; i++)
		n_post += e[i].n_tok;
	struct cluster c = {
	    .leaders = arena_alloc(a, sizeof *c.leaders * (size_t)n_forms),
	    .post_first = arena_alloc(a, sizeof(int) * (size_t)(t.n + 1)),
	    .post_next = arena_alloc(a, sizeof(int) * (size_t)(n_post + 1)),
	    .post_group = arena_alloc(a, sizeof(int) * (size_t)(n_post + 1)),
	    .shared = arena_alloc(a, sizeof(int) * (size_t)n_forms),
	    .stamp = arena_alloc(a, sizeof(int) * (size_t)n_forms),
	    .cand = arena_alloc(a, sizeof(int) * (size_t)n_forms),
	};
	for (int k = 0; k < t.n; k++)
		c.post_first[k] = -1;
	for (int i = 0, j; i < n_forms; i = j) {
		const char *cat = forms[i].first->in->category;
		for (j = i + 1; j < n_forms && !strcmp(forms[j].first->in->category, cat); j++)
			;
		qsort(forms + i, (size_t)(j - i), sizeof *forms, cmp_form);
		cluster_category(&c, forms + i, j - i);
	}

	/* Step 3: each group's forms, its key; groups with one key become one. */
	int *start = arena_alloc(a, sizeof *start * (size_t)(c.n_groups + 1));
	int *members = arena_alloc(a, sizeof *members * (size_t)n_forms);
	for (int i = 0; i < n_forms; i++)
		start[forms[i].group + 1]++;
	for (int g = 0; g < c.n_groups; g++)
		start[g + 1] += start[g];
	int *fill = arena_alloc(a, sizeof *fill * (size_t)(c.n_groups + 1));
	memcpy(fill, start, sizeof *fill * (size_t)(c.n_groups + 1));
	for (int i = 0; i < n_forms; i++)
		members[fill[forms[i].group]++] = i;
	int *count = arena_alloc(a, sizeof *count * (size_t)(t.n + 1));
	struct topic_group *groups = arena_alloc(a, sizeof *groups * (size_t)c.n_groups);
	for (int g = 0; g < c.n_groups; g++) {
		groups[g].key =
		    group_key(forms, members + start[g], start[g + 1] - start[g], &t, count, a);
		groups[g].category = forms[members[start[g]]].first->in->category;
		groups[g].count = g; /* for now: which cluster */
	}
	qsort(groups, (size_t)c.n_groups, sizeof *groups, cmp_group_key);

	/* Step 4: the appeals of each keyed group, described, then ordered. */
	const struct entry **m = arena_alloc(a, sizeof *m * (size_t)n);
	int n_out = 0;
	for (int g = 0, h; g < c.n_groups; g = h) {
		int k = 0;
		for (h = g; h < c.n_groups && !strcmp(groups[h].key, groups[g].key); h++) {
			int cl = groups[h].count;
			for (int f = start[cl]; f < start[cl + 1]; f++) {
				const struct form *fo = &forms[members[f]];
				for (int w = 0; w < fo->weight; w++)
					m[k++] = &fo->first[w];
			}
		}
		struct topic_group *o = &groups[n_out++];
		*o = (struct topic_group){.key = groups[g].key, .category = groups[g].category};
		describe(o, m, k, a);
	}
	qsort(groups, (size_t)n_out, sizeof *groups, cmp_group);
	*out = groups;
	return n_out;
}

const struct topic_group *topics_find(const struct topic_group *g, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(g[i].key, key))
			return &g[i];
	return NULL;
}
