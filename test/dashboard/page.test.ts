// The release dashboard as a person sees it: two real app repositories (a Django hub and
// an Express cloud) with releases, status endpoints that are real HTTP servers on
// 127.0.0.1, a deploy that failed with exit 3, unreleased commits and a hostile commit
// subject and status answer; `shipver dashboard` writes the page, headless Chromium
// (Debian's, driven by playwright-core) opens it from file:// and reads it. The same test
// saves docs/dashboard.png, the screenshot the README shows. Then `--serve`: the page
// updates in place after a deploy changes what an environment's status endpoint says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { which } from '../../scripts/preflight.mjs';
import { HOSTILE_SUBJECT, HOSTILE_VERSION, buildApps, commit, ok, shipverAsync, startServe, type Apps } from './helpers.js';

// Debian's chromium; Fedora's names its executable chromium-browser (scripts/preflight.mjs installs it)
const CHROMIUM = process.env.SHIPVER_TEST_CHROMIUM ?? which('chromium') ?? which('chromium-browser') ?? '/usr/bin/chromium';
const SCREENSHOT = path.join(ROOT, 'docs', 'dashboard.png');

// What the callbacks that run in the page use of its globals (this project's tsconfig has
// no DOM types): they reach them through globalThis, cast to this.
interface PageEl {
  innerText: string;
  textContent: string | null;
  children: ArrayLike<PageEl>;
  dataset: Record<string, string | undefined>;
}
interface PageGlobals {
  document: { body: PageEl; querySelectorAll(selector: string): ArrayLike<PageEl> };
  getComputedStyle(el: PageEl): { backgroundColor: string };
  marker?: string;
}

const sb = new Sandbox();
let apps: Apps;
let browser: Browser;
let out: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the tests need Debian's chromium (node scripts/preflight.mjs test installs it)`);
  apps = await buildApps(sb);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await apps?.close();
  sb.cleanup();
});

/** A fresh page that records every request and dialog (an alert would be script from the data). */
async function open(url: string, opts: { javaScriptEnabled?: boolean; colorScheme?: 'light' | 'dark' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 }, javaScriptEnabled: opts.javaScriptEnabled ?? true, colorScheme: opts.colorScheme ?? 'light' });
  const page = await context.newPage();
  const requests: string[] = [];
  const dialogs: string[] = [];
  const navigations: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations.push(f.url());
  });
  await page.goto(url);
  return { page, requests, dialogs, navigations, close: () => context.close() };
}

