// The operator console: login, the live graph, agent details, the approval queue and resolution.
// Agent-provided text (names, descriptions, skills) is attacker-controlled: it is only ever set
// through textContent, and the Content-Security-Policy forbids inline script besides.
import { ApiError, agentPath, call, clearToken, setToken, stream, token } from './api.js';
import { GraphView, shortLabel } from './graph.js';

const $ = (id) => document.getElementById(id);
const WINDOW = '5m';
let graph;
let streamAbort = null;

function text(tag, value, cls) {
  const e = document.createElement(tag);
  e.textContent = value === null || value === undefined ? '' : String(value);
  if (cls) e.className = cls;
  return e;
}

function fillList(dl, pairs) {
  dl.replaceChildren();
  for (const [k, v] of pairs) {
    dl.append(text('dt', k), text('dd', v === null || v === undefined || v === '' ? '\u2014' : v));
  }
}

function showLogin(message) {
  if (streamAbort) streamAbort.abort();
  streamAbort = null;
  $('app').hidden = true;
  $('logout').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  setState('off', 'offline');
}

function setState(state, label) {
  $('stream-state').dataset.state = state;
  $('stream-state').textContent = label;
}

/** A refused token ends the session with a clear message; other errors are shown where they happened. */
function refused(e) {
  if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
    clearToken();
    showLogin(`The ANS refused this token (${e.status} ${e.code}): ${e.message}`);
    return true;
  }
  return false;
}

async function login(value) {
  setToken(value);
  try {
    const snapshot = await call('GET', '/v1/graph?window=' + WINDOW);
    $('login').hidden = true;
    $('app').hidden = false;
    $('logout').hidden = false;
    $('login-error').textContent = '';
    graph.snapshot(snapshot);
    summarise();
    follow();
    refreshQueue();
    call('GET', '/.well-known/ans').then((w) => { $('domain').textContent = w.domain; }).catch(() => {});
  } catch (e) {
    if (!refused(e)) {
      clearToken();
      showLogin('Cannot reach the ANS graph: ' + e.message);
    }
  }
}

function summarise() {
  $('graph-summary').textContent = `${graph.nodes.size} agents, ${graph.edges.size} edges, last ${WINDOW}`;
  $('graph').dataset.nodes = String(graph.nodes.size);
  $('graph').dataset.edges = String(graph.edges.size);
}

/** Follows the graph stream; reconnects with back-off until logged out. */
async function follow() {
  const abort = new AbortController();
  streamAbort = abort;
  let delay = 1000;
  while (!abort.signal.aborted) {
    try {
      setState('connecting', 'connecting');
      await stream('/v1/graph/stream?window=' + WINDOW, abort.signal, (name, data) => {
        setState('live', 'live');
        delay = 1000;
        if (name === 'snapshot') graph.snapshot(data);
        else if (name === 'node') graph.upsertNode(data);
        else if (name === 'edge') graph.upsertEdge(data);
        else if (name === 'anomaly') { graph.anomaly(data); noteAnomaly(data); }
        summarise();
      });
    } catch (e) {
      if (abort.signal.aborted || refused(e)) return;
      setState('error', 'stream: ' + e.message);
    }
    if (abort.signal.aborted) return;
    setState('error', 'reconnecting');
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(15000, delay * 2);
  }
}

function noteAnomaly(a) {
  const item = text('li', `${a.time || ''} ${a.kind}: ${shortLabel(a.caller)} \u2192 ${shortLabel(a.target)} ${a.detail || ''}`);
  $('anomalies').prepend(item);
  while ($('anomalies').children.length > 20) $('anomalies').lastChild.remove();
}

// ---- agent details ----

