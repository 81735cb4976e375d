/**
 * `npm run bench:dashboard [-- --runs N] [-- --redis URL]`: how fast the dashboard's workflow page is in headless
 * Chromium (Debian's `chromium` on PATH).
 *
 * 1. Render: the page of a chord of 1,000 members, from navigation until the graph is drawn (its summary node),
 *    then expanding the summary until all 1,000 tasks are drawn. Median and worst of N runs.
 * 2. Live: the page open on a running chord of 4,000 short tasks (two events each: started, succeeded) while a
 *    worker in this process runs them; the page records its longest task (PerformanceObserver 'longtask') and
 *    its longest gap between animation frames, which is what a person sees as a freeze.
 *
 * 3. List: 10,000 finished workflows (one in ten failed); the workflows page from navigation until its first page is
 *    drawn, the time to go one page older (a click, the next cursor), and the JSON API's own time for the first
 *    page, a page 100 pages deep (followed cursor by cursor), a state filter and a task filter.
 *
 * "Drawn" means painted: each figure waits for two animation frames after the elements are in the DOM.
 * On the memory driver unless --redis is given (then a worker and the dashboard share that Redis, prefix
 * bench-dashboard-<uuid>, deleted at the end).
 */
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { chord, createApp, signature } from '../index.js';
import { deleteKeys } from '../specs/contract/redis-cleanup.js';
import { launchBrowser } from '../specs/integration/dashboard/support/browser.js';

const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '5' }, redis: { type: 'string' } } });
const runs = Number(flags.runs);
const prefix = `bench-dashboard-${randomUUID()}`;
execFileSync(process.execPath, ['scripts/build-dashboard.mjs'], { stdio: 'inherit' });

