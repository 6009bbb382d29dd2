// Schema parity: the SQLite and PostgreSQL migrations (src/store/migrations/sqlite and pg)
// must make the same schema, so every query in src/store runs on both. Compared table by
// table: the set of tables, columns in order with their kind of type and NOT NULL, primary
// keys, unique constraints, foreign keys (with ON DELETE / ON UPDATE), named indexes (their
// columns, uniqueness, partiality) and triggers. Runs when HUIYIN_TEST_PG names a
// PostgreSQL server (scripts/with-postgres.sh): `huiyin init` makes one database of each.
// HUIYIN_PARITY_SQLITE=FILE with HUIYIN_PARITY_PG=URL compares two existing databases
// instead (by hand, e.g. while writing a migration).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, cli, TEST_TIMEOUT_MS } from './lib/server.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
const PG_SERVER = process.env.HUIYIN_TEST_PG || null;
const GIVEN = process.env.HUIYIN_PARITY_SQLITE && process.env.HUIYIN_PARITY_PG
  ? { sqlite: process.env.HUIYIN_PARITY_SQLITE, pg: process.env.HUIYIN_PARITY_PG }
  : null;

// Deliberate differences, each explained in the pg migration that makes it. appeal_search
// is FTS5 on SQLite (0002_appeals.sql); its PostgreSQL twin adds a generated tsvector and
// its GIN index. The SQLite side of a virtual table is read as the plain table it stands
// for: the implicit rowid first (the key), then its columns as NOT NULL text. A key's
// columns count as NOT NULL on both sides (SQLite reports INTEGER PRIMARY KEY nullable).
const PG_ONLY = {
  appeal_search: { columns: ['tsv'], indexes: ['appeal_search_tsv'] },
};

// The kind of a column's declared type, the same on both sides.
function typeKind(t) {
  t = t.toLowerCase();
  if (/^(integer|bigint|int|smallint)$/.test(t)) return 'integer';
  if (/^(real|double precision)$/.test(t)) return 'real';
  if (t === 'blob' || t === 'bytea') return 'blob';
  if (t === 'text') return 'text';
  return t;
}

