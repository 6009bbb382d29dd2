// Notices name their subject: the notifications of an appeal step, a need step and a
// project step carry {kind, id, no|title}, and the submitter's notices in outbox.jsonl
// carry subject_kind and subject_id; a need is found by its number on the server
// (GET /api/v1/needs?no=), within the caller's scope, an unknown number giving an empty
// list and a malformed one 400; and rows written before migration 0009 get the same
// subjects from it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, BIN, cli, errorOf, makeDataDir, removeDir, sqlQuery, TEST_TIMEOUT_MS } from './lib/server.mjs';
import { appealServer, driveTo, notifications, outbox, submit, tick } from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
let ctx;

const day = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

before(async () => {
  ctx = await appealServer({ now: new Date().toISOString() });
});
after(async () => {
  await ctx?.stop();
});

// Runs worker rounds until the outbox is delivered (each round delivers a bounded batch,
// oldest first, and the demo queued many); the lines of outbox.jsonl.
async function delivered() {
  for (let i = 0; i < 100 && (await tick(ctx.url)).delivered > 0; i++);
  return outbox(ctx);
}

// The session's notice of `kind` about the subject (kind, id), or undefined.
async function noticeAbout(sess, kind, subjectKind, id) {
  const { items } = await notifications(sess);
  return items.find((n) => n.kind === kind && n.subject?.kind === subjectKind && n.subject.id === id);
}

describe('notices name their subject', () => {
  let need;
  let project;

  test('an appeal step: the unit is told of the appeal by id and number, and so is the submitter', T, async () => {
    const a = await submit(ctx);
    await driveTo(ctx, a, 'dispatched');
    const note = await noticeAbout(await ctx.as('xiexia.handler'), 'dispatched', 'appeal', a.id);
    assert.ok(note, 'the lead unit is told of the dispatch');
    assert.deepEqual(note.subject, { kind: 'appeal', id: a.id, no: a.tracking_no });
    assert.equal(note.appeal_id, a.id, 'appeal_id stays as it was');
    const lines = (await delivered()).filter((l) => l.dedupe_key.startsWith(`appeal:${a.id}:`));
    assert.ok(lines.length >= 2, 'the submitter heard of the submission and the dispatch');
    for (const l of lines) {
      assert.equal(l.subject_kind, 'appeal');
      assert.equal(l.subject_id, a.id);
      assert.equal(l.subject, '回音：诉求进展', 'the subject line is unchanged');
    }
  });

  test('a need step: the secretary is told of a new need and of a report (报到) by the need', T, async () => {
    const res = await api(ctx.url, 'POST', '/api/v1/needs', {
      body: {
        title: '楼道灯维修志愿服务',
        description: '老旧小区楼道灯损坏较多，需要懂电工的志愿者帮忙更换。',
        category: 'elderly',
        location: { community_id: ctx.orgs.xiexia.id, address: '斜下社区老旧小区' },
        beneficiaries: { who: '小区住户', count: 40 },
        submitter: { name: '王建国', phone: '13912340000' },
      },
    });
    assert.equal(res.status, 201, res.text);
    need = res.json;
    const secretary = await ctx.as('secretary');
    const created = await noticeAbout(secretary, 'new_need', 'need', need.id);
    assert.ok(created, 'the secretary is told of the new need');
    assert.deepEqual(created.subject, { kind: 'need', id: need.id, no: need.tracking_no });
    assert.equal(created.appeal_id, null);

    const handler = await ctx.as('handler');
    const r = await handler.post('/api/v1/resources', {
      title: '党员电工志愿者',
      description: '经济发展局党员电工志愿者，可上门更换灯具。',
      kind: 'volunteers',
      category: 'elderly',
      org_id: ctx.orgs.econ.id,
      quantity: 4,
      unit: '人',
      available_from: day(-1),
      available_to: day(60),
    });
    assert.equal(r.status, 201, r.text);
    const c = await handler.post(`/api/v1/resources/${r.json.id}/commitments`, { need_id: need.id, quantity: 2 });
    assert.equal(c.status, 201, c.text);
    const report = await noticeAbout(secretary, 'need_report', 'need', need.id);
    assert.ok(report, 'the secretary is told of the report');
    assert.deepEqual(report.subject, { kind: 'need', id: need.id, no: need.tracking_no });

    const lines = (await delivered()).filter((l) => l.dedupe_key.startsWith(`need:${need.id}:`));
    assert.ok(lines.length >= 2, 'the resident heard of the submission and the report');
    for (const l of lines) assert.deepEqual([l.subject_kind, l.subject_id], ['need', need.id]);

    // The project that takes the need up: the unit taking part is told of the project.
    const p = await secretary.post('/api/v1/projects', {
      need_ids: [need.id],
      resource_ids: [r.json.id],
      unit_ids: [ctx.orgs.econ.id],
      title: '楼道灯点亮行动',
      description: '党员电工志愿者和社区一起更换楼道灯。',
      owner_org_id: ctx.orgs.xiexia.id,
      plan: { milestones: [{ title: '排查损坏灯具', due: day(7) }] },
    });
    assert.equal(p.status, 201, p.text);
    project = p.json;
  });

  test('a project step: the unit taking part is told of the new project by id and title', T, async () => {
    const note = await noticeAbout(await ctx.as('handler'), 'project_created', 'project', project.id);
    assert.ok(note, 'the unit is told of the project');
    assert.deepEqual(note.subject, { kind: 'project', id: project.id, title: '楼道灯点亮行动' });
  });

  test('?no= finds exactly that need, in either case, and only within the caller’s scope', T, async () => {
    const secretary = await ctx.as('secretary');
    for (const no of [need.tracking_no, need.tracking_no.toLowerCase()]) {
      const res = await secretary.get(`/api/v1/needs?no=${no}`);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json.items.map((n) => [n.id, n.tracking_no]), [[need.id, need.tracking_no]]);
      assert.equal(res.json.next, null);
    }
    // With another filter that excludes it: nothing.
    const closed = await secretary.get(`/api/v1/needs?no=${need.tracking_no}&status=closed`);
    assert.deepEqual(closed.json.items, []);
    // A secretary of another community does not see it: the same empty list as an unknown number.
    const other = await ctx.addStaff('notice.yuhu.sec', 'secretary', 'yuhu');
    assert.deepEqual((await other.get(`/api/v1/needs?no=${need.tracking_no}`)).json.items, []);
    const unknown = await secretary.get('/api/v1/needs?no=XQ20000101-9999');
    assert.equal(unknown.status, 200, unknown.text);
    assert.deepEqual(unknown.json, { items: [], next: null });
  });

  test('a malformed ?no= is 400 naming no', T, async () => {
    const secretary = await ctx.as('secretary');
    for (const no of ['', 'XQ123', 'HY20261125-0001', `${need.tracking_no}x`, '20261125-0001', 'XQ20261125-00%201']) {
      const res = await secretary.get(`/api/v1/needs?no=${no}`);
      assert.equal(res.status, 400, `${no}: ${res.text}`);
      assert.equal(errorOf(res).field, 'no', no);
    }
  });
});

