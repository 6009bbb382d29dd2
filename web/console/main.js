// The staff console (/console/): Vue 3 with Element Plus, a hash router, zh-CN first with
// an English switch. Built by Vite from web/console/index.html into web/dist/console/.
import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import { createAppI18n } from '../shared/i18n.js';
import zh from './locales/zh-CN.json';
import en from './locales/en.json';
import App from './App.vue';
import { createConsoleRouter } from './router.js';
import { bindRouter } from './session.js';
import './console.css';

const i18n = createAppI18n({ 'zh-CN': zh, en });
const router = createConsoleRouter();
bindRouter(router);

createApp(App).use(i18n).use(ElementPlus).use(router).mount('#app');
