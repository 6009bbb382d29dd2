// intake: what the public's two forms — an appeal (Submit.vue) and a need (NeedSubmit.vue) —
// share: the category and community choices with their deep-link presets, the per-field
// errors (the form's own checks and the server's 400 `field`), focus on the first field at
// fault, and sending with one Idempotency-Key per form, so that a double tap or a retry
// after a lost answer (a network error) makes one case. Success remembers the case on this
// device and opens its confirmation page.
//
//   const f = useIntakeForm({
//     path: '/api/v1/needs', donePath: '/need/done', errorId: 'need-form-error',
//     fieldIds: { title: 'n-title', ... },      // API field → control id, in focus order
//     check: () => ({ title: '...' }),          // the form's own findings, {} when none
//     body: () => ({ ... }), title: () => form.title.trim(),
//   });
//   f.errors, f.formError, f.sending, f.clr('title'), f.send()
import { computed, nextTick, onMounted, reactive, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useI18n } from 'vue-i18n';
import { api, ApiError, newIdempotencyKey } from '../../shared/api.js';
import { errorText } from '../../shared/i18n.js';
import { state, loadCategories, loadCommunities, rememberCase } from './store.js';

// Options:
//   path, donePath   where the form is posted; the confirmation page's path (+ /NO)
//   fieldIds         API field → the id of the control that shows its error; its key order
//                    is the order in which the first field at fault is looked for
//   shownAt          API field → the field whose control shows it (errors about an object)
//   messages         i18n prefixes tried in turn for a server's field error (the key is the
//                    field with '.' → '_'), default ['h5.field']
//   errorId          the id of the form-wide error line, scrolled to when no field is at fault
//   check()          the form's own checks: {field: message}, {} when it may be sent
//   canSend()        false stops a valid form from going (and says why itself)
//   body(), title()  the request body, built again for each try; the case's title
//   form             the reactive form: its community_id and category take the deep link's
//   onClear(), onFieldError(field, message)   for errors the page shows elsewhere as well
// Must be called from a component's setup (it uses the route, the router and i18n).
export function useIntakeForm(opts) {
  const { t, te } = useI18n();
  const route = useRoute();
  const router = useRouter();
  const fieldIds = opts.fieldIds;
  const shownAt = opts.shownAt ?? {};
  const prefixes = opts.messages ?? ['h5.field'];

  const errors = reactive({});
  const formError = ref('');
  const loadError = ref('');
  const sending = ref(false);
  // One key per form: a double tap or a retry after a lost answer gets the same case.
  let idemKey = newIdempotencyKey();

  const categories = computed(() => state.categories || []);
  const communities = computed(() => state.communities || []);

  // The choices, then the deep link's community and category where they are among them.
  onMounted(async () => {
    try {
      await Promise.all([loadCategories(), loadCommunities()]);
    } catch (e) {
      loadError.value = errorText(e);
    }
    const q = route.query;
    if (q.community && communities.value.some((c) => String(c.id) === String(q.community))) opts.form.community_id = String(q.community);
    if (typeof q.category === 'string' && categories.value.some((c) => c.code === q.category)) opts.form.category = q.category;
  });

  function clr(field) {
    delete errors[field];
  }

  function clearErrors() {
    for (const k of Object.keys(errors)) delete errors[k];
    formError.value = '';
    opts.onClear?.();
  }

  // The words for a server's complaint about a field: ours where we have them for a 400
  // or 404, else the server's (errorText).
  function fieldMessage(err) {
    const key = err.field.replace(/\./g, '_');
    if (err.status === 400 || err.status === 404) {
      if (/required/.test(err.message)) return t('h5.field.required');
      for (const p of prefixes) if (te(`${p}.${key}`)) return t(`${p}.${key}`);
    }
    return errorText(err);
  }

  async function focusFirstError() {
    await nextTick();
    const first = Object.keys(fieldIds).find((f) => errors[f]);
    const el = first && document.getElementById(fieldIds[first]);
    if (el) {
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
    } else if (formError.value) {
      document.getElementById(opts.errorId)?.scrollIntoView({ block: 'center' });
    }
  }

  function post() {
    return api.post(opts.path, opts.body(), { headers: { 'Idempotency-Key': idemKey } });
  }

  async function send() {
    if (sending.value) return;
    clearErrors();
    Object.assign(errors, opts.check());
    if (Object.keys(errors).length) {
      formError.value = t('h5.submit.fixErrors');
      focusFirstError();
      return;
    }
    if (opts.canSend && !opts.canSend()) return;
    sending.value = true;
    try {
      let res;
      try {
        res = await post();
      } catch (e) {
        // The form changed after an attempt whose answer was lost: a new key, once.
        if (!(e instanceof ApiError && e.code === 'idempotency_conflict')) throw e;
        idemKey = newIdempotencyKey();
        res = await post();
      }
      const title = opts.title();
      state.lastSubmission = { ...res, title };
      rememberCase({ no: res.tracking_no, token: res.access_token, title, at: res.created_at });
      router.push(`${opts.donePath}/${res.tracking_no}`);
    } catch (e) {
      const field = e instanceof ApiError && e.field ? shownAt[e.field] || e.field : null;
      if (field && fieldIds[field]) {
        errors[field] = fieldMessage(e);
        opts.onFieldError?.(field, errors[field]);
        formError.value = t('h5.submit.fixErrors');
      } else {
        formError.value = `${t('h5.submit.failed')}：${errorText(e)}`;
      }
      focusFirstError();
    } finally {
      sending.value = false;
    }
  }

  return { errors, formError, loadError, sending, clr, send };
}
