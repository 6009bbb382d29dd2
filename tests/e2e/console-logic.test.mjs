// The console's plain logic, without a browser: the queue that merges several paged API
// queries with overdue appeals first, the working-time countdown in words, and the step
// forms' checks and request bodies.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createQueue } from '../../web/console/queue.js';
import { countdownText, countdownLevel, WORKING_DAY_SECONDS } from '../../web/console/countdown.js';
import { STEPS, checkStep, stepBody, textLength } from '../../web/console/steps.js';

// A fake list endpoint: ids per stream, newest (highest) first, `size` a page, `next` the
// last id of the page as the API's cursor.
function fakeApi(data, size = 2) {
  const calls = [];
  const fetchPage = async (params, after) => {
    calls.push([params.k, after]);
    const all = data[params.k].filter((id) => after === null || id < after);
    const items = all.slice(0, size).map((id) => ({ id }));
    return { items, next: all.length > size ? items[items.length - 1].id : null };
  };
  return { fetchPage, calls };
}

async function drain(queue) {
  const pages = [];
  for (let i = 0; i < 20; i++) {
    const page = await queue.more();
    pages.push(page.items.map(({ item, phase }) => `${item.id}${phase === 0 ? '!' : ''}`));
    if (!page.hasMore) return pages;
  }
  throw new Error('the queue never ended');
}

describe('queue', () => {
  test('overdue first, then the rest merged newest first, each appeal once', async () => {
    const { fetchPage } = fakeApi({ overdueA: [8, 5], overdueB: [], a: [10, 8, 7, 3, 1], b: [9, 6, 5, 2] });
    const q = createQueue(fetchPage, [[{ k: 'overdueA' }, { k: 'overdueB' }], [{ k: 'a' }, { k: 'b' }]], 3);
    const pages = await drain(q);
    assert.deepEqual(pages, [['8!', '5!', '10'], ['9', '7', '6'], ['3', '2', '1']]);
  });

  test('order holds across page boundaries of unequal streams', async () => {
    const a = [100, 99, 98, 97, 96, 95, 94, 3];
    const b = [50, 2, 1];
    const { fetchPage } = fakeApi({ a, b }, 2);
    const q = createQueue(fetchPage, [[], [{ k: 'a' }, { k: 'b' }]], 4);
    const flat = (await drain(q)).flat().map(Number);
    assert.deepEqual(flat, [...a, ...b].sort((x, y) => y - x));
  });

  test('an empty queue says there is no more at once', async () => {
    const { fetchPage, calls } = fakeApi({ a: [], b: [] });
    const q = createQueue(fetchPage, [[{ k: 'a' }], [{ k: 'b' }]], 20);
    assert.deepEqual(await q.more(), { items: [], hasMore: false });
    assert.equal(calls.length, 2);
  });

  test('pages are fetched only as far as needed', async () => {
    const { fetchPage, calls } = fakeApi({ a: [9, 8, 7, 6, 5, 4] }, 2);
    const q = createQueue(fetchPage, [[{ k: 'a' }]], 2);
    const first = await q.more();
    assert.deepEqual(first.items.map((x) => x.item.id), [9, 8]);
    assert.equal(first.hasMore, true);
    assert.deepEqual(calls, [['a', null]]);
  });
});

describe('countdown', () => {
  // A translator like vue-i18n's for the zh-CN messages the console uses.
  const zh = {
    'countdown.left': '剩余 {time}',
    'countdown.overdue': '已超期 {time}',
    'countdown.days': '{n} 工作日',
    'countdown.hours': '{n} 工作小时',
    'countdown.minutes': '{n} 工作分钟',
  };
  const t = (key, params = {}) => zh[key].replace(/\{(\w+)\}/g, (_, k) => params[k]);
  const H = 3600;

  test('hours left, days overdue, minutes at the end', () => {
    assert.equal(countdownText(t, 3 * H), '剩余 3 工作小时');
    assert.equal(countdownText(t, 3 * H + 59 * 60), '剩余 3 工作小时');
    assert.equal(countdownText(t, -WORKING_DAY_SECONDS), '已超期 1 工作日');
    assert.equal(countdownText(t, -(2 * WORKING_DAY_SECONDS + 5 * H)), '已超期 2 工作日');
    assert.equal(countdownText(t, 25 * 60), '剩余 25 工作分钟');
    assert.equal(countdownText(t, 20), '剩余 1 工作分钟');
    assert.equal(countdownText(t, -20), '已超期 1 工作分钟');
  });

  test('a working day is the 7-hour office day', () => {
    assert.equal(WORKING_DAY_SECONDS, 7 * H);
    assert.equal(countdownText(t, 7 * H - 1), '剩余 6 工作小时');
    assert.equal(countdownText(t, 7 * H), '剩余 1 工作日');
  });

  test('levels: overdue is danger, under half a day a warning', () => {
    assert.equal(countdownLevel(-1), 'danger');
    assert.equal(countdownLevel(3 * H), 'warning');
    assert.equal(countdownLevel(5 * H), 'info');
  });
});

describe('step forms', () => {
  test('every staff step of the API has a form', () => {
    const api = ['accept', 'decline', 'dispatch', 'acknowledge', 'return', 'contact', 'progress', 'note', 'extend_request', 'extend_approve', 'extend_reject', 'reply', 'callback', 'suspend', 'resume', 'supervise', 'merge', 'publish', 'unpublish'];
    assert.deepEqual(Object.keys(STEPS).sort(), [...api].sort());
  });

  test('missing and too short fields are named', () => {
    assert.deepEqual(checkStep('return', { reason: '' }), { reason: { key: 'form.required' } });
    assert.deepEqual(checkStep('reply', { reply: '已处理。', outcome: '' }), {
      reply: { key: 'form.min_chars', params: { n: 15 } },
      outcome: { key: 'form.required' },
    });
    assert.deepEqual(checkStep('dispatch', { lead_org_id: null, assist_org_ids: [] }), { lead_org_id: { key: 'form.required' } });
    assert.deepEqual(checkStep('extend_request', { days: 31, reason: '等待配件' }), { days: { key: 'form.range', params: { min: 1, max: 30 } } });
    assert.deepEqual(checkStep('acknowledge', {}), {});
  });

  test('characters are counted as the server counts them', () => {
    assert.equal(textLength('路灯'), 2);
    assert.equal(textLength('😀'), 1);
    assert.deepEqual(checkStep('decline', { reply: '😀'.repeat(15) }), {});
  });

  test('the body carries only what was filled in, and the version', () => {
    assert.deepEqual(stepBody('dispatch', { lead_org_id: 11, assist_org_ids: [], note: '' }, 3), {
      type: 'dispatch',
      lead_org_id: 11,
      assist_org_ids: [],
      version: 3,
    });
    assert.deepEqual(stepBody('merge', { into_id: '42' }, 1), { type: 'merge', into_id: 42, version: 1 });
    assert.deepEqual(stepBody('contact', { note: '  已电话联系  ' }), { type: 'contact', note: '已电话联系' });
  });
});
