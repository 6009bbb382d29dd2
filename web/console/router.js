// router: the console's screens under /console/#/...; every screen but the login needs a
// session, restored once from GET /api/v1/me; admin screens need the admin role.
import { createRouter, createWebHashHistory } from 'vue-router';
import { session, restore, hasRole, homeRoute, isStaff } from './session.js';
import LoginView from './views/LoginView.vue';
import QueueView from './views/QueueView.vue';
import AppealView from './views/AppealView.vue';
import OrgsView from './views/OrgsView.vue';
import UsersView from './views/UsersView.vue';
import CatalogView from './views/CatalogView.vue';
import CalendarView from './views/CalendarView.vue';
import NotificationsView from './views/NotificationsView.vue';
import NeedsView from './views/NeedsView.vue';
import NeedView from './views/NeedView.vue';
import ResourcesView from './views/ResourcesView.vue';
import ResourceView from './views/ResourceView.vue';
import ProjectsView from './views/ProjectsView.vue';
import ProjectView from './views/ProjectView.vue';
import ActivitiesView from './views/ActivitiesView.vue';

// 统计分析 brings ECharts: loaded only when one of its screens is opened.
const StatsView = () => import('./views/StatsView.vue');
const StatsCasesView = () => import('./views/StatsCasesView.vue');
const ReportView = () => import('./views/ReportView.vue');

const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
  // '/' is the user's own queue, decided once the session is known (in the guard).
  { path: '/', name: 'home', component: { render: () => null } },
  { path: '/inbox', name: 'inbox', component: QueueView, props: { mode: 'inbox' } },
  { path: '/unit/:orgId?', name: 'unit', component: QueueView, props: (r) => ({ mode: 'unit', orgId: r.params.orgId ? Number(r.params.orgId) : null }) },
  { path: '/appeals', name: 'appeals', component: QueueView, props: { mode: 'all' } },
  { path: '/appeals/:id(\\d+)', name: 'appeal', component: AppealView, props: (r) => ({ id: Number(r.params.id) }) },
  // The three lists (needs, resources, projects) and activities.
  { path: '/needs', name: 'needs', component: NeedsView },
  { path: '/needs/:id(\\d+)', name: 'need', component: NeedView, props: (r) => ({ id: Number(r.params.id) }) },
  { path: '/resources', name: 'resources', component: ResourcesView },
  { path: '/resources/:id(\\d+)', name: 'resource', component: ResourceView, props: (r) => ({ id: Number(r.params.id) }) },
  { path: '/projects', name: 'projects', component: ProjectsView },
  { path: '/projects/:id(\\d+)', name: 'project', component: ProjectView, props: (r) => ({ id: Number(r.params.id) }) },
  { path: '/activities', name: 'activities', component: ActivitiesView },
  // 统计分析: the dashboard, the cases behind a figure, the monthly report (printed alone,
  // without the console's frame).
  { path: '/stats', name: 'stats', component: StatsView, meta: { staff: true } },
  { path: '/stats/cases', name: 'stats-cases', component: StatsCasesView, meta: { staff: true } },
  { path: '/stats/report', name: 'stats-report', component: ReportView, meta: { staff: true, bare: true } },
  { path: '/orgs', name: 'orgs', component: OrgsView },
  { path: '/notifications', name: 'notifications', component: NotificationsView },
  { path: '/users', name: 'users', component: UsersView, meta: { admin: true } },
  { path: '/catalog', name: 'catalog', component: CatalogView, meta: { admin: true } },
  { path: '/calendar', name: 'calendar', component: CalendarView, meta: { admin: true } },
  { path: '/:rest(.*)*', redirect: '/' },
];

export function createConsoleRouter() {
  const router = createRouter({ history: createWebHashHistory(), routes });
  router.beforeEach(async (to) => {
    if (!session.ready) {
      try {
        await restore();
      } catch {
        /* the server is unreachable: the login page says so when used */
      }
    }
    if (to.meta.public) {
      if (to.name === 'login' && session.user) return homeRoute();
      return true;
    }
    if (!session.user) return { name: 'login', query: to.name !== 'home' ? { next: to.fullPath } : {} };
    if (to.name === 'home') return homeRoute();
    if (to.meta.admin && !hasRole('admin')) return homeRoute();
    if (to.meta.staff && !isStaff()) return homeRoute();
    return true;
  });
  return router;
}
