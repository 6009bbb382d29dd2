/* rota: opening slots and the duty assignment (see rota.h).
 *
 * The assignment is a min-cost flow: source -> slot (its free seats) -> (official, month)
 * (one seat each, if the official is free then) -> official (the month's cap left) -> sink,
 * where the k-th duty of an official costs (kept duties + k). Successive shortest paths of
 * one unit each (Bellman-Ford in queue form, edges in a fixed order) give the largest flow
 * and, among the largest, the least cost; with a convex cost per official that is the most
 * even spread of counts. A pass of exchanges then removes duties on consecutive slots
 * without changing any count or breaking any constraint. */
#include "domain/rota.h"

#include <assert.h>
#include <string.h>

#define MAX_MONTHS 4 /* ROTA_MAX_DAYS days touch at most four months */
#define MAX_NODES  (2 + ROTA_MAX_SLOTS + ROTA_MAX_OFFICIALS * (MAX_MONTHS + 1))
#define MAX_EDGES                                                                                  \
	(2 * (ROTA_MAX_SLOTS + ROTA_MAX_SLOTS * ROTA_MAX_OFFICIALS +                               \
	      ROTA_MAX_OFFICIALS * MAX_MONTHS + ROTA_MAX_OFFICIALS))
#define INF INT64_MAX

struct edge {
	int to, next, cap;
	int official; /* >= 0: an official -> sink edge, whose cost follows its flow */
};

struct rota_work {
	struct edge e[MAX_EDGES];
	int n_edges;
	int head[MAX_NODES];
	int64_t dist[MAX_NODES];
	int prev_edge[MAX_NODES];
	int queue[MAX_NODES + 1];
	bool queued[MAX_NODES];
	int count[ROTA_MAX_OFFICIALS]; /* duties: kept + assigned */
	int month_left[ROTA_MAX_OFFICIALS][MAX_MONTHS];
	int slot_month[ROTA_MAX_SLOTS];
	int first_month; /* YYYYMM of the first slot, as a month number */
};

unsigned long rota_work_size(void)
{
	return sizeof(struct rota_work);
}

/* ---- hours ----------------------------------------------------------------------------- */

static bool time_ok(int m)
{
	return m >= 0 && m <= 1440;
}

enum rota_hours_error rota_hours_check(const struct rota_period *p, int n, int *bad)
{
	*bad = 0;
	if (n > ROTA_MAX_PERIODS)
		return ROTA_HOURS_TOO_MANY;
	for (int i = 0; i < n; i++) {
		*bad = i;
		if (p[i].weekday < 1 || p[i].weekday > 7)
			return ROTA_HOURS_WEEKDAY;
		if (!time_ok(p[i].from) || !time_ok(p[i].to))
			return ROTA_HOURS_TIME;
		if (p[i].to <= p[i].from)
			return ROTA_HOURS_ORDER;
		for (int k = 0; k < i; k++)
			if (p[k].weekday == p[i].weekday && p[k].from < p[i].to &&
			    p[i].from < p[k].to)
				return ROTA_HOURS_OVERLAP;
	}
	return ROTA_HOURS_OK;
}

enum rota_hours_error rota_exceptions_check(const struct rota_period *p, int np,
                                            const struct rota_exception *x, int nx, int *bad)
{
	*bad = 0;
	for (int i = 0; i < nx; i++) {
		*bad = i;
		if (x[i].closed)
			continue;
		if (!time_ok(x[i].from) || !time_ok(x[i].to))
			return ROTA_HOURS_TIME;
		if (x[i].to <= x[i].from)
			return ROTA_HOURS_ORDER;
		int wd = workcal_weekday(x[i].ymd);
		for (int k = 0; k < np; k++)
			if (p[k].weekday == wd && p[k].from < x[i].to && x[i].from < p[k].to)
				return ROTA_HOURS_OVERLAP;
		for (int k = 0; k < i; k++)
			if (!x[k].closed && x[k].ymd == x[i].ymd && x[k].from < x[i].to &&
			    x[i].from < x[k].to)
				return ROTA_HOURS_OVERLAP;
	}
	return ROTA_HOURS_OK;
}

