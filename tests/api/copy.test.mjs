// `huiyin copy`: a demo district (with an attachment, a located appeal, a merge into a newer
// appeal, an org moved under a newer one, tokens, an idempotent submission...) copied into a
// new SQLite file holds the same rows, its audit chains verify, search finds the same
// appeals, new rows get fresh ids; bad input is refused with nothing written. With
// HUIYIN_TEST_PG (scripts/with-postgres.sh): SQLite -> PostgreSQL -> SQLite gives back every
// row, and a server on the PostgreSQL copy works. These tests always use SQLite files of
// their own for the source, whatever database the rest of the suite runs on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api, BIN, cli, loginSession, orgByName, startServer } from './lib/server.mjs';

// Longer than the suite's default: a demo database is made, copied and served several times.
const SLOW = /san/.test(BIN) ? 4 : 1;
const T = { timeout: 120000 * SLOW };
const PG_URL = process.env.HUIYIN_TEST_PG || null;

const roots = [];
after(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

// A data directory of our own with a SQLite database: the harness gives those it makes a
// PostgreSQL database when the suite runs on one.
function sqliteDir({ demo = true, init = true } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'huiyin-copy-'));
  roots.push(root);
  const dataDir = path.join(root, 'data');
  if (init) {
    const res = cli(BIN, demo ? ['init', '--demo'] : ['init'], { dataDir });
    assert.equal(res.code, 0, `init: ${res.stderr}`);
  } else {
    fs.mkdirSync(dataDir);
  }
  return { root, dataDir, db: path.join(dataDir, 'huiyin.db') };
}

// A data directory for a copy: the source's audit key, no database yet.
function targetDir(source) {
  const t = sqliteDir({ init: false });
  fs.copyFileSync(path.join(source.dataDir, 'audit.key'), path.join(t.dataDir, 'audit.key'));
  return t;
}

