// The JSON API client shared by the H5 and the console.
//
//   import { api, ApiError } from '../shared/api.js';
//   const cats = await api.get('/api/v1/categories');            // parsed JSON
//   await api.post('/api/v1/appeals', body, { headers: { 'Idempotency-Key': key } });
//   try { ... } catch (e) { if (e instanceof ApiError) showNextTo(e.field, e.message); }
//
// Paths are absolute ('/api/v1/...'); `query` is an object turned into the query string
// (null/undefined/'' values are left out). Every call is same-origin with the session
// cookie. A state-changing call (anything but GET/HEAD) sends X-CSRF-Token once the token
// is known: login(), me() and setCsrfToken() keep it in memory only (never in storage).
// Errors: the API's {error:{code,message,field}} becomes an ApiError with status, code,
// message, field (null when the error names no field); a network failure or a timeout is
// an ApiError with status 0 and code 'network' / 'timeout'. A 401 on a call made while
// logged in also calls the handlers registered with onUnauthorized() (expired session).

const DEFAULT_TIMEOUT_MS = 30000;

export class ApiError extends Error {
  constructor(status, code, message, field = null, retryAfter = null) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field ?? null;
    this.retryAfter = retryAfter;
  }
}

let csrfToken = null;
const unauthorizedHandlers = new Set();

export function setCsrfToken(token) {
  csrfToken = token || null;
}

export function getCsrfToken() {
  return csrfToken;
}

// Registers fn(err) for 401 answers on calls made with a CSRF token (the session ended).
// Returns a function that unregisters it.
export function onUnauthorized(fn) {
  unauthorizedHandlers.add(fn);
  return () => unauthorizedHandlers.delete(fn);
}

export function buildQuery(query) {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => p.append(k, String(x)));
    else p.append(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

function isBinary(body) {
  return (
    body instanceof Blob ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof FormData ||
    typeof body === 'string'
  );
}

function errorFrom(status, data, headers) {
  const retry = headers?.get?.('Retry-After');
  const e = data && typeof data === 'object' && data.error;
  if (e && typeof e === 'object')
    return new ApiError(status, e.code || 'error', e.message || '', e.field ?? null, retry ? Number(retry) : null);
  return new ApiError(status, `http_${status}`, `HTTP ${status}`, null, retry ? Number(retry) : null);
}

// One request. Options: query, body (object → JSON; Blob/ArrayBuffer/typed array/string
// sent as is, give its Content-Type in headers), headers, timeout (ms), signal, raw (return
// the Response instead of parsed JSON). Resolves to the parsed JSON (null for 204).
export async function request(method, path, { query, body, headers = {}, timeout = DEFAULT_TIMEOUT_MS, signal, raw = false } = {}) {
  method = method.toUpperCase();
  const h = { Accept: 'application/json', ...headers };
  let payload;
  if (body !== undefined) {
    if (isBinary(body)) payload = body;
    else {
      payload = JSON.stringify(body);
      if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
    }
  }
  const unsafe = method !== 'GET' && method !== 'HEAD';
  const sentCsrf = unsafe && csrfToken;
  if (sentCsrf) h['X-CSRF-Token'] = csrfToken;

  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort();
  }, timeout);
  const onAbort = () => ctl.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let res;
  try {
    res = await fetch(path + buildQuery(query), {
      method,
      headers: h,
      body: payload,
      credentials: 'same-origin',
      cache: 'no-store',
      signal: ctl.signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, timedOut ? 'timeout' : 'network', timedOut ? 'the server did not answer in time' : 'the server could not be reached');
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  if (raw && res.ok) return res;
  const type = res.headers.get('Content-Type') || '';
  let data = null;
  if (res.status !== 204) {
    const text = await res.text();
    if (text && /\bjson\b/.test(type)) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    } else data = text || null;
  }
  if (!res.ok) {
    const err = errorFrom(res.status, data, res.headers);
    if (res.status === 401 && (sentCsrf || (csrfToken && !unsafe))) {
      csrfToken = null;
      for (const fn of unauthorizedHandlers) {
        try {
          fn(err);
        } catch {
          /* a handler's failure is not the caller's */
        }
      }
    }
    throw err;
  }
  return data;
}

// Uploads a file as the raw body (POST), with upload progress: onProgress(fraction 0..1).
// Resolves to the parsed JSON answer; rejects with ApiError like request(). XMLHttpRequest
// because fetch reports no upload progress.
export function upload(path, blob, { contentType = blob.type || 'application/octet-stream', headers = {}, onProgress, timeout = 120000, signal } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = false; // same-origin requests send cookies anyway
    xhr.timeout = timeout;
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    if (onProgress) {
      xhr.upload.onprogress = (ev) => {
        if (ev.lengthComputable) onProgress(ev.loaded / ev.total);
      };
    }
    xhr.onload = () => {
      let data = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(data);
      } else {
        const retry = xhr.getResponseHeader('Retry-After');
        reject(errorFrom(xhr.status, data, { get: () => retry }));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'the server could not be reached'));
    xhr.ontimeout = () => reject(new ApiError(0, 'timeout', 'the server did not answer in time'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'the upload was cancelled'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(blob);
  });
}

export const api = {
  get: (path, opts) => request('GET', path, opts),
  post: (path, body, opts = {}) => request('POST', path, { ...opts, body }),
  put: (path, body, opts = {}) => request('PUT', path, { ...opts, body }),
  patch: (path, body, opts = {}) => request('PATCH', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
  upload,

  // Staff sessions. login() → {user, csrf_token}; me() → the caller with roles (null when
  // not logged in); logout() forgets the token even when the call fails.
  async login(username, password) {
    const data = await request('POST', '/api/v1/auth/login', { body: { username, password } });
    setCsrfToken(data?.csrf_token);
    return data;
  },
  async me() {
    try {
      const data = await request('GET', '/api/v1/me');
      setCsrfToken(data?.csrf_token);
      return data;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setCsrfToken(null);
        return null;
      }
      throw e;
    }
  },
  async logout() {
    try {
      await request('POST', '/api/v1/auth/logout');
    } finally {
      setCsrfToken(null);
    }
  },
};

// Follows `next` cursors of a list endpoint; every item (bounded by maxPages).
export async function listAll(path, query = {}, { limit = 200, maxPages = 50 } = {}) {
  const items = [];
  let after = null;
  for (let i = 0; i < maxPages; i++) {
    const page = await api.get(path, { query: { ...query, limit, after } });
    items.push(...(page?.items ?? []));
    if (!page?.next) break;
    after = page.next;
  }
  return items;
}

// A random key for Idempotency-Key (one per form, reused on retries).
export function newIdempotencyKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export default api;