/* Adds the slot [from, to) of day ymd to out in time order (insertion: a day has few). */
static int add_slot(const struct workcal *c, int32_t ymd, int from, int to, struct rota_slot *out,
                    int n, int cap)
{
	if (n >= cap)
		return -1;
	int i = n;
	while (i > 0 && out[i - 1].ymd == ymd && out[i - 1].from > from) {
		out[i] = out[i - 1];
		i--;
	}
	out[i] = (struct rota_slot){ymd, from, to, workcal_local_time(c, ymd, from),
	                            workcal_local_time(c, ymd, to)};
	return n + 1;
}

int rota_slots(const struct workcal *c, const struct rota_period *p, int np,
               const struct rota_exception *x, int nx, bool open_on_holidays, int32_t from,
               int32_t to, struct rota_slot *out, int cap)
{
	if (!workcal_weekday(from) || !workcal_weekday(to) || to < from)
		return -1;
	int n = 0;
	for (int32_t d = from; d && d <= to; d = workcal_add_days(d, 1)) {
		bool closed = !open_on_holidays && workcal_is_holiday(c, d);
		for (int i = 0; i < nx; i++)
			if (x[i].ymd == d && x[i].closed)
				closed = true;
		int wd = workcal_weekday(d);
		for (int i = 0; i < np && !closed; i++)
			if (p[i].weekday == wd &&
			    (n = add_slot(c, d, p[i].from, p[i].to, out, n, cap)) < 0)
				return -1;
		for (int i = 0; i < nx; i++)
			if (x[i].ymd == d && !x[i].closed &&
			    (n = add_slot(c, d, x[i].from, x[i].to, out, n, cap)) < 0)
				return -1;
	}
	return n;
}

/* ---- who may sit where ------------------------------------------------------------------- */

bool rota_official_free(const struct rota_official *o, const struct rota_slot *s)
{
	for (int i = 0; i < o->n_leave; i++)
		if (o->leave[i].from <= s->ymd && s->ymd <= o->leave[i].to)
			return false;
	for (int i = 0; i < o->n_busy; i++)
		if (o->busy[i].start < s->end && s->start < o->busy[i].end)
			return false;
	return true;
}

static int month_no(int32_t ymd)
{
	return (ymd / 10000) * 12 + (ymd / 100 % 100) - 1;
}

static bool in_slot(const int64_t *seat, int seats, int64_t id)
{
	for (int k = 0; k < seats; k++)
		if (seat[k] == id)
			return true;
	return false;
}

/* ---- the flow ------------------------------------------------------------------------------ */

static int add_edge(struct rota_work *w, int from, int to, int cap, int official)
{
	assert(w->n_edges + 2 <= MAX_EDGES);
	int i = w->n_edges;
	w->e[i] = (struct edge){to, w->head[from], cap, official};
	w->head[from] = i;
	w->e[i + 1] = (struct edge){from, w->head[to], 0, official};
	w->head[to] = i + 1;
	w->n_edges += 2;
	return i;
}

/* The cost of pushing one unit over edge i: an official's next duty costs their count + 1;
 * taking one back gives back their count. */
static int64_t edge_cost(const struct rota_work *w, int i)
{
	int o = w->e[i].official;
	if (o < 0)
		return 0;
	return (i & 1) ? -(int64_t)w->count[o] : (int64_t)w->count[o] + 1;
}

/* The cheapest path from src to sink in the residual graph; false when there is none. */
static bool shortest_path(struct rota_work *w, int n_nodes, int src, int sink)
{
	for (int v = 0; v < n_nodes; v++) {
		w->dist[v] = INF;
		w->queued[v] = false;
		w->prev_edge[v] = -1;
	}
	int qh = 0, qt = 0, cap = n_nodes + 1;
	w->dist[src] = 0;
	w->queue[qt++] = src;
	w->queued[src] = true;
	while (qh != qt) {
		int v = w->queue[qh];
		qh = (qh + 1) % cap;
		w->queued[v] = false;
		for (int i = w->head[v]; i >= 0; i = w->e[i].next) {
			if (w->e[i].cap <= 0)
				continue;
			int u = w->e[i].to;
			int64_t d = w->dist[v] + edge_cost(w, i);
			if (d < w->dist[u]) {
				w->dist[u] = d;
				w->prev_edge[u] = i;
				if (!w->queued[u]) {
					w->queue[qt] = u;
					qt = (qt + 1) % cap;
					w->queued[u] = true;
				}
			}
		}
	}
	return w->dist[sink] != INF;
}

