// lists: the three lists (三张清单) — needs, resources, projects — and activities, as the
// console needs them: the names of their states and kinds, and the checks and request
// bodies of their forms. Plain functions without the browser, the session or the
// language, tested in Node (tests/e2e/lists.test.mjs); who may do what and the words for
// failures are in lists-ui.js.

export const NEED_STATUSES = ['open', 'matched', 'in_project', 'fulfilled', 'closed'];
export const RESOURCE_KINDS = ['venue', 'volunteers', 'professional_service', 'funds', 'materials', 'training'];
export const AVAILABILITIES = ['available', 'upcoming', 'used_up', 'expired', 'withdrawn'];
export const PROJECT_STATUSES = ['planned', 'running', 'done', 'evaluated'];
export const ACTIVITY_KINDS = ['talk', 'volunteer_service', 'health_check', 'campaign', 'other'];
export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'];
// The parts of a match's score, in the order of their weight.
export const MATCH_PARTS = ['category', 'text', 'nearness', 'availability', 'record'];

export const NEED_TAGS = { open: 'danger', matched: 'warning', in_project: 'primary', fulfilled: 'success', closed: 'info' };
export const PROJECT_TAGS = { planned: 'info', running: 'primary', done: 'success', evaluated: 'success' };
export const AVAILABILITY_TAGS = { available: 'success', upcoming: 'primary', used_up: 'info', expired: 'info', withdrawn: 'info' };

// ---- checks and bodies ----------------------------------------------------------------