function sqlite(db, sql) {
  return execFileSync('sqlite3', ['-cmd', '.mode quote', db, sql], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

// The data tables of a SQLite database (what a copy carries).
function dataTables(db) {
  return sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .split('\n')
    .map((l) => l.replace(/^'|'$/g, ''))
    .filter((n) => n && n !== 'schema_migrations' && !n.startsWith('appeal_search') && !n.startsWith('sqlite_'));
}

// Every row of a table as sorted lines of SQL literals (blobs as X'..', reals exactly).
function rowsOf(db, table) {
  return sqlite(db, `SELECT * FROM ${table}`).split('\n').filter(Boolean).sort();
}

// "  name   123" lines of the copy's report.
function countsOf(stdout) {
  const counts = {};
  for (const m of stdout.matchAll(/^ {2}([a-z_]+) +(\d+)/gm)) counts[m[1]] = Number(m[2]);
  return counts;
}

function psql(url, sql) {
  const res = spawnSync('psql', [url, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    encoding: 'utf8',
    timeout: 60000,
  });
  if (res.status !== 0) throw new Error(`psql ${sql}: ${res.stderr}`);
  return res.stdout.trim();
}

const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

function appealBody(xiexia, n, over = {}) {
  return {
    category: 'other',
    title: `复制测试路灯不亮第${n}号`,
    description: `小区门口的路灯坏了，晚上很黑（第${n}号）。`,
    channel: 'web',
    urgency: 'normal',
    submitter: { type: 'resident', name: '李四', phone: '13900000000', email: 'lisi@example.com' },
    location: { community_id: xiexia, address: '斜下村二巷', ...(over.location ?? {}) },
    publishable: true,
    ...over,
  };
}

// Adds to a demo source what the demo lacks, through a server: an attachment (a blob), a
// located appeal, an appeal merged into a newer one, an org moved under a newer one, a
// user with a role (admin chain), an integration token, an idempotent submission, a
// failed login. Returns facts to check on the copies.
async function enrich(source) {
  const srv = await startServer({ dataDir: source.dataDir });
  try {
    const url = srv.url;
    const xiexia = (await orgByName(url, '斜下社区党建联盟')).id;
    const district = (await orgByName(url, '仲恺高新区区级党建联盟')).id;
    const admin = await loginSession(url, 'admin');
    const disp = await loginSession(url, 'dispatcher');

    const up = await api(url, 'POST', '/api/v1/attachments', {
      body: Buffer.concat([PNG_1x1, crypto.randomBytes(8)]),
      headers: { 'Content-Type': 'image/png' },
      raw: true,
    });
    assert.equal(up.status, 201, up.text);
    const located = await api(url, 'POST', '/api/v1/appeals', {
      body: appealBody(xiexia, 1, { attachments: [up.json.id], location: { lat: 23.0123456, lng: 114.4012345 } }),
    });
    assert.equal(located.status, 201, located.text);

    const older = await api(url, 'POST', '/api/v1/appeals', { body: appealBody(xiexia, 2) });
    const newer = await api(url, 'POST', '/api/v1/appeals', {
      body: appealBody(xiexia, 3),
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    assert.equal(newer.status, 201, newer.text);
    const merged = await disp.post(`/api/v1/appeals/${older.json.id}/events`, { type: 'merge', into_id: newer.json.id });
    assert.equal(merged.status, 200, merged.text);

    const x = await admin.post('/api/v1/orgs', { parent_id: district, kind: 'department', name: '复制测试甲局' });
    const y = await admin.post('/api/v1/orgs', { parent_id: district, kind: 'department', name: '复制测试乙局' });
    assert.equal(y.status, 201, y.text);
    const moved = await admin.patch(`/api/v1/orgs/${x.json.id}`, { parent_id: y.json.id, version: x.json.version });
    assert.equal(moved.status, 200, moved.text);

    const u = await admin.post('/api/v1/users', { username: 'copy.handler', display_name: '复制', password: 'copy-pass-123' });
    assert.equal(u.status, 201, u.text);
    const g = await admin.post(`/api/v1/users/${u.json.id}/roles`, { role: 'handler', org_id: y.json.id });
    assert.equal(g.status, 201, g.text);
    assert.equal((await admin.post('/api/v1/tokens', { name: 'copy test' })).status, 201);
    const bad = await api(url, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'wrong-password' } });
    assert.equal(bad.status, 401);
    return { attachment: up.json.id, merged: older.json.id, into: newer.json.id, moved: x.json.id, parent: y.json.id };
  } finally {
    await srv.stop();
  }
}

// Search and read through the API on a server started on dataDir (env: its database).
async function searchIds(dataDir, env = {}) {
  const srv = await startServer({ dataDir, env });
  try {
    const admin = await loginSession(srv.url, 'admin');
    const out = {};
    for (const q of ['路灯', '噪音', '复制测试']) {
      const res = await admin.get(`/api/v1/appeals?limit=200&q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 200, res.text);
      out[q] = res.json.items.map((a) => a.id);
    }
    return out;
  } finally {
    await srv.stop();
  }
}

// A new appeal and a new org on a server on dataDir: both get ids past the copied ones.
async function freshIds(dataDir, maxAppeal, maxOrg, env = {}) {
  const srv = await startServer({ dataDir, env });
  try {
    const xiexia = (await orgByName(srv.url, '斜下社区党建联盟')).id;
    const res = await api(srv.url, 'POST', '/api/v1/appeals', { body: appealBody(xiexia, 9) });
    assert.equal(res.status, 201, res.text);
    assert.ok(res.json.id > maxAppeal, `new appeal ${res.json.id} after ${maxAppeal}`);
    const admin = await loginSession(srv.url, 'admin');
    const district = (await orgByName(srv.url, '仲恺高新区区级党建联盟')).id;
    const o = await admin.post('/api/v1/orgs', { parent_id: district, kind: 'department', name: '复制后新局' });
    assert.equal(o.status, 201, o.text);
    assert.ok(o.json.id > maxOrg, `new org ${o.json.id} after ${maxOrg}`);
    const read = await admin.get(`/api/v1/appeals/${res.json.id}`);
    assert.equal(read.status, 200, read.text);
  } finally {
    await srv.stop();
  }
}

let source;
let facts;
before(async () => {
  source = sqliteDir();
  facts = await enrich(source);
}, T);

describe('copy into a new SQLite file', () => {
  let target;
  let res;
  before(() => {
    target = targetDir(source);
    res = cli(BIN, ['copy', '--from', source.db, '--to', target.db], { dataDir: source.dataDir });
  });

  test('exits 0, reports the rows per table as sqlite3 counts them, and says the chains hold', T, () => {
    assert.equal(res.code, 0, res.stderr);
    assert.doesNotMatch(res.stderr, /\r/, 'no progress bar when stderr is not a terminal');
    const counts = countsOf(res.stdout);
    const tables = dataTables(source.db);
    let total = 0;
    for (const t of tables) {
      const n = Number(sqlite(source.db, `SELECT COUNT(*) FROM ${t}`));
      assert.equal(counts[t], n, `${t}: reported ${counts[t]}, sqlite3 counts ${n}`);
      total += n;
    }
    const appeals = Number(sqlite(source.db, 'SELECT COUNT(*) FROM appeals'));
    assert.equal(counts.appeal_search, appeals, 'one search row per appeal');
    assert.equal(counts.total, total + appeals);
    assert.match(res.stdout, /every audit chain holds on the target/);
    for (const t of ['blobs', 'attachments', 'api_tokens', 'idempotency_keys', 'rate_counters', 'admin_events'])
      assert.ok(counts[t] > 0, `${t} has rows to copy`);
  });

  test('every row of every table is the same, and `huiyin audit verify` passes on the copy', T, () => {
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(dataTables(target.db), dataTables(source.db));
    for (const t of dataTables(source.db)) assert.deepEqual(rowsOf(target.db, t), rowsOf(source.db, t), t);
    assert.equal(sqlite(target.db, `SELECT merged_into FROM appeals WHERE id = ${facts.merged}`).trim(), String(facts.into));
    assert.equal(sqlite(target.db, `SELECT parent_id FROM orgs WHERE id = ${facts.moved}`).trim(), String(facts.parent));
    const lat = Number(sqlite(target.db, 'SELECT lat FROM appeals WHERE lat IS NOT NULL'));
    assert.ok(Math.abs(lat - 23.0123456) < 1e-9, `lat ${lat}`);
    const v = cli(BIN, ['audit', 'verify'], { dataDir: target.dataDir });
    assert.equal(v.code, 0, v.stderr);
  });

  test('in batches of a few rows (many transactions) the copy holds the same rows', T, () => {
    const small = targetDir(source);
    const r = cli(BIN, ['copy', '--from', source.db, '--to', small.db, '--batch', '7'], { dataDir: source.dataDir });
    assert.equal(r.code, 0, r.stderr);
    for (const t of dataTables(source.db)) assert.deepEqual(rowsOf(small.db, t), rowsOf(source.db, t), t);
  });

  test('full-text search through the API finds the same appeals on the copy', T, async () => {
    assert.equal(res.code, 0, res.stderr);
    const a = await searchIds(source.dataDir);
    const b = await searchIds(target.dataDir);
    assert.ok(a['路灯'].length > 3 && a['复制测试'].length >= 3, JSON.stringify(a));
    assert.deepEqual(b, a);
  });

  test('a new appeal and a new org on the copy get fresh ids', T, async () => {
    assert.equal(res.code, 0, res.stderr);
    const maxAppeal = Number(sqlite(target.db, 'SELECT MAX(id) FROM appeals'));
    const maxOrg = Number(sqlite(target.db, 'SELECT MAX(id) FROM orgs'));
    await freshIds(target.dataDir, maxAppeal, maxOrg);
  });
});

describe('progress bar', { skip: fs.existsSync('/usr/bin/script') ? false : 'no script(1) to give a terminal' }, () => {
  test('on a terminal, a bar on stderr redrawn in place up to every row', T, () => {
    const t = targetDir(source);
    const cmd = [BIN, 'copy', '--from', source.db, '--to', t.db, '--data', source.dataDir].join(' ');
    const res = spawnSync('/usr/bin/script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', timeout: 60000 * SLOW });
    assert.equal(res.status, 0, res.stdout);
    const draws = res.stdout.split('\r').filter((s) => /^\[[#.]{40}\] +\d+% \d+\/\d+ rows/.test(s));
    assert.ok(draws.length > 10, `${draws.length} redraws`);
    const last = draws[draws.length - 1].match(/(\d+)% (\d+)\/(\d+) rows/);
    assert.equal(last[1], '100');
    assert.equal(last[2], last[3]);
  });
});

describe('bad input', () => {
  const copy = (args, dataDir = source.dataDir) => cli(BIN, ['copy', ...args], { dataDir });
  const oneLine = (r) => {
    const lines = r.stderr.split('\n').filter((l) => l && !l.startsWith('{'));
    assert.equal(lines.length, 1, JSON.stringify(r.stderr));
    assert.match(lines[0], /^huiyin: \S/);
    return lines[0];
  };

  test('--help names the options; missing --from or --to is bad usage (2)', T, () => {
    const h = cli(BIN, ['copy', '--help']);
    assert.equal(h.code, 0);
    for (const m of ['--from', '--to', '--data', 'audit']) assert.ok(h.stdout.includes(m), m);
    assert.match(cli(BIN, ['--help']).stdout, /copy/);
    const t = targetDir(source);
    for (const args of [
      [],
      ['--from', source.db],
      ['--to', t.db],
      ['--from'],
      ['--from', source.db, '--to', t.db, 'extra'],
      ['--from', source.db, '--to', t.db, '--batch', '0'],
    ]) {
      const r = copy(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      oneLine(r);
    }
    assert.ok(!fs.existsSync(t.db), 'nothing created');
  });

  test('the same database on both sides is bad usage (2), however it is spelled', T, () => {
    const before = fs.statSync(source.db).mtimeMs;
    for (const to of [source.db, `sqlite:${source.db}`, path.join(source.dataDir, '..', 'data', 'huiyin.db')]) {
      const r = copy(['--from', source.db, '--to', to]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(oneLine(r), /same database/);
    }
    assert.equal(fs.statSync(source.db).mtimeMs, before);
  });

  test('a missing source, or one that is not a Huiyin database, fails (1) and creates nothing', T, () => {
    const t = targetDir(source);
    let r = copy(['--from', path.join(t.root, 'nope.db'), '--to', t.db]);
    assert.equal(r.code, 1);
    assert.match(oneLine(r), /no source database/);
    const junk = path.join(t.root, 'junk.db');
    fs.writeFileSync(junk, 'this is not a database at all, just some text to fill a page. '.repeat(100));
    r = copy(['--from', junk, '--to', t.db]);
    assert.equal(r.code, 1);
    oneLine(r);
    const empty = path.join(t.root, 'empty.db');
    execFileSync('sqlite3', [empty, 'CREATE TABLE x (a INTEGER)']);
    r = copy(['--from', empty, '--to', t.db]);
    assert.equal(r.code, 1);
    assert.match(oneLine(r), /not a Huiyin database/);
    assert.ok(!fs.existsSync(t.db), 'no target file left');
  });

  test('without the audit key in --data the copy is refused before anything is written', T, () => {
    const t = targetDir(source);
    fs.rmSync(path.join(t.dataDir, 'audit.key'));
    const r = copy(['--from', source.db, '--to', path.join(t.root, 'x.db')], t.dataDir);
    assert.equal(r.code, 1);
    assert.match(oneLine(r), /audit\.key/);
    assert.ok(!fs.existsSync(path.join(t.root, 'x.db')));
  });

  test('a target that holds data is refused (1) and left as it was', T, () => {
    const other = sqliteDir();
    const before = rowsOf(other.db, 'appeals');
    const r = copy(['--from', source.db, '--to', other.db]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(oneLine(r), /not empty \(table orgs has rows\)/);
    assert.deepEqual(rowsOf(other.db, 'appeals'), before);
    // A database made by `huiyin init` without the demo is empty: it takes a copy.
    const fresh = sqliteDir({ demo: false });
    const ok = copy(['--from', source.db, '--to', fresh.db]);
    assert.equal(ok.code, 0, ok.stderr);
  });

  test('a source at another schema version is refused (1), the new target removed', T, () => {
    const t = targetDir(source);
    const old = path.join(t.root, 'old.db');
    execFileSync('sqlite3', [source.db, `.backup '${old}'`]);
    execFileSync('sqlite3', [old, 'DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)']);
    const r = copy(['--from', old, '--to', t.db]);
    assert.equal(r.code, 1);
    assert.match(oneLine(r), /schema version \d+ and this huiyin's is \d+: run `huiyin migrate/);
    assert.ok(!fs.existsSync(t.db), 'the target file made for the copy is gone');
  });

  test('a copy that fails half-way exits 1 and removes the target file it made', T, () => {
    const t = targetDir(source);
    const broken = path.join(t.root, 'broken.db');
    execFileSync('sqlite3', [source.db, `.backup '${broken}'`]);
    // An event of an appeal that does not exist (sqlite3 leaves foreign keys unchecked).
    execFileSync('sqlite3', [
      broken,
      "INSERT INTO appeal_events (appeal_id, seq, type, actor_kind, public, data, created_at, hash) VALUES (999999, 1, 'submit', 'system', 0, '{}', '2026-01-01T00:00:00Z', X'00')",
    ]);
    const r = copy(['--from', broken, '--to', t.db]);
    assert.equal(r.code, 1);
    assert.match(oneLine(r), /copy failed: appeal_events: .*removed/);
    assert.ok(!fs.existsSync(t.db));
  });
});

describe('round trip through PostgreSQL', { skip: PG_URL ? false : 'HUIYIN_TEST_PG is not set' }, () => {
  const name = `huiyin_copy_${crypto.randomBytes(5).toString('hex')}`;
  let pgUrl;
  let back;
  let toPg;
  let toBack;
  before(() => {
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    pgUrl = u.toString();
    psql(PG_URL, `CREATE DATABASE ${name}`);
    // Small batches: many commits, each running PostgreSQL's deferred triggers.
    toPg = cli(BIN, ['copy', '--from', source.db, '--to', pgUrl, '--batch', '97'], { dataDir: source.dataDir });
    back = targetDir(source);
    toBack = cli(BIN, ['copy', '--from', pgUrl, '--to', back.db, '--batch', '89'], { dataDir: source.dataDir });
  });
  after(() => {
    if (PG_URL) psql(PG_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  test('SQLite -> PostgreSQL: the counts, and `huiyin audit verify` on PostgreSQL', T, () => {
    assert.equal(toPg.code, 0, toPg.stderr);
    const counts = countsOf(toPg.stdout);
    for (const t of dataTables(source.db)) {
      const n = Number(sqlite(source.db, `SELECT COUNT(*) FROM ${t}`));
      assert.equal(counts[t], n, t);
      assert.equal(Number(psql(pgUrl, `SELECT COUNT(*) FROM ${t}`)), n, `${t} on PostgreSQL`);
    }
    const v = cli(BIN, ['audit', 'verify', '--db', pgUrl], { dataDir: source.dataDir });
    assert.equal(v.code, 0, v.stderr);
    // Every table of the PostgreSQL schema is carried or deliberately left out.
    const pgTables = psql(pgUrl, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
      .split('\n')
      .filter((n) => n && n !== 'schema_migrations' && !n.startsWith('appeal_search'));
    assert.deepEqual(pgTables, dataTables(source.db));
  });

  test('PostgreSQL -> SQLite gives back every row of every table', T, () => {
    assert.equal(toBack.code, 0, toBack.stderr);
    for (const t of dataTables(source.db)) assert.deepEqual(rowsOf(back.db, t), rowsOf(source.db, t), t);
    const v = cli(BIN, ['audit', 'verify'], { dataDir: back.dataDir });
    assert.equal(v.code, 0, v.stderr);
  });

  test('a server on the PostgreSQL copy finds the same appeals by full-text search', T, async () => {
    assert.equal(toPg.code, 0, toPg.stderr);
    const pgDir = targetDir(source);
    const a = await searchIds(source.dataDir);
    const b = await searchIds(pgDir.dataDir, { HUIYIN_DATABASE_URL: pgUrl });
    assert.deepEqual(b, a);
  });

  test('new appeals and orgs on the PostgreSQL copy get fresh ids (the sequences moved)', T, async () => {
    assert.equal(toPg.code, 0, toPg.stderr);
    const pgDir = targetDir(source);
    const maxAppeal = Number(psql(pgUrl, 'SELECT MAX(id) FROM appeals'));
    const maxOrg = Number(psql(pgUrl, 'SELECT MAX(id) FROM orgs'));
    await freshIds(pgDir.dataDir, maxAppeal, maxOrg, { HUIYIN_DATABASE_URL: pgUrl });
  });

  test('a PostgreSQL database that holds data is refused', T, () => {
    assert.equal(toPg.code, 0, toPg.stderr);
    const r = cli(BIN, ['copy', '--from', source.db, '--to', pgUrl], { dataDir: source.dataDir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not empty/);
  });
});
