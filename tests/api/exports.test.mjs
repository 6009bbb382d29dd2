// Exports: every list downloads with `format=csv|xlsx` — the queue with its filters, needs,
// resources, projects, activities. The .xlsx is read back with a real reader (exceljs) and
// its rows equal the JSON list's, all pages; cells are typed (a date is a date, a rate a
// percentage), the header row is frozen, the columns have widths. The CSV opens with its
// BOM and header and quotes what needs quoting. Personal data is masked as in the JSON
// list unless the caller asks and may see it; a caller sees only the rows of their scope;
// over export.max_rows is 413 and nothing is sent or logged; a bad format is 400; each
// export is an `export` event in the admin audit chain.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { BIN, cli, errorOf, listAll, sqlQuery, TEST_TIMEOUT_MS } from './lib/server.mjs';
import { appealServer, QUIET_CONF, submit } from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS * 2 };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HOUR = 3600 * 1000;

// The workbook of an .xlsx answer, read with exceljs.
async function workbook(res) {
  assert.equal(res.status, 200, res.text.slice(0, 300));
  assert.equal(res.headers.get('content-type'), XLSX_TYPE);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.bytes);
  return wb;
}

// The data rows of a sheet as arrays (column 1 at index 0), below its header.
function sheetRows(ws) {
  const rows = [];
  ws.eachRow((row, n) => {
    if (n > 1) rows.push(Array.from({ length: ws.columnCount }, (_, i) => row.getCell(i + 1).value));
  });
  return rows;
}

function headerOf(ws) {
  return Array.from({ length: ws.columnCount }, (_, i) => ws.getRow(1).getCell(i + 1).value);
}

// RFC 4180: fields separated by commas, records by CRLF, quoted fields with "" for ".
function parseCsv(text) {
  const records = [];
  let rec = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      rec.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      rec.push(field);
      records.push(rec);
      rec = [];
      field = '';
      i += 2;
    } else {
      assert.notEqual(ch, '\n', 'a bare LF outside quotes: lines must end with CRLF');
      field += ch;
      i++;
    }
  }
  assert.equal(field, '', 'the CSV must end with CRLF');
  assert.equal(rec.length, 0);
  return records;
}

// An ISO time in UTC as the wall clock of Asia/Shanghai, the way a spreadsheet date reads
// it back (exceljs gives it as a Date whose UTC fields are the cell's).
function shanghai(iso) {
  return iso ? new Date(Date.parse(iso) + 8 * HOUR) : null;
}

function sameSecond(a, b) {
  if (a === null || b === null) return a === b;
  return Math.round(a.getTime() / 1000) === Math.round(b.getTime() / 1000);
}

function exportEvents(ctx) {
  const out = sqlQuery(ctx, "SELECT actor_id, data FROM admin_events WHERE type = 'export' ORDER BY seq");
  return out ? out.split('\n').map((l) => {
    const bar = l.indexOf('|');
    return { actor_id: Number(l.slice(0, bar)), data: JSON.parse(l.slice(bar + 1)) };
  }) : [];
}

const APPEAL_HEADER = [
  '编号', '受理编号', '提交时间', '渠道', '类别', '时限等级', '紧急程度', '标题', '诉求内容', '社区',
  '地址', '状态', '承办单位', '诉求人', '联系电话', '答复时限', '派单时间', '答复时间', '办结时间',
  '办结方式', '评价', '不满意次数',
];