const app = flags.redis ? createApp({ redis: flags.redis, prefix }) : createApp({ driver: 'memory' });
app.task('square', (x: number) => x * x);
app.task('quick', async (x: number) => {
  await new Promise((resolve) => setTimeout(resolve, 2 + (x % 5)));
  return x;
});
app.task('maybe', (x: number) => {
  if (x % 10 === 0) throw new Error(`${x} is a multiple of ten`);
  return x;
});
app.task('total', (xs: number[]) => xs.reduce((a, b) => a + b, 0));
const dashboard = await app.dashboard({ port: 0 });
const browser = await launchBrowser();
/** Resolves after the next frame was painted: the page is drawn, not only in the DOM. */
const PAINTED = 'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  const big = await app.apply(chord(Array.from({ length: 1000 }, (_, i) => signature('square', [i])), signature('total')));
  const drawn: number[] = [];
  const expanded: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const t0 = performance.now();
    await page.goto(`${dashboard.url}/workflows/${big.id}`);
    await page.waitForSelector('[data-summary]');
    await page.evaluate(PAINTED);
    drawn.push(performance.now() - t0);
    const t1 = performance.now();
    await page.click('[data-summary]');
    await page.waitForSelector('[data-node-id="r.999"]');
    await page.evaluate(PAINTED);
    expanded.push(performance.now() - t1);
    await page.close();
  }
  console.log(`chord of 1,000, page drawn (navigation to graph): median ${median(drawn).toFixed(0)} ms, worst ${Math.max(...drawn).toFixed(0)} ms over ${runs} runs`);
  console.log(`chord of 1,000, summary expanded to 1,000 tasks: median ${median(expanded).toFixed(0)} ms, worst ${Math.max(...expanded).toFixed(0)} ms`);

  await listBench();

  for (const expand of [false, true]) {
    const live = await app.apply(chord(Array.from({ length: 4000 }, (_, i) => signature('quick', [i])), signature('total')));
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${dashboard.url}/workflows/${live.id}`);
    await page.waitForSelector('[data-summary]');
    if (expand) {
      await page.click('[data-summary]');
      await page.waitForSelector('[data-node-id="r.3999"]');
      await page.evaluate(PAINTED);
    }
    // Plain script text: it runs in the page, whose DOM types this Node program does not have.
    await page.evaluate(`
      window.longest = 0; window.gap = 0; window.frames = 0;
      new PerformanceObserver((list) => list.getEntries().forEach((e) => (window.longest = Math.max(window.longest, e.duration)))).observe({ type: 'longtask' });
      let last = performance.now();
      const frame = (now) => { window.gap = Math.max(window.gap, now - last); window.frames++; last = now; requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
    `);
    const worker = app.worker({ concurrency: 64 });
    const t0 = performance.now();
    await live.get({ timeout: 120_000 });
    const seconds = (performance.now() - t0) / 1000;
    await page.waitForSelector('#workflow-state[data-state="SUCCESS"]', { timeout: 30_000 });
    const stats = (await page.evaluate('({ longest: window.longest, gap: window.gap, frames: window.frames })')) as { longest: number; gap: number; frames: number };
    await worker.close();
    console.log(
      `live, ${expand ? '4,000 tasks drawn' : 'summary node'}: 4,000 tasks in ${seconds.toFixed(1)} s = ${Math.round((2 * 4000) / seconds)} task events/s; ` +
        `page's longest task ${stats.longest.toFixed(0)} ms, longest gap between frames ${stats.gap.toFixed(0)} ms, ${stats.frames} frames`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  await app.close();
  if (flags.redis) await deleteKeys(prefix, flags.redis);
}

/** Part 3: 10,000 workflows in the list. */
async function listBench(): Promise<void> {
  const worker = app.worker({ concurrency: 64 });
  const handles = [];
  for (let i = 0; i < 10_000; i += 500) {
    handles.push(...(await Promise.all(Array.from({ length: 500 }, (_, j) => app.apply(signature(i + j < 5_000 ? 'square' : 'maybe', [i + j]))))));
  }
  await Promise.all(handles.map((res) => res.get({ timeout: 120_000 }).catch(() => undefined)));
  await worker.close();

  const api = async (query: string) => {
    const t0 = performance.now();
    const page = (await (await fetch(`${dashboard.url}/api/workflows?${query}`)).json()) as { items: unknown[]; next?: string };
    return { ms: performance.now() - t0, page };
  };
  const first = await api('limit=50');
  let cursor = first.page.next;
  let deepMs = 0;
  for (let i = 1; i < 100 && cursor; i++) {
    const step = await api(`limit=50&cursor=${cursor}`);
    deepMs = step.ms;
    cursor = step.page.next;
  }
  const failed = await api('limit=50&state=FAILURE');
  const byTask = await api('limit=50&task=maybe');
  console.log(
    `list of 10,000 workflows, API: first page ${first.ms.toFixed(0)} ms, page 100 (cursor) ${deepMs.toFixed(0)} ms, ` +
      `state=FAILURE ${failed.ms.toFixed(0)} ms (${failed.page.items.length} rows), task=maybe ${byTask.ms.toFixed(0)} ms (${byTask.page.items.length} rows)`,
  );

  const drawn: number[] = [];
  const older: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const t0 = performance.now();
    await page.goto(`${dashboard.url}/`);
    await page.waitForSelector('#workflows tbody tr');
    await page.evaluate(PAINTED);
    drawn.push(performance.now() - t0);
    const top = await page.locator('#workflows tbody tr').first().getAttribute('data-id');
    const t1 = performance.now();
    await page.click('.pager button:has-text("older")');
    await page.locator(`#workflows tr[data-id="${top}"]`).waitFor({ state: 'detached' });
    await page.evaluate(PAINTED);
    older.push(performance.now() - t1);
    await page.close();
  }
  console.log(`list of 10,000 workflows, page drawn: median ${median(drawn).toFixed(0)} ms, worst ${Math.max(...drawn).toFixed(0)} ms; one page older: median ${median(older).toFixed(0)} ms`);
}
