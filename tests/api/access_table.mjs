// Who may do what: the expected answer of every route of src/http/routes.c for every caller,
// on an object in the caller's scope and on one outside it. Read by access_matrix.test.mjs,
// which walks the route table itself (`huiyin routes`) and fails when a route has no row
// here, or a row names a route that no longer exists. Keep one row per route, in the
// order of the route table.
//
// Callers (ROLES): anonymous; the demo's admin, dispatcher and supervisor (all at the
// district), handler (经济发展局), secretary (斜下社区), liaison (亿纬锂能); and an admin
// and a dispatcher of 御湖社区 (cadmin, cdisp) that the test creates.
//
// Objects. Each noun has an object A (斜下社区's side: an appeal placed at 斜下, led by
// 经济发展局 and filed by 亿纬锂能; a need at 斜下; ...), an object B (御湖社区's side)
// and for some nouns an object C (亿纬锂能's own). A caller's object "in scope" is its
// home object — B for cadmin and cdisp, C for the liaison where the noun has one (`home`),
// else A — and "out of scope" is B, or A for those at home in B. The district roles see
// both. Per-caller nouns (tokens, notifications) are the caller's own (in) and another
// user's (out). The fixtures are built in access_matrix.test.mjs.
//
// Expected answers (`expect`): a status, or [in scope, out of scope]; `staff` gives the
// default for every logged-in caller, and anonymous callers of staff routes get 401 unless
// `anon` says otherwise. The rules:
// - 404 for what the caller may not see (the object does not exist for them);
// - 403 for what they see but may not do (the catalogue, resources and activities are
//   seen by all staff, the catalogue by the public too; an organisation by the staff whose
//   scope holds it, though the public reads the tree). A
//   supervisor, or anyone whose roles change nothing, gets 403 on every state-changing
//   route but their own things (logout, tokens, notifications, their account, /track);
// - otherwise success (2xx). The body each row sends would succeed for a caller with the
//   right; where success would use up a shared object, the row either makes a fresh
//   object for each success case (`fresh`) or sends a body that fails only after the
//   authorisation passed, and then expects that answer: 409 already_granted,
//   already_member, conflict (an existing dispatch rule), no_match (a whistle without
//   matching resources), insufficient (a commitment above what remains), or 400 for the
//   empty login body. Any answer but a 2xx must leave every row as it was (the test
//   compares a fingerprint of all tables, rate-limit counters aside).
// `extra` adds cases beyond in and out of scope: {which, role, letter, expect} with an
// optional body or params of their own (a user with roles in and out of the caller's
// scope, a reference to an object the caller does not see).
// `query` appends a query string to the path.
// `skip` excludes a route with a reason (the test-clock routes).
import crypto from 'node:crypto';

export const ROLES = ['anon', 'admin', 'dispatcher', 'supervisor', 'handler', 'secretary', 'liaison', 'cadmin', 'cdisp'];

// A valid 1×1 PNG.
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

let n = 0;
const uniq = (p) => `${p}${process.pid.toString(36)}${(++n).toString(36)}`;
const wrongToken = () => crypto.randomBytes(32).toString('base64url');
const same = (o, ...keys) => Object.fromEntries(keys.map((k) => [k, o[k]]));

// Reading routes open to the public, and to every logged-in caller alike.
const PUBLIC_200 = { anon: 200, staff: 200 };
// Reading routes for any logged-in caller.
const STAFF_200 = { staff: 200 };
// What an appeal's caller sees: the district roles both, the others their own.
const SEES_APPEAL = { staff: [200, 404], admin: 200, dispatcher: 200, supervisor: 200 };
const SEES_NEED = { staff: [200, 404], admin: 200, dispatcher: 200, supervisor: 200, liaison: 404 };
const SEES_PROJECT = SEES_NEED;
// A room is seen by staff whose scope holds its community.
const SEES_ROOM = { staff: [200, 404], admin: 200, dispatcher: 200, supervisor: 200, handler: 404, liaison: 404 };
// Writes on the tree: an organisation outside the caller's staff scope is 404 (as the
// tests of orgs.test.mjs have it; its public reading is the public's view), one inside it
// 403 unless the caller is its admin. `ok` is the authorised answer.
const ORG_WRITE = (ok, over) => ({
  staff: [403, 404],
  admin: ok,
  dispatcher: 403,
  supervisor: 403,
  handler: 404,
  liaison: 404,
  ...over,
});

