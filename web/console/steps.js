// steps: the form of each staff step of POST /api/v1/appeals/{id}/events, as data.
// Each field: name (the API's), kind (the input), required, and limits the API checks too,
// so a missing field is caught before the request, with the same message next to the field.
// The server stays the judge: its 400s name the field and are shown in the same place.

export const TIERS = ['emergency', 'utility', 'general', 'complex'];
export const OUTCOMES = ['resolved', 'explained', 'unresolvable'];
export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'];
// 问题是否解决: the person's own word on whether the problem was solved (the resolution rate).
export const RESOLVED = ['yes', 'partly', 'no'];

export const STEPS = {
  accept: [
    { name: 'tier', kind: 'select', options: TIERS, optionKey: 'tier' },
    { name: 'note', kind: 'textarea', max: 2000 },
  ],
  decline: [{ name: 'reply', kind: 'textarea', required: true, min: 15, max: 5000 }],
  dispatch: [
    { name: 'lead_org_id', kind: 'org', required: true },
    { name: 'assist_org_ids', kind: 'orgs' },
    { name: 'note', kind: 'textarea', max: 2000 },
  ],
  acknowledge: [],
  return: [{ name: 'reason', kind: 'textarea', required: true, min: 2, max: 2000 }],
  contact: [{ name: 'note', kind: 'textarea', max: 5000 }],
  progress: [{ name: 'note', kind: 'textarea', required: true, min: 1, max: 5000 }],
  note: [{ name: 'note', kind: 'textarea', required: true, min: 1, max: 5000 }],
  extend_request: [
    { name: 'days', kind: 'number', required: true, min: 1, max: 30 },
    { name: 'reason', kind: 'textarea', required: true, min: 2, max: 2000 },
  ],
  extend_approve: [],
  extend_reject: [{ name: 'reason', kind: 'textarea', max: 2000 }],
  reply: [
    { name: 'reply', kind: 'reply', required: true, min: 15, max: 5000 },
    { name: 'outcome', kind: 'radio', required: true, options: OUTCOMES, optionKey: 'outcome' },
  ],
  callback: [
    { name: 'resolved', kind: 'radio', required: true, options: RESOLVED, optionKey: 'resolved' },
    { name: 'rating', kind: 'radio', required: true, options: RATINGS, optionKey: 'rating' },
    { name: 'note', kind: 'textarea', max: 2000 },
  ],
  suspend: [{ name: 'reason', kind: 'textarea', required: true, min: 2, max: 2000 }],
  resume: [],
  supervise: [{ name: 'note', kind: 'textarea', required: true, min: 1, max: 5000 }],
  merge: [{ name: 'into_id', kind: 'appeal', required: true }],
  publish: [
    { name: 'title', kind: 'text', min: 2, max: 100 },
    { name: 'description', kind: 'textarea', max: 5000 },
    { name: 'reply', kind: 'textarea', max: 5000 },
  ],
  unpublish: [],
};

// The order buttons appear in: the step that moves the case on comes first.
export const STEP_ORDER = [
  'accept', 'dispatch', 'acknowledge', 'contact', 'reply', 'progress', 'callback', 'extend_request',
  'extend_approve', 'extend_reject', 'return', 'decline', 'suspend', 'resume', 'supervise', 'merge',
  'publish', 'unpublish', 'note',
];

// Steps that undo or refuse something get a warning colour.
export const STEP_DANGER = new Set(['decline', 'return', 'extend_reject', 'suspend', 'unpublish']);

// Length in characters as the server counts them (code points, not UTF-16 units).
export function textLength(s) {
  return [...(s ?? '')].length;
}

// Client-side check of one step's values: {field: messageKey+params} for what is missing
// or out of bounds. Empty object when the form may be sent.
export function checkStep(type, values) {
  const errors = {};
  for (const f of STEPS[type] ?? []) {
    const v = values[f.name];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (f.required) errors[f.name] = { key: 'form.required' };
      continue;
    }
    if (f.kind === 'number') {
      if (!Number.isInteger(Number(v)) || v < f.min || v > f.max) errors[f.name] = { key: 'form.range', params: { min: f.min, max: f.max } };
    } else if (typeof v === 'string') {
      const n = textLength(v.trim());
      if (f.min && n < f.min) errors[f.name] = { key: 'form.min_chars', params: { n: f.min } };
      else if (f.max && n > f.max) errors[f.name] = { key: 'form.max_chars', params: { n: f.max } };
    }
  }
  return errors;
}

// The request body of a step from the form's values: only the fields that were filled in.
export function stepBody(type, values, version) {
  const body = { type };
  for (const f of STEPS[type] ?? []) {
    let v = values[f.name];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0 && f.kind !== 'orgs')) continue;
    if (typeof v === 'string') v = v.trim();
    if (f.kind === 'number' || f.kind === 'org' || f.kind === 'appeal') v = Number(v);
    body[f.name] = v;
  }
  if (version) body.version = version;
  return body;
}
