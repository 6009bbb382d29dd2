// The audit trail: every step of an appeal is an event in a hash chain; the events API
// gives them in chain order; `huiyin audit verify` holds after a full life cycle and names
// the appeal and event when someone edits, removes a middle event or cuts off the last one
// directly in the database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, BIN, copyDataDir, removeDir, sqlQuery, TEST_TIMEOUT_MS } from './lib/server.mjs';
import {
  appealServer,
  BASE_TIME,
  driveTo,
  events,
  ok,
  plus,
  REPLY,
  setClock,
  submit,
  tick,
  trackPost,
} from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS * 2 };
let ctx;
let pristine; // a copy of the data directory after the life cycles, server stopped
let full; // the appeal that went through everything
let short; // one with a few events
const tmpRoots = [];

// SQL on a data directory's database (sqlite3, or psql under HUIYIN_TEST_PG).
function sql(dataDir, statement) {
  return sqlQuery(dataDir, statement);
}

// A fresh copy of the pristine data directory (and its database) to tamper with.
function copyData() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'huiyin-audit-'));
  tmpRoots.push(root);
  return copyDataDir(pristine, path.join(root, 'data'));
}

function verify(dataDir) {
  return cli(BIN, ['audit', 'verify'], { dataDir });
}

before(async () => {
  ctx = await appealServer();
  const disp = await ctx.as('dispatcher');
  const lead = await ctx.as('xiexia.handler');
  await setClock(ctx.url, BASE_TIME);

  // Everything that writes an event: staff steps, the submitter's, reveals and the
  // worker's overdue, escalate and auto_close.
  full = await submit(ctx);
  await setClock(ctx.url, plus(BASE_TIME, 3 * 3600)); // past the accept deadline
  await tick(ctx.url);
  await ok(disp, full.id, 'accept');
  await ok(disp, full.id, 'dispatch', { lead_org_id: ctx.orgs.xiexia.id, assist_org_ids: [ctx.orgs.econ.id] });
  await ok(lead, full.id, 'acknowledge');
  await lead.get(`/api/v1/appeals/${full.id}?reveal=contact`);
  await ok(lead, full.id, 'contact', { note: '已电话联系。' });
  await ok(lead, full.id, 'note', { note: '内部备注' });
  await ok(lead, full.id, 'suspend', { reason: '请补充材料。' });
  await trackPost(ctx, full, { type: 'add_info', text: '材料已补充。' });
  await ok(lead, full.id, 'extend_request', { days: 2, reason: '需要协调。' });
  await ok(disp, full.id, 'extend_approve');
  await ok(disp, full.id, 'supervise', { note: '请抓紧办理。' });
  await ok(lead, full.id, 'reply', { reply: REPLY, outcome: 'resolved' });
  await trackPost(ctx, full, { type: 'rate', rating: 'unsatisfied', resolved: 'no', comment: '不满意' });
  await ok(lead, full.id, 'acknowledge');
  await ok(lead, full.id, 'reply', { reply: REPLY, outcome: 'resolved' });
  await ok(disp, full.id, 'publish', {});
  await setClock(ctx.url, plus(BASE_TIME, 9 * 86400));
  await tick(ctx.url); // auto_close
  await ok(disp, full.id, 'callback', { rating: 'basically_satisfied', resolved: 'yes', note: '回访' });

  short = await submit(ctx);
  await driveTo(ctx, short, 'replied');
  await setClock(ctx.url, BASE_TIME);
  await ctx.stop({ keepData: true });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'huiyin-audit-'));
  tmpRoots.push(root, path.dirname(ctx.dataDir));
  pristine = copyDataDir(ctx.dataDir, path.join(root, 'data'));
});

after(() => {
  for (const r of tmpRoots) removeDir(r);
});