async function showAgent(name) {
  graph.select(name);
  $('details-empty').hidden = true;
  $('details-body').hidden = false;
  $('agent-name').textContent = name;
  $('agent-description').textContent = '';
  fillList($('agent-record'), [['status', 'loading\u2026']]);
  fillList($('agent-certificate'), []);
  fillList($('trust-summary'), []);
  $('trust-results').tBodies[0].replaceChildren();
  try {
    const { agent } = await call('GET', agentPath(name));
    if ($('agent-name').textContent !== name) return; // another agent was clicked meanwhile
    const card = agent.agentCard || {};
    $('agent-description').textContent = card.description || '';
    fillList($('agent-record'), [
      ['status', agent.status], ['domain', agent.domain], ['version', card.version],
      ['skills', (card.skills || []).map((s) => s.id).join(', ')],
      ['endpoints', (agent.endpoints || []).map((e) => e.url).join(' ')],
      ['registered', agent.registeredAt], ['updated', agent.updatedAt],
    ]);
    await showCertificate(agent.certificate);
  } catch (e) {
    if (!refused(e)) fillList($('agent-record'), [['error', e.message]]);
  }
  try {
    const trust = await call('GET', agentPath(name) + '/trust');
    if ($('agent-name').textContent !== name) return;
    fillList($('trust-summary'), [
      ['verified skills', (trust.verifiedSkills || []).join(', ')],
      ['failed skills', (trust.failedSkills || []).join(', ')],
      ['pass rate', !trust.lastVerified || trust.passRate === undefined || trust.passRate === null ? null : (trust.passRate * 100).toFixed(0) + '%'],
      ['latency', trust.p50Ms === undefined || trust.p50Ms === null ? null : `p50 ${trust.p50Ms} ms, p99 ${trust.p99Ms} ms`],
      ['last verified', trust.lastVerified || 'never'],
    ]);
    const rows = $('trust-results').tBodies[0];
    for (const r of (trust.results || []).slice(-50)) {
      const tr = document.createElement('tr');
      tr.append(text('td', r.skill), text('td', r.testCase), text('td', r.passed ? 'pass' : 'fail', r.passed ? 'pass' : 'fail'),
        text('td', r.latencyMs));
      if (r.detail) tr.title = r.detail;
      rows.append(tr);
    }
  } catch (e) {
    if (!refused(e)) fillList($('trust-summary'), [['trust profile', e.message]]);
  }
}

async function showCertificate(pem) {
  if (!pem) {
    fillList($('agent-certificate'), [['certificate', 'none (not certified)']]);
    return;
  }
  let leaf;
  try {
    leaf = parseCertificate(pem);
  } catch (e) {
    fillList($('agent-certificate'), [['certificate', 'unreadable: ' + e.message]]);
    return;
  }
  const hours = (leaf.notAfter.getTime() - Date.now()) / 3600000;
  const left = hours < 0 ? 'expired' : hours < 48 ? `in ${Math.floor(hours)} h` : `in ${Math.floor(hours / 24)} days`;
  const pairs = [['serial', leaf.serial], ['expires', `${leaf.notAfter.toISOString()} (${left})`]];
  try {
    const status = await call('GET', '/v1/ca/status/' + leaf.serial);
    pairs.unshift(['status', status.status + (status.revokedAt ? ` at ${status.revokedAt} (${status.reason})` : '')]);
  } catch (e) {
    pairs.unshift(['status', 'unknown: ' + e.message]);
  }
  fillList($('agent-certificate'), pairs);
}

