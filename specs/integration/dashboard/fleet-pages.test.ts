import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chain, createApp, signature, type App, type DashboardHandle } from '../../../index.js';
import { launchBrowser, openDashboardPage, taskGates } from './support/browser.js';
import { buildPage } from './support/build-page.js';

// The list, workers and queues pages as a person uses them, on a memory app whose worker runs in this process.
// Tasks wait on gates the tests open, so "running" is a state the test chooses.
let app: App;
let dashboard: DashboardHandle;
let browser: Browser;
const gates = taskGates();
const open = (key: string) => gates.open(key);

beforeAll(async () => {
  buildPage();
  app = createApp({ driver: 'memory' });
  app.task('hold', (key: string) => gates.wait(key, key));
  app.task('echo', (x: number) => x);
  app.task('explode', (what: string) => {
    throw new RangeError(`${what} is out of range`);
  });
  app.task('parked', (x: number) => x, { queue: 'parking' });
  app.worker({ concurrency: 4, queues: ['default', 'parking'] });
  dashboard = await app.dashboard({ port: 0 });
  browser = await launchBrowser();
});

afterAll(async () => {
  gates.openAll();
  await browser?.close();
  await app?.close();
});

const openPage = (path: string): Promise<Page> => openDashboardPage(browser, dashboard.url, path);

const rowState = (page: Page, id: string) => page.locator(`#workflows tr[data-id="${id}"] [data-state]`).getAttribute('data-state');

describe('the workflows page', () => {
  it('lists workflows with their state and the task that failed, filters by state, and updates a row live', async () => {
    const run = `l-${Date.now()}`;
    const held = await app.apply(signature('hold', [run]));
    const failed = await app.apply(chain(signature('echo', [1]), signature('explode', ['speed'])));
    await expect(failed.get()).rejects.toThrow(/out of range/);
    const page = await openPage('/');
    await page.waitForSelector(`#workflows tr[data-id="${failed.id}"]`);
    expect(await rowState(page, failed.id)).toBe('FAILURE');
    expect(await page.locator(`#workflows tr[data-id="${failed.id}"] td`).nth(5).textContent()).toContain('explode');
    expect(await rowState(page, held.id)).toBe('STARTED');

    open(run);
    await page.waitForSelector(`#workflows tr[data-id="${held.id}"] [data-state="SUCCESS"]`, { timeout: 10_000 });

    await page.selectOption('#filter-state', 'FAILURE');
    await page.click('form.filters button[type="submit"]');
    await page.locator(`#workflows tr[data-id="${held.id}"]`).waitFor({ state: 'detached' });
    const ids = await page.locator('#workflows tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(ids).toContain(failed.id);
    expect(new URL(page.url()).search).toBe('?state=FAILURE');
    await page.close();
  });

  it('pages through more workflows than fit on one page, older and back to newer', async () => {
    const task = `echo`;
    const applied: string[] = [];
    for (let i = 0; i < 60; i++) applied.push((await app.apply(signature(task, [i]))).id);
    await Promise.all(applied.map((id) => app.result(id).get()));
    const page = await openPage('/');
    const shown = () => page.locator('#workflows tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')!));
    await page.waitForSelector(`#workflows tr[data-id="${applied.at(-1)}"]`);
    const first = await shown();
    expect(first).toHaveLength(50);
    await page.click('.pager button:has-text("older")');
    await page.locator(`#workflows tr[data-id="${first[0]}"]`).waitFor({ state: 'detached' });
    const second = await shown();
    expect(second.some((id) => first.includes(id))).toBe(false);
    expect(second.length).toBeGreaterThan(0);
    await page.click('.pager button:has-text("newer")');
    await page.waitForSelector(`#workflows tr[data-id="${first[0]}"]`);
    expect(await shown()).toEqual(first);
    await page.close();
  });
});

describe('the workers page', () => {
  it('shows this worker with its queues and concurrency, and the task it runs now', async () => {
    const run = `w-${Date.now()}`;
    const held = await app.apply(signature('hold', [run]));
    const page = await openPage('/workers');
    const worker = page.locator('#workers tbody tr').first();
    await worker.waitFor();
    const cells = await worker.locator('td').allTextContents();
    expect(cells[2]).toBe(String(process.pid));
    expect(cells[3]).toBe('default, parking');
    expect(cells[4]).toBe('4');
    await page.waitForSelector(`#active a[href="/workflows/${held.id}"]`, { timeout: 10_000 });
    expect(await page.locator('#active tbody tr', { hasText: held.id }).locator('td').first().textContent()).toBe('hold');
    open(run);
    await held.get();
    await page.close();
  });
});

describe('the queues page', () => {
  it('pauses and resumes a queue, and purges it only on a second click', async () => {
    const page = await openPage('/queues');
    const row = page.locator('#queues tr[data-queue="parking"]');
    await row.waitFor();
    await row.locator('button', { hasText: 'Pause' }).click();
    await page.waitForSelector('#queues tr[data-queue="parking"] button:has-text("Resume")');
    expect(await app.inspect.queues().then((qs) => qs.find((q) => q.name === 'parking')?.paused)).toBe(true);

    const waiting = await Promise.all([1, 2, 3].map((x) => app.apply(signature('parked', [x]))));
    await expect.poll(() => row.locator('td').nth(1).textContent(), { timeout: 10_000 }).toBe('3');
    const purge = row.locator('button.danger');
    await purge.click();
    expect(await purge.textContent()).toBe('Drop 3 waiting tasks? Click again');
    expect((await app.inspect.queues()).find((q) => q.name === 'parking')?.waiting).toBe(3);
    await purge.click();
    await expect.poll(() => row.locator('td').nth(1).textContent(), { timeout: 10_000 }).toBe('0');
    for (const res of waiting) expect(await res.state()).toBe('REVOKED');

    await row.locator('button', { hasText: 'Resume' }).click();
    await page.waitForSelector('#queues tr[data-queue="parking"] button:has-text("Pause")');
    expect(await (await app.apply(signature('parked', [7]))).get({ timeout: 5000 })).toBe(7);
    await page.close();
  });
});