describe('the events API', () => {
  test('events come oldest first with seq 1..n, the first is submit, automatic moves by the system', T, async () => {
    // Read them through a server on a copy of the data.
    const { startServer, loginSession } = await import('./lib/server.mjs');
    const srv = await startServer({ dataDir: copyData() });
    try {
      const sup = await loginSession(srv.url, 'supervisor');
      const evs = await events(sup, full.id);
      assert.deepEqual(evs.map((e) => e.seq), evs.map((_, i) => i + 1));
      assert.deepEqual(evs.map((e) => e.type), [
        'submit', 'overdue', 'escalate', 'accept', 'dispatch', 'acknowledge', 'reveal', 'contact', 'note',
        'suspend', 'add_info', 'extend_request', 'extend_approve', 'supervise', 'reply', 'rate',
        'acknowledge', 'reply', 'publish', 'auto_close', 'callback',
      ]);
      for (const e of evs) {
        assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.equal(typeof e.public, 'boolean');
      }
      for (let i = 1; i < evs.length; i++) assert.ok(evs[i].at >= evs[i - 1].at, 'in time order');
      const by = (t) => evs.filter((e) => e.type === t);
      for (const t of ['overdue', 'escalate', 'auto_close']) for (const e of by(t)) assert.equal(e.actor, 'system');
      for (const t of ['submit', 'add_info', 'rate']) for (const e of by(t)) assert.equal(e.actor, 'submitter');
      for (const t of ['accept', 'reveal', 'note', 'callback']) for (const e of by(t)) assert.equal(e.actor, 'staff');
      // A second appeal has its own chain from 1.
      const other = await events(sup, short.id);
      assert.deepEqual(other.map((e) => [e.seq, e.type]), [
        [1, 'submit'], [2, 'accept'], [3, 'dispatch'], [4, 'acknowledge'], [5, 'reply'],
      ]);
    } finally {
      await srv.stop({ removeData: false });
    }
  });
});

describe('huiyin audit verify', () => {
  test('every chain holds after full life cycles (the demo\'s 300 appeals included)', T, () => {
    const res = verify(copyData());
    assert.equal(res.code, 0, res.stderr);
    const m = res.stdout.match(/\((\d+) events checked\)/);
    assert.ok(m, res.stdout);
    assert.ok(Number(m[1]) > 300, res.stdout);
  });

  test('editing an event\'s data is caught, naming the appeal and the event; restoring it heals', T, () => {
    const dir = copyData();
    const where = `appeal_id = ${full.id} AND seq = 8`;
    const original = sql(dir, `SELECT data FROM appeal_events WHERE ${where}`);
    assert.match(original, /已电话联系/);
    sql(dir, `UPDATE appeal_events SET data = replace(data, '已电话联系', '从未联系') WHERE ${where}`);
    let res = verify(dir);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, new RegExp(`appeal ${full.id}\\b`));
    assert.match(res.stderr, /event 8\b/);
    assert.equal(res.stderr.trim().split('\n').length, 1, 'one line');
    sql(dir, `UPDATE appeal_events SET data = '${original.replace(/'/g, "''")}' WHERE ${where}`);
    res = verify(dir);
    assert.equal(res.code, 0, res.stderr);
  });

  test('making an internal note public, or changing who did a step, is caught', T, () => {
    let dir = copyData();
    sql(dir, `UPDATE appeal_events SET public = 1 WHERE appeal_id = ${full.id} AND type = 'note'`);
    let res = verify(dir);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, new RegExp(`appeal ${full.id}: event 9 \\(note\\)`));

    dir = copyData();
    sql(dir, `UPDATE appeal_events SET actor_id = 1 WHERE appeal_id = ${short.id} AND seq = 5`);
    res = verify(dir);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, new RegExp(`appeal ${short.id}: event 5 \\(reply\\)`));
  });

  test('deleting a middle event is caught', T, () => {
    const dir = copyData();
    sql(dir, `DELETE FROM appeal_events WHERE appeal_id = ${full.id} AND seq = 10`);
    const res = verify(dir);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, new RegExp(`appeal ${full.id}: event 10 is missing`));
  });

  test('deleting the last event is caught by the count and head kept on the appeal', T, () => {
    const dir = copyData();
    const n = Number(sql(dir, `SELECT event_count FROM appeals WHERE id = ${short.id}`));
    assert.equal(n, 5);
    sql(dir, `DELETE FROM appeal_events WHERE appeal_id = ${short.id} AND seq = ${n}`);
    let res = verify(dir);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, new RegExp(`appeal ${short.id}\\b`));
    assert.match(res.stderr, /5 events recorded but 4 found/);
    // Also lowering the count does not hide it: the head hash no longer matches.
    sql(dir, `UPDATE appeals SET event_count = 4 WHERE id = ${short.id}`);
    res = verify(dir);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, new RegExp(`appeal ${short.id}\\b`));
  });

  test('rewriting an event and its hash without the key is caught at the next event', T, () => {
    const dir = copyData();
    // Swap two events' hashes: each no longer follows its predecessor.
    sql(
      dir,
      `UPDATE appeal_events SET hash = (SELECT hash FROM appeal_events WHERE appeal_id = ${short.id} AND seq = 2)` +
        ` WHERE appeal_id = ${short.id} AND seq = 3`,
    );
    const res = verify(dir);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, new RegExp(`appeal ${short.id}: event 3`));
  });
});
