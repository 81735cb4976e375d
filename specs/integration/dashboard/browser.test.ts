import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chain, chord, createApp, group, signature, type App, type DashboardHandle } from '../../../index.js';
import { launchBrowser, openDashboardPage, taskGates } from './support/browser.js';
import { buildPage } from './support/build-page.js';

// The page as a person uses it: headless Chromium on the dashboard of a memory app whose worker runs in this
// process. Tasks wait on gates the tests open, so "running" and "succeeded" are states the test chooses.
let app: App;
let dashboard: DashboardHandle;
let browser: Browser;
const gates = taskGates();
const open = (key: string) => gates.open(key);

beforeAll(async () => {
  buildPage();
  app = createApp({ driver: 'memory' });
  app.task('hold', (key: string) => {
    return gates.wait(key, key.length);
  });
  app.task('total', (xs: number[]) => xs.reduce((a, b) => a + b, 0));
  app.task('breaks', (what: string) => {
    throw new TypeError(`${what} is full`);
  });
  app.task('fan', async function (key: string, n: number) {
    await gates.wait(key, undefined);
    this.replace(group(Array.from({ length: n }, (_, i) => signature('hold', [`${key}-${i}`]))));
  });
  app.task('hostile', () => {
    throw new Error('<img src=x onerror=alert(1)>');
  });
  app.worker({ concurrency: 8 });
  dashboard = await app.dashboard({ port: 0 });
  browser = await launchBrowser();
});

afterAll(async () => {
  gates.openAll();
  await browser?.close();
  await app?.close();
});

const openWorkflow = (id: string): Promise<Page> => openDashboardPage(browser, dashboard.url, `/workflows/${id}`);

const stateOf = (page: Page, nodeId: string) => page.locator(`[data-node-id="${nodeId}"]`).getAttribute('data-state');

