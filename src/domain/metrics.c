/* metrics: what each step adds to the figures, and the figures from the sums (see
 * metrics.h for what counts where). */
#include "domain/metrics.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include "domain/period.h"

const char *const metrics_count_names[MC__MAX] = {
    [MC_RECEIVED] = "received",
    [MC_DISPATCHED] = "dispatched",
    [MC_RESPONDED] = "responded",
    [MC_CONTACTED] = "contacted",
    [MC_ANSWERED] = "answered",
    [MC_ON_TIME] = "on_time",
    [MC_RATED] = "rated",
    [MC_SATISFIED] = "satisfied",
    [MC_RESOLVED_HALVES] = "resolved_halves",
    [MC_RESOLVED_KNOWN] = "resolved_known",
    [MC_REOPENED] = "reopened",
    [MC_CALLBACKS] = "callbacks",
    [MC_UNRATED] = "unrated",
    [MC_CLOSED_UNRESOLVED] = "closed_unresolved",
    [MC_OVERDUE] = "overdue",
    [MC_ESCALATED] = "escalated",
};

const char *const metrics_rate_names[RATE__MAX] = {
    "response", "contact", "resolution", "satisfaction", "on_time", "reopen", "callback", "rated",
};

const struct metrics_weights metrics_default_weights = {0.10, 0.45, 0.45};

struct adds {
	struct metrics_add *out;
	int n;
};

static void add(struct adds *a, int64_t day, int64_t unit, const char *tier, enum metrics_count k,
                int n)
{
	assert(a->n < METRICS_MAX_ADDS);
	a->out[a->n++] = (struct metrics_add){day, unit, tier, k, n};
}

/* Did the step come in time for a deadline? No deadline (the calendar could not say):
 * not in time. */
static bool in_time(int64_t t, int64_t due)
{
	return due && t <= due;
}

static void rating_adds(struct adds *a, const struct metrics_case *c,
                        const struct metrics_event *ev, int64_t day)
{
	const char *tier = c->tier;
	add(a, day, c->unit_id, tier, MC_RATED, 1);
	bool unsatisfied = !strcmp(ev->rating, "unsatisfied");
	add(a, day, c->unit_id, tier, unsatisfied ? MC_REOPENED : MC_SATISFIED, 1);
	if (ev->resolved) {
		add(a, day, c->unit_id, tier, MC_RESOLVED_KNOWN, 1);
		int halves = !strcmp(ev->resolved, "yes") ? 2 : !strcmp(ev->resolved, "partly");
		if (halves)
			add(a, day, c->unit_id, tier, MC_RESOLVED_HALVES, halves);
		if (ev->to == APPEAL_CLOSED && !strcmp(ev->resolved, "no"))
			add(a, day, c->unit_id, tier, MC_CLOSED_UNRESOLVED, 1);
	}
}

int metrics_step(const struct metrics_case *c, const struct metrics_event *ev,
                 struct metrics_add out[METRICS_MAX_ADDS])
{
	assert(c && ev && out);
	struct adds a = {out, 0};
	int64_t day = period_day_of(ev->t);
	int64_t dispatch_day = period_day_of(c->dispatched_at);
	const char *tier = c->tier;
	switch (ev->step) {
	case STEP_SUBMIT:
		add(&a, day, 0, tier, MC_RECEIVED, 1);
		break;
	case STEP_ACCEPT:
		/* The appeal counts under its tier as it is now: the submission moves along. */
		if (ev->tier && tier && strcmp(ev->tier, tier)) {
			add(&a, period_day_of(c->created_at), 0, tier, MC_RECEIVED, -1);
			add(&a, period_day_of(c->created_at), 0, ev->tier, MC_RECEIVED, 1);
		}
		break;
	case STEP_DISPATCH:
		add(&a, day, ev->lead_org_id, tier, MC_DISPATCHED, 1);
		break;
	case STEP_ACKNOWLEDGE:
	case STEP_RETURN:
		/* Only the answer to a dispatch (not the acknowledgement after a reopen, nor a
		 * return after acknowledging). */
		if (c->status == APPEAL_DISPATCHED && in_time(ev->t, c->ack_due))
			add(&a, dispatch_day, c->unit_id, tier, MC_RESPONDED, 1);
		break;
	case STEP_CONTACT:
		if (!c->contacted && c->unit_id && in_time(ev->t, c->contact_due))
			add(&a, dispatch_day, c->unit_id, tier, MC_CONTACTED, 1);
		break;
	case STEP_REPLY:
		add(&a, day, c->unit_id, tier, MC_ANSWERED, 1);
		if (in_time(ev->t, c->answer_due))
			add(&a, day, c->unit_id, tier, MC_ON_TIME, 1);
		break;
	case STEP_RATE:
	case STEP_CALLBACK:
		if (c->status == APPEAL_REPLIED && ev->rating)
			rating_adds(&a, c, ev, day);
		if (ev->step == STEP_CALLBACK)
			add(&a, day, c->unit_id, tier, MC_CALLBACKS, 1);
		break;
	case STEP_AUTO_CLOSE:
		add(&a, day, c->unit_id, tier, MC_UNRATED, 1);
		break;
	case STEP_OVERDUE:
		add(&a, day, c->unit_id, tier, MC_OVERDUE, 1);
		break;
	case STEP_ESCALATE:
		add(&a, day, c->unit_id, tier, MC_ESCALATED, 1);
		break;
	default:
		break;
	}
	return a.n;
}