describe('exports', () => {
  let ctx;
  let admin;
  let orgNames;

  before(async () => {
    ctx = await appealServer();
    admin = await ctx.as('admin');
    orgNames = new Map((await listAll(ctx.url, '/api/v1/orgs')).map((o) => [o.id, o.name]));
    // Text a CSV must quote, and one a spreadsheet would take for a formula.
    await submit(ctx, { title: '关于"路灯",噪音的反映', description: '第一行，\n第二行 "引号"。' });
    await submit(ctx, { title: '=1+2 不是公式', description: '以等号开头的标题应当原样保存。' });
  });
  after(async () => {
    await ctx?.stop();
  });

  // Checks one appeal row of an export against the queue's JSON item.
  function assertAppealRow(row, item) {
    assert.equal(row[0], item.id);
    assert.equal(row[1], item.tracking_no);
    assert.ok(row[2] instanceof Date, `提交时间 is a date cell: ${row[2]}`);
    assert.ok(sameSecond(row[2], shanghai(item.created_at)), `${row[2].toISOString()} vs ${item.created_at}`);
    assert.equal(row[3], item.channel);
    assert.equal(row[4], item.category);
    assert.equal(row[7], item.title);
    assert.equal(row[8], item.description);
    assert.equal(row[9] ?? null, item.location.community_id ? orgNames.get(item.location.community_id) : null);
    assert.equal(row[11], item.status);
    assert.equal(row[12] ?? null, item.lead_org_id ? orgNames.get(item.lead_org_id) : null);
    assert.equal(row[13] ?? null, item.submitter.name);
    assert.equal(row[14] ?? null, item.submitter.phone);
    assert.ok(sameSecond(row[15] ?? null, shanghai(item.deadlines.answer)));
    assert.ok(sameSecond(row[17] ?? null, shanghai(item.times.replied_at)));
    assert.equal(row[21], item.unsatisfied_count);
  }

  test('the queue as .xlsx equals the JSON list, every page, with typed cells and a frozen header', T, async () => {
    const items = await listAll(ctx.url, '/api/v1/appeals', { cookie: admin.cookie });
    assert.ok(items.length > 200, `the demo has more than one page of appeals (${items.length})`);
    const res = await admin.get('/api/v1/appeals?format=xlsx');
    assert.match(res.headers.get('content-disposition'), /^attachment; filename="huiyin-appeals-2026\d{4}\.xlsx"$/);
    const wb = await workbook(res);
    assert.equal(wb.worksheets.length, 1);
    const ws = wb.worksheets[0];
    assert.equal(ws.name, '诉求');
    assert.deepEqual(headerOf(ws), APPEAL_HEADER);
    assert.equal(ws.views[0].state, 'frozen');
    assert.equal(ws.views[0].ySplit, 1);
    assert.ok(Math.abs(ws.getColumn(8).width - 30) < 1, `标题 is 30 wide: ${ws.getColumn(8).width}`);
    assert.equal(ws.getRow(2).getCell(3).numFmt, 'yyyy-mm-dd hh:mm');
    const rows = sheetRows(ws);
    assert.equal(rows.length, items.length);
    rows.forEach((row, i) => assertAppealRow(row, items[i]));
    // Masked as in the list: the demo's submitters have names and phones.
    assert.ok(items.some((it) => it.submitter.phone && it.submitter.phone.includes('*')));
  });

  test('a filtered queue exports exactly the filtered list', T, async () => {
    const qs = `status=dispatched&community_id=${ctx.orgs.xiexia.id}`;
    const items = await listAll(ctx.url, `/api/v1/appeals?${qs}`, { cookie: admin.cookie });
    assert.ok(items.length > 0, 'the demo has dispatched appeals in 斜下');
    const rows = sheetRows((await workbook(await admin.get(`/api/v1/appeals?${qs}&format=xlsx`))).worksheets[0]);
    assert.deepEqual(rows.map((r) => r[0]), items.map((it) => it.id));
    rows.forEach((row, i) => assertAppealRow(row, items[i]));
    const q = encodeURIComponent('路灯');
    const found = await listAll(ctx.url, `/api/v1/appeals?q=${q}`, { cookie: admin.cookie });
    assert.ok(found.length > 0);
    const csv = parseCsv((await admin.get(`/api/v1/appeals?q=${q}&format=csv`)).text.slice(1));
    assert.deepEqual(csv.slice(1).map((r) => Number(r[0])), found.map((it) => it.id));
  });

  test('the CSV starts with the BOM and the header, quotes by RFC 4180 and ends lines with CRLF', T, async () => {
    const items = await listAll(ctx.url, '/api/v1/appeals', { cookie: admin.cookie });
    const res = await admin.get('/api/v1/appeals?format=csv');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(res.headers.get('content-disposition'), /^attachment; filename="huiyin-appeals-2026\d{4}\.csv"$/);
    assert.deepEqual([...res.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = res.bytes.subarray(3).toString('utf8');
    assert.ok(text.startsWith(APPEAL_HEADER.join(',') + '\r\n'));
    const records = parseCsv(text);
    assert.deepEqual(records[0], APPEAL_HEADER);
    assert.equal(records.length - 1, items.length);
    const byId = new Map(records.slice(1).map((r) => [Number(r[0]), r]));
    for (const it of items) {
      const r = byId.get(it.id);
      assert.ok(r, `appeal ${it.id} is in the CSV`);
      assert.equal(r.length, APPEAL_HEADER.length);
      assert.equal(r[1], it.tracking_no);
      // Times read in Asia/Shanghai, as the spreadsheet shows them.
      assert.equal(r[2], shanghai(it.created_at).toISOString().slice(0, 19).replace('T', ' '));
      assert.equal(r[14], it.submitter.phone ?? '');
      if (it.title.startsWith('=')) assert.equal(r[7], `'${it.title}`);
      else assert.equal(r[7], it.title);
      assert.equal(r[8], it.description);
    }
    assert.ok(items.some((it) => it.title === '关于"路灯",噪音的反映'));
    assert.ok(items.some((it) => it.title.startsWith('=')));
    assert.ok(text.includes('"关于""路灯"",噪音的反映"'), 'a title with quotes and a comma is quoted');
  });

  test('contact details are masked unless the caller asks and may see them', T, async () => {
    const dispatcher = await ctx.as('dispatcher');
    const masked = sheetRows((await workbook(await dispatcher.get('/api/v1/appeals?format=xlsx'))).worksheets[0]);
    const shown = sheetRows((await workbook(await dispatcher.get('/api/v1/appeals?format=xlsx&reveal=contact'))).worksheets[0]);
    assert.equal(shown.length, masked.length);
    const i = shown.findIndex((r) => r[14]);
    assert.ok(i >= 0);
    assert.match(masked[i][14], /\*/);
    assert.doesNotMatch(shown[i][14], /\*/);
    const one = await dispatcher.get(`/api/v1/appeals/${shown[i][0]}?reveal=contact`);
    assert.equal(one.status, 200);
    assert.equal(shown[i][14], one.json.submitter.phone);
    assert.equal(shown[i][13], one.json.submitter.name);
    // The admin is not a dispatcher of the place: asking reveals nothing.
    const adminRows = sheetRows((await workbook(await admin.get('/api/v1/appeals?format=xlsx&reveal=contact'))).worksheets[0]);
    assert.ok(adminRows.every((r) => !r[14] || r[14].includes('*')));
    const bad = await dispatcher.get('/api/v1/appeals?format=csv&reveal=everything');
    assert.equal(bad.status, 400);
    assert.equal(errorOf(bad).field, 'reveal');
  });

  test('a caller outside the district sees only the rows of their scope', T, async () => {
    const all = await listAll(ctx.url, '/api/v1/appeals', { cookie: admin.cookie });
    for (const name of ['xiexia.handler', 'liaison']) {
      const s = await ctx.as(name);
      const mine = await listAll(ctx.url, '/api/v1/appeals', { cookie: s.cookie });
      assert.ok(mine.length > 0 && mine.length < all.length, `${name} sees some appeals (${mine.length})`);
      const rows = sheetRows((await workbook(await s.get('/api/v1/appeals?format=xlsx'))).worksheets[0]);
      assert.deepEqual(rows.map((r) => r[0]), mine.map((it) => it.id));
      const csv = parseCsv((await s.get('/api/v1/appeals?format=csv')).text.slice(1));
      assert.deepEqual(csv.slice(1).map((r) => Number(r[0])), mine.map((it) => it.id));
    }
    const unauth = await fetch(`${ctx.url}/api/v1/appeals?format=csv`);
    assert.equal(unauth.status, 401);
  });

  test('the three lists and activities export their JSON lists', T, async () => {
    const secretary = await ctx.as('secretary');
    for (const [path, sheet, who] of [
      ['/api/v1/needs', '需求清单', admin],
      ['/api/v1/needs', '需求清单', secretary],
      ['/api/v1/resources', '资源清单', admin],
      ['/api/v1/projects', '项目清单', admin],
      ['/api/v1/projects', '项目清单', secretary],
      ['/api/v1/activities', '活动', admin],
    ]) {
      const items = await listAll(ctx.url, path, { cookie: who.cookie });
      assert.ok(items.length > 0, `${path} has rows in the demo`);
      const ws = (await workbook(await who.get(`${path}?format=xlsx`))).worksheets[0];
      assert.equal(ws.name, sheet);
      assert.deepEqual(sheetRows(ws).map((r) => r[0]), items.map((it) => it.id), path);
      const csv = parseCsv((await who.get(`${path}?format=csv`)).text.slice(1));
      assert.deepEqual(csv.slice(1).map((r) => Number(r[0])), items.map((it) => it.id), path);
    }
    // Typed cells: an activity's day is a date; a project's progress a percentage.
    const acts = await listAll(ctx.url, '/api/v1/activities', { cookie: admin.cookie });
    const aw = (await workbook(await admin.get('/api/v1/activities?format=xlsx'))).worksheets[0];
    const arow = sheetRows(aw)[0];
    assert.ok(arow[1] instanceof Date);
    assert.equal(arow[1].toISOString().slice(0, 10), acts[0].date);
    assert.equal(aw.getRow(2).getCell(2).numFmt, 'yyyy-mm-dd');
    assert.equal(arow[7], acts[0].audience);
    const projects = await listAll(ctx.url, '/api/v1/projects', { cookie: admin.cookie });
    const pw = (await workbook(await admin.get('/api/v1/projects?format=xlsx'))).worksheets[0];
    const prow = sheetRows(pw);
    const k = projects.findIndex((p) => p.plan.progress.total > 0);
    assert.ok(k >= 0, 'a demo project has milestones');
    const { done, total } = projects[k].plan.progress;
    assert.ok(Math.abs(prow[k][6] - done / total) < 1e-9);
    assert.equal(pw.getRow(k + 2).getCell(7).numFmt, '0.0%');
    // A filter of the list holds for its export.
    const open = await listAll(ctx.url, '/api/v1/needs?status=open', { cookie: admin.cookie });
    const ow = (await workbook(await admin.get('/api/v1/needs?status=open&format=xlsx'))).worksheets[0];
    assert.deepEqual(sheetRows(ow).map((r) => r[0]), open.map((n) => n.id));
  });

  test('an unknown format is 400 naming it, and nothing is logged', T, async () => {
    const before = exportEvents(ctx).length;
    for (const p of ['/api/v1/appeals', '/api/v1/needs', '/api/v1/resources', '/api/v1/projects', '/api/v1/activities']) {
      const res = await admin.get(`${p}?format=pdf`);
      assert.equal(res.status, 400, p);
      const e = errorOf(res);
      assert.equal(e.field, 'format');
      assert.match(e.message, /csv or xlsx/);
    }
    assert.equal(exportEvents(ctx).length, before);
  });

  test('each export is an event in the admin audit chain: who, which list, the filter, how many rows', T, async () => {
    const before = exportEvents(ctx).length;
    const qs = `status=dispatched&community_id=${ctx.orgs.xiexia.id}`;
    const items = await listAll(ctx.url, `/api/v1/appeals?${qs}`, { cookie: admin.cookie });
    assert.equal((await admin.get(`/api/v1/appeals?${qs}&format=csv`)).status, 200);
    const evs = exportEvents(ctx);
    assert.equal(evs.length, before + 1);
    const ev = evs.at(-1);
    assert.equal(ev.actor_id, admin.user.id);
    assert.deepEqual(ev.data, {
      list: 'appeals',
      format: 'csv',
      filter: { status: 'dispatched', community_id: String(ctx.orgs.xiexia.id) },
      reveal: false,
      rows: items.length,
    });
    const res = cli(BIN, ['audit', 'verify'], { dataDir: ctx.dataDir });
    assert.equal(res.code, 0, `audit verify: ${res.stdout}${res.stderr}`);
  });
});

describe('exports over export.max_rows', () => {
  let ctx;
  before(async () => {
    ctx = await appealServer({ conf: `${QUIET_CONF}[export]\nmax_rows = 5\n` });
  });
  after(async () => {
    await ctx?.stop();
  });

  test('are 413 naming the limit, with nothing sent or logged; a narrower filter goes through', T, async () => {
    const admin = await ctx.as('admin');
    for (const format of ['csv', 'xlsx']) {
      for (const p of ['/api/v1/appeals', '/api/v1/needs']) {
        const res = await admin.get(`${p}?format=${format}`);
        assert.equal(res.status, 413, `${p} ${format}`);
        assert.match(res.headers.get('content-type'), /json/);
        assert.equal(res.headers.get('content-disposition'), null);
        const e = errorOf(res);
        assert.equal(e.code, 'too_many_rows');
        assert.match(e.message, /more than 5 rows \(export\.max_rows\)/);
      }
    }
    assert.equal(exportEvents(ctx).length, 0);
    const closed = await listAll(ctx.url, '/api/v1/appeals?status=closed', { cookie: admin.cookie });
    const few = closed.length <= 5 ? 'status=closed' : `status=closed&from=${closed[4].created_at}`;
    const want = await listAll(ctx.url, `/api/v1/appeals?${few}`, { cookie: admin.cookie });
    assert.ok(want.length > 0 && want.length <= 5, `${want.length} rows`);
    const rows = sheetRows((await workbook(await admin.get(`/api/v1/appeals?${few}&format=xlsx`))).worksheets[0]);
    assert.deepEqual(rows.map((r) => r[0]), want.map((it) => it.id));
    assert.equal(exportEvents(ctx).length, 1);
  });
});
