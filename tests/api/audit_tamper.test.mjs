// Tampering that the chain of events alone does not show, each done directly in the
// database of a copy of one demo district (after some API use): cutting off the last events
// and rewriting the head to match, deleting a whole subject with its events, wiping the
// admin log and resetting its head, and editing a subject's row (an appeal's status, reply,
// rating and lead unit; a need's, project's and resource's status). `huiyin audit verify`
// must fail on each, naming what is wrong, and a later step through the API must not hide
// it. The untouched database verifies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, BIN, copyDataDir, loginSession, removeDir, sqlQuery, startServer, TEST_TIMEOUT_MS } from './lib/server.mjs';
import { appealServer, driveTo, ok, submit, trackPost } from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS * 2 };
let pristine; // the data directory after the API use, server stopped
let rated; // an appeal replied to and rated satisfied: closed, with lead unit, reply, rating
let fresh; // an appeal just submitted
let otherOrg; // an org id that is not `rated`'s lead unit
const roots = [];

function copyData() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'huiyin-tamper-'));
  roots.push(root);
  return copyDataDir(pristine, path.join(root, 'data'));
}

function verify(dataDir) {
  return cli(BIN, ['audit', 'verify'], { dataDir });
}

// A copy of the pristine data with `statements` run on it; the verify result.
function tampered(statements, { pg = null } = {}) {
  const dir = copyData();
  sqlQuery(dir, statements, { pg });
  return { dir, res: verify(dir) };
}

function broken(res, pattern) {
  assert.notEqual(res.code, 0, `verify passed: ${res.stdout}`);
  assert.match(res.stderr, /audit chain broken/);
  assert.match(res.stderr, pattern);
}

function one(statement) {
  const v = sqlQuery(pristine, statement);
  assert.ok(v !== '', `no row for: ${statement}`);
  return v;
}

// A kind of subject: its table, events table and parent key, and the tables whose rows
// refer to a subject by that key (deleted with it; activities only lose their project).
function kind(name, refs) {
  const fk = `${name}_id`;
  return {
    table: `${name}s`,
    events: `${name}_events`,
    fk,
    deps: (id) => [
      ...refs.map((t) => `DELETE FROM ${t} WHERE ${fk} = ${id}`),
      ...(name === 'project' ? [`UPDATE activities SET project_id = NULL WHERE project_id = ${id}`] : []),
    ],
  };
}
const KINDS = {
  appeal: kind('appeal', ['notifications', 'attachments', 'appeal_assists']),
  need: kind('need', ['need_units', 'commitments', 'project_needs', 'appeal_needs']),
  resource: kind('resource', ['resource_alliances', 'commitments', 'project_resources']),
  project: kind('project', ['milestones', 'project_needs', 'project_resources', 'project_units']),
};

// Cuts the last `cut` events of subject id off and sets its count and head hash to those
// of the event that is now last: a consistent chain, only shorter.
function truncate(kind, id, cut) {
  const k = KINDS[kind];
  const n = Number(one(`SELECT event_count FROM ${k.table} WHERE id = ${id}`));
  assert.ok(n > cut, `${kind} ${id} has ${n} events`);
  const keep = n - cut;
  return tampered(
    `DELETE FROM ${k.events} WHERE ${k.fk} = ${id} AND seq > ${keep};` +
      ` UPDATE ${k.table} SET event_count = ${keep}, head_hash = (SELECT hash FROM ${k.events}` +
      ` WHERE ${k.fk} = ${id} AND seq = ${keep}) WHERE id = ${id}`,
  );
}

// Deletes subject id with its events and whatever refers to it.
function remove(kind, id) {
  const k = KINDS[kind];
  const common = [...k.deps(id), `DELETE FROM ${k.events} WHERE ${k.fk} = ${id}`];
  const sqlite = [...common, `DELETE FROM ${k.table} WHERE id = ${id}`].join('; ');
  // PostgreSQL's search rows are a plain table; SQLite's contentless index has no foreign key.
  const pgExtra = kind === 'appeal' ? [`DELETE FROM appeal_search WHERE rowid = ${id}`] : [];
  const pg = [...common, ...pgExtra, `DELETE FROM ${k.table} WHERE id = ${id}`].join('; ');
  return tampered(sqlite, { pg });
}

