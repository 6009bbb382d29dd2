// stats: what the 统计分析 screens share (the dashboard, the cases behind a figure and the
// monthly report): the figures' names, the filter as it stands in the URL and as the API
// wants it (docs/API.md, "Statistics"), links to the cases behind a figure, export links,
// and how a figure is written.
//
// The URL's query is the API's filter itself (period & date, or from & to; org, category,
// channel), so a dashboard, a drill-down or a report can be bookmarked and sent on.
import { api, buildQuery } from '../shared/api.js';
import { grantsOf, hasRole } from './session.js';
import { orgStore } from './orgs.js';

// The rates in the API's order, and the counts.
export const RATES = ['response', 'contact', 'resolution', 'satisfaction', 'on_time', 'reopen', 'callback', 'rated'];
export const COUNTS = ['received', 'dispatched', 'answered', 'rated', 'closed_unresolved', 'overdue', 'escalated'];
export const TIMES = ['accept', 'ack', 'contact', 'answer'];
// The ranking's classes: never a department against a community.
export const CLASSES = ['department', 'subdistrict', 'community', 'unit'];
export const PERIOD_KINDS = ['month', 'quarter', 'year', 'custom'];
export const CHANNELS = ['web', 'mini_program', 'fast_lane', 'reception_room', 'mailbox', 'hotline', 'public_account', 'open311'];
export const TREND_BY = ['day', 'week', 'month'];

// The filter's keys in the URL (and the API).
const FILTER_KEYS = ['period', 'date', 'from', 'to', 'org', 'category', 'channel'];

// Rates where fewer is better (a reopen is a failure): their drill-down lists the counted
// ones, the others' the ones that fell short (side=miss: den − num, e.g. the late ones).
const LOWER_IS_BETTER = new Set(['reopen']);
export function drillSide(rate) {
  return LOWER_IS_BETTER.has(rate) ? 'num' : 'miss';
}
export function lowerIsBetter(rate) {
  return LOWER_IS_BETTER.has(rate);
}

// The filter from a route's query: only the filter's own keys, strings.
export function filterOf(query) {
  const f = {};
  for (const k of FILTER_KEYS) if (typeof query[k] === 'string' && query[k]) f[k] = query[k];
  return f;
}

// The route to the cases behind a figure (side num, den or miss) under filter f, with
// `extra` filters (a unit's row: org; a chart's point: from/to; a bar: category).
export function casesLink(f, figure, side, extra = {}) {
  const query = { ...f, ...extra, figure, side };
  if (extra.from) {
    delete query.period;
    delete query.date;
  }
  return { name: 'stats-cases', query: clean(query) };
}

// A console route for an API link to cases (/api/v1/stats/cases?…, as 每月一题 gives it).
export function casesRouteOf(apiPath) {
  const u = new URL(apiPath, 'http://x');
  return { name: 'stats-cases', query: Object.fromEntries(u.searchParams) };
}

function clean(q) {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

// A download of a list: its own GET path with format=csv|xlsx.
export function exportHref(path, query, format) {
  return path + buildQuery({ ...clean(query), format });
}

// ---- the API ---------------------------------------------------------------------------

export const statsApi = {
  summary: (f) => api.get('/api/v1/stats/summary', { query: f }),
  units: (f, cls, sort = 'score') => api.get('/api/v1/stats/units', { query: { ...f, class: cls, sort } }),
  trend: (f, figure, by, split) => api.get('/api/v1/stats/trend', { query: { ...f, figure, by, split } }),
  topics: (month, org) => api.get('/api/v1/stats/topics', { query: { month, org } }),
  lists: (f) => api.get('/api/v1/stats/lists', { query: f }),
  // Pins for the subtree `org` (the district when absent).
  pin: (month, key, label, org) => api.post('/api/v1/stats/topics/pin', { month, key, label, org: org ? Number(org) : undefined }),
  unpin: (month, key, org) => api.del('/api/v1/stats/topics/pin', { body: { month, key, org: org ? Number(org) : undefined } }),
};

// ---- periods -----------------------------------------------------------------------------

function ymd(d) {
  return d.toISOString().slice(0, 10);
}
function utc(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

// The filter of one month ('2026-11') and of the month before it.
export function monthFilter(month) {
  return { period: 'month', date: `${month}-01` };
}
export function monthBefore(month) {
  const d = utc(`${month}-01`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return ymd(d).slice(0, 7);
}

// The range a trend by `by` shows for a period {from, to}: the days of the period, the
// twelve weeks or twelve months up to its end.
export function trendRange(period, by) {
  if (by === 'day') return { from: period.from, to: period.to };
  const start = utc(period.to);
  if (by === 'week') {
    start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7) - 11 * 7); // a Monday
  } else {
    start.setUTCDate(1);
    start.setUTCMonth(start.getUTCMonth() - 11);
  }
  const from = ymd(start) < period.from ? ymd(start) : period.from;
  return { from, to: period.to };
}

// The filter with its period replaced by a range.
export function withRange(f, range) {
  const { period, date, ...rest } = f;
  void period;
  void date;
  return { ...rest, from: range.from, to: range.to };
}

// ---- writing figures ---------------------------------------------------------------------

// A rate as a percentage with one decimal ('85.7%'); '' for null.
export function pct(value) {
  if (value === null || value === undefined) return '';
  return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

// A count: a whole number, or one decimal (resolution counts partly as 0.5).
export function count(n) {
  if (n === null || n === undefined) return '–';
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

// The change from the previous value, in percentage points ('+3.2' / '−1.0'); '' when
// either is missing.
export function pointsChange(now, before) {
  if (now === null || now === undefined || before === null || before === undefined) return '';
  const d = Math.round((now - before) * 1000) / 10;
  if (d === 0) return '±0.0';
  return `${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(1)}`;
}

// den − num: how many fell short.
export function missOf(fig) {
  return fig ? Math.round((fig.den - fig.num) * 10) / 10 : 0;
}

// ---- who may do what ---------------------------------------------------------------------

// Pinning 每月一题: an admin, or a dispatcher at the root of the tree (the server decides).
export function mayPinTopics() {
  if (hasRole('admin')) return true;
  return grantsOf('dispatcher').some((g) => {
    const o = orgStore.byId.get(g.org_id);
    return o && !o.parent_id;
  });
}
