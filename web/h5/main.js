// The mobile H5 for the public: Vue 3 + Vant 4, hash routes (so the private follow-up
// link's token stays in the URL fragment, which no server sees).
import { createApp } from 'vue';
import {
  Button,
  Cell,
  CellGroup,
  Empty,
  Field,
  Form,
  Grid,
  GridItem,
  Icon,
  List,
  Loading,
  Locale,
  NavBar,
  NoticeBar,
  Progress,
  Step,
  Steps,
  Tag,
} from 'vant';
import 'vant/lib/index.css';
import zhCN from 'vant/es/locale/lang/zh-CN';
import enUS from 'vant/es/locale/lang/en-US';
import { createAppI18n, onLocaleChange } from '../shared/i18n.js';
import zh from './locales/zh-CN.json';
import en from './locales/en.json';
import App from './App.vue';
import { router } from './router.js';
import './style.css';

const i18n = createAppI18n({ 'zh-CN': zh, en });
onLocaleChange((loc) => {
  if (loc === 'en') Locale.use('en-US', enUS);
  else Locale.use('zh-CN', zhCN);
  document.title = i18n.global.t('h5.title');
});

const app = createApp(App);
app.use(i18n).use(router);
for (const c of [Button, Cell, CellGroup, Empty, Field, Form, Grid, GridItem, Icon, List, Loading, NavBar, NoticeBar, Progress, Step, Steps, Tag])
  app.use(c);
app.mount('#app');
