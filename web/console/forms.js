// forms: the small state every dialog form needs — values, per-field errors, one message
// for the rest, busy — and running a request into it.
import { reactive, ref } from 'vue';
import { t } from '../shared/i18n.js';
import { ApiError } from '../shared/api.js';
import { messageOf } from './errors.js';

export function useForm(initial) {
  const values = reactive({ ...initial });
  const errors = reactive({});
  const error = ref('');
  const busy = ref(false);

  // Starts over with new values (one form object serves several dialogs).
  function reset(next) {
    for (const k of Object.keys(values)) delete values[k];
    Object.assign(values, next);
    clear();
  }

  function clear() {
    for (const k of Object.keys(errors)) delete errors[k];
    error.value = '';
  }

  // Marks required fields left empty; true when all are filled.
  function require(...names) {
    let ok = true;
    for (const n of names) {
      const v = values[n];
      if (v === undefined || v === null || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && !v.length)) {
        errors[n] = t('form.required');
        ok = false;
      }
    }
    return ok;
  }

  // Runs fn(); a failure goes next to its field when the field is one of the form's
  // (codeFields maps an error code to a field, e.g. username_taken → username).
  // mapField turns the API's field name into the form's (e.g. time_limits.answer.value →
  // time_limits.answer).
  async function run(fn, { codeFields = {}, codeMessages = {}, mapField = (f) => f, fields = [] } = {}) {
    busy.value = true;
    try {
      return { ok: true, value: await fn() };
    } catch (err) {
      const raw = err instanceof ApiError ? err.field || codeFields[err.code] : null;
      const field = raw ? mapField(raw) : null;
      const msg = err instanceof ApiError && codeMessages[err.code] ? t(codeMessages[err.code]) : null;
      if (field && (field in values || fields.includes(field)) && err.status !== 403) errors[field] = msg || err.message;
      else error.value = msg || messageOf(err);
      return { ok: false, error: err };
    } finally {
      busy.value = false;
    }
  }

  return { values, errors, error, busy, reset, clear, require, run };
}