describe('migration 0009 gives older notices their subject', () => {
  let dir;
  before(() => {
    dir = makeDataDir();
  });
  after(() => {
    if (dir) removeDir(dir.root);
  });

  test('notices written before it get the subjects the code now writes', T, () => {
    const subjects = (table) =>
      sqlQuery(dir.dataDir, `SELECT id, subject_kind, subject_id FROM ${table} ORDER BY id`);
    const kinds = sqlQuery(dir.dataDir, 'SELECT DISTINCT subject_kind FROM notifications ORDER BY 1');
    assert.deepEqual(kinds.split('\n'), ['appeal', 'need', 'project'], 'the demo has notices of each kind');
    const written = { notifications: subjects('notifications'), outbox: subjects('outbox') };
    assert.equal(sqlQuery(dir.dataDir, 'SELECT COUNT(*) FROM notifications WHERE subject_kind IS NULL'), '0');
    // The database as it was before 0009: no subject columns, 0008 the last migration.
    for (const table of ['notifications', 'outbox'])
      for (const col of ['subject_kind', 'subject_id']) sqlQuery(dir.dataDir, `ALTER TABLE ${table} DROP COLUMN ${col}`);
    sqlQuery(dir.dataDir, 'DELETE FROM schema_migrations WHERE version = 9');
    const res = cli(BIN, ['migrate'], { dataDir: dir.dataDir });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /1 migration/);
    assert.deepEqual({ notifications: subjects('notifications'), outbox: subjects('outbox') }, written);
  });
});