before(async () => {
  const ctx = await appealServer();
  try {
    // Admin actions: three role grants on the admin log.
    const admin = await ctx.as('admin');
    const sec = await ctx.addStaff('tamper.sec', 'secretary', 'xiexia');
    assert.ok(sec);
    const u = await admin.post('/api/v1/users', { username: 'tamper.disp', display_name: '调度', password: 'staff-pass-123' });
    assert.equal(u.status, 201, u.text);
    for (const org of ['yuhu', 'xiexia']) {
      const g = await admin.post(`/api/v1/users/${u.json.id}/roles`, { role: 'dispatcher', org_id: ctx.orgs[org].id });
      assert.equal(g.status, 201, g.text);
    }
    rated = await submit(ctx);
    await driveTo(ctx, rated, 'replied');
    await trackPost(ctx, rated, { type: 'rate', rating: 'satisfied', resolved: 'yes', comment: '满意' });
    fresh = await submit(ctx);
    otherOrg = ctx.orgs.econ.id;
  } finally {
    await ctx.stop({ keepData: true });
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'huiyin-tamper-'));
  roots.push(root, path.dirname(ctx.dataDir));
  pristine = copyDataDir(ctx.dataDir, path.join(root, 'data'));
  const row = sqlQuery(pristine, `SELECT status, lead_org_id, rating FROM appeals WHERE id = ${rated.id}`);
  assert.equal(row, `closed|${ctx.orgs.xiexia.id}|satisfied`);
});

after(() => {
  for (const r of roots) removeDir(r);
});

describe('the untouched database', () => {
  test('verifies: every chain, head, row and checkpoint holds', T, () => {
    const res = verify(copyData());
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /every audit chain holds \(\d+ events checked\)/);
  });
});

describe('cutting off the last events and rewriting the head to match', () => {
  test('an appeal', T, () => {
    const { res } = truncate('appeal', rated.id, 2);
    broken(res, new RegExp(`appeal ${rated.id}: its head .* was rewritten`));
  });

  for (const kind of ['need', 'resource', 'project']) {
    test(`a ${kind}`, T, () => {
      const k = KINDS[kind];
      const id = one(`SELECT id FROM ${k.table} WHERE event_count >= 3 ORDER BY id LIMIT 1`);
      const { res } = truncate(kind, id, 2);
      broken(res, new RegExp(`${kind} ${id}: its head .* was rewritten`));
    });
  }

  test('the admin log: its last event cut off, or the whole log wiped and its head reset', T, () => {
    const n = Number(one(`SELECT event_count FROM audit_heads WHERE chain = 'admin'`));
    assert.ok(n >= 3, `admin log has ${n} events`);
    let { res } = tampered(
      `DELETE FROM admin_events WHERE seq = ${n};` +
        ` UPDATE audit_heads SET event_count = ${n - 1}, head_hash = (SELECT hash FROM admin_events` +
        ` WHERE seq = ${n - 1}) WHERE chain = 'admin'`,
    );
    broken(res, /admin log: its head .* was rewritten/);
    ({ res } = tampered(`DELETE FROM admin_events; UPDATE audit_heads SET event_count = 0, head_hash = NULL WHERE chain = 'admin'`));
    broken(res, /admin log: its head .* was rewritten/);
    // Without its MAC too: reported as unsigned.
    ({ res } = tampered(
      `DELETE FROM admin_events; UPDATE audit_heads SET event_count = 0, head_hash = NULL, head_mac = NULL WHERE chain = 'admin'`,
    ));
    broken(res, /admin log: its head is not signed/);
  });

  // Runs `steps(url)` on a server over dir, then stops it.
  async function withServer(dir, steps) {
    const srv = await startServer({ dataDir: dir });
    try {
      await steps(srv.url);
    } finally {
      await srv.stop({ removeData: false });
    }
  }

  test('a later step on the appeal through the API does not hide it', T, async () => {
    const { dir, res } = truncate('appeal', rated.id, 2);
    broken(res, new RegExp(`appeal ${rated.id}\\b`));
    await withServer(dir, async (url) => {
      const disp = await loginSession(url, 'dispatcher');
      await ok(disp, rated.id, 'note', { note: '之后的备注' });
    });
    broken(verify(dir), new RegExp(`appeal ${rated.id}: its head .* was rewritten`));
  });

  test('a later admin action through the API does not hide a wiped admin log', T, async () => {
    const { dir, res } = tampered(`DELETE FROM admin_events; UPDATE audit_heads SET event_count = 0, head_hash = NULL WHERE chain = 'admin'`);
    broken(res, /admin log\b/);
    await withServer(dir, async (url) => {
      const admin = await loginSession(url, 'admin');
      const u = await admin.post('/api/v1/users', { username: 'tamper.later', display_name: '后来', password: 'staff-pass-123' });
      assert.equal(u.status, 201, u.text);
      const g = await admin.post(`/api/v1/users/${u.json.id}/roles`, { role: 'handler', org_id: otherOrg });
      assert.equal(g.status, 201, g.text);
    });
    assert.equal(sqlQuery(dir, `SELECT event_count FROM audit_heads WHERE chain = 'admin'`), '1');
    broken(verify(dir), /admin log: its head .* was rewritten/);
  });
});

