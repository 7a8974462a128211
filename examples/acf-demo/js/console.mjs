// Drives the ANS operator console in the system's headless Chromium through playwright-core (no
// browser download: executablePath points at Debian's /usr/bin/chromium) and prints what the page
// showed as one line `RESULT {json}`; the Java test (ConsoleBrowserTest) makes the assertions.
//
// Environment: CONSOLE_URL, ADMIN_TOKEN, CLICK_AGENT (a node to click), PENDING_NAME (a registration
// to approve), XSS_INTENT and XSS_NAME (an agent whose card carries markup), EXPECT_NODES,
// SCREENSHOT_DIR, CHROMIUM (default /usr/bin/chromium).
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
const clickAgent = env('CLICK_AGENT');
const pendingName = env('PENDING_NAME');
const xssIntent = env('XSS_INTENT');
const xssName = env('XSS_NAME');
const expectNodes = Number(env('EXPECT_NODES', '13'));
const shots = env('SCREENSHOT_DIR');
const step = (text) => console.log('STEP ' + text);

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
  await page.fill('#token', 'not-the-admin-token-0000');
  await page.click('#login-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('login-error').textContent.length > 0);
  result.wrongToken = {
    message: await page.textContent('#login-error'),
    appVisible: await page.isVisible('#app'),
    stored: await page.evaluate(() => sessionStorage.getItem('acf-admin-token')),
  };

  step('log in and wait for the live graph');
  await page.fill('#token', token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#app', { state: 'visible' });
  await page.waitForFunction((n) => document.querySelectorAll('#graph .node').length >= n, expectNodes);
  await page.waitForFunction(() => document.getElementById('stream-state').dataset.state === 'live');
  result.cookies = (await context.cookies()).length;
  result.graph = await page.evaluate(() => ({
    nodes: [...document.querySelectorAll('#graph .node')].map((g) => ({ name: g.dataset.name, status: g.dataset.status, domain: g.dataset.domain })),
    edges: [...document.querySelectorAll('#graph .edge')].map((e) => ({ caller: e.dataset.caller, callee: e.dataset.callee, level: e.dataset.level })),
    summary: document.getElementById('graph-summary').textContent,
  }));

  step('click an agent: record, certificate and trust profile');
  await page.click(`#graph .node[data-name="${clickAgent}"]`);
  await page.waitForFunction(() => document.querySelector('#trust-summary dt') !== null && document.querySelector('#agent-certificate dt') !== null);
  const pairs = (id) => page.evaluate((dl) => Object.fromEntries([...document.querySelectorAll(`#${dl} dt`)]
    .map((dt) => [dt.textContent, dt.nextElementSibling.textContent])), id);
  result.details = {
    name: await page.textContent('#agent-name'),
    record: await pairs('agent-record'),
    certificate: await pairs('agent-certificate'),
    trustVisible: await page.isVisible('#trust-panel'),
    trust: await pairs('trust-summary'),
  };

  step('approve the pending registration');
  const item = page.locator('#queue-list li', { hasText: pendingName });
  await item.waitFor();
  await page.screenshot({ path: join(shots, 'console.png') });
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
