// Test harness for the Huiyin API suite: starts `huiyin serve` on a fresh data directory,
// talks to it over HTTP with the global fetch, and runs the CLI.
//
// Every server listens on 127.0.0.1 with port 0 (the kernel picks a free port), runs in
// its own temporary directory (also its working directory, so no stray huiyin.conf is
// read) and is stopped with SIGTERM, then SIGKILL after a bounded wait.
//
// With HUIYIN_TEST_PG set (scripts/with-postgres.sh) each data directory gets its own
// PostgreSQL database (lib/db.mjs), which every huiyin run for that directory uses.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, databaseUrl, dropAllDatabases, dropDatabasesUnder, ON_PG } from './db.mjs';

export { DB_NAME, ON_PG, sqlQuery } from './db.mjs';

export const BIN = process.env.HUIYIN_BIN || path.resolve('build/huiyin');
export const DEMO_PASSWORD = 'huiyin-demo';

// The sanitizer build is several times slower; every wait below is bounded by these.
const SLOW = /\/san\//.test(BIN) ? 4 : 1;
export const START_TIMEOUT_MS = 15000 * SLOW;
export const STOP_TIMEOUT_MS = 15000 * SLOW;
export const CLI_TIMEOUT_MS = 30000 * SLOW;
// A bound for one test (or hook); tests that do much more say so.
export const TEST_TIMEOUT_MS = 60000 * SLOW;
export const IS_SAN = SLOW > 1;

const SANITIZER_RE = /ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;

// Children still running when the test process ends are killed, so a failed test never
// leaves a server behind; then the test databases left are dropped.
const live = new Set();
process.on('exit', () => {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
  if (ON_PG) dropAllDatabases();
});
// A signal (the test runner cancelling this file, Ctrl-C) ends the process through exit,
// so that the handler above runs: by default it would not.
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) process.once(sig, () => process.exit(code));

// The environment for the binary: ours without HUIYIN_* settings (they would override
// the test's configuration), plus the database of dataDir (PostgreSQL), plus the test's own.
function childEnv(extra = {}, dataDir = null) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('HUIYIN_')) env[k] = v;
  const db = databaseUrl(dataDir);
  if (db) env.HUIYIN_DATABASE_URL = db;
  return { ...env, ...extra };
}

