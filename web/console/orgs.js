// orgs: the organisation tree, loaded once per session (GET /api/v1/orgs, every page) and
// shared by the screens: names for ids, the tree for pickers, paths for scope checks.
import { reactive } from 'vue';
import { listAll } from '../shared/api.js';

export const orgStore = reactive({
  list: [],
  byId: new Map(),
  loaded: false,
});

let loading = null;

const KIND_ORDER = ['district', 'park', 'subdistrict', 'community', 'department', 'unit'];

export function loadOrgs(force = false) {
  if (orgStore.loaded && !force) return Promise.resolve(orgStore.list);
  if (!loading || force) {
    loading = listAll('/api/v1/orgs')
      .then((items) => {
        orgStore.list = items;
        orgStore.byId = new Map(items.map((o) => [o.id, o]));
        orgStore.loaded = true;
        return items;
      })
      .finally(() => {
        loading = null;
      });
  }
  return loading;
}

export function orgName(id) {
  if (id === null || id === undefined) return '';
  return orgStore.byId.get(id)?.name ?? `#${id}`;
}

// The ids from the root down to the org (itself included).
export function orgPathIds(id) {
  const o = orgStore.byId.get(id);
  return o?.path ? o.path.map((p) => p.id) : [];
}

// Is org `inner` the org `outer` or below it?
export function orgWithin(inner, outer) {
  return orgPathIds(inner).includes(outer);
}

// The tree for el-tree / el-tree-select: [{id, label, kind, children}], children by kind
// (alliances before departments before units), then by name.
export function orgTree(filter = () => true) {
  const nodes = new Map();
  for (const o of orgStore.list) if (filter(o)) nodes.set(o.id, { id: o.id, value: o.id, label: o.name, kind: o.kind, org: o, children: [] });
  const roots = [];
  for (const n of nodes.values()) {
    const parent = nodes.get(n.org.parent_id);
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const sort = (list) => {
    list.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.id - b.id);
    for (const n of list) {
      if (n.children.length) sort(n.children);
      else delete n.children;
    }
    return list;
  };
  return sort(roots);
}

export function communities() {
  return orgStore.list.filter((o) => o.kind === 'community').sort((a, b) => a.id - b.id);
}
