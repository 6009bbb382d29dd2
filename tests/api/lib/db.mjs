// The database behind a test's data directory: DATA/huiyin.db (SQLite), or, when
// HUIYIN_TEST_PG names a PostgreSQL server (scripts/with-postgres.sh), a fresh database of
// its own on that server, which every huiyin the harness runs for the directory is given
// as HUIYIN_DATABASE_URL. Databases are dropped with their directory, and at exit.
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';

export const PG_URL = process.env.HUIYIN_TEST_PG || null;
export const ON_PG = PG_URL !== null;
export const DB_NAME = ON_PG ? 'postgresql' : 'sqlite';
const PSQL_TIMEOUT_MS = 60000;

const urlOf = new Map(); // absolute data directory -> URL of its PostgreSQL database

// Runs psql on url (statements one by one, each -c its own transaction); its stdout.
function psql(url, statements, what, { tuples = false } = {}) {
  const args = [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1'];
  if (tuples) args.push('-A', '-t');
  for (const s of statements) args.push('-c', s);
  const res = spawnSync('psql', args, {
    encoding: 'utf8',
    timeout: PSQL_TIMEOUT_MS,
    env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
  });
  if (res.error) throw new Error(`${what}: cannot run psql: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`${what}: psql exited ${res.status ?? res.signal}: ${res.stderr.trim()}`);
  return res.stdout;
}

function nameOf(url) {
  return new URL(url).pathname.slice(1);
}

// The URL of dataDir's database, or null (SQLite, or a directory the harness did not make).
export function databaseUrl(dataDir) {
  return dataDir ? urlOf.get(path.resolve(dataDir)) ?? null : null;
}

// Creates a database for dataDir (PostgreSQL only), empty or a copy of `template`'s (a URL;
// nobody may be connected to it). Returns its URL.
export function createDatabase(dataDir, { template = null } = {}) {
  const name = `huiyin_t_${crypto.randomBytes(6).toString('hex')}`;
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const from = template ? ` TEMPLATE ${nameOf(template)}` : '';
  psql(PG_URL, [`CREATE DATABASE ${name}${from}`], `creating database ${name} on ${PG_URL}`);
  urlOf.set(path.resolve(dataDir), url.toString());
  return url.toString();
}

// Drops the databases of every data directory at or under dir.
export function dropDatabasesUnder(dir) {
  const root = path.resolve(dir);
  const gone = [];
  for (const [d, url] of urlOf) if (d === root || d.startsWith(root + path.sep)) gone.push([d, url]);
  if (!gone.length) return;
  for (const [d] of gone) urlOf.delete(d);
  psql(
    PG_URL,
    gone.map(([, url]) => `DROP DATABASE IF EXISTS ${nameOf(url)} WITH (FORCE)`),
    'dropping test databases',
  );
}

// At exit: whatever is left (tests that removed their directories themselves).
export function dropAllDatabases() {
  for (const d of [...urlOf.keys()]) {
    try {
      dropDatabasesUnder(d);
    } catch (err) {
      process.stderr.write(`${err.message}\n`);
    }
  }
}

// Runs one SQL statement on the database of `target` (a data directory, or anything with a
// dataDir: a server, a test context) with sqlite3 or psql; its output, trimmed (rows on
// lines, columns separated by |). `pg` gives the PostgreSQL text where the dialects differ.
export function sqlQuery(target, sql, { pg = null } = {}) {
  const dataDir = typeof target === 'string' ? target : target.dataDir;
  const url = databaseUrl(dataDir);
  if (url) return psql(url, [pg ?? sql], `psql on ${dataDir}`, { tuples: true }).trim();
  if (ON_PG) throw new Error(`sqlQuery: ${dataDir} has no PostgreSQL database of the harness`);
  return execFileSync('sqlite3', [path.join(dataDir, 'huiyin.db'), sql], { encoding: 'utf8' }).trim();
}
