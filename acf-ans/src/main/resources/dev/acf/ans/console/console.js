// The operator console: login, the live graph, the anomalies, agent details with the operator's
// actions (suspend, resume, revoke), the approval queue and resolution. Agent-provided text (names,
// descriptions, skills, anomaly details) is attacker-controlled: it is only ever set through
// textContent, and the Content-Security-Policy forbids inline script besides.
import { ApiError, OPERATOR_PATTERN, agentPath, call, clearToken, operator, setOperator, setToken, stream, token } from './api.js';
import { GraphView, shortLabel } from './graph.js';

const $ = (id) => document.getElementById(id);
const WINDOW = '5m';
const MAX_ANOMALIES = 50;
let graph;
let streamAbort = null;
let current = null;  // the agent shown: { name (as in the graph), record (or null) }
let pending = null;  // the action waiting for confirmation: 'suspend', 'resume' or 'revoke'
const anomalies = new Map(); // id -> anomaly, as listed

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

async function login(value, name) {
  if (!OPERATOR_PATTERN.test(name || '')) {
    showLogin('Your name must be 1-64 letters, digits and . _ @ -');
    return;
  }
  setOperator(name);
  setToken(value);
  try {
    const snapshot = await call('GET', '/v1/graph?window=' + WINDOW);
    $('login').hidden = true;
    $('app').hidden = false;
    $('logout').hidden = false;
    $('login-error').textContent = '';
    $('operator-name').textContent = 'operator: ' + name;
    graph.snapshot(snapshot);
    summarise();
    follow();
    loadAnomalies();
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
        else if (name === 'node') {
          graph.upsertNode(data);
          if (current && data.name === current.name) refreshActions();
        } else if (name === 'edge') graph.upsertEdge(data);
        else if (name === 'anomaly') { graph.anomaly(data); addAnomaly(data); }
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

// ---- anomalies (ANS-MON-2) ----

/** The recent anomalies the ANS kept, then the stream's as they come. */
async function loadAnomalies() {
  try {
    const answer = await call('GET', '/v1/anomalies?limit=' + MAX_ANOMALIES);
    for (const a of answer.anomalies || []) addAnomaly(a); // oldest first: the newest ends on top
  } catch (e) {
    if (!refused(e)) $('anomalies-empty').textContent = 'Cannot read the anomalies: ' + e.message;
  }
}

function addAnomaly(a) {
  if (!a || !a.id || !a.caller || anomalies.has(a.id)) return;
  anomalies.set(a.id, a);
  graph.markAnomalous(a.caller, a.target);
  const li = document.createElement('li');
  li.dataset.id = a.id;
  li.dataset.caller = a.caller;
  li.dataset.target = a.target || '';
  li.dataset.kind = a.kind;
  li.tabIndex = 0;
  li.setAttribute('role', 'button');
  const head = text('div', '', 'head');
  head.append(text('strong', a.kind + ' '), text('span', `${shortLabel(a.caller)} \u2192 ${a.target ? shortLabel(a.target) : '?'}`),
    text('span', ` ${a.action || ''} ${a.time || ''}`, 'muted'));
  li.append(head, text('div', a.detail || '', 'detail'));
  li.title = `${a.caller} \u2192 ${a.target || '?'} (rule ${a.ruleId || '?'})`;
  li.addEventListener('click', () => chooseAnomaly(a, li));
  li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') chooseAnomaly(a, li); });
  $('anomalies').prepend(li);
  while ($('anomalies').children.length > MAX_ANOMALIES) {
    anomalies.delete($('anomalies').lastChild.dataset.id);
    $('anomalies').lastChild.remove();
  }
  $('anomalies-empty').hidden = true;
  $('anomaly-count').textContent = String($('anomalies').children.length);
}

/** Selects an anomaly's edge on the graph and shows its caller, where the operator can act. */
function chooseAnomaly(a, li) {
  for (const other of $('anomalies').children) other.classList.toggle('selected', other === li);
  graph.selectEdge(a.caller, a.target);
  showAgent(a.caller);
}

// ---- agent details ----

async function showAgent(name) {
  graph.select(name);
  current = { name, record: null };
  closeConfirm();
  $('action-message').textContent = '';
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
    if (current && current.name === name) current.record = agent;
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
  await refreshActions();
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

// ---- operator actions (ANS-MON-2): suspend, resume, revoke ----

/** Shows Suspend or Resume as the ANS's suspensions say, and Revoke for a registered agent not revoked yet. */
async function refreshActions() {
  const shown = current;
  if (!shown) return;
  let suspended = false;
  try {
    const state = await call('GET', '/v1/admin/suspensions');
    suspended = (state.suspensions || []).some((s) => s.caller === shown.name);
  } catch (e) {
    if (refused(e)) return;
    $('action-message').textContent = 'Cannot read the suspensions: ' + e.message;
  }
  if (current !== shown) return;
  $('agent-actions').dataset.suspended = String(suspended);
  $('action-suspend').hidden = suspended;
  $('action-resume').hidden = !suspended;
  $('action-revoke').hidden = !shown.record || shown.record.status === 'REVOKED';
}

const PROMPTS = {
  suspend: (c) => `Suspend ${c.name}? Gateways refuse its calls until an operator resumes it.`,
  resume: (c) => `Resume ${c.name}? Gateways accept its calls again.`,
  revoke: (c) => `Revoke the certificate of ${c.record.name}? Its calls and its registration end; it cannot be undone.`,
};
const CONFIRM_LABELS = { suspend: 'Confirm suspension', resume: 'Confirm resumption', revoke: 'Confirm revocation' };

function ask(kind) {
  if (!current || (kind === 'revoke' && !current.record)) return;
  pending = kind;
  $('confirm-text').textContent = PROMPTS[kind](current);
  $('confirm-suspension').hidden = kind !== 'suspend';
  $('confirm-revocation').hidden = kind !== 'revoke';
  $('suspension-reason').value = '';
  $('revocation-reason').value = '';
  $('confirm-yes').textContent = CONFIRM_LABELS[kind];
  $('confirm-yes').disabled = kind === 'revoke'; // a revocation needs its reason first
  $('action-confirm').dataset.action = kind;
  $('action-confirm').hidden = false;
  $('action-message').textContent = '';
}

function closeConfirm() {
  pending = null;
  $('action-confirm').hidden = true;
  delete $('action-confirm').dataset.action;
}

async function act() {
  const kind = pending, shown = current;
  if (!kind || !shown) return;
  let message;
  try {
    if (kind === 'suspend') {
      const reason = $('suspension-reason').value.trim() || `suspended from the console by ${operator()}`;
      await call('POST', '/v1/admin/suspensions', { caller: shown.name, reason });
      message = `Suspended ${shown.name}`;
    } else if (kind === 'resume') {
      await call('DELETE', '/v1/admin/suspensions/' + encodeURIComponent(shown.name));
      message = `Resumed ${shown.name}`;
    } else {
      const reason = $('revocation-reason').value;
      if (!reason) return;
      await call('POST', agentPath(shown.record.name) + '/revocation', { reason });
      message = `Revoked the certificate of ${shown.record.name} (${reason})`;
    }
  } catch (e) {
    if (refused(e)) return;
    message = `Cannot ${kind} ${shown.name}: ${e.message}`;
  }
  closeConfirm();
  if (current === shown) await showAgent(shown.name); // the record, certificate and actions as they are now
  $('action-message').textContent = message;
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
    if (value) login(value, $('operator').value.trim());
  });
  $('logout').addEventListener('click', () => { clearToken(); showLogin('Logged out.'); });
  $('action-suspend').addEventListener('click', () => ask('suspend'));
  $('action-resume').addEventListener('click', () => ask('resume'));
  $('action-revoke').addEventListener('click', () => ask('revoke'));
  $('revocation-reason').addEventListener('change', () => { $('confirm-yes').disabled = !$('revocation-reason').value; });
  $('confirm-no').addEventListener('click', closeConfirm);
  $('action-confirm').addEventListener('submit', (ev) => { ev.preventDefault(); act(); });
  $('queue-refresh').addEventListener('click', refreshQueue);
  $('resolve-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const intent = $('intent').value.trim();
    if (intent) resolve(intent);
  });
  if (operator()) $('operator').value = operator();
  if (token()) login(token(), operator());
  else showLogin('');
});
