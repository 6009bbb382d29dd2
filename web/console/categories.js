// categories: the appeal category catalogue (GET /api/v1/categories), loaded once and
// named in the current language.
import { reactive } from 'vue';
import { api } from '../shared/api.js';
import { getLocale } from '../shared/i18n.js';

export const categoryStore = reactive({ list: [], loaded: false });

export async function loadCategories(force = false) {
  if (categoryStore.loaded && !force) return categoryStore.list;
  const data = await api.get('/api/v1/categories', { query: force ? { all: 'true' } : undefined }).catch(() => api.get('/api/v1/categories'));
  categoryStore.list = data?.items ?? [];
  categoryStore.loaded = true;
  return categoryStore.list;
}

export function categoryName(code, locale = getLocale()) {
  const c = categoryStore.list.find((x) => x.code === code);
  if (!c) return code ?? '';
  return locale === 'en' && c.name_en ? c.name_en : c.name;
}
