// Two `huiyin serve` processes on one PostgreSQL database (issue 6, item 4).
//
// Server A and server B share the database and the audit key (B's data directory is a copy
// of A's files; both are given A's database URL). Requests alternate between them through
// the whole life cycle of many appeals, several appeals at a time, so both servers write at
// once; some submissions go to both servers at the same moment (a client that stopped
// waiting on one and asked the other) and must make one appeal. In the middle A is killed
// with SIGKILL; a request that fails with a connection error is retried on B — a
// submission with the same Idempotency-Key and body, a step with the same `version` (409
// then means A had committed it: the appeal's events must show it once). A new A process
// is started on the same database and takes its share again. Some appeals are left waiting
// on purpose; the clock is moved past their deadlines and both servers run worker rounds
// at the same moment. At the end, read from the database: every submission answered 201
// is there exactly once, every appeal is in the state of its last acknowledged step with
// each step recorded once, every overdue step was flagged (and its notices created)
// exactly once, every outbox row was delivered once, and `huiyin audit verify` passes —
// the hash chains did not fork under two writers.
//
// PostgreSQL only: on SQLite (HUIYIN_TEST_PG unset) there is no database two servers share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  api,
  cli,
  login,
  makeDataDir,
  ON_PG,
  orgByName,
  removeDir,
  sqlQuery,
  sleep,
  startServer,
  TEST_TIMEOUT_MS,
  uniq,
} from './lib/server.mjs';
import { databaseUrl } from './lib/db.mjs';
import { advanceClock, BASE_TIME, QUIET_CONF, REPLY, setClock, tick } from './lib/appeals.mjs';

const SKIP = ON_PG
  ? false
  : 'needs PostgreSQL: HUIYIN_TEST_PG is unset (run it with scripts/with-postgres.sh or make api-pg)';

const APPEALS = 40; // appeals in the workload
const AT_ONCE = 8; // appeals driven concurrently
const KILL_AT = 20; // A is killed when this submission is under way
const RESTART_AT = 30; // and started again when this one is
const DOUBLE_EVERY = 5; // every 5th submission is sent to both servers at once
const JUMP_DAYS = 20; // past every deadline of the appeals left waiting (sessions idle 30 days)

// What each appeal goes through: most the whole life cycle, some are left waiting for
// acceptance, some for acknowledgement, so that their deadlines pass.
function planOf(i) {
  if (i % 5 === 0) return { kind: 'unaccepted', steps: [], final: 'submitted' };
  if (i % 5 === 1) return { kind: 'unacknowledged', steps: ['accept', 'dispatch'], final: 'dispatched' };
  return { kind: 'full', steps: ['accept', 'dispatch', 'acknowledge', 'contact', 'reply', 'rate'], final: 'closed' };
}

// fetch rejects with "fetch failed" when it cannot reach the server or the connection
// dies under a request; answers (even 5xx) and timeouts are not connection errors.
function connectionError(err) {
  return err instanceof TypeError && /fetch failed/.test(err.message);
}

const q = (s) => `'${s.replace(/'/g, "''")}'`;