/* ---- consecutive slots -------------------------------------------------------------------- */

/* Officials who sit both in slot a and slot b. */
static int shared(const int64_t *out, int seats, int a, int b, int n_slots)
{
	if (a < 0 || b >= n_slots)
		return 0;
	int n = 0;
	for (int k = 0; k < seats; k++)
		if (out[a * seats + k] && in_slot(&out[b * seats], seats, out[a * seats + k]))
			n++;
	return n;
}

/* Consecutive sittings around slots t and j (each pair once). */
static int around(const int64_t *out, int seats, int n_slots, int t, int j)
{
	int pairs[4] = {t - 1, t, j - 1, j}, n = 0;
	for (int i = 0; i < 4; i++) {
		bool seen = false;
		for (int k = 0; k < i; k++)
			seen |= pairs[k] == pairs[i];
		if (!seen)
			n += shared(out, seats, pairs[i], pairs[i] + 1, n_slots);
	}
	return n;
}

static int index_of(const struct rota_input *in, int64_t id)
{
	for (int i = 0; i < in->n_officials; i++)
		if (in->officials[i].id == id)
			return i;
	return -1;
}

/* Whether official o may take slot t in place of whoever sits there: free, not already
 * in it, and within the month's cap (`leaving_month`: the month of a duty o gives up in
 * the same move, -1 for none). */
static bool may_take(const struct rota_input *in, struct rota_work *w, const int64_t *out, int o,
                     int t, int leaving_month)
{
	const struct rota_official *of = &in->officials[o];
	if (in_slot(&out[t * in->seats], in->seats, of->id) ||
	    !rota_official_free(of, &in->slots[t]))
		return false;
	int m = w->slot_month[t];
	return m == leaving_month || w->month_left[o][m] > 0;
}

/* Tries to move the official at seat (t, k), who also sits on a neighbouring slot, so that
 * fewer sit on consecutive slots: a hand-over to one with fewer duties, or an exchange
 * with a free seat of another slot. Returns true when it moved someone. */
static bool unstick(const struct rota_input *in, struct rota_work *w, int64_t *out,
                    const bool *held, int t, int k)
{
	int seats = in->seats, n = in->n_slots;
	int64_t *seat = &out[t * seats + k];
	int x = index_of(in, *seat);
	int before = around(out, seats, n, t, t);
	for (int z = 0; z < in->n_officials; z++) {
		if (z == x || w->count[z] >= w->count[x] || !may_take(in, w, out, z, t, -1))
			continue;
		*seat = in->officials[z].id;
		if (around(out, seats, n, t, t) < before) {
			w->count[z]++, w->count[x]--;
			w->month_left[z][w->slot_month[t]]--, w->month_left[x][w->slot_month[t]]++;
			return true;
		}
		*seat = in->officials[x].id;
	}
	for (int j = 0; j < n; j++) {
		if (j == t)
			continue;
		for (int q = 0; q < seats; q++) {
			int64_t *other = &out[j * seats + q];
			if (held[j * seats + q] || !*other)
				continue;
			int y = index_of(in, *other);
			if (y == x || !may_take(in, w, out, y, t, w->slot_month[j]) ||
			    !may_take(in, w, out, x, j, w->slot_month[t]))
				continue;
			int was = around(out, seats, n, t, j);
			*seat = in->officials[y].id;
			*other = in->officials[x].id;
			if (around(out, seats, n, t, j) < was) {
				int mt = w->slot_month[t], mj = w->slot_month[j];
				w->month_left[x][mt]++, w->month_left[x][mj]--;
				w->month_left[y][mj]++, w->month_left[y][mt]--;
				return true;
			}
			*seat = in->officials[x].id;
			*other = in->officials[y].id;
		}
	}
	return false;
}

/* Consecutive sittings on the pairs of slots that touch [a, b]. */
static int run_pairs(const int64_t *out, int seats, int n_slots, int a, int b)
{
	int n = 0;
	for (int s = a - 1; s <= b; s++)
		n += shared(out, seats, s, s + 1, n_slots);
	return n;
}

static int seat_of(const int64_t *slot, int seats, int64_t id)
{
	for (int k = 0; k < seats; k++)
		if (slot[k] == id)
			return k;
	return -1;
}