/** Reads the serial number and notAfter of the first certificate of a PEM chain (a minimal DER walk). */
export function parseCertificate(pem) {
  const match = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(pem);
  if (!match) throw new Error('no certificate in PEM');
  const der = Uint8Array.from(atob(match[1].replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  const read = (at) => {
    const tag = der[at];
    let len = der[at + 1], start = at + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + der[start + i];
      start += n;
    }
    return { tag, start, end: start + len };
  };
  const cert = read(0);
  const tbs = read(cert.start);
  let at = tbs.start;
  let item = read(at);
  if (item.tag === 0xa0) { at = item.end; item = read(at); } // explicit version
  const serialBytes = der.slice(item.start, item.end);
  const serial = [...serialBytes].map((b) => b.toString(16).padStart(2, '0')).join('').replace(/^0+(?=.)/, '');
  at = read(item.end).end; // signature algorithm
  at = read(at).end;       // issuer
  const validity = read(at);
  const notBefore = read(validity.start);
  const notAfter = read(notBefore.end);
  const t = new TextDecoder().decode(der.slice(notAfter.start, notAfter.end));
  const full = notAfter.tag === 0x17 ? (Number(t.slice(0, 2)) >= 50 ? '19' : '20') + t : t; // UTCTime has a 2-digit year
  const iso = `${full.slice(0, 4)}-${full.slice(4, 6)}-${full.slice(6, 8)}T${full.slice(8, 10)}:${full.slice(10, 12)}:${full.slice(12, 14)}Z`;
  return { serial, notAfter: new Date(iso) };
}

// ---- approval queue ----

async function refreshQueue() {
  try {
    const queue = await call('GET', '/v1/admin/requests?status=PENDING');
    const list = $('queue-list');
    list.replaceChildren();
    const items = [];
    for (const r of queue.requests || []) items.push({ id: r.id, kind: 'registration', what: r.name, when: r.createdAt });
    for (const g of queue.permissions || []) {
      const caller = g.caller ? (g.caller.name || g.caller.domain || g.caller.role) : '?';
      items.push({ id: g.id, kind: 'permission', what: `${caller} \u2192 ${g.target}`, when: g.createdAt });
    }
    $('queue-empty').hidden = items.length > 0;
    for (const item of items) {
      const li = document.createElement('li');
      li.dataset.id = item.id;
      li.dataset.kind = item.kind;
      const what = text('span', '', 'what');
      what.append(text('strong', item.kind + ' '), text('span', item.what), text('span', ' ' + (item.when || ''), 'muted'));
      const approve = text('button', 'Approve', 'approve');
      approve.type = 'button';
      approve.addEventListener('click', () => decide(item, true));
      const reject = text('button', 'Reject', 'reject');
      reject.type = 'button';
      reject.addEventListener('click', () => decide(item, false));
      li.append(what, approve, reject);
      list.append(li);
    }
  } catch (e) {
    if (!refused(e)) $('queue-message').textContent = 'Cannot read the queue: ' + e.message;
  }
}

async function decide(item, approve) {
  const path = '/v1/admin/requests/' + encodeURIComponent(item.id) + (approve ? '/approval' : '/rejection');
  let message;
  try {
    await call('POST', path, approve ? undefined : { reason: 'rejected from the console' });
    message = `${approve ? 'Approved' : 'Rejected'} ${item.kind} ${item.what}`;
  } catch (e) {
    if (refused(e)) return;
    message = `Cannot ${approve ? 'approve' : 'reject'} ${item.what}: ${e.message}`;
  }
  await refreshQueue(); // the message follows the list it describes
  $('queue-message').textContent = message;
}

// ---- resolution ----

async function resolve(intent) {
  $('resolve-message').textContent = 'resolving\u2026';
  const table = $('resolve-results');
  try {
    const answer = await call('POST', '/v1/resolve', { query: intent, limit: 8 });
    const rows = table.tBodies[0];
    rows.replaceChildren();
    (answer.results || []).forEach((r, i) => {
      const tr = document.createElement('tr');
      const trust = r.trust ? `${(r.trust.verifiedSkills || []).length} verified, ${((r.trust.passRate || 0) * 100).toFixed(0)}% pass` : '\u2014';
      const name = text('td', shortLabel(r.name));
      name.title = r.name;
      tr.append(text('td', i + 1), name, text('td', Number(r.score).toFixed(3)), text('td', r.skill || '\u2014'), text('td', trust));
      tr.addEventListener('click', () => showAgent(r.name));
      rows.append(tr);
    });
    table.hidden = false;
    $('resolve-message').textContent = `${(answer.results || []).length} agents for \u201c${answer.query}\u201d (${answer.mode})`;
  } catch (e) {
    if (!refused(e)) $('resolve-message').textContent = 'Cannot resolve: ' + e.message;
  }
}

// ---- wiring ----

document.addEventListener('DOMContentLoaded', () => {
  graph = new GraphView($('graph'), showAgent);
  $('login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const value = $('token').value.trim();
    $('token').value = '';
    if (value) login(value);
  });
  $('logout').addEventListener('click', () => { clearToken(); showLogin('Logged out.'); });
  $('queue-refresh').addEventListener('click', refreshQueue);
  $('resolve-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const intent = $('intent').value.trim();
    if (intent) resolve(intent);
  });
  if (token()) login(token());
  else showLogin('');
});