describe('setting a subject back to an older state that was signed', () => {
  test('an appeal restored as it was before its last step, head and MACs included', T, async () => {
    const dir = copyData();
    const cols = ['status', 'tier', 'accepted_at', 'updated_at', 'version', 'event_count'];
    const blobs = ['head_hash', 'head_mac', 'row_mac'];
    const old = sqlQuery(dir, `SELECT ${[...cols, ...blobs.map((b) => `hex(${b})`)].join(', ')} FROM appeals WHERE id = ${fresh.id}`, {
      pg: `SELECT ${[...cols, ...blobs.map((b) => `encode(${b}, 'hex')`)].join(', ')} FROM appeals WHERE id = ${fresh.id}`,
    }).split('|');
    const srv = await startServer({ dataDir: dir });
    try {
      await ok(await loginSession(srv.url, 'dispatcher'), fresh.id, 'accept');
    } finally {
      await srv.stop({ removeData: false });
    }
    assert.equal(verify(dir).code, 0, 'a step through the API verifies');
    const n = Number(old[cols.indexOf('event_count')]);
    const text = (v) => (v === '' ? 'NULL' : `'${v}'`);
    const set = (blob) => [
      ...cols.map((c, i) => `${c} = ${text(old[i])}`),
      ...blobs.map((b, i) => `${b} = ${blob(old[cols.length + i])}`),
    ].join(', ');
    const restore = (blob) => `DELETE FROM appeal_events WHERE appeal_id = ${fresh.id} AND seq > ${n};` +
      ` UPDATE appeals SET ${set(blob)} WHERE id = ${fresh.id}`;
    sqlQuery(dir, restore((h) => `X'${h}'`), { pg: restore((h) => `decode('${h}', 'hex')`) });
    broken(verify(dir), /appeal checkpoint: the appeals or their event counts are not those recorded/);
  });
});

describe('deleting a whole subject with its events', () => {
  test('an appeal', T, () => {
    const { res } = remove('appeal', fresh.id);
    broken(res, /appeal checkpoint: \d+ appeals recorded but \d+ found: one was deleted/);
  });

  for (const kind of ['need', 'resource', 'project']) {
    test(`a ${kind}`, T, () => {
      const k = KINDS[kind];
      // Not the newest: one in the middle.
      const id = one(`SELECT id FROM ${k.table} ORDER BY id LIMIT 1 OFFSET 1`);
      const { res } = remove(kind, id);
      broken(res, new RegExp(`${kind} checkpoint: \\d+ ${kind}s recorded but \\d+ found: one was deleted`));
    });
  }
});

describe("editing a subject's row", () => {
  const appealEdits = [
    ['status', `status = 'replied'`, /status is replied in its row, but its events say closed/],
    ['reply', `reply = reply || '（已改）'`, /reply in its row is not what its events say/],
    ['rating', `rating = 'unsatisfied'`, /rating is unsatisfied in its row, but its events say satisfied/],
    ['lead unit', null, /lead_org_id is \d+ in its row, but its events say \d+/],
  ];
  for (const [what, set, pattern] of appealEdits) {
    test(`an appeal's ${what}`, T, () => {
      const { res } = tampered(`UPDATE appeals SET ${set ?? `lead_org_id = ${otherOrg}`} WHERE id = ${rated.id}`);
      broken(res, new RegExp(`appeal ${rated.id}: `));
      broken(res, pattern);
    });
  }

  test("an appeal's other fields (its deadline) are caught by the row's MAC", T, () => {
    const { res } = tampered(`UPDATE appeals SET answer_due = '2099-01-01T00:00:00Z' WHERE id = ${rated.id}`);
    broken(res, new RegExp(`appeal ${rated.id}: its row was changed outside its events`));
  });

  test("a need's status", T, () => {
    const id = one(`SELECT id FROM needs WHERE status = 'open' ORDER BY id LIMIT 1`);
    const { res } = tampered(`UPDATE needs SET status = 'fulfilled' WHERE id = ${id}`);
    broken(res, new RegExp(`need ${id}: status is fulfilled in its row, but its events say open`));
  });

  test("a project's status", T, () => {
    const id = one(`SELECT id FROM projects WHERE status = 'done' ORDER BY id LIMIT 1`);
    const { res } = tampered(`UPDATE projects SET status = 'evaluated' WHERE id = ${id}`);
    broken(res, new RegExp(`project ${id}: status is evaluated in its row, but its events say done`));
  });

  test("a resource's status", T, () => {
    const id = one(`SELECT id FROM resources WHERE status = 'active' ORDER BY id LIMIT 1`);
    const { res } = tampered(`UPDATE resources SET status = 'withdrawn' WHERE id = ${id}`);
    broken(res, new RegExp(`resource ${id}: status is withdrawn in its row, but its events say active`));
  });
});
