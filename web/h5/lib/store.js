// Small state of the H5: the category and community lists (fetched once), the cases sent
// from this device (localStorage 'huiyin.cases': number, access token, title, time), and
// the answer of the last submission (memory only).
import { reactive } from 'vue';
import { api } from '../../shared/api.js';

const CASES_KEY = 'huiyin.cases';
const MAX_CASES = 30;

export const state = reactive({
  categories: null,
  communities: null,
  lastSubmission: null,
});

let catsP = null;
export function loadCategories() {
  if (!catsP)
    catsP = api
      .get('/api/v1/categories')
      .then((r) => (state.categories = (r.items || []).filter((c) => c.active !== false)))
      .catch((e) => {
        catsP = null;
        throw e;
      });
  return catsP;
}

let commP = null;
export function loadCommunities() {
  if (!commP)
    commP = api
      .get('/api/v1/orgs', { query: { kind: 'community', limit: 200 } })
      .then((r) => (state.communities = r.items || []))
      .catch((e) => {
        commP = null;
        throw e;
      });
  return commP;
}

export function categoryName(code, locale) {
  const c = state.categories?.find((x) => x.code === code);
  if (!c) return code || '';
  return locale === 'en' && c.name_en ? c.name_en : c.name;
}

export function myCases() {
  try {
    const v = JSON.parse(localStorage.getItem(CASES_KEY) || '[]');
    return Array.isArray(v) ? v.filter((c) => c && c.no && c.token) : [];
  } catch {
    return [];
  }
}

export function rememberCase({ no, token, title, at }) {
  if (!no || !token) return;
  const list = myCases().filter((c) => c.no !== no);
  const old = myCases().find((c) => c.no === no);
  list.unshift({ no, token, title: title || old?.title || '', at: at || old?.at || new Date().toISOString() });
  try {
    localStorage.setItem(CASES_KEY, JSON.stringify(list.slice(0, MAX_CASES)));
  } catch {
    /* storage full or disabled: the link is still on screen */
  }
}

export function forgetCase(no) {
  try {
    localStorage.setItem(CASES_KEY, JSON.stringify(myCases().filter((c) => c.no !== no)));
  } catch {
    /* ignore */
  }
}

export function tokenOf(no) {
  return myCases().find((c) => c.no === no)?.token ?? null;
}

// The private follow-up link: the token only in the fragment.
export function privateLink(no, token) {
  return `${location.origin}/#/track/${encodeURIComponent(no)}?token=${encodeURIComponent(token)}`;
}

// Copies text; true on success. The Clipboard API, or a hidden textarea and execCommand
// where it is missing.
export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall back below */
  }
  try {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.className = 'sr-only';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  } catch {
    return false;
  }
}
