/**
 * A realistic pipeline: fetch pages in parallel, parse each as soon as it arrives, then aggregate one report.
 *
 *   chain(
 *     group(chain(fetchPage(url1), parsePage), chain(fetchPage(url2), parsePage), ...),
 *     buildReport,                      // a group followed by a step is a chord: it gets the list of parsed pages
 *   ).linkError(recordFailure)
 *
 * Failures come in two kinds. A page the site cannot give us (404, a server that stays down) is a fact about
 * the site, so fetchPage returns it as a value and the report lists it under `failed`: the workflow succeeds.
 * A bug or bad input (an unparsable URL, a parser that throws) fails the workflow, and the errback records it.
 */
import { chain, group, type App, type Canvas } from '../index.js';
import { startSite } from './site.js';
import { runStandalone } from './standalone.js';
import { registerTasks, type ExampleTasks, type Report } from './tasks.js';

/**
 * The pipeline's canvas for `urls`, ready for `app.apply()`.
 * @example
 * const res = await app.apply(crawl(tasks, ['https://example.com/']));
 */
export function crawl(tasks: ExampleTasks, urls: readonly string[]): Canvas {
  const { fetchPage, parsePage, buildReport, recordFailure } = tasks;
  const perPage = urls.map((url) => chain(fetchPage.s(url), parsePage.s()));
  return chain(group(perPage), buildReport.s()).linkError(recordFailure.s());
}

/**
 * Crawls `urls` and returns the report. The caller runs a worker and closes the app.
 * @example
 * const site = await startSite();
 * const report = await main(app, site.urls);
 * report.failed; // [{ url: '.../newsletter/2019', status: 404, error: 'HTTP 404' }]
 */
export async function main(app: App, urls: readonly string[], tasks: ExampleTasks = registerTasks(app)): Promise<Report> {
  const result = await app.apply<Report>(crawl(tasks, urls));
  return result.get({ timeout: 30_000 });
}

await runStandalone(import.meta.url, async (app) => {
  const site = await startSite();
  try {
    return await main(app, site.urls);
  } finally {
    await site.close();
  }
});
