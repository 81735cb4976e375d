import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chain, createApp, signature, type App, type DashboardHandle } from '../../../index.js';
import { launchBrowser, openDashboardPage } from './support/browser.js';
import { buildPage } from './support/build-page.js';

// The workflow page's actions that steer a run, in headless Chromium on a memory app whose worker runs here.
let app: App;
let dashboard: DashboardHandle;
let browser: Browser;
let failNext = true;
const aborted: string[] = [];

beforeAll(async () => {
  buildPage();
  app = createApp({ driver: 'memory' });
  app.task('step', (x: number) => x + 1);
  app.task('fragile', (x: number) => {
    if (failNext) throw new Error('not today');
    return x * 2;
  });
  app.task('endless', function (label: string) {
    return new Promise<string>((resolve) => this.signal.addEventListener('abort', () => (aborted.push(label), resolve(label)), { once: true }));
  });
  app.worker({ concurrency: 4 });
  dashboard = await app.dashboard({ port: 0 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const visit = (path: string): Promise<Page> => openDashboardPage(browser, dashboard.url, path);

describe('the workflow page', () => {
  describe('when revoke is clicked with "terminate running tasks" ticked', () => {
    it('aborts the running handler and the workflow ends REVOKED', async () => {
      const label = `t-${Date.now()}`;
      const res = await app.apply(signature('endless', [label]));
      const page = await visit(`/workflows/${res.id}`);
      await page.waitForSelector('[data-node-id="r"][data-state="STARTED"]', { timeout: 10_000 });
      await page.check('#terminate');
      await page.click('#revoke');
      await page.waitForSelector('#workflow-state[data-state="REVOKED"]', { timeout: 10_000 });
      await expect.poll(() => aborted, { timeout: 5_000 }).toContain(label);
      await page.close();
    });
  });

  describe('when retry is clicked on a failed workflow', () => {
    it('runs it again from the task that failed, and the page shows it succeed', async () => {
      failNext = true;
      const res = await app.apply(chain(signature('step', [1]), signature('fragile')));
      await res.get({ timeout: 5_000 }).catch(() => undefined);
      const page = await visit(`/workflows/${res.id}`);
      await page.waitForSelector('#workflow-state[data-state="FAILURE"]');
      expect(await page.locator('#retry').isDisabled()).toBe(false);
      failNext = false;
      await page.click('#retry');
      await page.waitForSelector('#workflow-state[data-state="SUCCESS"]', { timeout: 10_000 });
      expect(await app.result(res.id).get({ timeout: 1_000 })).toBe(4);
      await page.close();
    });
  });
});

describe('the queue actions of the API', () => {
  const post = (path: string) => fetch(`${dashboard.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

  it('pause and resume a queue, and purge drops its waiting tasks and revokes their workflows', async () => {
    expect((await post('/api/queues/default/pause')).status).toBe(200);
    expect(await app.isPaused('default')).toBe(true);
    const waiting = await app.apply(signature('step', [1]));
    expect((await post('/api/queues/default/purge')).status).toBe(200);
    await expect.poll(() => waiting.state(), { timeout: 5_000 }).toBe('REVOKED');
    expect((await post('/api/queues/default/resume')).status).toBe(200);
    expect(await app.isPaused('default')).toBe(false);
  });
});
