// The HTML review, checked in a real headless browser (Chromium driven by playwright-core; see
// helpers/browser.ts for which Chromium):
// the page loads with nothing from elsewhere and no CSP violation, the filter and the flag filter
// narrow the table and the matrix, a header click sorts, the matrix colours each person's level on
// each source, the timeline lists what ends, and a manifest's text stays text.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { chromiumExecutable } from '../helpers/browser.js';
import { auditedWorkspace } from '../helpers/audited-workspace.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

async function reviewPage(edit?: (dir: string) => void): Promise<string> {
  const { cwd, dir } = copyExample();
  edit?.(path.join(cwd, dir));
  const out = path.join(cwd, 'review.html');
  const io = memoryIo({ cwd });
  expect(await runCli(['review', dir, '--local', '--at', '2026-11-23', '--format', 'html', '--out', out], io)).toBe(0);
  return out;
}

describe('review --format html in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    const executable = await chromiumExecutable();
    browser = await chromium.launch({ executablePath: executable.path, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string): Promise<{ page: Page; problems: string[]; requests: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    return { page, problems, requests };
  }
  const visibleEmails = (page: Page) => page.locator('#people tbody tr:not([hidden]) td:first-child').allTextContents();

  it('loads alone, filters, sorts, and shows the matrix and the timeline', async () => {
    const file = await reviewPage();
    const { page, problems, requests } = await open(file);

    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(await page.locator('#shown').textContent()).toBe('10 of 10 people shown');

    await page.fill('#filter', 'agency');
    expect(await visibleEmails(page)).toEqual(['dev@agency.io']);
    expect(await page.locator('#matrix tbody tr:not([hidden]) th').allTextContents()).toEqual(['dev@agency.io']);
    expect(await page.locator('#shown').textContent()).toBe('1 of 10 people shown');

    await page.fill('#filter', '');
    await page.selectOption('#flag', 'not-in-manifests');
    expect(await visibleEmails(page)).toEqual(['mallory@acme.com']);
    await page.selectOption('#flag', '');

    await page.click('#people thead th:nth-child(1)');
    const ascending = await visibleEmails(page);
    expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    expect(ascending[0]).toBe('alice@acme.com');
    await page.click('#people thead th:nth-child(1)');
    expect(await visibleEmails(page)).toEqual([...ascending].reverse());
    expect(await page.locator('#people thead th:nth-child(1)').getAttribute('aria-sort')).toBe('descending');

    // Alice is Workspace Owner: owner level on every source; Carol reads all sources through engineers.
    const sources = await page.locator('#matrix thead th.src').count();
    expect(sources).toBeGreaterThan(3);
    expect(await page.locator('#matrix tr[data-email="alice@acme.com"] td.l3').count()).toBe(sources);
    expect(await page.locator('#matrix tr[data-email="carol@acme.com"] td.l1').count()).toBe(sources);
    expect(await page.locator('#matrix tr[data-email="carol@acme.com"] td.l1').first().getAttribute('title')).toMatch(/^carol@acme\.com: read-only on /);

    const timeline = await page.locator('#timeline li').allTextContents();
    expect(timeline).toContain('2027-01-31dev@agency.io: membership ends (in 69 days)');
    expect(timeline.map((t) => t.slice(0, 10))).toEqual(timeline.map((t) => t.slice(0, 10)).sort());

    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows a manifest\'s markup as text and runs no script but its own', async () => {
    const attack = '<img src=x onerror="document.title=\'pwned\'"><script>document.title=\'pwned\'</script>';
    const file = await reviewPage((dir) => {
      const owners = path.join(dir, 'owners.yaml');
      writeFileSync(owners, readFileSync(owners, 'utf8').replace('justification: platform lead, owns the Segment contract', `justification: '${attack.replace(/'/g, "''")}'`));
    });
    const { page, problems } = await open(file);

    expect(await page.locator('#people img, #people script').count()).toBe(0);
    expect(await page.locator('#people tr[data-email="alice@acme.com"] td:nth-child(4)').textContent()).toBe(attack);
    expect(await page.title()).toBe('Access review of acme-prod, 2026-11-23');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('at 400 px: nothing wider than the screen, the grant expiry, the hand-made grant and the tokens', async () => {
    const { cwd, dir } = await auditedWorkspace();
    const out = path.join(cwd, 'review.html');
    expect(await runCli(['review', dir, '--local', '--at', '2026-11-23', '--format', 'html', '--out', out], memoryIo({ cwd }))).toBe(0);
    const { page, problems } = await open(out);
    await page.setViewportSize({ width: 400, height: 800 });

    // The page itself never scrolls sideways; the wide tables scroll inside their own boxes.
    expect(await page.locator('html').evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(400);
    const boxes = await page.locator('.scroll').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right));
    expect(Math.max(...boxes)).toBeLessThanOrEqual(400);

    const carol = await page.locator('#people tr[data-email="carol@acme.com"] td:nth-child(3)').textContent();
    expect(carol).toMatch(/Source Admin on web-staging \(direct, until 2027-06-30; acme\/engineering\.yaml:\d+\)/);
    expect(await page.locator('#people tr[data-email="erin@acme.com"] td:nth-child(3)').textContent()).toContain('Source Admin on web-prod (direct; no manifest grants it)');
    expect(await page.locator('#timeline li').allTextContents()).toContain('2027-06-30carol@acme.com: Source Admin on web-staging ends (in 219 days)');
    expect(await page.locator('#tokens tbody tr td:first-child').allTextContents()).toEqual(['TJ7z8cg6', 'Qm4rT2vx', 'Zz9OtherT']);
    expect(await page.locator('.asof').textContent()).toMatch(/^As of 2026-11-23T00:00:00\.000Z, workspace state sha256:[0-9a-f]{64}\.$/);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