function run(cmd, args, what) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60000, env: { ...process.env, PGCONNECT_TIMEOUT: '10' } });
  if (res.error) throw new Error(`${what}: cannot run ${cmd}: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`${what}: ${cmd} exited ${res.status ?? res.signal}: ${res.stderr.trim()}`);
  return res.stdout;
}

function sqliteRows(file, sql) {
  const out = run('sqlite3', ['-json', file, sql], `sqlite3 ${file}`).trim();
  return out ? JSON.parse(out) : [];
}

function psql(url, sql) {
  return run('psql', [url, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], `psql ${url}`);
}

function pgRows(url, sql) {
  return JSON.parse(psql(url, `SELECT COALESCE(json_agg(x), '[]') FROM (${sql}) x`));
}

// A schema: Map table name -> {columns: [{name, type, notnull}], pk: [cols], unique: Set of
// 'a,b', fks: Set of text, indexes: Map name -> text, triggers: Set}.
function emptyTable() {
  return { columns: [], pk: [], unique: new Set(), fks: new Set(), indexes: new Map(), triggers: new Set() };
}

function sqliteSchema(file) {
  const master = sqliteRows(file, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
  const virtual = master.filter((r) => /^CREATE VIRTUAL TABLE/i.test(r.sql)).map((r) => r.name);
  // FTS5 keeps its index in shadow tables named after the virtual table.
  const shadow = (name) => virtual.some((v) => name.startsWith(`${v}_`));
  const schema = new Map();
  for (const { name } of master) if (!shadow(name)) schema.set(name, emptyTable());
  for (const v of virtual) {
    const t = schema.get(v);
    t.columns.push({ name: 'rowid', type: 'integer', notnull: true });
    t.pk = ['rowid'];
  }
  const cols = sqliteRows(file, `SELECT m.name AS tbl, p.name AS col, p.type AS type, p."notnull" AS nn, p.pk AS pk
    FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid`);
  const pkAt = new Map();
  for (const c of cols) {
    const t = schema.get(c.tbl);
    if (!t) continue;
    const isVirtual = virtual.includes(c.tbl);
    t.columns.push({ name: c.col, type: isVirtual ? 'text' : typeKind(c.type), notnull: isVirtual || c.nn === 1 || c.pk > 0 });
    if (c.pk > 0) pkAt.set(`${c.tbl}\0${c.pk}`, c.col);
  }
  for (const [name, t] of schema) for (let i = 1; pkAt.has(`${name}\0${i}`); i++) t.pk.push(pkAt.get(`${name}\0${i}`));
  const idx = sqliteRows(file, `SELECT m.name AS tbl, il.name AS idx, il."unique" AS uq, il.origin AS origin,
      il.partial AS partial, ii.name AS col
    FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii
    WHERE m.type = 'table' ORDER BY m.name, il.name, ii.seqno`);
  const idxCols = new Map();
  for (const r of idx) {
    const key = `${r.tbl}\0${r.idx}`;
    if (!idxCols.has(key)) idxCols.set(key, { ...r, cols: [] });
    idxCols.get(key).cols.push(r.col ?? '(expression)');
  }
  for (const r of idxCols.values()) {
    const t = schema.get(r.tbl);
    if (!t || r.origin === 'pk') continue; // the key is compared as pk
    if (r.origin === 'u') t.unique.add(r.cols.join(','));
    else t.indexes.set(r.idx, indexText(r.cols, r.uq === 1, r.partial === 1));
  }
  const fks = sqliteRows(file, `SELECT m.name AS tbl, f.id AS id, f."table" AS ref, f."from" AS col, f."to" AS refcol,
      f.on_delete AS del, f.on_update AS upd
    FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq`);
  const fkCols = new Map();
  for (const r of fks) {
    const key = `${r.tbl}\0${r.id}`;
    if (!fkCols.has(key)) fkCols.set(key, { ...r, cols: [], refcols: [] });
    fkCols.get(key).cols.push(r.col);
    // REFERENCES t without columns means t's key.
    fkCols.get(key).refcols.push(r.refcol ?? schema.get(r.ref)?.pk[fkCols.get(key).cols.length - 1]);
  }
  for (const r of fkCols.values()) schema.get(r.tbl)?.fks.add(fkText(r.cols, r.ref, r.refcols, r.del, r.upd));
  for (const r of sqliteRows(file, "SELECT tbl_name AS tbl, name FROM sqlite_master WHERE type = 'trigger'")) {
    schema.get(r.tbl)?.triggers.add(r.name);
  }
  return schema;
}

const PG_ACTION = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
// The tables of the database's own schemas (not pg_catalog, information_schema, toast).
const PG_TABLES = `SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_%'`;
// The column names of attribute numbers `nums` (an int2vector or array) of relation `rel`.
const cols = (rel, nums) => `ARRAY(SELECT COALESCE(a.attname, '(expression)') FROM unnest(${nums}::int2[])
  WITH ORDINALITY k(n, i) LEFT JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.n ORDER BY k.i)`;

function pgSchema(url) {
  const schema = new Map();
  for (const r of pgRows(url, `SELECT relname FROM (${PG_TABLES}) t`)) schema.set(r.relname, emptyTable());
  const columns = pgRows(url, `SELECT t.relname AS tbl, a.attname AS col, format_type(a.atttypid, NULL) AS type,
      a.attnotnull AS nn FROM (${PG_TABLES}) t JOIN pg_attribute a ON a.attrelid = t.oid
    WHERE a.attnum > 0 AND NOT a.attisdropped ORDER BY t.relname, a.attnum`);
  for (const c of columns) schema.get(c.tbl).columns.push({ name: c.col, type: typeKind(c.type), notnull: c.nn });
  const cons = pgRows(url, `SELECT t.relname AS tbl, con.contype AS kind, ${cols('con.conrelid', 'con.conkey')} AS cols,
      r.relname AS ref, ${cols('con.confrelid', 'con.confkey')} AS refcols, con.confdeltype AS del, con.confupdtype AS upd
    FROM (${PG_TABLES}) t JOIN pg_constraint con ON con.conrelid = t.oid LEFT JOIN pg_class r ON r.oid = con.confrelid
    WHERE con.contype IN ('p', 'u', 'f')`);
  for (const c of cons) {
    const t = schema.get(c.tbl);
    if (c.kind === 'p') t.pk = c.cols;
    else if (c.kind === 'u') t.unique.add(c.cols.join(','));
    else t.fks.add(fkText(c.cols, c.ref, c.refcols, PG_ACTION[c.del], PG_ACTION[c.upd]));
  }
  // Indexes that back a key or unique constraint are compared as those.
  const idx = pgRows(url, `SELECT t.relname AS tbl, ci.relname AS idx, i.indisunique AS uq,
      i.indpred IS NOT NULL AS partial, ${cols('i.indrelid', 'i.indkey')} AS cols
    FROM (${PG_TABLES}) t JOIN pg_index i ON i.indrelid = t.oid JOIN pg_class ci ON ci.oid = i.indexrelid
    WHERE NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid
      AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))`);
  for (const r of idx) schema.get(r.tbl).indexes.set(r.idx, indexText(r.cols, r.uq, r.partial));
  const trg = pgRows(url, `SELECT t.relname AS tbl, g.tgname AS name FROM (${PG_TABLES}) t
    JOIN pg_trigger g ON g.tgrelid = t.oid WHERE NOT g.tgisinternal`);
  for (const r of trg) schema.get(r.tbl).triggers.add(r.name);
  return schema;
}

function indexText(columns, unique, partial) {
  return `${unique ? 'UNIQUE ' : ''}(${columns.join(', ')})${partial ? ' WHERE ...' : ''}`;
}

function fkText(columns, ref, refcols, del, upd) {
  return `(${columns.join(', ')}) REFERENCES ${ref} (${refcols.join(', ')}) ON DELETE ${del} ON UPDATE ${upd}`;
}

function setDiff(what, a, b, out) {
  for (const x of a) if (!b.has(x)) out.push(`${what} ${x} only on SQLite`);
  for (const x of b) if (!a.has(x)) out.push(`${what} ${x} only on PostgreSQL`);
}

// Every difference between the two schemas, one readable line each.
function compareSchemas(lite, pg) {
  const out = [];
  setDiff('table', new Set(lite.keys()), new Set(pg.keys()), out);
  for (const [name, a] of lite) {
    const b = pg.get(name);
    if (!b) continue;
    const extra = PG_ONLY[name] ?? { columns: [], indexes: [] };
    const t = `table ${name}:`;
    const bCols = b.columns.filter((c) => !extra.columns.includes(c.name));
    const n = Math.max(a.columns.length, bCols.length);
    for (let i = 0; i < n; i++) {
      const x = a.columns[i];
      const y = bCols[i];
      if (!x || !y || x.name !== y.name) {
        out.push(`${t} column ${i + 1} is ${x?.name ?? '(none)'} on SQLite but ${y?.name ?? '(none)'} on PostgreSQL`);
        continue;
      }
      if (x.type && x.type !== y.type) out.push(`${t} column ${x.name} is ${x.type} on SQLite but ${y.type} on PostgreSQL`);
      if (x.notnull !== y.notnull) {
        out.push(`${t} column ${x.name} is ${x.notnull ? 'NOT NULL' : 'nullable'} on SQLite but ${y.notnull ? 'NOT NULL' : 'nullable'} on PostgreSQL`);
      }
    }
    if (a.pk.join(',') !== b.pk.join(',')) out.push(`${t} primary key (${a.pk}) on SQLite but (${b.pk}) on PostgreSQL`);
    setDiff(`${t} unique`, a.unique, b.unique, out);
    setDiff(`${t} foreign key`, a.fks, b.fks, out);
    setDiff(`${t} trigger`, a.triggers, b.triggers, out);
    const bIdx = new Map([...b.indexes].filter(([k]) => !extra.indexes.includes(k)));
    setDiff(`${t} index`, new Set(a.indexes.keys()), new Set(bIdx.keys()), out);
    for (const [k, v] of a.indexes) {
      if (bIdx.has(k) && bIdx.get(k) !== v) out.push(`${t} index ${k} is ${v} on SQLite but ${bIdx.get(k)} on PostgreSQL`);
    }
  }
  return out;
}

function assertSame(lite, pg) {
  assert.ok(lite.size > 30, `SQLite schema read (${lite.size} tables)`);
  const diffs = compareSchemas(lite, pg);
  if (diffs.length) assert.fail(`the PostgreSQL schema differs from SQLite's:\n  ${diffs.join('\n  ')}`);
}

describe('schema parity of the SQLite and PostgreSQL migrations', () => {
  const skip = !GIVEN && !PG_SERVER && 'HUIYIN_TEST_PG is unset (the suite runs on SQLite only)';
  let root = null;
  let dbName = null;
  let liteFile = GIVEN?.sqlite;
  let pgUrl = GIVEN?.pg;

  before(() => {
    if (skip || GIVEN) return;
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'huiyin-parity-'));
    dbName = `huiyin_parity_${crypto.randomBytes(6).toString('hex')}`;
    psql(PG_SERVER, `CREATE DATABASE ${dbName}`);
    const url = new URL(PG_SERVER);
    url.pathname = `/${dbName}`;
    pgUrl = url.toString();
    liteFile = path.join(root, 'sqlite', 'huiyin.db');
    for (const args of [['--data', path.join(root, 'sqlite')], ['--data', path.join(root, 'pg'), '--db', pgUrl]]) {
      const res = cli(BIN, ['init', ...args], { cwd: root });
      assert.equal(res.code, 0, `huiyin init ${args.join(' ')}: ${res.stderr}`);
    }
  });

  after(() => {
    if (dbName) psql(PG_SERVER, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('both databases have the same tables, columns, keys, indexes and triggers', { ...T, skip }, () => {
    assertSame(sqliteSchema(liteFile), pgSchema(pgUrl));
  });

  test('a difference is reported with its table and column', { ...T, skip }, () => {
    const lite = sqliteSchema(liteFile);
    const pg = pgSchema(pgUrl);
    const orgs = pg.get('orgs');
    orgs.columns = orgs.columns.map((c) => (c.name === 'kind' ? { ...c, name: 'knd' } : c));
    orgs.indexes.delete('orgs_kind');
    pg.get('users').columns.find((c) => c.name === 'display_name').notnull = false;
    const diffs = compareSchemas(lite, pg);
    assert.ok(diffs.includes('table orgs: column 3 is kind on SQLite but knd on PostgreSQL'), diffs.join('\n'));
    assert.ok(diffs.includes('table orgs: index orgs_kind only on SQLite'), diffs.join('\n'));
    assert.ok(diffs.includes('table users: column display_name is NOT NULL on SQLite but nullable on PostgreSQL'), diffs.join('\n'));
  });
});
