// track: what the person's two tracking pages — an appeal's (Track.vue) and a need's
// (NeedTrack.vue) — share: the number from the route and the access token from the link's
// fragment (or this device's memory), loading the case from GET /api/v1/track/{no} with the
// token in X-Access-Token, posting the person's own steps (add_info, rate) to its events,
// and copying the private link.
//
// The server answers an unknown number and a wrong code alike (404), so as not to tell
// which numbers exist: both read `<words>.notFound`. Too many wrong tries are 429, which
// errorText words with when to try again. No token at all reads `<words>.noToken`.
import { computed, ref, watch } from 'vue';
import { useRoute } from 'vue-router';
import { useI18n } from 'vue-i18n';
import { showToast } from 'vant';
import { api, ApiError } from '../../shared/api.js';
import { errorText } from '../../shared/i18n.js';
import { copyText, loadCategories, privateLink, rememberCase, tokenOf } from './store.js';

// words: the page's i18n section (h5.track, h5.needTrack) for the load errors; onView(v) is
// called with every answer shown (a new load or the answer to a step). Loads at once and
// whenever the number or the token changes. Must be called from a component's setup.
export function useTrackedCase({ words, onView = () => {} }) {
  const { t } = useI18n();
  const route = useRoute();

  const view = ref(null);
  const loading = ref(false);
  const loadErr = ref('');

  const no = computed(() => String(route.params.no || '').trim());
  const token = computed(() => (typeof route.query.token === 'string' && route.query.token) || tokenOf(no.value) || '');
  const can = computed(() => new Set(view.value?.can || []));

  function headers() {
    return { 'X-Access-Token': token.value };
  }

  function show(v) {
    view.value = v;
    onView(v);
  }

  async function load() {
    loadErr.value = '';
    if (!no.value) return;
    if (!token.value) {
      loadErr.value = t(`${words}.noToken`);
      return;
    }
    loading.value = true;
    try {
      const v = await api.get(`/api/v1/track/${encodeURIComponent(no.value)}`, { headers: headers() });
      show(v);
      rememberCase({ no: v.tracking_no, token: token.value, title: v.title, at: v.created_at });
    } catch (e) {
      view.value = null;
      if (e instanceof ApiError && e.status === 404) loadErr.value = t(`${words}.notFound`);
      else loadErr.value = errorText(e);
    } finally {
      loading.value = false;
    }
  }

  // Posts one of the person's steps; the answer is the case as it now is. `target` is the
  // step form's state {sending, errors}: busy meanwhile, and a failure goes under the field
  // the server names (or `_`, the form's own line). True when it went through.
  async function post(body, target) {
    target.sending = true;
    target.errors = {};
    try {
      show(await api.post(`/api/v1/track/${encodeURIComponent(no.value)}/events`, body, { headers: headers() }));
      return true;
    } catch (e) {
      const field = e instanceof ApiError && e.field && e.field !== 'type' ? e.field : '_';
      target.errors = { [field]: errorText(e) };
      return false;
    } finally {
      target.sending = false;
    }
  }

  async function copyLink() {
    showToast((await copyText(privateLink(no.value, token.value))) ? t('common.copied') : t('common.copyFailed'));
  }

  watch([no, token], load, { immediate: true });
  loadCategories().catch(() => {});

  return { no, token, view, loading, loadErr, can, headers, load, post, copyLink };
}
