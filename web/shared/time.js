// Times for people: the API speaks ISO 8601 UTC; people read Asia/Shanghai (UTC+8, no
// daylight saving). Everything here formats in that zone, whatever the browser's zone is.
//
//   formatDateTime('2026-09-16T02:00:00Z')  → '2026-09-16 10:00'
//   formatDate('2026-09-16T17:00:00Z')      → '2026-09-17'
//   formatTime(iso)                          → '10:00'
//   shanghaiDay(new Date())                  → 'YYYY-MM-DD' of today in Shanghai
//   dayStartUtc('2026-09-16')                → '2026-09-15T16:00:00Z' (00:00 in Shanghai)
//   formatDuration(seconds, 'zh-CN')         → '2天3小时' / '2 d 3 h' (for countdowns)
//   formatLong(iso, 'en')                    → locale-aware, e.g. '16 Sept 2026, 10:00'

export const TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3600 * 1000;

const partsFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function toDate(v) {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

// {year, month, day, hour, minute, second} as two-digit strings (year four), in Shanghai.
export function shanghaiParts(v) {
  const d = toDate(v);
  if (!d) return null;
  const out = {};
  for (const p of partsFmt.formatToParts(d)) if (p.type !== 'literal') out[p.type] = p.value;
  if (out.hour === '24') out.hour = '00';
  return out;
}

export function formatDateTime(v, { seconds = false } = {}) {
  const p = shanghaiParts(v);
  if (!p) return '';
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${seconds ? `:${p.second}` : ''}`;
}

export function formatDate(v) {
  const p = shanghaiParts(v);
  return p ? `${p.year}-${p.month}-${p.day}` : '';
}

export function formatTime(v) {
  const p = shanghaiParts(v);
  return p ? `${p.hour}:${p.minute}` : '';
}

export function shanghaiDay(v = new Date()) {
  return formatDate(v);
}

// 'YYYY-MM-DD' (a Shanghai day) → the UTC instant of its 00:00, as the API's ISO form.
export function dayStartUtc(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
  if (!m) return null;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]) - OFFSET_MS;
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function formatLong(v, locale = 'zh-CN') {
  const d = toDate(v);
  if (!d) return '';
  return new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
    hourCycle: 'h23',
  }).format(d);
}

// A length of time (seconds; the sign is dropped) as its largest unit and the next one:
// '2天3小时', '3小时', '45分钟' / '2 d 3 h', '45 min'.
export function formatDuration(seconds, locale = 'zh-CN') {
  let s = Math.abs(Math.round(Number(seconds) || 0));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  const zh = String(locale).startsWith('zh');
  const units = zh ? ['天', '小时', '分钟'] : [' d', ' h', ' min'];
  const n = [d, h, m];
  const first = n.findIndex((x) => x > 0);
  if (first < 0) return zh ? '不到1分钟' : '< 1 min';
  const parts = [`${n[first]}${units[first]}`];
  if (first < 2 && n[first + 1]) parts.push(`${n[first + 1]}${units[first + 1]}`);
  return parts.join(zh ? '' : ' ');
}
