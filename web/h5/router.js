import { createRouter, createWebHashHistory } from 'vue-router';
import Home from './pages/Home.vue';

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'home', component: Home },
    { path: '/submit', name: 'submit', component: () => import('./pages/Submit.vue') },
    { path: '/done/:no', name: 'done', component: () => import('./pages/Done.vue') },
    { path: '/track', name: 'track-form', component: () => import('./pages/TrackForm.vue') },
    { path: '/track/:no', name: 'track', component: () => import('./pages/Track.vue') },
    { path: '/wall', name: 'wall', component: () => import('./pages/Wall.vue') },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
  scrollBehavior: (_to, _from, saved) => saved || { top: 0 },
});
