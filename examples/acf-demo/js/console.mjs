// Drives the ANS operator console in the system's headless Chromium through playwright-core (no
// browser download: executablePath points at Debian's /usr/bin/chromium) and prints what the page
// showed as one line `RESULT {json}`; the Java test (ConsoleBrowserTest) makes the assertions.
//
// Environment: CONSOLE_URL, ADMIN_TOKEN, OPERATOR (the name logged in with), CLICK_AGENT (a node to
// click: a verified agent), PENDING_NAME (a registration to approve), ANOMALY_CALLER (the caller of
// an anomaly, suspended, resumed and revoked from the page), XSS_INTENT and XSS_NAME (an agent
// whose card carries markup), EXPECT_NODES, SCREENSHOT_DIR, CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const url = env('CONSOLE_URL');
const token = env('ADMIN_TOKEN');
const operator = env('OPERATOR');
const anomalyCaller = env('ANOMALY_CALLER');
const clickAgent = env('CLICK_AGENT');
const pendingName = env('PENDING_NAME');
const xssIntent = env('XSS_INTENT');
const xssName = env('XSS_NAME');
const expectNodes = Number(env('EXPECT_NODES', '13'));
const shots = env('SCREENSHOT_DIR');
const step = (text) => console.log('STEP ' + text);
const origin = new URL(url).origin;
/** What the ANS API says, asked from outside the page with the admin token. */
const api = async (path) => {
  const response = await fetch(origin + path, { headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' } });
  return { status: response.status, body: await response.json() };
};
const nodeStatus = (page, name) => page.evaluate((n) => {
  const g = [...document.querySelectorAll('#graph .node')].find((e) => e.dataset.name === n);
  return g ? g.dataset.status : null;
}, name);
const waitStatus = (page, name, status) => page.waitForFunction(([n, s]) =>
  [...document.querySelectorAll('#graph .node')].some((e) => e.dataset.name === n && e.dataset.status === s), [name, status]);

const profile = mkdtempSync(join(tmpdir(), 'acf-console-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: env('CHROMIUM', '/usr/bin/chromium'),
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1440, height: 960 },
  deviceScaleFactor: 1,
});
const result = { console: [], pageErrors: [] };
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(30000);
  page.on('console', (m) => result.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => result.pageErrors.push(String(e)));

  step('a wrong token is refused');
  await page.goto(url);
  await page.fill('#operator', operator);
  await page.fill('#token', 'not-the-admin-token-0000');
  await page.click('#login-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('login-error').textContent.length > 0);
  result.wrongToken = {
    message: await page.textContent('#login-error'),
    appVisible: await page.isVisible('#app'),
    stored: await page.evaluate(() => sessionStorage.getItem('acf-admin-token')),
  };

  step('log in and wait for the live graph');
  await page.fill('#operator', operator);
  await page.fill('#token', token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#app', { state: 'visible' });
  await page.waitForFunction((n) => document.querySelectorAll('#graph .node').length >= n, expectNodes);
  await page.waitForFunction(() => document.getElementById('stream-state').dataset.state === 'live');
  result.cookies = (await context.cookies()).length;
  result.graph = await page.evaluate(() => ({
    nodes: [...document.querySelectorAll('#graph .node')].map((g) => ({ name: g.dataset.name, status: g.dataset.status, domain: g.dataset.domain })),
    edges: [...document.querySelectorAll('#graph .edge')].map((e) => ({ caller: e.dataset.caller, callee: e.dataset.callee, level: e.dataset.level,
      granted: e.dataset.granted, anomalous: e.classList.contains('anomalous') })),
    summary: document.getElementById('graph-summary').textContent,
  }));

  step('click an agent: record, certificate and trust profile');
  await page.click(`#graph .node[data-name="${clickAgent}"]`);
  await page.waitForFunction(() => document.querySelector('#trust-summary dt') !== null && document.querySelector('#agent-certificate dt') !== null
    && document.querySelector('#trust-results tbody tr') !== null);
  const pairs = (id) => page.evaluate((dl) => Object.fromEntries([...document.querySelectorAll(`#${dl} dt`)]
    .map((dt) => [dt.textContent, dt.nextElementSibling.textContent])), id);
  result.details = {
    name: await page.textContent('#agent-name'),
    record: await pairs('agent-record'),
    certificate: await pairs('agent-certificate'),
    trustVisible: await page.isVisible('#trust-panel'),
    trust: await pairs('trust-summary'),
    trustResults: await page.evaluate(() => [...document.querySelectorAll('#trust-results tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent))),
  };
  await page.waitForSelector(`#anomalies li[data-caller="${anomalyCaller}"]`);
  await page.screenshot({ path: join(shots, 'console.png') });

  step('the anomaly list: clicking one selects its edge and caller');
  const listed = page.locator(`#anomalies li[data-caller="${anomalyCaller}"]`).first();
  await listed.click();
  await page.waitForFunction((caller) => document.getElementById('agent-name').textContent === caller
    && document.querySelector('#graph .edge.selected') !== null && !document.getElementById('action-suspend').hidden, anomalyCaller);
  result.anomaly = await page.evaluate(() => {
    const edge = document.querySelector('#graph .edge.selected');
    const item = document.querySelector('#anomalies li.selected');
    return {
      listed: [...document.querySelectorAll('#anomalies li')].map((li) => ({ caller: li.dataset.caller, target: li.dataset.target, kind: li.dataset.kind })),
      item: item && { caller: item.dataset.caller, target: item.dataset.target, kind: item.dataset.kind, text: item.textContent },
      edge: edge && { caller: edge.dataset.caller, callee: edge.dataset.callee, level: edge.dataset.level, granted: edge.dataset.granted,
        anomalous: edge.classList.contains('anomalous') },
      selectedNode: document.querySelector('#graph .node.selected')?.dataset.name ?? null,
    };
  });
  await page.screenshot({ path: join(shots, 'console-anomaly.png') });

  step('suspend the anomalous caller from the page');
  await page.click('#action-suspend');
  await page.waitForSelector('#action-confirm', { state: 'visible' });
  const suspendPrompt = await page.textContent('#confirm-text');
  await page.fill('#suspension-reason', 'calls agents it was never granted');
  await page.click('#confirm-yes');
  await waitStatus(page, anomalyCaller, 'SUSPENDED');
  await page.waitForSelector('#action-resume', { state: 'visible' });
  result.suspend = {
    prompt: suspendPrompt,
    message: await page.textContent('#action-message'),
    node: await nodeStatus(page, anomalyCaller),
    api: (await api('/v1/admin/suspensions')).body,
    graph: (await api('/v1/graph?window=5m')).body.nodes.find((n) => n.name === anomalyCaller) ?? null,
  };

  step('resume it');
  await page.click('#action-resume');
  await page.waitForSelector('#action-confirm', { state: 'visible' });
  await page.click('#confirm-yes');
  await waitStatus(page, anomalyCaller, 'ACTIVE');
  await page.waitForSelector('#action-suspend', { state: 'visible' });
  result.resume = {
    message: await page.textContent('#action-message'),
    node: await nodeStatus(page, anomalyCaller),
    api: (await api('/v1/admin/suspensions')).body,
  };

  step('revoke its certificate, with a reason');
  await page.click('#action-revoke');
  await page.waitForSelector('#action-confirm', { state: 'visible' });
  const disabledWithoutReason = await page.isDisabled('#confirm-yes');
  await page.selectOption('#revocation-reason', 'keyCompromise');
  await page.click('#confirm-yes');
  await waitStatus(page, anomalyCaller, 'REVOKED');
  await page.waitForFunction(() => /^(Revoked|Cannot)/.test(document.getElementById('action-message').textContent));
  result.revoke = {
    disabledWithoutReason,
    message: await page.textContent('#action-message'),
    node: await nodeStatus(page, anomalyCaller),
    revokeHidden: await page.isHidden('#action-revoke'),
  };

  step('approve the pending registration');
  const item = page.locator('#queue-list li', { hasText: pendingName });
  await item.waitFor();
  await item.locator('button.approve').click();
  await page.waitForFunction(() => /^(Approved|Cannot)/.test(document.getElementById('queue-message').textContent));
  result.approval = { message: await page.textContent('#queue-message'), stillQueued: await page.locator('#queue-list li', { hasText: pendingName }).count() };

  step('resolve an intent whose best agent carries markup in its card');
  await page.fill('#intent', xssIntent);
  await page.click('#resolve-form button[type=submit]');
  const row = page.locator('#resolve-results tbody tr', { has: page.locator(`td[title="${xssName}"]`) });
  await row.waitFor();
  result.resolve = await page.evaluate(() => [...document.querySelectorAll('#resolve-results tbody tr')]
    .map((tr) => [...tr.cells].map((td) => td.title || td.textContent)));
  await row.click();
  await page.waitForFunction((name) => document.getElementById('agent-name').textContent === name
    && document.getElementById('agent-description').textContent.length > 0, xssName);
  result.xss = await page.evaluate(() => ({
    description: document.getElementById('agent-description').textContent,
    injectedElements: document.querySelectorAll('#details img, #details script, #resolve img, #resolve script, #resolve b').length,
    fired: window.__acfXss ?? null,
  }));
  await page.screenshot({ path: join(shots, 'console-resolve.png') });
} catch (e) {
  result.error = String(e && e.stack ? e.stack : e);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log('RESULT ' + JSON.stringify(result));
process.exit(result.error ? 1 : 0);
