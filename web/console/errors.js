// errors: what the console says about a failed API call, and where.
//
// A 400 naming a field goes next to that field (the caller passes the form's field names);
// everything else becomes one message. The server's message explains validation errors;
// the console's own words are used for permission, state, staleness and network failures.
import { ApiError } from '../shared/api.js';
import { t } from '../shared/i18n.js';

export function messageOf(err) {
  if (!(err instanceof ApiError)) return t('errors.generic', { message: String(err?.message ?? err) });
  if (err.status === 0) return t('errors.network');
  if (err.code === 'stale') return t('errors.stale');
  if (err.code === 'wrong_state') return t('errors.wrong_state');
  if (err.status === 403 && err.code !== 'csrf') return t('errors.forbidden');
  if (err.status === 404 && !err.field) return t('errors.not_found');
  if (err.status === 429) return t('login.too_many', { wait: waitText(err.retryAfter ?? 60) });
  if (err.status >= 500) return t('errors.server');
  return t('errors.generic', { message: err.message });
}

// {field, message} when the error belongs next to one of `fields`, else null.
export function fieldErrorOf(err, fields) {
  if (err instanceof ApiError && err.field && fields.includes(err.field) && err.status !== 403)
    return { field: err.field, message: err.message };
  return null;
}

export function waitText(seconds) {
  const s = Math.max(1, Math.round(seconds));
  if (s < 120) return t('wait.seconds', { n: s }, s);
  const m = Math.ceil(s / 60);
  return t('wait.minutes', { n: m }, m);
}