static void set_if(int64_t *due, int64_t v)
{
	if (v)
		*due = v;
}

void metrics_advance(struct metrics_case *c, const struct metrics_event *ev)
{
	assert(c && ev);
	switch (ev->step) {
	case STEP_SUBMIT:
		c->created_at = ev->t;
		break;
	case STEP_ACCEPT:
		if (ev->tier)
			c->tier = ev->tier;
		break;
	case STEP_DISPATCH:
		c->unit_id = ev->lead_org_id;
		c->dispatched_at = ev->t;
		c->ack_due = ev->ack_due;
		c->contact_due = ev->contact_due;
		c->answer_due = ev->answer_due;
		c->contacted = false;
		break;
	case STEP_RETURN:
		c->unit_id = 0;
		c->ack_due = c->contact_due = c->answer_due = 0;
		break;
	case STEP_CONTACT:
		c->contacted = true;
		break;
	case STEP_EXTEND_APPROVE:
	case STEP_RESUME:
	case STEP_ADD_INFO:
		set_if(&c->ack_due, ev->ack_due);
		set_if(&c->contact_due, ev->contact_due);
		set_if(&c->answer_due, ev->answer_due);
		break;
	case STEP_RATE:
	case STEP_CALLBACK:
		if (c->status != APPEAL_REPLIED)
			break;
		if (ev->to == APPEAL_REOPENED) {
			set_if(&c->ack_due, ev->ack_due);
			set_if(&c->answer_due, ev->answer_due);
		} else if (ev->to == APPEAL_ACCEPTED) {
			c->unit_id = 0;
			c->ack_due = c->contact_due = c->answer_due = 0;
		}
		break;
	default:
		break;
	}
	c->status = ev->to;
}

struct metrics_figure metrics_figure(double num, int64_t den, int64_t min_den)
{
	struct metrics_figure f = {num, den, 0, den < min_den || den <= 0};
	if (!f.too_few)
		f.value = round(num / (double)den * 1e6) / 1e6;
	return f;
}

void metrics_rates(const int64_t k[MC__MAX], int64_t min_den, struct metrics_figure out[RATE__MAX])
{
	out[RATE_RESPONSE] = metrics_figure((double)k[MC_RESPONDED], k[MC_DISPATCHED], min_den);
	out[RATE_CONTACT] = metrics_figure((double)k[MC_CONTACTED], k[MC_DISPATCHED], min_den);
	out[RATE_RESOLUTION] =
	    metrics_figure((double)k[MC_RESOLVED_HALVES] / 2, k[MC_RESOLVED_KNOWN], min_den);
	out[RATE_SATISFACTION] = metrics_figure((double)k[MC_SATISFIED], k[MC_RATED], min_den);
	out[RATE_ON_TIME] = metrics_figure((double)k[MC_ON_TIME], k[MC_ANSWERED], min_den);
	out[RATE_REOPEN] = metrics_figure((double)k[MC_REOPENED], k[MC_ANSWERED], min_den);
	out[RATE_CALLBACK] = metrics_figure((double)k[MC_CALLBACKS], k[MC_ANSWERED], min_den);
	out[RATE_RATED] = metrics_figure((double)k[MC_RATED], k[MC_ANSWERED], min_den);
}

bool metrics_score(const struct metrics_figure r[RATE__MAX], const struct metrics_weights *w,
                   double *out)
{
	if (r[RATE_RESPONSE].too_few || r[RATE_RESOLUTION].too_few || r[RATE_SATISFACTION].too_few)
		return false;
	double sum = w->response * r[RATE_RESPONSE].value +
	             w->resolution * r[RATE_RESOLUTION].value +
	             w->satisfaction * r[RATE_SATISFACTION].value;
	double total = w->response + w->resolution + w->satisfaction;
	*out = round(sum / total * 1e6) / 1e6;
	return true;
}

bool metrics_weights_ok(const struct metrics_weights *w)
{
	if (!(w->response >= 0 && w->resolution >= 0 && w->satisfaction >= 0))
		return false;
	return fabs(w->response + w->resolution + w->satisfaction - 1) <= 0.001;
}
