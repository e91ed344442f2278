// Every call to the node goes through here: same origin, the session cookie (HttpOnly, never
// visible to this code), the CSRF token on every state-changing method, problem+json errors.
import { reactive } from 'vue';

/** The signed-in session as GET /api/v1/session returns it, minus the CSRF token. */
export const auth = reactive({ session: null, checked: false });

// Kept in memory only: a reload asks the node again. Never in storage, never in a URL.
let csrfToken = null;
let onUnauthorized = () => {};

/** The router registers where a 401 leads (the login page). */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

/** A refusal from the node, carrying its problem document (RFC 9457). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.violations = Array.isArray(problem.violations) ? problem.violations : [];
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function headersFor(method, contentType) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (contentType) headers['Content-Type'] = contentType;
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
}

export function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  Object.entries(query).forEach(([k, v]) => {
    if (v !== undefined && v !== null && v !== '') params.append(k, String(v));
  });
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function problemOf(response) {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return parsed;
  } catch {
    // not JSON: a proxy's page or an empty body
  }
  return { status: response.status, title: response.statusText, detail: text.slice(0, 300) || `HTTP ${response.status}` };
}

/**
 * Calls the node. body: an object (sent as JSON), or a string/Blob with contentType.
 * Resolves to the parsed JSON, the text for other media types, or null for 204.
 */
export async function api(method, path, { body, contentType, query, quiet401 = false } = {}) {
  let payload;
  let type = contentType;
  if (body !== undefined && body !== null) {
    if (typeof body === 'string' || body instanceof Blob) {
      payload = body;
    } else {
      payload = JSON.stringify(body);
      type = type || 'application/json';
    }
  }
  const response = await fetch(withQuery(path, query), {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    headers: headersFor(method, type),
    body: payload,
  });
  if (response.status === 401) {
    forget();
    if (!quiet401) onUnauthorized();
    throw new ApiError(401, await problemOf(response));
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  if (response.status === 204) return null;
  const media = response.headers.get('Content-Type') || '';
  if (media.includes('json')) return response.json();
  return response.text();
}

export const get = (path, query) => api('GET', path, { query });
export const post = (path, body, options = {}) => api('POST', path, { body, ...options });
export const put = (path, body, options = {}) => api('PUT', path, { body, ...options });
export const del = (path) => api('DELETE', path);

/**
 * A file sent with upload progress (fetch cannot report it), PUT unless told; onProgress gets
 * 0..100. Same rules as api(): cookie, CSRF header, problem+json on failure.
 */
export function upload(path, file, contentType, onProgress, method = 'PUT') {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    Object.entries(headersFor(method, contentType)).forEach(([k, v]) => xhr.setRequestHeader(k, v));
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, { detail: 'network error' }));
    xhr.onload = () => {
      let parsed = null;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        parsed = { detail: xhr.responseText.slice(0, 300) };
      }
      if (xhr.status === 401) {
        forget();
        onUnauthorized();
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed);
      else reject(new ApiError(xhr.status, parsed || { detail: `HTTP ${xhr.status}` }));
    };
    xhr.send(file);
  });
}

/** Loads the session; resolves to it, or null when nobody is signed in. */
export async function loadSession() {
  try {
    const s = await api('GET', '/api/v1/session', { quiet401: true });
    csrfToken = s.csrfToken || null;
    const { csrfToken: _hidden, ...visible } = s;
    auth.session = visible;
    return auth.session;
  } catch (e) {
    if (e.status !== 401) throw e;
    return null;
  } finally {
    auth.checked = true;
  }
}

export async function logout() {
  try {
    await api('POST', '/api/v1/session/logout', { quiet401: true });
  } finally {
    forget();
  }
}

function forget() {
  csrfToken = null;
  auth.session = null;
}

export function hasRole(...roles) {
  const mine = auth.session?.roles || [];
  return roles.some((r) => mine.includes(r));
}
