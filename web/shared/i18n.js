// vue-i18n set up for both apps: zh-CN first, English second, the choice kept in
// localStorage ('huiyin.locale'), <html lang> kept in step.
//
//   import zh from './locales/zh-CN.json';   // the app's own messages (precompiled at
//   import en from './locales/en.json';      //  build time by @intlify/unplugin-vue-i18n)
//   const i18n = createAppI18n({ 'zh-CN': zh, en });
//   app.use(i18n);
//   onLocaleChange((loc) => Locale.use(...));  // e.g. Vant's or Element Plus's own texts
//   setLocale('en');
//
// The shared messages (web/shared/locales) live under the top-level key `common`
// (common.status.replied, common.rating.satisfied, common.error.network, ...); an app's
// messages sit beside them under their own top-level keys. Messages are only ever
// imported from locales/*.json files, which the build precompiles: the runtime-only
// vue-i18n has no message compiler, so the page runs under a CSP without 'unsafe-eval'.
//
// Times: see time.js (Asia/Shanghai), re-exported here.
import { createI18n } from 'vue-i18n';
import commonZh from './locales/zh-CN.json';
import commonEn from './locales/en.json';
import { ApiError } from './api.js';

export * from './time.js';

export const LOCALES = ['zh-CN', 'en'];
export const DEFAULT_LOCALE = 'zh-CN';
const STORAGE_KEY = 'huiyin.locale';

let i18n = null;
const listeners = new Set();

function storedLocale() {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return LOCALES.includes(v) ? v : null;
  } catch {
    return null;
  }
}

export function createAppI18n(appMessages = {}) {
  const locale = storedLocale() || DEFAULT_LOCALE;
  const messages = {
    'zh-CN': { ...commonZh, ...(appMessages['zh-CN'] || {}) },
    en: { ...commonEn, ...(appMessages.en || {}) },
  };
  i18n = createI18n({
    legacy: false,
    globalInjection: true,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages,
    missingWarn: false,
    fallbackWarn: false,
  });
  setHtmlLang(locale);
  return i18n;
}

function setHtmlLang(locale) {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export function getLocale() {
  return i18n ? i18n.global.locale.value : storedLocale() || DEFAULT_LOCALE;
}

export function setLocale(locale) {
  if (!LOCALES.includes(locale)) return;
  if (i18n) i18n.global.locale.value = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  setHtmlLang(locale);
  for (const fn of listeners) fn(locale);
}

export function toggleLocale() {
  setLocale(getLocale() === 'en' ? 'zh-CN' : 'en');
}

// fn(locale) now and on every change; returns an unsubscribe function.
export function onLocaleChange(fn) {
  listeners.add(fn);
  fn(getLocale());
  return () => listeners.delete(fn);
}

// The global translate function, for code outside components.
export function t(key, params) {
  return i18n ? i18n.global.t(key, params ?? {}) : key;
}

// A person-readable text for an error: the API's message for a validation error (it
// names the problem), a translated one for network, permission, rate-limit and other
// failures.
export function errorText(err) {
  if (!(err instanceof ApiError)) return t('common.error.generic', { code: err?.message || 'error' });
  if (err.code === 'network') return t('common.error.network');
  if (err.code === 'timeout') return t('common.error.timeout');
  if (err.status === 401) return t('common.error.sessionExpired');
  if (err.status === 429) return t('common.error.tooMany', { seconds: err.retryAfter ?? 60 });
  if (err.status === 400 || err.status === 409 || err.status === 413) return err.message;
  if (err.status === 403) return err.message || t('common.error.forbidden');
  if (err.status === 404) return err.field ? err.message : t('common.error.notFound');
  return t('common.error.generic', { code: err.code });
}