/* Puts ix where iy sits and iy where ix sits on slots t..b (a slot with both keeps both). */
static void swap_places(int64_t *out, int seats, int t, int b, int64_t ix, int64_t iy)
{
	for (int s = t; s <= b; s++) {
		int64_t *slot = &out[s * seats];
		int kx = seat_of(slot, seats, ix), ky = seat_of(slot, seats, iy);
		if (kx >= 0 && ky < 0)
			slot[kx] = iy;
		else if (ky >= 0 && kx < 0)
			slot[ky] = ix;
	}
}

#define RUN_MAX 8 /* the longest run of slots two officials trade */

/* Trades the places of officials x and y on slots t..b (where one of them sits and the
 * other is free to) when that keeps every cap, spreads the counts no less evenly and
 * lowers the consecutive sittings there. Returns true when it traded. */
static bool trade_run(const struct rota_input *in, struct rota_work *w, int64_t *out,
                      const bool *held, int t, int b, int x, int y)
{
	int seats = in->seats;
	int64_t ix = in->officials[x].id, iy = in->officials[y].id;
	int dx = 0, month_dx[MAX_MONTHS] = {0};
	for (int s = t; s <= b; s++) {
		const int64_t *slot = &out[s * seats];
		int kx = seat_of(slot, seats, ix), ky = seat_of(slot, seats, iy);
		if ((kx >= 0) == (ky >= 0))
			continue;
		int k = kx >= 0 ? kx : ky, taker = kx >= 0 ? y : x;
		if (held[s * seats + k] ||
		    !rota_official_free(&in->officials[taker], &in->slots[s]))
			return false;
		int d = kx >= 0 ? -1 : 1;
		dx += d;
		month_dx[w->slot_month[s]] += d;
	}
	for (int m = 0; m < MAX_MONTHS; m++)
		if (w->month_left[x][m] - month_dx[m] < 0 || w->month_left[y][m] + month_dx[m] < 0)
			return false;
	int64_t cx = w->count[x], cy = w->count[y];
	if ((cx + dx) * (cx + dx) + (cy - dx) * (cy - dx) > cx * cx + cy * cy)
		return false;
	int was = run_pairs(out, seats, in->n_slots, t, b);
	swap_places(out, seats, t, b, ix, iy);
	if (run_pairs(out, seats, in->n_slots, t, b) < was) {
		w->count[x] += dx, w->count[y] -= dx;
		for (int m = 0; m < MAX_MONTHS; m++)
			w->month_left[x][m] -= month_dx[m], w->month_left[y][m] += month_dx[m];
		return true;
	}
	swap_places(out, seats, t, b, ix, iy); /* the same trade again undoes it */
	return false;
}

/* Trades runs of slots from t on between the official at (t, k) and each other one. */
static bool trade_any(const struct rota_input *in, struct rota_work *w, int64_t *out,
                      const bool *held, int t, int k)
{
	int x = index_of(in, out[t * in->seats + k]);
	for (int y = 0; y < in->n_officials; y++)
		for (int b = t; b < in->n_slots && b < t + RUN_MAX && y != x; b++)
			if (trade_run(in, w, out, held, t, b, x, y))
				return true;
	return false;
}

static void spread(const struct rota_input *in, struct rota_work *w, int64_t *out, const bool *held)
{
	int seats = in->seats, ns = in->n_slots;
	/* Each move lowers the number of consecutive sittings, so this ends. */
	for (bool moved = true; moved;) {
		moved = false;
		for (int t = 0; t < ns; t++)
			for (int k = 0; k < seats; k++) {
				int64_t id = out[t * seats + k];
				if (!id || held[t * seats + k])
					continue;
				bool stuck =
				    (t > 0 && in_slot(&out[(t - 1) * seats], seats, id)) ||
				    (t + 1 < ns && in_slot(&out[(t + 1) * seats], seats, id));
				if (stuck && (unstick(in, w, out, held, t, k) ||
				              trade_any(in, w, out, held, t, k)))
					moved = true;
			}
	}
}

