#!/usr/bin/env node
// bench/export.mjs — part of `make bench`: the memory and time of exporting a large queue
// (issue 13: "200,000 rows export without the server's memory growing by more than a few
// MB"). A database of BENCH_EXPORT_ROWS appeals (default 200000: the demo's 300 and
// `huiyin gen` for the rest, kept in BENCH_WORK/export between runs), `huiyin serve` on
// 127.0.0.1, and the district dispatcher's GET /api/v1/appeals?format=csv and ?format=xlsx,
// each twice, while the server's resident memory (VmRSS) is sampled every 10 ms. Writes
// its section into bench/RESULTS.md between <!-- export:begin --> and <!-- export:end -->
// (below the notes, which bench/run.mjs keeps). Every process is stopped by its PID; every
// wait is bounded; only 127.0.0.1 is used.
//
// Environment: BENCH_EXPORT_ROWS, BENCH_WORK (/tmp/huiyin-bench), BENCH_FRESH=1
// (regenerate), BENCH_OUT (bench/RESULTS.md), BENCH_PORT (18480; this uses +10),
// HUIYIN_BIN (build/huiyin).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = process.env.HUIYIN_BIN || path.join(ROOT, 'build/huiyin');
const ROWS = Number(process.env.BENCH_EXPORT_ROWS || 200000);
const WORK = path.join(process.env.BENCH_WORK || '/tmp/huiyin-bench', 'export');
const OUT = process.env.BENCH_OUT || path.join(ROOT, 'bench/RESULTS.md');
const PORT = Number(process.env.BENCH_PORT || 18480) + 10;
const HOST = '127.0.0.1';
const DEMO_APPEALS = 300;
const log = (...a) => console.error('bench export:', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MB = (b) => (b / 1048576).toFixed(1);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return r;
}

function rss(pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const get = (k) => Number((s.match(new RegExp(`${k}:\\s+(\\d+)`)) || [0, 0])[1]) * 1024;
  return { rss: get('VmRSS'), hwm: get('VmHWM') };
}

// The database: made once, kept in WORK/cache (a copy is served, so each run starts alike).
function ensureDatabase(commands) {
  const cache = path.join(WORK, 'cache', String(ROWS));
  const data = path.join(cache, 'data');
  const init = [BIN, 'init', '--demo', '--data', data];
  const gen = [BIN, 'gen', '--appeals', String(ROWS - DEMO_APPEALS), '--data', data];
  commands.push(init.join(' '), gen.join(' '));
  if (fs.existsSync(path.join(cache, 'done')) && !process.env.BENCH_FRESH) {
    log(`using the database in ${cache}`);
    return data;
  }
  fs.rmSync(cache, { recursive: true, force: true });
  fs.mkdirSync(cache, { recursive: true });
  log(init.join(' '));
  run(init[0], init.slice(1), { cwd: WORK });
  log(gen.join(' '));
  run(gen[0], gen.slice(1), { cwd: WORK, stdio: ['ignore', 'pipe', 'inherit'] });
  fs.writeFileSync(path.join(cache, 'done'), '');
  return data;
}

