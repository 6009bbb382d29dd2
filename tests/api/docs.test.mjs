// Every route of the route table (src/http/routes.c) is described in docs/API.md, and the
// document names no route the server does not have. Path parameters compare by position
// ({id}, {key} in the table; descriptive names such as {tracking_no} in the document).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const table = readFileSync(new URL('src/http/routes.c', root), 'utf8');
const doc = readFileSync(new URL('docs/API.md', root), 'utf8');
const methods = { M_GET: 'GET', M_POST: 'POST', M_PUT: 'PUT', M_PATCH: 'PATCH', M_DELETE: 'DELETE' };

const routes = [...table.matchAll(/\{(M_[A-Z]+), "([^"]+)"/g)].map(
  ([, m, p]) => `${methods[m]} ${p.replace(/\{[a-z_]+\}/g, '{}')}`);
const documented = [...doc.matchAll(/^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)`/gm)].map(
  ([, m, p]) => `${m} ${p.replace(/\{[a-z_]+\}/g, '{}')}`);

test('the route table is not empty', () => {
  assert.ok(routes.length >= 10, `found ${routes.length} routes`);
});

test('every route is in docs/API.md', () => {
  const missing = routes.filter((r) => !documented.includes(r));
  assert.deepEqual(missing, []);
});

test('docs/API.md names only routes that exist', () => {
  const extra = documented.filter((r) => !routes.includes(r));
  assert.deepEqual(extra, []);
});