test('two servers on one PostgreSQL: one killed mid-way, retries elsewhere, nothing doubled', {
  skip: SKIP,
  timeout: TEST_TIMEOUT_MS * 2,
}, async (t) => {
  // ---- the two servers ------------------------------------------------------------------
  const { root: rootA, dataDir: dataA } = makeDataDir();
  const dbUrl = databaseUrl(dataA);
  // B: the same files (audit.key above all) in a directory of its own, on A's database.
  const rootB = fs.mkdtempSync(path.join(path.dirname(rootA), 'huiyin-api-'));
  const dataB = path.join(rootB, 'data');
  fs.cpSync(dataA, dataB, { recursive: true });
  const opts = { testClock: true, conf: QUIET_CONF };
  const startA = () => startServer({ ...opts, dataDir: dataA });
  const startB = () => startServer({ ...opts, dataDir: dataB, env: { HUIYIN_DATABASE_URL: dbUrl } });

  const everyServer = []; // every process started, to stop at the end
  // The load balancer's two slots; `server` is null while the slot's process is down.
  const slots = [
    { name: 'A', server: null },
    { name: 'B', server: null },
  ];
  const stats = { requests: { A: 0, B: 0 }, doubled: 0, inProgress: 0, retries: 0, causes: {}, committedBeforeKill: [] };
  try {
    for (const [slot, start] of [[slots[0], startA], [slots[1], startB]]) {
      slot.server = await start();
      everyServer.push(slot.server);
      await setClock(slot.server.url, BASE_TIME);
    }
    const [A, B] = slots.map((s) => s.server);
    assert.notEqual(A.pid, B.pid);

    // Staff log in once, on A; the session lives in the database, so B knows it too.
    const disp = await login(A.url, 'dispatcher');
    const handler = await login(A.url, 'xiexia.handler');
    const me = await api(B.url, 'GET', '/api/v1/me', { cookie: handler.cookie });
    assert.equal(me.status, 200, `B knows the session made on A: ${me.text}`);
    assert.equal(me.json.username, 'xiexia.handler');
    const xiexia = await orgByName(A.url, '斜下社区党建联盟');

    // ---- the client: alternate, retry on the other slot after a connection error --------
    let turn = 0;
    const urlOf = (slot) => (slot.server ? slot.server.url : `http://127.0.0.1:${slot.lastPort}`);
    async function send(what, call) {
      const first = slots[turn++ % 2];
      stats.requests[first.name]++;
      try {
        return { res: await call(urlOf(first)), retried: false };
      } catch (err) {
        if (!connectionError(err)) throw err;
        stats.retries++;
        const code = err.cause?.code ?? 'other';
        stats.causes[code] = (stats.causes[code] ?? 0) + 1;
        const second = slots.find((s) => s !== first);
        assert.ok(second.server, `${what}: no server to retry on`);
        stats.requests[second.name]++;
        return { res: await call(urlOf(second)), retried: true };
      }
    }

    // The same request to both servers at once: a client that gave up waiting on one and
    // asked the other while the first was still at it. One of the two may be refused with
    // 409 idempotency_in_progress while the other is being written: asked again a moment
    // later, it gives the same answer as the other. Never two appeals.
    const inProgress = (res) => res.status === 409 && res.json?.error?.code === 'idempotency_in_progress';
    async function sendToBoth(what, call) {
      const live = slots.filter((s) => s.server);
      if (live.length < 2) return send(what, call);
      stats.doubled++;
      const ask = async (slot) => {
        stats.requests[slot.name]++;
        try {
          let res = await call(urlOf(slot));
          for (let n = 0; inProgress(res) && n < 100; n++) {
            stats.inProgress++;
            await sleep(10);
            res = await call(urlOf(slot));
          }
          return res;
        } catch (err) {
          if (!connectionError(err)) throw err;
          return null; // cut off by the kill: the other answer stands
        }
      };
      const answers = (await Promise.all(live.map(ask))).filter(Boolean);
      if (!answers.length) return send(what, call); // both cut off: once more
      for (const res of answers) {
        assert.equal(res.status, 201, `${what}: ${res.status} ${res.text}`);
        assert.deepEqual(res.json, answers[0].json, `${what}: both servers give the one answer`);
      }
      return { res: answers[0], retried: false };
    }

    // A is killed while requests are under way, then started again as a new process.
    let killed = null;
    let restarted = null;
    function killA() {
      const slot = slots[0];
      const victim = slot.server;
      slot.lastPort = victim.port; // the balancer keeps sending there: connection refused
      slot.server = null;
      process.kill(victim.pid, 'SIGKILL');
      return victim.exited.then((how) => {
        assert.equal(how.signal, 'SIGKILL', `A died of SIGKILL: ${JSON.stringify(how)}`);
      });
    }
    async function restartA() {
      const fresh = await startA();
      everyServer.push(fresh);
      // Its clock is B's before it takes any request (sessions must not look expired).
      await setClock(fresh.url, await advanceClock(B.url, 0));
      slots[0].server = fresh;
    }

    // ---- the workload ------------------------------------------------------------------
    const marker = uniq('twosrv'); // ASCII: it is part of each Idempotency-Key
    const appeals = Array.from({ length: APPEALS }, (_, i) => ({ i, ...planOf(i) }));
    let submissions = 0;

    async function submitOne(a) {
      const key = `${marker}-${a.i}`;
      const body = {
        category: 'other',
        title: `${marker} 双机第${a.i}号`,
        description: `两台服务器共用一个数据库的测试诉求（第${a.i}号）。`,
        channel: 'web',
        submitter: { type: 'resident', name: '李四', phone: '13800138000' },
        location: { community_id: xiexia.id, address: '惠环街道斜下村二巷1号' },
        publishable: false,
      };
      const n = ++submissions;
      const post = (url) => api(url, 'POST', '/api/v1/appeals', { body, headers: { 'Idempotency-Key': key } });
      const sending = a.i % DOUBLE_EVERY === 2 ? sendToBoth(`submit ${a.i}`, post) : send(`submit ${a.i}`, post);
      if (n === KILL_AT) {
        // Let the requests of this moment reach the servers, then kill A under them.
        await new Promise((r) => setTimeout(r, 3));
        killed = killA();
        killed.catch(() => {}); // awaited (and reported) after the workload
      }
      if (n === RESTART_AT) {
        restarted = restartA();
        restarted.catch(() => {}); // awaited (and reported) after the workload
      }
      const { res } = await sending;
      assert.equal(res.status, 201, `submit ${a.i}: ${res.status} ${res.text}`);
      a.id = res.json.id;
      a.tracking_no = res.json.tracking_no;
      a.token = res.json.access_token;
      a.status = res.json.status;
      assert.equal(a.status, 'submitted');
      // Read it back, on whichever server comes next: its version for the first step.
      const { res: got } = await send(`read ${a.i}`, (url) =>
        api(url, 'GET', `/api/v1/appeals/${a.id}`, { cookie: disp.cookie }),
      );
      assert.equal(got.status, 200, `read ${a.i}: ${got.text}`);
      assert.equal(got.json.tracking_no, a.tracking_no);
      a.version = got.json.version;
    }

    // The appeal's events, as the dispatcher sees them.
    async function eventsOf(a) {
      const { res } = await send(`events of ${a.i}`, (url) =>
        api(url, 'GET', `/api/v1/appeals/${a.id}/events`, { cookie: disp.cookie }),
      );
      assert.equal(res.status, 200, `events of ${a.i}: ${res.text}`);
      return res.json.items;
    }

    async function staffStep(a, type) {
      const who = ['accept', 'dispatch'].includes(type) ? disp : handler;
      const fields = {
        dispatch: { lead_org_id: xiexia.id },
        contact: { note: '已电话联系诉求人。' },
        reply: { reply: REPLY, outcome: 'resolved' },
      }[type];
      const body = { type, version: a.version, ...fields };
      const { res, retried } = await send(`${type} ${a.i}`, (url) =>
        api(url, 'POST', `/api/v1/appeals/${a.id}/events`, { body, cookie: who.cookie, csrf: who.csrf }),
      );
      if (res.status === 200) {
        a.version = res.json.version;
        a.status = res.json.status;
        return;
      }
      // A retry that finds the appeal moved on: the first try was committed before A died.
      assert.ok(retried && res.status === 409, `${type} on ${a.i}: ${res.status} ${res.text}`);
      const evs = await eventsOf(a);
      assert.equal(evs.filter((e) => e.type === type).length, 1, `${type} on ${a.i} took effect once`);
      stats.committedBeforeKill.push(`${type} ${a.i}`);
      const { res: got } = await send(`read ${a.i}`, (url) =>
        api(url, 'GET', `/api/v1/appeals/${a.id}`, { cookie: disp.cookie }),
      );
      a.version = got.json.version;
      a.status = got.json.status;
    }

    async function rate(a) {
      const body = { type: 'rate', rating: 'satisfied', resolved: 'yes', comment: '满意' };
      const headers = { 'X-Access-Token': a.token };
      const { res, retried } = await send(`rate ${a.i}`, (url) =>
        api(url, 'POST', `/api/v1/track/${a.tracking_no}/events`, { body, headers }),
      );
      if (res.status !== 200) {
        assert.ok(retried && res.status === 409, `rate ${a.i}: ${res.status} ${res.text}`);
        stats.committedBeforeKill.push(`rate ${a.i}`);
        const evs = await eventsOf(a);
        assert.equal(evs.filter((e) => e.type === 'rate').length, 1, `rate on ${a.i} took effect once`);
      }
      const { res: tr } = await send(`track ${a.i}`, (url) =>
        api(url, 'GET', `/api/v1/track/${a.tracking_no}`, { headers }),
      );
      assert.equal(tr.status, 200, tr.text);
      a.status = tr.json.status;
    }

    async function lifeCycle(a) {
      await submitOne(a);
      for (const s of a.steps) {
        if (s === 'rate') await rate(a);
        else await staffStep(a, s);
      }
      assert.equal(a.status, a.final, `appeal ${a.i} ends ${a.final}`);
    }

    // AT_ONCE workers take the appeals in order, each through its whole life cycle.
    const t0 = Date.now();
    const queue = [...appeals];
    await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        for (let a = queue.shift(); a; a = queue.shift()) await lifeCycle(a);
      }),
    );
    assert.ok(killed && restarted, 'A was killed and restarted during the workload');
    await killed;
    await restarted;
    const lifeMs = Date.now() - t0;

    // ---- read from the database: everything acknowledged is there, once -----------------
    const like = `title LIKE ${q(marker + ' %')}`;
    const ids = new Set(appeals.map((a) => a.id));
    assert.equal(ids.size, APPEALS, 'every submission has its own appeal id');
    assert.equal(Number(sqlQuery(dataA, `SELECT COUNT(*) FROM appeals WHERE ${like}`)), APPEALS, 'no appeal from a retry');
    const rows = new Map(
      sqlQuery(dataA, `SELECT id, tracking_no, status FROM appeals WHERE ${like}`)
        .split('\n')
        .map((l) => l.split('|'))
        .map(([id, no, status]) => [Number(id), { no, status }]),
    );
    for (const a of appeals) {
      const row = rows.get(a.id);
      assert.ok(row, `appeal ${a.i} (id ${a.id}) is in the database`);
      assert.equal(row.no, a.tracking_no);
      assert.equal(row.status, a.final, `appeal ${a.i} is ${a.final}`);
    }
    assert.equal(sqlQuery(dataA, 'SELECT tracking_no FROM appeals GROUP BY 1 HAVING COUNT(*) > 1'), '', 'tracking numbers unique');
    // Each step once, in order, and the chain's seq without a gap.
    const trails = new Map(
      sqlQuery(
        dataA,
        `SELECT a.id, string_agg(e.type, ',' ORDER BY e.seq), MAX(e.seq), COUNT(*) FROM appeals a` +
          ` JOIN appeal_events e ON e.appeal_id = a.id WHERE a.${like} GROUP BY a.id`,
      )
        .split('\n')
        .map((l) => l.split('|'))
        .map(([id, types, max, n]) => [Number(id), { types, max: Number(max), n: Number(n) }]),
    );
    for (const a of appeals) {
      const tr = trails.get(a.id);
      assert.equal(tr.types, ['submit', ...a.steps].join(','), `events of appeal ${a.i}`);
      assert.equal(tr.max, tr.n, `seq of appeal ${a.i} has no gap`);
    }

    // ---- deadlines: both servers run worker rounds at the same moment -------------------
    const waiting = appeals.filter((a) => a.kind !== 'full');
    const now = await advanceClock(B.url, JUMP_DAYS * 86400);
    await setClock(slots[0].server.url, now);
    // The steps whose deadline has passed, per waiting appeal, from its own deadlines.
    const expected = new Map();
    for (const a of waiting) {
      const got = await api(B.url, 'GET', `/api/v1/appeals/${a.id}`, { cookie: disp.cookie });
      assert.equal(got.status, 200);
      assert.deepEqual(got.json.overdue, [], `appeal ${a.i} not flagged before the rounds`);
      const d = got.json.deadlines;
      const due = a.kind === 'unaccepted' ? { accept: d.accept } : { acknowledge: d.acknowledge, contact: d.contact, answer: d.answer };
      const steps = Object.entries(due).map(([s, at]) => {
        assert.ok(at && at < now, `appeal ${a.i}: ${s} due ${at}, before ${now}`);
        return s;
      });
      expected.set(a.id, steps.sort());
    }
    const totals = { overdue: 0, escalated: 0, delivered: 0, rounds: 0 };
    for (let round = 0; round < 10; round++) {
      const counts = await Promise.all(slots.map((s) => tick(s.server.url)));
      totals.rounds++;
      for (const c of counts) for (const k of ['overdue', 'escalated', 'delivered']) totals[k] += c[k];
      if (counts.every((c) => !c.overdue && !c.escalated && !c.auto_closed && !c.delivered)) break;
    }
    // A last round each, one after the other: nothing is left to do.
    for (const s of slots) assert.deepEqual(await tick(s.server.url), { overdue: 0, escalated: 0, auto_closed: 0, delivered: 0 });

    // Each overdue step of our appeals flagged once, escalated once.
    const flagged = sqlQuery(
      dataA,
      `SELECT e.appeal_id, e.type, e.data::jsonb->>'step', COUNT(*) FROM appeal_events e JOIN appeals a` +
        ` ON a.id = e.appeal_id WHERE a.${like} AND e.type IN ('overdue', 'escalate') GROUP BY 1, 2, 3`,
    )
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('|'));
    const seen = new Map();
    for (const [id, type, s, n] of flagged) {
      assert.equal(Number(n), 1, `appeal ${id}: ${type} of ${s} written ${n} times`);
      const k = `${id}|${type}`;
      seen.set(k, [...(seen.get(k) ?? []), s].sort());
    }
    for (const a of appeals) {
      const want = expected.get(a.id) ?? [];
      assert.deepEqual(seen.get(`${a.id}|overdue`) ?? [], want, `overdue steps of appeal ${a.i} (${a.kind})`);
      assert.deepEqual(seen.get(`${a.id}|escalate`) ?? [], want, `escalations of appeal ${a.i} (${a.kind})`);
    }
    // Over the whole database (the demo's appeals were flagged too): no step of any appeal
    // flagged twice in these rounds, and the rounds' counts are the rows written.
    const since = `e.created_at >= ${q(now)}`;
    assert.equal(
      sqlQuery(dataA, `SELECT e.appeal_id, e.type, e.data FROM appeal_events e WHERE ${since} AND e.type IN ('overdue', 'escalate') GROUP BY 1, 2, 3 HAVING COUNT(*) > 1`),
      '',
      'no overdue or escalate event twice',
    );
    const written = Number(sqlQuery(dataA, `SELECT COUNT(*) FROM appeal_events e WHERE ${since} AND e.type = 'overdue'`));
    assert.equal(totals.overdue, written, 'the rounds report the overdue events they wrote');
    assert.equal(totals.escalated, written);
    const ours = [...expected.values()].reduce((n, s) => n + s.length, 0);
    assert.ok(written >= ours, `${written} overdue events, ${ours} of them ours`);

    // Notification rows: one per user and event, present for every flag of ours, and no
    // user told twice of the same overdue step.
    assert.equal(sqlQuery(dataA, 'SELECT user_id, dedupe_key FROM notifications GROUP BY 1, 2 HAVING COUNT(*) > 1'), '');
    assert.equal(
      sqlQuery(dataA, `SELECT user_id, appeal_id, kind, message FROM notifications WHERE kind IN ('overdue', 'escalated') GROUP BY 1, 2, 3, 4 HAVING COUNT(*) > 1`),
      '',
      'no overdue notice twice',
    );
    const unnoticed = sqlQuery(
      dataA,
      `SELECT e.appeal_id, e.seq FROM appeal_events e JOIN appeals a ON a.id = e.appeal_id WHERE a.${like}` +
        ` AND e.type IN ('overdue', 'escalate') AND NOT EXISTS (SELECT 1 FROM notifications n` +
        ` WHERE n.dedupe_key = 'appeal:' || e.appeal_id || ':' || e.seq)`,
    );
    assert.equal(unnoticed, '', 'every overdue and escalate event of ours notified someone');

    // The outbox: one row per notice, every row delivered, by one server or the other.
    assert.equal(sqlQuery(dataA, 'SELECT dedupe_key FROM outbox GROUP BY 1 HAVING COUNT(*) > 1'), '');
    // (The demo's own notices are dated after the test clock: not due yet.)
    assert.equal(
      sqlQuery(dataA, `SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ${q(now)}`),
      '0',
      'every notice due delivered',
    );
    const sink = (dir) => {
      const p = path.join(dir, 'outbox.jsonl');
      return fs.existsSync(p) ? fs.readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
    };
    const lines = [...sink(dataA), ...sink(dataB)];
    const keys = new Set(lines.map((l) => l.dedupe_key));
    const rowsOut = sqlQuery(dataA, 'SELECT dedupe_key FROM outbox WHERE sent_at IS NOT NULL').split('\n').filter(Boolean);
    for (const k of rowsOut) assert.ok(keys.has(k), `outbox ${k} reached a sink`);
    // No round failed half-way here, so at-least-once was exactly once: the rounds of the
    // two servers never sent the same row.
    assert.equal(lines.length, keys.size, 'no notice sent by both servers');
    const oursOut = Number(
      sqlQuery(dataA, `SELECT COUNT(*) FROM outbox o JOIN appeals a ON o.dedupe_key LIKE 'appeal:' || a.id || ':%' WHERE a.${like}`),
    );
    assert.ok(oursOut >= APPEALS, `our appeals' notices are in the outbox (${oursOut})`);
    assert.equal(
      sqlQuery(dataA, `SELECT COUNT(*) FROM outbox o JOIN appeals a ON o.dedupe_key LIKE 'appeal:' || a.id || ':%' WHERE a.${like} AND o.sent_at IS NULL`),
      '0',
      "our appeals' notices all delivered",
    );

    // ---- the chains: stop both servers, then verify every chain on the shared database --
    for (const s of slots) {
      const r = await s.server.stop();
      assert.equal(r.code, 0);
    }
    const verify = cli(A.bin, ['audit', 'verify'], { dataDir: dataA });
    assert.equal(verify.code, 0, `audit verify: ${verify.stdout}${verify.stderr}`);

    t.diagnostic(
      `life cycle of ${APPEALS} appeals in ${lifeMs} ms; requests A ${stats.requests.A}, B ${stats.requests.B};` +
        ` ${stats.doubled} submissions sent to both at once (${stats.inProgress} times in progress);` +
        ` ${stats.retries} retried on the other server (${JSON.stringify(stats.causes)}); committed by A before it died: ` +
        `${stats.committedBeforeKill.join(', ') || 'none seen'}; rounds ${totals.rounds}, ` +
        `${totals.overdue} overdue (${ours} ours), ${totals.delivered} notices delivered (${oursOut} ours)`,
    );
  } finally {
    for (const s of everyServer) await s.stop({ allowFailure: true }).catch(() => {});
    removeDir(rootA);
    fs.rmSync(rootB, { recursive: true, force: true });
  }
});
