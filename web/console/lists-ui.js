// lists-ui: the parts of the three lists' screens that depend on the session and the
// language: who may do what (the server decides; the console only shows what may work),
// a form's checks (lists.js) put next to their fields, and the words for failures.
import { t } from '../shared/i18n.js';
import { ApiError } from '../shared/api.js';
import { grantsOf, hasRole, rolesOf } from './session.js';
import { orgWithin } from './orgs.js';
import { messageOf } from './errors.js';

// ---- who may do what (shown only where the server will say yes) ------------------------

// Raising needs and taking them up into projects: secretaries, dispatchers, admins.
export function mayManageNeeds() {
  return hasRole('secretary') || hasRole('dispatcher') || hasRole('admin');
}

// Offering resources: a unit's handlers and liaisons, admins.
export function mayOfferResources() {
  return hasRole('handler') || hasRole('liaison') || hasRole('admin');
}

// The units a user speaks for (handler or liaison grants): [{org_id, org_name}], once each.
export function ownUnits() {
  const seen = new Map();
  for (const g of [...grantsOf('handler'), ...grantsOf('liaison')]) if (!seen.has(g.org_id)) seen.set(g.org_id, { org_id: g.org_id, org_name: g.org_name });
  return [...seen.values()];
}

// Is the resource's unit one of the user's (their grant at the unit or above it)?
export function isOwnResource(resource) {
  return [...grantsOf('handler'), ...grantsOf('liaison')].some((g) => orgWithin(resource.org_id, g.org_id));
}

// Recording activities: any role but the supervisor's.
export function mayRecordActivities() {
  return rolesOf().some((r) => r.role !== 'supervisor');
}

// The org a user's lists start from: their first grant's.
export function homeOrg() {
  return rolesOf()[0]?.org_id ?? null;
}

// What the console says about a failed call on a need, resource or project: the words of
// errors.js, but staleness and state in terms of lists, not appeals.
export function listMessageOf(err) {
  if (err instanceof ApiError && err.code === 'stale') return t('lists.stale');
  if (err instanceof ApiError && err.code === 'wrong_state') return t('lists.wrong_state');
  return messageOf(err);
}
export const LIST_CODE_MESSAGES = { stale: 'lists.stale', wrong_state: 'lists.wrong_state' };

// Puts a check's findings next to their fields in a form (forms.js); true when none.
export function showChecks(form, errs) {
  for (const [k, e] of Object.entries(errs)) form.errors[k] = t(e.key, e.params ?? {});
  return Object.keys(errs).length === 0;
}