/** The overview table's rows as a person reads them: one line of cell texts each. */
async function overviewRows(page: Page): Promise<string[]> {
  return page.locator('table.overview tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from((tr as PageEl).children, (td) => td.innerText.replace(/\s+/g, ' ').trim()).join(' | ')));
}

describe('the page, opened from file://', () => {
  it('writes the page: exit 0, its path printed', async () => {
    mkdirSync(sb.path('out'));
    out = sb.path('out', 'dashboard.html');
    const r = ok(await shipverAsync(sb, sb.dir, ['dashboard', 'hub', 'cloud', '--out', 'out/dashboard.html']), 'dashboard');
    expect(r.stdout).toBe(`✔ wrote ${out}: 2 apps, 5 environments (1 failed deploy, 1 not answering or unreadable)\n`);
    expectNoStack(r.stderr);
    // no markup from the data, in the bytes themselves
    const bytes = readFileSync(out, 'utf8');
    expect(bytes).not.toContain('<img');
    expect(bytes).not.toContain('<b>9.9');
    expect(bytes).toContain('feat: &lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows every environment, worst first: the failed deploy on top with its log and retry command, the versions each runs', async () => {
    const { page, requests, dialogs, close } = await open(pathToFileURL(out).href);
    try {
      const rows = await overviewRows(page);
      expect(rows.map((r) => r.split(' | ').slice(0, 2).join(' '))).toEqual(['cloud prod', 'hub staging', 'hub prod', 'hub test', 'cloud test']);
      const [cloudProd, hubStaging, hubProd, hubTest, cloudTest] = rows as [string, string, string, string, string];
      expect(cloudProd).toContain('✖ deploy failed');
      expect(cloudProd).toContain('✖ deploy of 1.1.1 FAILED (exit 3)');
      expect(cloudProd).toContain(`log: ${path.join(apps.cloud, '.git', 'shipver', 'deploys', 'prod-1.1.1.log')}`);
      expect(cloudProd).toContain(`retry: shipver deploy prod 1.1.1 in ${apps.cloud}`);
      expect(cloudProd).toContain('| 1.0.0 |'); // still running the last successful deploy
      expect(cloudProd).toContain('deploy record');
      expect(cloudProd).toContain('2 releases, 4 commits behind 1.1.1'); // each release's commit counts
      expect(hubStaging).toContain('⚠ not answering');
      expect(hubStaging).toContain(`bad-version "${HOSTILE_VERSION}" is not a version`);
      expect(hubProd).toContain('| 1.1.0 |');
      expect(hubProd).toContain('↓ behind');
      expect(hubProd).toContain(`status endpoint ${apps.servers.hubProd.url}`);
      expect(hubProd).toContain('2 releases, 5 commits behind 2.0.0');
      expect(hubTest).toContain('| 2.0.0 |');
      expect(hubTest).toContain('✔ up to date');
      expect(cloudTest).toContain('| 1.1.1 |');
      expect(cloudTest).toContain('✔ 1.1.1 deployed');

      // the failed row stands out by colour too
      const bg = (i: number) => page.locator('table.overview tbody tr').nth(i).evaluate((tr) => (globalThis as unknown as PageGlobals).getComputedStyle(tr as PageEl).backgroundColor);
      expect(await bg(0)).not.toBe(await bg(3));

      // the timeline of cloud's prod: 1.0.0 deployed, then the failed 1.1.1
      const timeline = await page.locator('table.overview tbody tr').nth(0).locator('svg.timeline').getAttribute('aria-label');
      expect(timeline).toMatch(/^cloud in prod: 1\.0\.0 deployed \S+ \S+; 1\.1\.1 failed \S+ \S+$/);
      expect(await page.locator('table.overview tbody tr').nth(0).locator('svg.timeline g.mark-failed').count()).toBe(1);

      // nothing from the data became markup or script; the page asked for nothing but itself
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('main b').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([pathToFileURL(out).href]);
    } finally {
      await close();
    }
  });

  it('lists what each environment lacks by release and kind, linked to the commits on GitHub, with the notes one click away', async () => {
    const { page, requests, dialogs, close } = await open(pathToFileURL(out).href);
    try {
      const prod = page.locator('section.app', { has: page.locator('h2', { hasText: /^hub$/ }) }).locator('article.env', { has: page.locator('h4', { hasText: /^prod:/ }) });
      expect(await prod.locator('h4').first().innerText()).toBe('prod: runs 1.1.0 — 2 releases, 5 commits behind 2.0.0');
      const text = await prod.innerText();
      // newest first: what is not released yet, then v2.0.0, then v1.2.0
      const order = ['Not released yet', 'feat(api): report the server time at /api/time', 'In v2.0.0', 'BREAKING CHANGES', 'feat!: drop the v1 API', 'In v1.2.0', 'FEATURES', HOSTILE_SUBJECT, 'FIXES', 'fix(status): never cache /api/status'];
      let from = 0;
      for (const s of order) {
        const i = text.indexOf(s, from);
        expect(i, `"${s}" after position ${from} in:\n${text}`).toBeGreaterThanOrEqual(0);
        from = i + s.length;
      }
      expect(text).not.toContain('docs: explain the status fields'); // not a feature or a fix

      // the hostile subject, visible as the text it is
      const hostile = prod.locator('li', { hasText: HOSTILE_SUBJECT });
      expect(await hostile.isVisible()).toBe(true);
      expect(await hostile.locator('a.sha').getAttribute('href')).toBe(`https://github.com/acme/hub/commit/${apps.shas.hostile}`);

      // v1.2.0's notes: closed, then open with one click; the subject in them is text too
      const notes = prod.locator('details.notes', { has: page.locator('summary', { hasText: 'Release notes of v1.2.0' }) });
      expect(await notes.locator('pre').isVisible()).toBe(false);
      await notes.locator('summary').click();
      const pre = notes.locator('pre');
      expect(await pre.isVisible()).toBe(true);
      expect(await pre.innerText()).toContain('<img src=x onerror=alert(1)>');
      expect(await pre.innerText()).toContain('never cache /api/status');

      // the hub's unreleased commits on main, every kind
      const hub = page.locator('section.app', { has: page.locator('h2', { hasText: /^hub$/ }) });
      const unreleased = hub.locator('h3', { hasText: 'Unreleased on main' }).locator('xpath=following-sibling::ul[1]');
      expect((await unreleased.innerText()).split('\n').map((l) => l.trim())).toEqual([
        `${apps.shas.hubDocs!.slice(0, 7)} docs: explain the status fields`,
        `${apps.shas.hubTime!.slice(0, 7)} feat(api): report the server time at /api/time feature`,
      ]);

      expect(await page.locator('img').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([pathToFileURL(out).href]);
    } finally {
      await close();
    }
  });

  it('compares two environments picked by a person: in test, not yet in prod; and the other way round', async () => {
    const { page, requests, close } = await open(pathToFileURL(out).href);
    try {
      const compare = page.locator('section.app', { has: page.locator('h2', { hasText: /^hub$/ }) }).locator('section.compare');
      const visiblePairs = () => compare.locator('details.pair:visible');
      await compare.locator('select[name=from]').selectOption('test');
      await compare.locator('select[name=to]').selectOption('prod');
      expect(await visiblePairs().count()).toBe(1);
      const pair = visiblePairs().first();
      expect(await pair.locator(':scope > summary').innerText()).toBe('In test (2.0.0), not yet in prod (1.1.0): 3 changes in 2 releases');
      const text = await pair.innerText();
      for (const s of ['In v2.0.0', 'feat!: drop the v1 API', 'In v1.2.0', HOSTILE_SUBJECT, 'fix(status): never cache /api/status']) expect(text).toContain(s);
      expect(text).not.toContain('report the server time'); // not released: in neither

      await compare.locator('select[name=from]').selectOption('prod');
      await compare.locator('select[name=to]').selectOption('test');
      expect(await visiblePairs().count()).toBe(1);
      expect(await visiblePairs().first().locator(':scope > summary').innerText()).toBe('Nothing in prod (1.1.0) that test (2.0.0) lacks (test runs a newer release)');

      await compare.locator('select[name=to]').selectOption('staging');
      expect(await visiblePairs().first().locator(':scope > summary').innerText()).toBe("prod and staging cannot be compared: staging's version is unknown");

      await compare.locator('select[name=to]').selectOption('prod');
      expect(await visiblePairs().count()).toBe(0);
      expect(await compare.locator('.same-env').isVisible()).toBe(true);
      expect(requests).toEqual([pathToFileURL(out).href]);
    } finally {
      await close();
    }
  });

  it('without JavaScript, every pair of environments is there to open; in the dark scheme, dark; printed, black on white', async () => {
    const noJs = await open(pathToFileURL(out).href, { javaScriptEnabled: false });
    try {
      const compare = noJs.page.locator('section.app', { has: noJs.page.locator('h2', { hasText: /^hub$/ }) }).locator('section.compare');
      expect(await compare.locator('form.picker').isVisible()).toBe(false);
      expect(await compare.locator('details.pair:visible').count()).toBe(6); // 3 environments, ordered pairs
      const pair = compare.locator('details.pair[data-from="test"][data-to="prod"]');
      expect(await pair.locator(':scope > summary').innerText()).toBe('In test (2.0.0), not yet in prod (1.1.0): 3 changes in 2 releases');
      await pair.locator(':scope > summary').click();
      expect(await pair.innerText()).toContain('feat!: drop the v1 API');
    } finally {
      await noJs.close();
    }
    const dark = await open(pathToFileURL(out).href, { colorScheme: 'dark' });
    try {
      const bg = await dark.page.evaluate(() => {
        const w = globalThis as unknown as PageGlobals;
        return w.getComputedStyle(w.document.body).backgroundColor;
      });
      const [r, g, b] = bg.match(/\d+/g)!.map(Number) as [number, number, number];
      expect(r + g + b).toBeLessThan(150);
      // printed: black on white whatever the scheme, without the pickers
      await dark.page.emulateMedia({ media: 'print' });
      expect(await dark.page.evaluate(() => {
        const w = globalThis as unknown as PageGlobals;
        return w.getComputedStyle(w.document.body).backgroundColor;
      })).toBe('rgb(255, 255, 255)');
      expect(await dark.page.locator('form.picker').first().isVisible()).toBe(false);
    } finally {
      await dark.close();
    }
  });

  // docs/dashboard.png is written with SHIPVER_WRITE_SCREENSHOT=1 (npm run screenshot); other
  // runs write the same picture into the sandbox, so a test run leaves the work tree clean
  it('takes the screenshot the README shows (docs/dashboard.png)', async () => {
    const { page, close } = await open(pathToFileURL(out).href);
    try {
      await page.setViewportSize({ width: 1360, height: 940 });
      const png = await page.screenshot({ fullPage: false });
      writeFileSync(process.env.SHIPVER_WRITE_SCREENSHOT === '1' ? SCREENSHOT : path.join(sb.dir, 'dashboard.png'), png);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(1360); // width from the IHDR chunk
    } finally {
      await close();
    }
  });
});

describe('dashboard --serve', () => {
  it('serves the page on 127.0.0.1 and updates it in place after a deploy changes what test runs; Ctrl-C stops it with exit 0', async () => {
    const served = await startServe(sb, sb.dir, ['cloud', '--interval', '1']);
    let stopped = false;
    try {
      const { page, requests, navigations, close } = await open(served.url);
      try {
        const testRow = page.locator('table.overview tbody tr', { has: page.locator('td', { hasText: /^test$/ }) });
        expect(await testRow.locator('td').nth(2).innerText()).toBe('1.1.1');
        await page.evaluate(() => ((globalThis as unknown as PageGlobals).marker = 'still the same page'));

        // a new release, deployed to test by the real deploy command: its status endpoint answers 1.2.0
        commit(sb, apps.cloud, 'feat: list the environments at /envs', 'index.js');
        ok(await shipverAsync(sb, apps.cloud, ['release'], { SHIPVER_DATE: '2026-11-27' }), 'release 1.2.0');
        ok(await shipverAsync(sb, apps.cloud, ['deploy', 'test', '1.2.0']), 'deploy test 1.2.0');

        await page
          .waitForFunction(() => Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll('table.overview tbody tr')).some((tr) => tr.dataset.env === 'test' && tr.textContent!.includes('1.2.0 deployed')), null, { timeout: 30_000 })
          .catch(async (e: Error) => {
            throw new Error(`${e.message}\n--- the page ---\n${await page.locator('main').innerText()}\n--- the server ---\n${served.output().stderr}`);
          });
        expect(await testRow.locator('td').nth(2).innerText()).toBe('1.2.0');
        // prod, still at 1.0.0, now lacks the new feature too
        const prod = page.locator('article.env', { has: page.locator('h4', { hasText: /^prod:/ }) });
        expect(await prod.innerText()).toContain('feat: list the environments at /envs');
        // updated in place: the same document, never navigated again
        expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).marker)).toBe('still the same page');
        expect(navigations).toEqual([served.url]);
        expect(await page.locator('#live').innerText()).toMatch(/^live: updated /);
        // it asked its own server only
        expect(requests.length).toBeGreaterThan(1);
        for (const u of requests) expect(u === served.url || u === `${served.url}fragment`, u).toBe(true);
      } finally {
        await close();
      }
      // the data behind it, and nothing answered for another host name
      const data = (await (await fetch(`${served.url}data.json`)).json()) as { rows: Array<{ env: string; running: string }> };
      expect(data.rows.find((r) => r.env === 'test')?.running).toBe('1.2.0');
      served.child.kill('SIGINT');
      expect(await served.exited).toBe(0);
      stopped = true;
      expect(served.output().stderr).toContain('stopped');
      expectNoStack(served.output().stderr);
    } finally {
      if (!stopped) served.child.kill('SIGKILL');
    }
  });
});
