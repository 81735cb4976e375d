/**
 * `npx tsx scripts/dashboard-screenshots.ts`: the README's pictures of the dashboard, taken in headless Chromium
 * on the memory driver with the example pipelines: docs/dashboard-workflows.png (the list),
 * docs/dashboard-workflow.png (the crawl pipeline while it runs), docs/dashboard-failure.png (a failed node open).
 */
import { execFileSync } from 'node:child_process';
import { chain, chord, createApp } from '../index.js';
import { registerDashboardTasks } from '../examples/dashboard-tasks.js';
import { crawl } from '../examples/pipeline.js';
import { startSite } from '../examples/site.js';
import { registerTasks } from '../examples/tasks.js';
import { launchBrowser } from '../specs/integration/dashboard/support/browser.js';

execFileSync(process.execPath, ['scripts/build-dashboard.mjs'], { stdio: 'inherit' });
const app = createApp({ driver: 'memory' });
const tasks = registerTasks(app);
const show = registerDashboardTasks(app, { pace: 3 });
const site = await startSite();
app.worker({ concurrency: 4 });
const dashboard = await app.dashboard({ port: 0 });
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
try {
  const failed = await app.apply(chain(show.square.s(4), show.explode.si('the warehouse is closed')).linkError(show.notify.s()));
  await failed.get({ timeout: 30_000 }).catch(() => undefined);
  const crawling = await app.apply(crawl(tasks, site.urls));
  await new Promise((resolve) => setTimeout(resolve, 600));

  await page.goto(`${dashboard.url}/workflows/${crawling.id}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('[data-state="SUCCESS"]');
  await page.screenshot({ path: 'docs/dashboard-workflow.png' });

  await app.apply(chain(show.fanOut.s(3), show.total.s()));
  await app.apply(chord(Array.from({ length: 300 }, (_, i) => show.square.s(i % 7)), show.total.s()));
  await page.goto(`${dashboard.url}/workflows/${failed.id}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('[data-node-id="r.1"]');
  await page.waitForSelector('#node-panel pre.stack');
  await page.screenshot({ path: 'docs/dashboard-failure.png' });

  await page.goto(`${dashboard.url}/`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.screenshot({ path: 'docs/dashboard-workflows.png' });
} finally {
  await browser.close();
  await app.close();
  await site.close();
}
