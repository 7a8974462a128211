// The ANS API as the console uses it: the admin token lives in sessionStorage (this tab only) and
// travels as a Bearer header, never in a URL or cookie. The operator's name travels as ACF-Operator,
// so the ANS audit log names who acted.
const KEY = 'acf-admin-token';
const OPERATOR = 'acf-operator';
/** What the ANS accepts in ACF-Operator. */
export const OPERATOR_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function token() { return sessionStorage.getItem(KEY); }
export function setToken(value) { sessionStorage.setItem(KEY, value); }
export function clearToken() { sessionStorage.removeItem(KEY); }
export function operator() { return sessionStorage.getItem(OPERATOR); }
export function setOperator(value) { sessionStorage.setItem(OPERATOR, value); }

function headers(extra) {
  const h = Object.assign({ Accept: 'application/json' }, extra || {});
  const t = token();
  if (t) h.Authorization = 'Bearer ' + t;
  const o = operator();
  if (o && OPERATOR_PATTERN.test(o)) h['ACF-Operator'] = o;
  return h;
}

async function failure(response) {
  let code = 'http_' + response.status;
  let message = response.status + ' ' + response.statusText;
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
    }
  } catch (e) { /* not JSON: keep the status line */ }
  return new ApiError(response.status, code, message);
}

/** GET, POST or DELETE a JSON resource; throws ApiError on any non-2xx answer. */
export async function call(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }), cache: 'no-store' };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (!response.ok) throw await failure(response);
  return response.status === 204 ? null : response.json();
}

/** One agent name as a path segment. */
export function agentPath(name) { return '/v1/agents/' + encodeURIComponent(name); }

/**
 * Follows a Server-Sent Events resource with fetch() (EventSource cannot send the Authorization
 * header): calls onEvent(name, data) per event until the stream ends or signal aborts.
 */
export async function stream(path, signal, onEvent) {
  const response = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal, cache: 'no-store' });
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue; // heartbeat comment
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') name = text;
        else if (field === 'data') data.push(text);
      }
      if (data.length > 0) onEvent(name, JSON.parse(data.join('\n')));
    }
  }
}