int rota_assign(const struct rota_input *in, void *work, int64_t *out)
{
	struct rota_work *w = work;
	int seats = in->seats, ns = in->n_slots, no = in->n_officials;
	if (seats < 1 || seats > ROTA_MAX_SEATS || ns < 0 || ns > ROTA_MAX_SLOTS || no < 0 ||
	    no > ROTA_MAX_OFFICIALS)
		return -1;
	if (ns == 0)
		return 0;
	w->first_month = month_no(in->slots[0].ymd);
	for (int s = 0; s < ns; s++) {
		w->slot_month[s] = month_no(in->slots[s].ymd) - w->first_month;
		if (w->slot_month[s] < 0 || w->slot_month[s] >= MAX_MONTHS)
			return -1;
	}
	/* Kept seats count and use up the month's cap; duties elsewhere use it up too. */
	for (int o = 0; o < no; o++) {
		const struct rota_official *of = &in->officials[o];
		w->count[o] = 0;
		for (int m = 0; m < MAX_MONTHS; m++)
			w->month_left[o][m] = of->cap < 0 ? ns * seats + 1 : of->cap;
		for (int i = 0; i < of->n_busy; i++) {
			int m = month_no(of->busy[i].ymd) - w->first_month;
			if (m >= 0 && m < MAX_MONTHS && of->cap >= 0)
				w->month_left[o][m]--;
		}
	}
	bool held[ROTA_MAX_SLOTS * ROTA_MAX_SEATS];
	for (int i = 0; i < ns * seats; i++) {
		out[i] = in->fixed ? in->fixed[i] : 0;
		held[i] = out[i] != 0;
		if (!held[i])
			continue;
		int o = index_of(in, out[i]);
		if (o >= 0) {
			w->count[o]++;
			w->month_left[o][w->slot_month[i / seats]]--;
		}
	}
	/* Nodes: 0 source, 1 sink, 2.. slots, then (official, month), then officials. */
	int src = 0, sink = 1, slot0 = 2, om0 = slot0 + ns, off0 = om0 + no * MAX_MONTHS;
	int n_nodes = off0 + no;
	w->n_edges = 0;
	for (int v = 0; v < n_nodes; v++)
		w->head[v] = -1;
	/* Edges are added in reverse of the order they should be tried (each goes to the
	 * front of its node's list): later slots and higher ids first. */
	for (int o = no - 1; o >= 0; o--)
		add_edge(w, off0 + o, sink, ns * seats, o);
	for (int o = no - 1; o >= 0; o--)
		for (int m = MAX_MONTHS - 1; m >= 0; m--)
			if (w->month_left[o][m] > 0)
				add_edge(w, om0 + o * MAX_MONTHS + m, off0 + o, w->month_left[o][m],
				         -1);
	for (int s = ns - 1; s >= 0; s--) {
		int free_seats = 0;
		for (int k = 0; k < seats; k++)
			free_seats += !out[s * seats + k];
		if (!free_seats)
			continue;
		for (int o = no - 1; o >= 0; o--)
			if (!in_slot(&out[s * seats], seats, in->officials[o].id) &&
			    rota_official_free(&in->officials[o], &in->slots[s]))
				add_edge(w, slot0 + s, om0 + o * MAX_MONTHS + w->slot_month[s], 1,
				         -1);
		add_edge(w, src, slot0 + s, free_seats, -1);
	}
	while (shortest_path(w, n_nodes, src, sink)) {
		for (int v = sink; v != src;) {
			int i = w->prev_edge[v];
			w->e[i].cap--;
			w->e[i ^ 1].cap++;
			if (w->e[i].official >= 0)
				w->count[w->e[i].official] += (i & 1) ? -1 : 1;
			v = w->e[i ^ 1].to;
		}
	}
	/* Read the seats off the slot -> (official, month) edges that carry a unit. */
	for (int s = 0; s < ns; s++) {
		int k = 0;
		for (int i = w->head[slot0 + s]; i >= 0; i = w->e[i].next) {
			if ((i & 1) || w->e[i].cap > 0 || w->e[i].to == src)
				continue;
			int o = (w->e[i].to - om0) / MAX_MONTHS;
			while (k < seats && out[s * seats + k])
				k++;
			assert(k < seats);
			out[s * seats + k] = in->officials[o].id;
			w->month_left[o][w->slot_month[s]]--;
		}
	}
	spread(in, w, out, held);
	int unfilled = 0;
	for (int i = 0; i < ns * seats; i++)
		unfilled += !out[i];
	return unfilled;
}