export const table = {
  'GET /healthz': { expect: PUBLIC_200 },

  'POST /api/v1/auth/login': { body: () => ({}), expect: { anon: 400, staff: 400 } },
  'POST /api/v1/auth/logout': { session: 'fresh', expect: { staff: 204 } },
  'GET /api/v1/me': { expect: STAFF_200 },
  'GET /api/v1/tokens': { expect: STAFF_200 },
  'POST /api/v1/tokens': { body: () => ({ name: uniq('mx-token-') }), expect: { staff: 201 } },
  'DELETE /api/v1/tokens/{id}': {
    noun: 'token',
    fresh: (fx, c) => fx.freshToken(c.role),
    expect: { staff: [204, 404] },
  },

  'GET /api/v1/users': { expect: { staff: 403, admin: 200, cadmin: 200 } },
  'POST /api/v1/users': {
    body: () => ({ username: uniq('mx.u'), display_name: '矩阵测试用户', password: 'staff-pass-123' }),
    expect: { staff: 403, admin: 201, cadmin: 201 },
  },
  // User M holds a role at 御湖 and one at the district: a community admin sees it (its
  // 御湖 role) but may change nothing of it.
  'GET /api/v1/users/{id}': {
    noun: 'user',
    expect: { staff: 404, admin: 200, cadmin: [200, 404] },
    extra: [{ which: 'mixed roles', role: 'cadmin', letter: 'M', expect: 200 }],
  },
  // Another user's account; one's own is personal (see access_fixes.test.mjs).
  'PATCH /api/v1/users/{id}': {
    noun: 'user',
    body: (o) => same(o, 'display_name'),
    expect: { staff: 404, admin: 200, cadmin: [200, 404] },
    extra: [{ which: 'mixed roles', role: 'cadmin', letter: 'M', expect: 403 }],
  },
  // The role the user already holds: 409 already_granted once the caller may grant it.
  'POST /api/v1/users/{id}/roles': {
    noun: 'user',
    body: (o) => ({ role: o.role, org_id: o.org_id }),
    expect: { staff: 404, supervisor: 403, admin: 409, cadmin: [409, 404] },
    extra: [
      { which: 'mixed roles', role: 'cadmin', letter: 'M', expect: 403 },
      // Above the caller's own grant.
      { which: 'a role at the district', role: 'cadmin', letter: 'B', body: (o, fx) => ({ role: 'handler', org_id: fx.orgs.district.id }), expect: 403 },
    ],
  },
  'DELETE /api/v1/users/{id}/roles/{id}': {
    noun: 'user',
    params: (o) => [o.id, o.role_id],
    fresh: (fx, c) => fx.freshGrantee(c.letter),
    expect: { staff: 404, supervisor: 403, admin: 204, cadmin: [204, 404] },
    extra: [{ which: 'mixed roles', role: 'cadmin', letter: 'M', expect: 403 }],
  },

  'GET /api/v1/orgs': { expect: PUBLIC_200 },
  'POST /api/v1/orgs': {
    noun: 'org',
    body: (o) => ({ parent_id: o.id, kind: 'unit', unit_type: 'other', name: uniq('矩阵测试单位') }),
    expect: ORG_WRITE(201, { cadmin: [201, 404] }),
  },
  'GET /api/v1/orgs/{id}': { noun: 'org', expect: PUBLIC_200 },
  'PATCH /api/v1/orgs/{id}': {
    noun: 'org',
    body: (o) => same(o, 'description'),
    expect: ORG_WRITE(200, { cadmin: [200, 404] }),
  },
  'GET /api/v1/orgs/{id}/members': { noun: 'org', expect: PUBLIC_200 },
  // A unit of the alliance's own community that is a member already: 409 already_member.
  'POST /api/v1/orgs/{id}/members': {
    noun: 'org',
    body: (o) => ({ unit_id: o.member_id }),
    expect: ORG_WRITE(409, { cadmin: [409, 404], secretary: [409, 404] }),
    // A unit outside the secretary's scope does not join (it would widen their scope).
    extra: [{ which: 'a unit out of scope', role: 'secretary', letter: 'A', body: (o, fx) => ({ unit_id: fx.obj.unit.B.id }), expect: 403 }],
  },

  'GET /api/v1/categories': { expect: PUBLIC_200 },
  'POST /api/v1/categories': {
    body: () => ({ code: uniq('mx_c').replace(/[^a-z0-9_]/g, '_'), name: '矩阵测试类别', name_en: 'Matrix', tier: 'general' }),
    expect: { staff: 403, admin: 201 },
  },
  'PATCH /api/v1/categories/{key}': { noun: 'category', body: (o) => same(o, 'name'), expect: { staff: 403, admin: 200 } },
  'GET /api/v1/tiers': { expect: PUBLIC_200 },
  'PATCH /api/v1/tiers/{key}': { noun: 'tier', body: (o) => same(o, 'answer'), expect: { staff: 403, admin: 200 } },
  'GET /api/v1/calendar': { expect: PUBLIC_200 },
  'PUT /api/v1/calendar/{key}': { noun: 'day', body: (o) => same(o, 'kind', 'name'), expect: { staff: 403, admin: 200 } },
  'DELETE /api/v1/calendar/{key}': {
    noun: 'day',
    fresh: (fx) => fx.freshDay(),
    expect: { staff: 403, admin: 204 },
  },
  'GET /api/v1/dispatch-rules': { expect: STAFF_200 },
  // The rule that exists for the category and community: 409 conflict once allowed.
  'POST /api/v1/dispatch-rules': {
    noun: 'rule',
    body: (o) => same(o, 'category', 'community_id', 'target'),
    expect: { staff: 403, admin: 409, cadmin: [409, 403] },
  },
  'DELETE /api/v1/dispatch-rules/{id}': {
    noun: 'rule',
    fresh: (fx, c) => fx.freshRule(c.letter),
    expect: { staff: 403, admin: 204, cadmin: [204, 403] },
  },
  'GET /api/v1/reply-templates': { expect: STAFF_200 },
  'POST /api/v1/reply-templates': {
    noun: 'template',
    body: (o) => ({ category: null, community_id: o.community_id, title: uniq('矩阵模板'), body: '您好，{name}：您的诉求 {tracking_no} 已办结。' }),
    expect: { staff: 403, admin: 201, dispatcher: 201, cadmin: [201, 403], cdisp: [201, 403] },
  },
  'PATCH /api/v1/reply-templates/{id}': {
    noun: 'template',
    body: (o) => same(o, 'title'),
    expect: { staff: 403, admin: 200, dispatcher: 200, cadmin: [200, 403], cdisp: [200, 403] },
  },
  'DELETE /api/v1/reply-templates/{id}': {
    noun: 'template',
    fresh: (fx, c) => fx.freshTemplate(c.letter),
    expect: { staff: 403, admin: 204, dispatcher: 204, cadmin: [204, 403], cdisp: [204, 403] },
  },

  'GET /api/v1/appeals': { expect: STAFF_200 },
  // Any staff member records a call or visit (the public its own submission).
  'POST /api/v1/appeals': {
    noun: 'org',
    body: (o, fx, c) => fx.appealBody(o.id, c.role === 'anon' ? 'web' : 'hotline'),
    expect: { anon: 201, staff: 201, supervisor: 403 },
  },
  'GET /api/v1/appeals/{id}': { noun: 'appeal', expect: SEES_APPEAL },
  // An internal note: any staff member who sees the appeal as staff, not the liaison.
  'POST /api/v1/appeals/{id}/events': {
    noun: 'appeal',
    body: () => ({ type: 'note', note: '矩阵测试内部备注' }),
    expect: { ...SEES_APPEAL, supervisor: 403, liaison: [403, 404] },
  },
  'GET /api/v1/appeals/{id}/events': { noun: 'appeal', expect: SEES_APPEAL },
  'GET /api/v1/appeals/{id}/similar': { noun: 'appeal', expect: SEES_APPEAL },
  'GET /api/v1/appeals/{id}/reply-templates': { noun: 'appeal', expect: { ...SEES_APPEAL, liaison: [403, 404] } },
  'GET /api/v1/public/appeals': { expect: PUBLIC_200 },
  // The access token decides, not the login: the right one (in) or a wrong one (out).
  // The two rows send 18 wrong tokens from one address, under the default limit of
  // intake.wrong_tokens_per_hour (20).
  'GET /api/v1/track/{key}': {
    noun: 'appeal',
    home: { cadmin: 'A', cdisp: 'A' },
    params: (o) => [o.tracking_no],
    headers: (o, fx, c) => ({ 'X-Access-Token': c.which === 'in' ? o.access_token : wrongToken() }),
    expect: { anon: [200, 404], staff: [200, 404] },
  },
  'POST /api/v1/track/{key}/events': {
    noun: 'appeal',
    home: { cadmin: 'A', cdisp: 'A' },
    params: (o) => [o.tracking_no],
    headers: (o, fx, c) => ({ 'X-Access-Token': c.which === 'in' ? o.access_token : wrongToken() }),
    body: () => ({ type: 'add_info', text: '矩阵测试：补充说明。' }),
    expect: { anon: [200, 404], staff: [200, 404] },
  },
  'GET /api/v1/notifications': { expect: STAFF_200 },
  'POST /api/v1/notifications/{id}/read': { noun: 'notification', expect: { staff: [204, 404] } },

  'POST /api/v1/attachments': {
    raw: PNG,
    headers: () => ({ 'Content-Type': 'image/png' }),
    expect: { anon: 201, staff: 201, supervisor: 403 },
  },
  // Readable as the appeal is (neither appeal is published; no token is sent).
  'GET /api/v1/attachments/{key}': { noun: 'attachment', expect: { ...SEES_APPEAL, anon: 404 } },
  // The dispatchers of the appeal's place decide what shows on the wall.
  'POST /api/v1/attachments/{key}/redact': {
    noun: 'attachment',
    body: () => ({ redacted: false }),
    expect: { ...SEES_APPEAL, staff: [403, 404], admin: 403, supervisor: 403, cdisp: [200, 404] },
  },

  'GET /api/v1/needs': { expect: STAFF_200 },
  // The public raises needs anywhere; staff: a secretary, dispatcher or admin of the place.
  'POST /api/v1/needs': {
    noun: 'org',
    body: (o, fx, c) => fx.needBody(o.id, c.role === 'anon'),
    expect: { anon: 201, staff: 403, admin: 201, dispatcher: 201, secretary: [201, 403], cadmin: [201, 403], cdisp: [201, 403] },
  },
  'GET /api/v1/needs/{id}': { noun: 'need', expect: SEES_NEED },
  'PATCH /api/v1/needs/{id}': {
    noun: 'need',
    body: (o) => same(o, 'title'),
    expect: { ...SEES_NEED, supervisor: 403, handler: [403, 404] },
  },
  'GET /api/v1/needs/{id}/events': { noun: 'need', expect: SEES_NEED },
  'GET /api/v1/needs/{id}/matches': { noun: 'need', expect: SEES_NEED },
  // Nothing matches these needs: 409 no_match once the caller may whistle.
  'POST /api/v1/needs/{id}/whistle': {
    noun: 'need',
    body: () => ({}),
    expect: { staff: [409, 404], admin: 409, dispatcher: 409, supervisor: 403, handler: [403, 404], liaison: 404 },
  },
  'GET /api/v1/resources': { expect: STAFF_200 },
  // A unit's handlers and liaison, and admins above it, keep its resources.
  'POST /api/v1/resources': {
    noun: 'unit',
    home: { liaison: 'C' },
    body: (o, fx) => fx.resourceBody(o.id),
    expect: { staff: 403, admin: 201, handler: [201, 403], liaison: [201, 403], cadmin: [201, 403] },
  },
  'GET /api/v1/resources/{id}': { noun: 'resource', home: { liaison: 'C' }, expect: STAFF_200 },
  'PATCH /api/v1/resources/{id}': {
    noun: 'resource',
    home: { liaison: 'C' },
    body: (o) => same(o, 'title'),
    expect: { staff: 403, admin: 200, handler: [200, 403], liaison: [200, 403], cadmin: [200, 403] },
  },
  'GET /api/v1/resources/{id}/events': { noun: 'resource', home: { liaison: 'C' }, expect: STAFF_200 },
  // More than remains: 409 insufficient once the caller may commit it to a need they see.
  // The liaison's unit sees no need (404 need_id).
  'POST /api/v1/resources/{id}/commitments': {
    noun: 'resource',
    home: { liaison: 'C' },
    body: (o) => ({ need_id: o.need_id, quantity: 1000000000 }),
    expect: { staff: 403, admin: 409, handler: [409, 403], liaison: [404, 403], cadmin: [409, 403] },
  },
  'GET /api/v1/projects': { expect: STAFF_200 },
  // 接单: a secretary, dispatcher or admin of the need's place; a fresh need each time.
  'POST /api/v1/projects': {
    noun: 'need',
    fresh: (fx, c) => fx.freshNeed(c.letter),
    body: (o) => ({ need_ids: [o.id], title: uniq('矩阵测试项目') }),
    expect: { staff: [201, 404], admin: 201, dispatcher: 201, supervisor: 403, handler: [403, 404], liaison: 404 },
  },
  'GET /api/v1/projects/{id}': { noun: 'project', expect: SEES_PROJECT },
  'PATCH /api/v1/projects/{id}': {
    noun: 'project',
    body: (o) => same(o, 'title'),
    expect: { ...SEES_PROJECT, supervisor: 403, handler: [403, 404] },
  },
  'POST /api/v1/projects/{id}/events': {
    noun: 'project',
    body: () => ({ type: 'comment', note: '矩阵测试评论' }),
    expect: { ...SEES_PROJECT, supervisor: 403 },
  },
  'GET /api/v1/projects/{id}/events': { noun: 'project', expect: SEES_PROJECT },
  'GET /api/v1/public/projects': { expect: PUBLIC_200 },
  'GET /api/v1/activities': { expect: STAFF_200 },
  // Any staff member but supervisors, for organisers in their scope (a secretary's covers
  // the member units of their alliance: 经济发展局 is one of 斜下's).
  'POST /api/v1/activities': {
    noun: 'unit',
    home: { liaison: 'C' },
    body: (o, fx) => fx.activityBody(o.id),
    expect: { staff: [201, 403], admin: 201, dispatcher: 201, supervisor: 403 },
    // A project the caller does not see is as unknown as a missing one.
    extra: [{ which: 'an unseen project', role: 'handler', letter: 'A', body: (o, fx) => ({ ...fx.activityBody(o.id), project_id: fx.obj.project.B.id }), expect: 404 }],
  },
  'GET /api/v1/activities/stats': { expect: STAFF_200 },
  // The figures: every staff member over their own scope; a liaison has none.
  'GET /api/v1/stats/summary': { expect: { staff: 200, liaison: 403 } },
  'GET /api/v1/stats/units': { expect: { staff: 200, liaison: 403 } },
  'GET /api/v1/stats/trend': { expect: { staff: 200, liaison: 403 } },
  'GET /api/v1/stats/settings': { expect: STAFF_200 },
  'PUT /api/v1/stats/settings': {
    body: () => ({ weights: { response: 0.1, resolution: 0.45, satisfaction: 0.45 }, min_denominator: 5 }),
    expect: { staff: 403, admin: 200 },
  },
  // 每月一题: a pin names a group of the month for an org, by a dispatcher or admin at or
  // above it; the key named here is no group, so the authorised answer is 404 (nothing
  // written either way).
  'GET /api/v1/stats/topics': { expect: { staff: 200, liaison: 403 } },
  'POST /api/v1/stats/topics/pin': {
    noun: 'org',
    body: (o) => ({ month: '2026-09', key: 'other:无此+分组', label: '矩阵测试', org: o.id }),
    expect: { staff: 403, admin: 404, dispatcher: 404, cadmin: [404, 403], cdisp: [404, 403] },
  },
  'DELETE /api/v1/stats/topics/pin': {
    noun: 'org',
    body: (o) => ({ month: '2026-09', key: 'other:无此+分组', org: o.id }),
    expect: { staff: 403, admin: 404, dispatcher: 404, cadmin: [404, 403], cdisp: [404, 403] },
  },
  'GET /api/v1/stats/lists': { expect: { staff: 200, liaison: 403 } },
  'GET /api/v1/activities/{id}': { noun: 'activity', home: { liaison: 'C' }, expect: STAFF_200 },
  'PATCH /api/v1/activities/{id}': {
    noun: 'activity',
    home: { liaison: 'C' },
    body: (o) => same(o, 'title'),
    expect: { staff: [200, 403], admin: 200, dispatcher: 200, supervisor: 403 },
    extra: [{ which: 'an unseen project', role: 'handler', letter: 'A', body: (o, fx) => ({ project_id: fx.obj.project.B.id }), expect: 404 }],
  },

  // Reception rooms: staff whose scope holds the community read them; its secretaries and
  // admins (at or above it) keep them; the public reads a community's active rooms.
  'GET /api/v1/rooms': { expect: STAFF_200 },
  'POST /api/v1/rooms': {
    noun: 'org',
    body: (o, fx) => fx.roomBody(o.id),
    expect: { staff: 403, admin: 201, secretary: [201, 403], cadmin: [201, 403] },
  },
  'GET /api/v1/rooms/{id}': { noun: 'room', expect: SEES_ROOM },
  'PATCH /api/v1/rooms/{id}': {
    noun: 'room',
    body: (o) => same(o, 'name'),
    expect: { ...SEES_ROOM, staff: [403, 404], admin: 200, dispatcher: 403, supervisor: 403, secretary: [200, 404], cadmin: [200, 404] },
  },
  'GET /api/v1/rooms/{id}/events': { noun: 'room', expect: SEES_ROOM },
  'GET /api/v1/public/rooms': { noun: 'org', query: (o) => `?community_id=${o.id}`, expect: PUBLIC_200 },
  // Reception rooms' visits: the staff of the room's community and of the member units of
  // its alliance (经济发展局 is one of 斜下's); a liaison sees none.
  'GET /api/v1/visits': { expect: STAFF_200 },
  'POST /api/v1/visits': {
    noun: 'room',
    body: (o, fx) => fx.visitBody(o.id),
    expect: { staff: [201, 404], admin: 201, dispatcher: 201, supervisor: 403, liaison: 404 },
  },
  'GET /api/v1/visits/stats': { expect: STAFF_200 },
  'GET /api/v1/visits/{id}': { noun: 'visit', expect: { ...SEES_APPEAL, liaison: 404 } },
  // Answering decides a visit once: a fresh visit for each success.
  'POST /api/v1/visits/{id}/events': {
    noun: 'visit',
    fresh: (fx, c) => fx.freshVisit(c.letter),
    body: () => ({ type: 'answer', answer: '矩阵测试：当场答复。' }),
    expect: { ...SEES_APPEAL, supervisor: 403, liaison: 404 },
  },
  // The posters of active rooms are public.
  'GET /api/v1/rooms/{id}/poster.svg': { noun: 'room', expect: PUBLIC_200 },
  'GET /api/v1/rooms/{id}/poster.png': { noun: 'room', expect: PUBLIC_200 },

  'POST /api/v1/test/clock': { skip: 'exists only with --test-clock' },
  'POST /api/v1/test/tick': { skip: 'exists only with --test-clock' },
};

// The expected status of one case: role, and which object ('in', 'out', or 'one' for a
// route without an object). Staff routes answer anonymous callers 401 unless the row says.
export function expected(row, route, role, which) {
  const e = row.expect;
  let v;
  if (role === 'anon') v = e.anon ?? (route.flags.includes('staff') ? 401 : undefined);
  else v = e[role] ?? e.staff;
  if (v === undefined) throw new Error(`${route.method} ${route.pattern}: no expectation for ${role}`);
  if (!Array.isArray(v)) return v;
  return which === 'out' ? v[1] : v[0];
}

// The letters of a caller's objects: home (in scope) and the other (out of scope).
export function lettersOf(row, role) {
  const home = row.home?.[role] ?? (role === 'cadmin' || role === 'cdisp' ? 'B' : 'A');
  return { in: home, out: home === 'B' ? 'A' : 'B' };
}