// One export: the answer read as it comes while the server's VmRSS is sampled.
async function exportOnce(base, token, pid, format) {
  const before = rss(pid).rss;
  let peak = before;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, rss(pid).rss);
      await sleep(10);
    }
  })();
  const t0 = Date.now();
  const res = await fetch(`${base}/api/v1/appeals?format=${format}`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(600000),
  });
  if (res.status !== 200) throw new Error(`${format}: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body) {
    bytes += chunk.length;
    if (format === 'csv') for (const b of chunk) if (b === 10) lines++;
  }
  const seconds = (Date.now() - t0) / 1000;
  sampling = false;
  await sampler;
  const after = rss(pid).rss;
  return { format, seconds, bytes, rows: format === 'csv' ? lines - 1 : null, before, peak, after,
    growth: peak - before };
}

async function main() {
  fs.mkdirSync(WORK, { recursive: true });
  const commands = [];
  const pristine = ensureDatabase(commands);
  const data = path.join(WORK, 'run');
  fs.rmSync(data, { recursive: true, force: true });
  fs.cpSync(pristine, data, { recursive: true });
  run(BIN, ['migrate', '--data', data], { cwd: WORK });
  const env = { ...process.env, HUIYIN_WORKER_INTERVAL_SECONDS: '86400' };
  const serve = [BIN, 'serve', '--data', data, '--listen', `${HOST}:${PORT}`];
  commands.push(`HUIYIN_WORKER_INTERVAL_SECONDS=86400 ${serve.join(' ')}`);
  const srv = spawn(serve[0], serve.slice(1), { env, stdio: ['ignore', 'ignore', 'ignore'], cwd: WORK });
  const base = `http://${HOST}:${PORT}`;
  const results = [];
  try {
    for (let i = 0; ; i++) {
      if (i > 300) throw new Error('the server did not start in 30 s');
      if (srv.exitCode !== null) throw new Error(`the server exited (${srv.exitCode})`);
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch { /* not yet */ }
      await sleep(100);
    }
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'dispatcher', password: 'huiyin-demo' }),
    });
    const lj = await login.json();
    const cookie = login.headers.get('set-cookie').split(';')[0];
    const tok = await fetch(`${base}/api/v1/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': lj.csrf_token },
      body: JSON.stringify({ name: 'bench-export' }),
    });
    const token = (await tok.json()).token;
    // A queue page first, so the baseline includes what any request warms up.
    await (await fetch(`${base}/api/v1/appeals?limit=50`, { headers: { Authorization: `Bearer ${token}` } })).text();
    const start = rss(srv.pid).rss;
    for (const format of ['csv', 'xlsx', 'csv', 'xlsx']) {
      const r = await exportOnce(base, token, srv.pid, format);
      log(`${format}: ${r.seconds.toFixed(1)} s, ${MB(r.bytes)} MB, RSS ${MB(r.before)} -> peak ${MB(r.peak)} -> ${MB(r.after)} MB`);
      results.push(r);
    }
    results.start = start;
    results.hwm = rss(srv.pid).hwm;
  } finally {
    if (srv.exitCode === null) {
      const ended = new Promise((r) => srv.once('exit', r));
      process.kill(srv.pid, 'SIGTERM');
      if (await Promise.race([ended.then(() => 'ok'), sleep(15000).then(() => 'slow')]) === 'slow') {
        process.kill(srv.pid, 'SIGKILL');
        await ended;
      }
    }
  }
  const rows = spawnSync('sqlite3', [path.join(data, 'huiyin.db'),
    "SELECT json_extract(data, '$.format') || ' ' || json_extract(data, '$.rows') FROM admin_events WHERE type = 'export' ORDER BY seq"],
  { encoding: 'utf8' }).stdout.trim().split('\n');
  fs.rmSync(data, { recursive: true, force: true });

  const L = ['<!-- export:begin -->', `## Exporting ${ROWS.toLocaleString('en')} appeals (bench/export.mjs)`, ''];
  L.push(`Written ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}. The district dispatcher downloads the whole queue ` +
    `(GET /api/v1/appeals?format=csv|xlsx, ${ROWS.toLocaleString('en')} rows: the admin audit's export events say ${rows.join(', ')}), ` +
    'each format twice, one after another, while the server\'s VmRSS is read every 10 ms. ' +
    `Resident before the first export: ${MB(results.start)} MB; peak of the whole run (VmHWM): ${MB(results.hwm)} MB, ` +
    'which is the login\'s argon2id hash (64 MiB, once), not an export: their own peaks are below.', '');
  L.push('| export | seconds | rows/s | MB sent | RSS before MB | peak MB | after MB | growth MB (peak − before) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|');
  results.forEach((r, i) => {
    L.push(`| ${r.format}${i >= 2 ? ' (again)' : ''} | ${r.seconds.toFixed(1)} | ${(ROWS / r.seconds).toFixed(0)} | ${MB(r.bytes)} | ${MB(r.before)} | ${MB(r.peak)} | ${MB(r.after)} | ${MB(r.growth)} |`);
  });
  L.push('', '```sh', ...commands.map((c) => c.replaceAll(WORK, '$BENCH_WORK/export').replaceAll(ROOT + '/', '')), '```', '<!-- export:end -->');
  const block = L.join('\n');
  let text = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '<!-- notes -->\n';
  const re = /<!-- export:begin -->[\s\S]*<!-- export:end -->/;
  text = re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(OUT, text);
  log(`wrote ${path.relative(ROOT, OUT)}`);
}

main().catch((e) => { console.error('bench export:', e.message); process.exit(1); });
