import { createRouter, createWebHashHistory } from 'vue-router';
import Home from './pages/Home.vue';

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'home', component: Home },
    { path: '/submit', name: 'submit', component: () => import('./pages/Submit.vue') },
    { path: '/done/:no', name: 'done', component: () => import('./pages/Done.vue') },
    { path: '/track', name: 'track-form', component: () => import('./pages/TrackForm.vue') },
    // Needs' numbers start XQ: the same private-link form, the need's own page.
    { path: '/track/:no(XQ[^/]*)', name: 'need-track', component: () => import('./pages/NeedTrack.vue') },
    { path: '/track/:no', name: 'track', component: () => import('./pages/Track.vue') },
    { path: '/need', name: 'need', component: () => import('./pages/NeedSubmit.vue') },
    { path: '/need/done/:no', name: 'need-done', component: () => import('./pages/Done.vue'), meta: { need: true } },
    { path: '/projects', name: 'projects', component: () => import('./pages/ProjectBoard.vue') },
    { path: '/wall', name: 'wall', component: () => import('./pages/Wall.vue') },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
  scrollBehavior: (_to, _from, saved) => saved || { top: 0 },
});