// Removes a directory the harness made (a data directory or its parent), dropping the
// databases of the data directories in it.
export function removeDir(dir) {
  try {
    if (ON_PG) dropDatabasesUnder(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Copies a data directory (no server running on it) to `to`, with its database: on
// PostgreSQL a new database made from the first as a template. Returns `to`.
export function copyDataDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
  const db = databaseUrl(from);
  if (db) createDatabase(to, { template: db });
  else if (ON_PG) throw new Error(`copyDataDir: ${from} has no database of the harness`);
  return to;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Runs the CLI synchronously: {code, stdout, stderr}. `--data DIR` is appended when
// dataDir is given; `input` goes to standard input.
export function cli(bin, args, { dataDir, input, env = {}, cwd } = {}) {
  const argv = [...args];
  if (dataDir) argv.push('--data', dataDir);
  const res = spawnSync(bin, argv, {
    input: input ?? '',
    encoding: 'utf8',
    timeout: CLI_TIMEOUT_MS,
    env: childEnv(env, dataDir),
    cwd: cwd ?? (dataDir ? path.dirname(dataDir) : os.tmpdir()),
  });
  if (res.error) throw res.error;
  if (SANITIZER_RE.test(res.stderr)) throw new Error(`sanitizer report from huiyin ${args.join(' ')}:\n${res.stderr}`);
  return { code: res.status, signal: res.signal, stdout: res.stdout, stderr: res.stderr };
}

// Makes a data directory (inside a fresh temporary directory; on PostgreSQL with a fresh
// database) and runs `huiyin init`.
export function makeDataDir({ demo = true, bin = BIN } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'huiyin-api-'));
  const dataDir = path.join(root, 'data');
  let res;
  try {
    if (ON_PG) createDatabase(dataDir);
    res = cli(bin, demo ? ['init', '--demo'] : ['init'], { dataDir });
  } catch (err) {
    removeDir(root);
    throw err;
  }
  if (res.code !== 0) {
    const db = databaseUrl(dataDir);
    removeDir(root);
    throw new Error(`huiyin init failed (${res.code})${db ? ` on ${db}` : ''}: ${res.stderr}`);
  }
  return { root, dataDir };
}

// Starts a server. Options:
//   demo       init with the demo district (default true)
//   testClock  pass --test-clock
//   env        extra environment variables
//   conf       text of a huiyin.conf, passed with --config
//   dataDir    reuse an existing data directory (no init); stop() then leaves it alone
//              unless removeData is set
export async function startServer({
  demo = true,
  testClock = false,
  env = {},
  conf = null,
  dataDir = null,
  bin = BIN,
} = {}) {
  let root;
  let ownsData;
  if (dataDir) {
    root = path.dirname(dataDir);
    ownsData = false;
  } else {
    ({ root, dataDir } = makeDataDir({ demo, bin }));
    ownsData = true;
  }
  const args = ['serve', '--data', dataDir, '--listen', '127.0.0.1:0'];
  if (testClock) args.push('--test-clock');
  let confPath = null;
  if (conf !== null) {
    confPath = fs.mkdtempSync(path.join(os.tmpdir(), 'huiyin-conf-'));
    fs.writeFileSync(path.join(confPath, 'huiyin.conf'), conf);
    args.push('--config', path.join(confPath, 'huiyin.conf'));
  }
  const child = spawn(bin, args, { env: childEnv(env, dataDir), cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);

  const stderr = [];
  let stderrTail = '';
  let stdout = '';
  let spawnError = null;
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
    // A binary that cannot be run (missing, not executable) never exits: report it.
    child.on('error', (err) => {
      spawnError = err;
      live.delete(child);
      resolve({ code: null, signal: null, error: err });
    });
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderrTail += chunk;
    const parts = stderrTail.split('\n');
    stderrTail = parts.pop();
    stderr.push(...parts);
  });
  child.stdout.setEncoding('utf8');

  const cleanup = () => {
    if (confPath) fs.rmSync(confPath, { recursive: true, force: true });
  };

  let url;
  try {
    url = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server did not start in ${START_TIMEOUT_MS} ms; stderr:\n${stderr.join('\n')}`)),
        START_TIMEOUT_MS,
      );
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const m = stdout.match(/^huiyin: listening on (http:\/\/127\.0\.0\.1:(\d+))$/m);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      exited.then(({ code, signal, error }) => {
        clearTimeout(timer);
        if (error) reject(new Error(`cannot run ${bin}: ${error.message}`));
        else reject(new Error(`server exited (${code ?? signal}) before listening; stderr:\n${stderr.join('\n')}${stderrTail}`));
      });
    });
  } catch (err) {
    if (!spawnError) child.kill('SIGKILL');
    await exited;
    cleanup();
    if (ownsData) removeDir(root);
    throw err;
  }
  const port = Number(new URL(url).port);
  let stopped = null;

  const server = {
    url,
    port,
    dataDir,
    pid: child.pid,
    bin,
    // Every complete stderr line so far.
    stderrLines: () => [...stderr],
    // The stderr lines that are JSON objects.
    logLines: () =>
      stderr.flatMap((l) => {
        try {
          const v = JSON.parse(l);
          return v && typeof v === 'object' ? [v] : [];
        } catch {
          return [];
        }
      }),
    // Waits (bounded) for a JSON log line matching pred; returns it.
    async waitForLog(pred, timeoutMs = 5000 * SLOW) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = server.logLines().find(pred);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error('no matching log line; stderr:\n' + stderr.join('\n'));
        await sleep(20);
      }
    },
    get exited() {
      return exited;
    },
    // SIGTERM, wait (bounded), SIGKILL if still alive; removes the data unless it was
    // passed in (or keepData). Returns {code, signal, ms, killed}. Throws when the
    // sanitizers reported anything, or the process did not exit 0 on SIGTERM (unless
    // allowFailure).
    async stop({ keepData = false, removeData = false, allowFailure = false } = {}) {
      if (!stopped) {
        stopped = (async () => {
          const t0 = Date.now();
          let killed = false;
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          let timer;
          const res = await Promise.race([
            exited,
            new Promise((resolve) => {
              timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS);
            }),
          ]);
          clearTimeout(timer);
          let result = res;
          if (!res) {
            killed = true;
            child.kill('SIGKILL');
            result = await exited;
          }
          // Let the last stderr bytes arrive.
          await new Promise((resolve) => (child.stderr.readableEnded ? resolve() : child.stderr.once('end', resolve)));
          if (stderrTail) {
            stderr.push(stderrTail);
            stderrTail = '';
          }
          cleanup();
          if ((ownsData && !keepData) || removeData) removeDir(root);
          return { ...result, ms: Date.now() - t0, killed };
        })();
      }
      const result = await stopped;
      const report = stderr.filter((l) => SANITIZER_RE.test(l));
      if (report.length) throw new Error('sanitizer report from the server:\n' + stderr.join('\n'));
      if (!allowFailure && (result.killed || result.code !== 0))
        throw new Error(`server did not stop cleanly: ${JSON.stringify(result)}\n${stderr.slice(-20).join('\n')}`);
      return result;
    },
  };
  return server;
}

// ---- a small client -------------------------------------------------------------------

// One request. body: an object (sent as JSON), or a string, Buffer or Uint8Array (sent as
// is). raw: send the body without a default Content-Type (give one in headers), for raw
// uploads. Returns {status, headers, json, text, bytes}: json is the parsed body when the
// answer is JSON (else null), text the body as UTF-8, bytes the body as a Buffer.
export async function api(url, method, p, { body, cookie, csrf, token, headers = {}, raw = false } = {}) {
  const h = { ...headers };
  let payload;
  if (body !== undefined) {
    const isBytes = typeof body === 'string' || Buffer.isBuffer(body) || body instanceof Uint8Array;
    payload = isBytes ? body : JSON.stringify(body);
    if (!raw && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
  }
  if (cookie) h.Cookie = cookie;
  if (csrf) h['X-CSRF-Token'] = csrf;
  if (token) h.Authorization = `Bearer ${token}`;
  const res = await fetch(url + p, {
    method,
    headers: h,
    body: payload,
    signal: AbortSignal.timeout(60000 * SLOW),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  let json = null;
  if (text && /\bjson\b/.test(res.headers.get('content-type') ?? '')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  return { status: res.status, headers: res.headers, json, text, bytes };
}

// Logs in; {cookie: "hy_session=...", csrf, user, setCookie}. Throws unless 200.
export async function login(url, username, password = DEMO_PASSWORD, { headers = {} } = {}) {
  const res = await api(url, 'POST', '/api/v1/auth/login', { body: { username, password }, headers });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
  const setCookie = res.headers.get('set-cookie');
  const m = setCookie && setCookie.match(/hy_session=([^;]*)/);
  if (!m) throw new Error(`login ${username}: no session cookie in ${setCookie}`);
  return { cookie: `hy_session=${m[1]}`, csrf: res.json.csrf_token, user: res.json.user, setCookie };
}

// A logged-in session bound to a server: s.get(path), s.post(path, body), ...
export function session(url, auth) {
  const call = (method, p, body, opts = {}) =>
    api(url, method, p, { body, cookie: auth.cookie, csrf: auth.csrf, token: auth.token, ...opts });
  return {
    ...auth,
    get: (p, opts) => call('GET', p, undefined, opts),
    post: (p, body, opts) => call('POST', p, body, opts),
    patch: (p, body, opts) => call('PATCH', p, body, opts),
    put: (p, body, opts) => call('PUT', p, body, opts),
    del: (p, opts) => call('DELETE', p, undefined, opts),
  };
}

export async function loginSession(url, username, password = DEMO_PASSWORD) {
  return session(url, await login(url, username, password));
}

// The org with exactly this name (looked up through the public list).
export async function orgByName(url, name) {
  const res = await api(url, 'GET', `/api/v1/orgs?q=${encodeURIComponent(name)}&limit=200`);
  if (res.status !== 200) throw new Error(`orgs?q=${name}: ${res.status} ${res.text}`);
  const hit = res.json.items.find((o) => o.name === name);
  if (!hit) throw new Error(`no org named ${name}`);
  return hit;
}

// Follows `next` cursors; every item of a list.
export async function listAll(url, p, opts = {}, limit = 200) {
  const items = [];
  let after = null;
  for (let i = 0; i < 1000; i++) {
    const sep = p.includes('?') ? '&' : '?';
    const res = await api(url, 'GET', `${p}${sep}limit=${limit}${after ? `&after=${after}` : ''}`, opts);
    if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${res.text}`);
    items.push(...res.json.items);
    if (res.json.next === null) return items;
    after = res.json.next;
  }
  throw new Error(`GET ${p}: too many pages`);
}

// Asserts the error shape {"error":{"code","message","field"}} and returns the error.
export function errorOf(res) {
  const j = res.json;
  if (!j || typeof j !== 'object' || !j.error || typeof j.error !== 'object')
    throw new Error(`not an error body (${res.status}): ${res.text}`);
  const keys = Object.keys(j).sort().join(',');
  const ekeys = Object.keys(j.error).sort().join(',');
  if (keys !== 'error' || ekeys !== 'code,field,message')
    throw new Error(`error body has keys ${keys} / ${ekeys}: ${res.text}`);
  if (typeof j.error.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(j.error.code))
    throw new Error(`error code is not snake_case: ${res.text}`);
  if (typeof j.error.message !== 'string' || !j.error.message)
    throw new Error(`error message is empty: ${res.text}`);
  if (j.error.field !== null && typeof j.error.field !== 'string')
    throw new Error(`error field is neither a string nor null: ${res.text}`);
  return j.error;
}

// A unique suffix for names made by a test.
let seq = 0;
export function uniq(prefix = 't') {
  seq++;
  return `${prefix}${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}${seq}`;
}
