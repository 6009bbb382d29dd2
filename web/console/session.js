// session: who is logged in to the console, restored on reload through GET /api/v1/me
// (which also gives the CSRF token back to the API client), and what their roles let the
// console show. An answer 401 to any call made while logged in (the session expired or was
// ended elsewhere) drops the user and sends them to the login page with a message.
import { reactive } from 'vue';
import { api, onUnauthorized } from '../shared/api.js';

export const session = reactive({
  user: null, // {id, username, display_name, roles: [{id, role, org_id, org_name}]}
  ready: false, // GET /me has answered once
  notice: null, // a message key for the login page: 'login.expired', 'login.logged_out'
});

let router = null;

export function bindRouter(r) {
  router = r;
}

function dropSession(noticeKey) {
  session.user = null;
  session.notice = noticeKey;
  if (router && router.currentRoute.value.name !== 'login') {
    const back = router.currentRoute.value.fullPath;
    router.replace({ name: 'login', query: back && back !== '/' ? { next: back } : {} });
  }
}

onUnauthorized(() => {
  if (session.user) dropSession('login.expired');
});

export async function restore() {
  try {
    session.user = await api.me();
  } finally {
    session.ready = true;
  }
  return session.user;
}

export async function login(username, password) {
  const data = await api.login(username, password);
  session.user = data.user;
  session.notice = null;
  return data.user;
}

export async function logout() {
  try {
    await api.logout();
  } catch {
    /* the session may already be gone; the user is logged out either way */
  }
  session.user = null;
  session.notice = 'login.logged_out';
}

// ---- roles ------------------------------------------------------------------------------

export function rolesOf(user = session.user) {
  return user?.roles ?? [];
}

export function hasRole(role, user = session.user) {
  return rolesOf(user).some((r) => r.role === role);
}

// The grants of one role: [{id, role, org_id, org_name}].
export function grantsOf(role, user = session.user) {
  return rolesOf(user).filter((r) => r.role === role);
}

// Staff: a user holding any role (statistics, the lists); none for a user without roles.
export const STAFF_ROLES = ['admin', 'dispatcher', 'secretary', 'handler', 'liaison', 'supervisor'];
export function isStaff(user = session.user) {
  return rolesOf(user).some((r) => STAFF_ROLES.includes(r.role));
}

// The first page a user sees after logging in: their queue (a dispatcher's inbox, a
// handler's unit), a secretary's need list (社区吹哨 starts there), else the search over
// their scope (admins, supervisors, liaisons).
export function homeRoute(user = session.user) {
  if (hasRole('dispatcher', user)) return { name: 'inbox' };
  if (hasRole('handler', user)) return { name: 'unit' };
  if (hasRole('secretary', user)) return { name: 'needs' };
  return { name: 'appeals' };
}