// Length in characters as the server counts them (code points).
export function textLength(s) {
  return [...(s ?? '')].length;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

function str(v) {
  return typeof v === 'string' ? v.trim() : '';
}

function optional(v) {
  const s = str(v);
  return s ? s : null;
}

// Each check returns {field: {key, params}} for what is missing or out of bounds; empty
// when the form may be sent. The field names are the API's, so a server's 400 lands on the
// same place.
function need(errors, field, ok, key, params) {
  if (!ok && !errors[field]) errors[field] = { key, params };
}

function checkText(errors, field, value, { required = false, min = 0, max = Infinity } = {}) {
  const n = textLength(str(value));
  if (!n) {
    if (required) errors[field] = { key: 'form.required' };
    return;
  }
  need(errors, field, n >= min, 'form.min_chars', { n: min });
  need(errors, field, n <= max, 'form.max_chars', { n: max });
}

function checkInt(errors, field, value, { required = false, min, max }) {
  if (value === null || value === undefined || value === '') {
    if (required) errors[field] = { key: 'form.required' };
    return;
  }
  const n = Number(value);
  need(errors, field, Number.isInteger(n) && n >= min && n <= max, 'form.range', { min, max });
}

// A need raised or edited by staff.
export function checkNeed(v) {
  const errors = {};
  checkText(errors, 'title', v.title, { required: true, min: 2, max: 100 });
  checkText(errors, 'description', v.description, { required: true, min: 5, max: 5000 });
  if (!v.category) errors.category = { key: 'form.required' };
  if (!v.community_id) errors['location.community_id'] = { key: 'form.required' };
  checkText(errors, 'location.address', v.address, { max: 200 });
  checkText(errors, 'beneficiaries.who', v.who, { required: true, min: 1, max: 100 });
  checkInt(errors, 'beneficiaries.count', v.count, { required: true, min: 1, max: 10000000 });
  if (v.wanted_by && !DAY_RE.test(v.wanted_by)) errors.wanted_by = { key: 'form.date' };
  return errors;
}

export function needBody(v) {
  return {
    title: str(v.title),
    description: str(v.description),
    category: v.category,
    location: { community_id: Number(v.community_id), address: optional(v.address) },
    beneficiaries: { who: str(v.who), count: Number(v.count) },
    wanted_by: v.wanted_by || null,
    urgency: v.urgency || 'normal',
  };
}

// Closing a need unfulfilled needs a reason.
export function checkClose(v) {
  const errors = {};
  checkText(errors, 'close_reason', v.close_reason, { required: true, min: 2, max: 500 });
  return errors;
}

export function checkResource(v) {
  const errors = {};
  checkText(errors, 'title', v.title, { required: true, min: 2, max: 100 });
  checkText(errors, 'description', v.description, { max: 2000 });
  if (!v.kind) errors.kind = { key: 'form.required' };
  if (!v.org_id) errors.org_id = { key: 'form.required' };
  checkInt(errors, 'quantity', v.quantity, { required: true, min: 1, max: 1000000000 });
  checkText(errors, 'unit', v.unit, { required: true, min: 1, max: 20 });
  if (v.available_from && v.available_to && v.available_to < v.available_from) errors.available_to = { key: 'resources.end_before_start' };
  checkText(errors, 'weekly_hours', v.weekly_hours, { max: 200 });
  checkText(errors, 'place', v.place, { max: 200 });
  return errors;
}

export function resourceBody(v, { create = true } = {}) {
  const b = {
    title: str(v.title),
    description: str(v.description),
    kind: v.kind,
    category: v.category || null,
    quantity: Number(v.quantity),
    unit: str(v.unit),
    available_from: v.available_from || null,
    available_to: v.available_to || null,
    weekly_hours: str(v.weekly_hours),
    place: str(v.place),
  };
  if (create) b.org_id = Number(v.org_id);
  if (Array.isArray(v.alliance_ids) && v.alliance_ids.length) b.alliance_ids = v.alliance_ids.map(Number);
  return b;
}

// 报到: a need, how much, a note; at most what remains.
export function checkCommit(v, remaining = Infinity) {
  const errors = {};
  if (!v.need_id) errors.need_id = { key: 'form.required' };
  if (!v.resource_id) errors.resource_id = { key: 'form.required' };
  checkInt(errors, 'quantity', v.quantity, { required: true, min: 1, max: 1000000000 });
  if (!errors.quantity && Number(v.quantity) > remaining) errors.quantity = { key: 'commit.too_much', params: { n: remaining } };
  checkText(errors, 'note', v.note, { max: 500 });
  return errors;
}

export function commitBody(v) {
  const b = { need_id: Number(v.need_id), quantity: Number(v.quantity) };
  if (str(v.note)) b.note = str(v.note);
  return b;
}

// 接单: the needs, title, and milestones each with a title and a date. Milestone errors are
// keyed `plan.milestones.<i>.title|due` here; the server names `plan.milestones.title|due`.
export function checkProject(v) {
  const errors = {};
  if (!v.need_ids?.length) errors.need_ids = { key: 'form.required' };
  checkText(errors, 'title', v.title, { required: true, min: 2, max: 100 });
  checkText(errors, 'description', v.description, { max: 5000 });
  (v.milestones ?? []).forEach((m, i) => {
    checkText(errors, `plan.milestones.${i}.title`, m.title, { required: true, min: 1, max: 100 });
    if (!m.due) errors[`plan.milestones.${i}.due`] = { key: 'form.required' };
    else if (!DAY_RE.test(m.due)) errors[`plan.milestones.${i}.due`] = { key: 'form.date' };
  });
  return errors;
}

export function projectBody(v) {
  const b = { need_ids: v.need_ids.map(Number), title: str(v.title) };
  if (str(v.description)) b.description = str(v.description);
  if (v.resource_ids?.length) b.resource_ids = v.resource_ids.map(Number);
  if (v.unit_ids?.length) b.unit_ids = v.unit_ids.map(Number);
  if (v.owner_org_id) b.owner_org_id = Number(v.owner_org_id);
  b.plan = { milestones: (v.milestones ?? []).map((m) => ({ title: str(m.title), due: m.due })) };
  return b;
}

// The steps of a running project: POST /projects/{id}/events.
export const PROJECT_STEPS = {
  start: [{ name: 'note', kind: 'textarea', max: 2000 }],
  milestone: [
    { name: 'milestone_id', kind: 'milestone', required: true },
    { name: 'done_on', kind: 'date' },
    { name: 'note', kind: 'textarea', max: 2000 },
  ],
  complete: [
    { name: 'beneficiaries_reached', kind: 'number', required: true, min: 0, max: 10000000 },
    { name: 'summary', kind: 'textarea', required: true, min: 5, max: 5000 },
  ],
  evaluate: [
    { name: 'rating', kind: 'radio', required: true, options: RATINGS },
    { name: 'comment', kind: 'textarea', max: 1000 },
  ],
  comment: [{ name: 'note', kind: 'textarea', required: true, min: 1, max: 2000 }],
};
export const PROJECT_STEP_ORDER = ['start', 'milestone', 'complete', 'evaluate', 'comment'];

export function checkProjectStep(type, v) {
  const errors = {};
  for (const f of PROJECT_STEPS[type] ?? []) {
    if (f.kind === 'number') checkInt(errors, f.name, v[f.name], f);
    else if (f.kind === 'textarea') checkText(errors, f.name, v[f.name], f);
    else if (f.required && (v[f.name] === null || v[f.name] === undefined || v[f.name] === '')) errors[f.name] = { key: 'form.required' };
    else if (f.kind === 'date' && v[f.name] && !DAY_RE.test(v[f.name])) errors[f.name] = { key: 'form.date' };
  }
  return errors;
}

export function projectStepBody(type, v, version) {
  const b = { type };
  for (const f of PROJECT_STEPS[type] ?? []) {
    let x = v[f.name];
    if (x === null || x === undefined || x === '') continue;
    if (typeof x === 'string') x = x.trim();
    if (x === '') continue;
    if (f.kind === 'number' || f.kind === 'milestone') x = Number(x);
    b[f.name] = x;
  }
  if (version) b.version = version;
  return b;
}

export function checkActivity(v) {
  const errors = {};
  if (!v.kind) errors.kind = { key: 'form.required' };
  checkText(errors, 'title', v.title, { required: true, min: 2, max: 100 });
  checkText(errors, 'description', v.description, { max: 5000 });
  if (!v.org_id) errors.org_id = { key: 'form.required' };
  if (!v.date) errors.date = { key: 'form.required' };
  else if (!DAY_RE.test(v.date)) errors.date = { key: 'form.date' };
  checkText(errors, 'place', v.place, { max: 200 });
  checkInt(errors, 'participants', v.participants, { min: 0, max: 10000000 });
  checkInt(errors, 'audience', v.audience, { min: 0, max: 100000000 });
  return errors;
}

export function activityBody(v) {
  const b = { kind: v.kind, title: str(v.title), org_id: Number(v.org_id), date: v.date };
  if (str(v.description)) b.description = str(v.description);
  if (str(v.place)) b.place = str(v.place);
  if (v.project_id) b.project_id = Number(v.project_id);
  for (const k of ['participants', 'audience']) if (v[k] !== null && v[k] !== undefined && v[k] !== '') b[k] = Number(v[k]);
  return b;
}

// Where a server error about a field goes in a form whose fields are named differently:
// `plan.milestones.due` → the first milestone missing a date (or the milestones as a whole).
export function projectErrorField(field, milestones = []) {
  const m = /^plan\.milestones(?:\.(title|due))?$/.exec(field ?? '');
  if (!m) return field;
  if (!m[1]) return 'plan.milestones';
  const i = milestones.findIndex((x) => !str(x[m[1]]));
  return `plan.milestones.${i >= 0 ? i : 0}.${m[1]}`;
}

// A tracking number of a need, as staff may type it to find one (GET /needs?no= takes
// the same: XQ, the day, a sequence of 4 to 9 digits, letters in either case).
export const NEED_NO_RE = /^XQ\d{8}-\d{4,9}$/i;

// The score as a percentage for people.
export function percent(score) {
  return Math.round(Math.max(0, Math.min(1, Number(score) || 0)) * 100);
}
