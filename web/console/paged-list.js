// paged-list: what the console's list views (the queues, needs, resources, projects,
// activities) share: filters read from the URL's query and written back to it (so the back
// button returns to the same list), rows fetched page by page following the API's `next`
// cursor, and the loading and error states. The organisation tree is loaded once with the
// list, for the names and pickers every list shows.
//
//   const list = usePagedList({
//     name: 'needs',                                    // the route the filters go to
//     filters: { q: '', status: '', community_id: num(''), available: false },
//     fetchPage: (after) => getPage('/api/v1/needs', { status: ... }, after),
//   });
//   list.filters, list.rows, list.next, list.loading, list.loadError,
//   list.loadMore(), list.reload(), list.applyFilters(), list.resetFilters()
//   const { linkTo, openRow } = useRowLinks('need');     // rows that open their page
//
// A filter's default says its type: a string ('' when empty), a boolean (true is written as
// 'true'), or num(empty) for an id, Number in the query, `empty` when absent (a function is
// called each time, e.g. the user's home organisation).
import { onMounted, reactive, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { api } from '../shared/api.js';
import { loadOrgs } from './orgs.js';
import { listMessageOf } from './lists-ui.js';

// An id filter: a number from the query, else `empty` (a value, or a function giving it).
export function num(empty) {
  return { number: true, empty };
}

function emptyOf(d) {
  if (d && d.number) return typeof d.empty === 'function' ? d.empty() : d.empty;
  return d;
}

function parse(d, v) {
  if (d && d.number) return v ? Number(v) : emptyOf(d);
  if (typeof d === 'boolean') return v === 'true';
  return typeof v === 'string' ? v : d;
}

// The filters as a route query: empty, null and false ones left out, text trimmed.
export function filterQuery(filters) {
  const q = {};
  for (const [k, v] of Object.entries(filters)) {
    if (v === '' || v === null || v === undefined || v === false) continue;
    q[k] = typeof v === 'string' ? v.trim() : String(v);
  }
  return q;
}

// Rows a page of the three lists and activities (the queue's are 20).
export const PAGE_SIZE = 30;

// One page of a list endpoint: {items, next}. `after` is the cursor of the page before
// (null for the first); `query`'s undefined values are left out.
export function getPage(path, query, after, limit = PAGE_SIZE) {
  return api.get(path, { query: { ...query, limit, after: after ?? undefined } });
}

// Options:
//   filters         {name: default} as above
//   name | target   the route the filters are written to: its name, or target(query) giving
//                   the whole location (a route with params)
//   fetchPage(after) → {items, next}; a falsy `next` ends the list
//   start()         called by reload() before anything else; false leaves the list as it
//                   is (nothing to list, or a filter to fix first)
//   keep            rows stay on screen while a reload fetches (a board), instead of being
//                   emptied at once (a table showing "loading")
//   onError(err)    the message for loadError ('' when shown elsewhere); listMessageOf by
//                   default
//   endOnError      a failed page also ends the list (no "more")
// Must be called from a component's setup; loads the organisations and the first page
// when the component is mounted.
export function usePagedList(opts) {
  const route = useRoute();
  const router = useRouter();
  const defaults = opts.filters;
  const filters = reactive(Object.fromEntries(Object.entries(defaults).map(([k, d]) => [k, parse(d, route.query[k])])));
  const rows = ref([]);
  const next = ref(null);
  const loading = ref(false);
  const loadError = ref('');
  let fresh = false;

  async function loadMore() {
    const first = fresh;
    fresh = false;
    loading.value = true;
    loadError.value = '';
    try {
      const page = await opts.fetchPage(first ? null : next.value);
      if (first) rows.value = page.items;
      else rows.value.push(...page.items);
      next.value = page.next || null;
    } catch (err) {
      loadError.value = (opts.onError ?? listMessageOf)(err);
      if (opts.endOnError) next.value = null;
    } finally {
      loading.value = false;
    }
  }

  // From the first page again, with the filters as they are.
  function reload() {
    if (opts.start && opts.start() === false) return;
    next.value = null;
    if (!opts.keep) rows.value = [];
    fresh = true;
    return loadMore();
  }

  // Writes the filters to the URL (which shows the list anew); the same URL reloads.
  function applyFilters() {
    const query = filterQuery(filters);
    const target = opts.target ? opts.target(query) : { name: opts.name, query };
    if (router.resolve(target).fullPath === route.fullPath) reload();
    else router.push(target);
  }

  function resetFilters() {
    for (const [k, d] of Object.entries(defaults)) filters[k] = emptyOf(d);
    applyFilters();
  }

  onMounted(() => {
    loadOrgs().catch(() => {});
    reload();
  });

  return { filters, rows, next, loading, loadError, loadMore, reload, applyFilters, resetFilters };
}

// Rows that open their own page: linkTo(row) is the route `name` with params {id: idOf(row)}
// and `from` = this list's URL (its fullPath, or its path with from: 'path'), for the page's
// way back; openRow is el-table's row-click (a click on a link in the row is the link's).
// Must be called from a component's setup.
export function useRowLinks(name, idOf = (row) => row.id, { from = 'fullPath' } = {}) {
  const route = useRoute();
  const router = useRouter();

  function linkTo(row) {
    return { name, params: { id: idOf(row) }, query: { from: route[from] } };
  }

  function openRow(row, _column, event) {
    if (event?.target?.closest?.('a')) return; // the link already navigates
    router.push(linkTo(row));
  }

  return { linkTo, openRow };
}