describe('the workflow page', () => {
  describe('of a running chord', () => {
    it('shows each node with its task name, and a node turns from running to succeeded without a reload', async () => {
      const run = `a-${Date.now()}`;
      const res = await app.apply(chord([signature('hold', [`${run}-1`]), signature('hold', [`${run}-22`]), signature('hold', [`${run}-333`])], signature('total')));
      const page = await openWorkflow(res.id);
      const nodes = page.locator('svg.graph [data-node-id]');
      expect(await nodes.count()).toBe(4);
      expect(await page.locator('[data-node-id="r.0"] text.name').textContent()).toBe('hold');
      expect(await page.locator('[data-node-id="r.b"] text.name').textContent()).toBe('total');
      await page.waitForSelector('[data-node-id="r.1"][data-state="STARTED"]');
      expect(await stateOf(page, 'r.b')).toBe('PENDING');
      // A marker that a reload would wipe.
      await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 1));

      open(`${run}-22`);
      await page.waitForSelector('[data-node-id="r.1"][data-state="SUCCESS"]', { timeout: 10_000 });
      expect(await stateOf(page, 'r.0')).toBe('STARTED');
      open(`${run}-1`);
      open(`${run}-333`);
      await page.waitForSelector('#workflow-state[data-state="SUCCESS"]', { timeout: 10_000 });
      expect(await stateOf(page, 'r.b')).toBe('SUCCESS');
      expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(1);
      await page.close();
    });
  });

  describe('when revoke is clicked', () => {
    it('ends the workflow REVOKED, and the page shows it', async () => {
      const run = `r-${Date.now()}`;
      const res = await app.apply(chain(signature('hold', [`${run}-first`]), chord([signature('hold', [`${run}-x`]), signature('hold', [`${run}-y`])], signature('total'))));
      const page = await openWorkflow(res.id);
      await page.waitForSelector('[data-node-id="r.0"][data-state="STARTED"]');
      await page.click('#revoke');
      await page.waitForSelector('#workflow-state[data-state="REVOKED"]', { timeout: 10_000 });
      expect(await res.state()).toBe('REVOKED');
      expect(await page.locator('#revoke').isDisabled()).toBe(true);
      open(`${run}-first`);
      await page.close();
    });
  });

  describe('when a failed node is opened', () => {
    it('shows the error type, message and the stack of where it was thrown', async () => {
      const res = await app.apply(chain(signature('hold', ['ok']), signature('breaks', ['the disk'], { immutable: true })));
      open('ok');
      const page = await openWorkflow(res.id);
      await page.waitForSelector('[data-node-id="r.1"][data-state="FAILURE"]', { timeout: 10_000 });
      await page.click('[data-node-id="r.1"]');
      const stack = page.locator('#node-panel pre.stack');
      await stack.waitFor();
      expect(await page.locator('#node-panel .node-title').textContent()).toBe('breaks');
      expect(await page.locator('#node-panel .error-message').textContent()).toBe('TypeError: the disk is full');
      expect(await stack.textContent()).toMatch(/^TypeError: the disk is full\n\s+at .*browser\.test\.ts/);
      expect(await page.locator('#node-panel pre.args').textContent()).toBe('[\n  "the disk"\n]');
      await page.close();
    });
  });

  describe('when a task fails with markup in its message and its arguments', () => {
    it('shows the characters as text: no element is created and no script runs', async () => {
      const res = await app.apply(signature('hostile', ['<script>window.pwned = 1</script>', '<b>bold</b>'], { immutable: true }));
      await res.get({ timeout: 5_000 }).catch(() => undefined);
      const page = await openWorkflow(res.id);
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.click('[data-node-id="r"]');
      await page.locator('#node-panel .error-message').waitFor();
      expect(await page.locator('#node-panel .error-message').textContent()).toBe('Error: <img src=x onerror=alert(1)>');
      expect(await page.locator('#node-panel pre.args').textContent()).toContain('"<script>window.pwned = 1</script>"');
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('#node-panel b, #node-panel script').count()).toBe(0);
      expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      await page.close();
    });
  });

  describe('when a task replaces itself with a group while the page is open', () => {
    it('draws the group where the task was, as it appears, and its tasks live', async () => {
      const key = `f-${Date.now()}`;
      const res = await app.apply(chain(signature('fan', [key, 2]), signature('total')));
      const page = await openWorkflow(res.id);
      await page.waitForSelector('[data-node-id="r.0"][data-state="STARTED"]');
      expect(await page.locator('svg.graph [data-node-id]').count()).toBe(2);
      open(key);
      await page.waitForSelector('[data-node-id="r.0~r.1"]', { timeout: 10_000 });
      expect(await page.locator('[data-node-id="r.0~r.0"] text.name').textContent()).toBe('hold');
      expect(await page.locator('svg.graph path.edge.replace').count()).toBe(2);
      open(`${key}-0`);
      open(`${key}-1`);
      await page.waitForSelector('#workflow-state[data-state="SUCCESS"]', { timeout: 10_000 });
      expect(await stateOf(page, 'r.0~r.1')).toBe('SUCCESS');
      await page.close();
    });
  });

  describe('of a chord of 1,000 members', () => {
    it('draws the header as one summary node with counts, and every member once it is clicked', async () => {
      // On a queue no worker consumes: every member stays PENDING.
      const header = Array.from({ length: 1000 }, (_, i) => signature('total', [[i]]).set({ queue: 'nobody' }));
      const res = await app.apply(chord(header, signature('total').set({ queue: 'nobody' })));
      const page = await openWorkflow(res.id);
      const summary = page.locator('[data-summary="r"]');
      expect(await summary.locator('text.name').textContent()).toBe('1000 × total');
      expect(await summary.locator('text.meta').textContent()).toBe('0 ok · 1000 pending');
      expect(await page.locator('svg.graph [data-node-id]').count()).toBe(1);
      await summary.click();
      await page.waitForSelector('[data-node-id="r.999"]');
      expect(await page.locator('svg.graph [data-node-id]').count()).toBe(1001);
      await page.close();
    });
  });
});

describe('the workflows page', () => {
  it('finds a workflow by its id and links to its graph', async () => {
    const res = await app.apply(signature('hold', ['listed']));
    open('listed');
    await res.get({ timeout: 5_000 });
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}/`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.fill('#search-id', res.id);
    await page.click('form.filters button[type="submit"]');
    const row = page.locator(`#workflows tr[data-id="${res.id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-state]').textContent()).toBe('SUCCESS');
    await row.locator('a').click();
    await page.waitForSelector('[data-node-id="r"][data-state="SUCCESS"]');
    expect(new URL(page.url()).pathname).toBe(`/workflows/${res.id}`);
    await page.close();
  });
});
