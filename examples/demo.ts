/**
 * `npm run demo`: crawls a small local site with the pipeline example and prints the report.
 * Runs in memory, or on Redis when REDIS_URL is set; exits 0 on success, 1 with a message on failure.
 */
import { app, tasks } from './app.js';
import { crawl } from './pipeline.js';
import { startSite } from './site.js';
import type { Report } from './tasks.js';

const started = performance.now();
console.log(`celeriac demo: driver ${describeDriver()}`);
const site = await startSite();
try {
  app.worker({ concurrency: 8 });
  console.log(`crawling ${site.urls.length} pages of the local site at ${site.baseUrl}\n`);
  // apply() waits for the driver: with Redis unreachable it would wait for ever, so give it a deadline.
  const result = await within(5_000, 'Sending the workflow', app.apply<Report>(crawl(tasks, site.urls)));
  const report = await result.get({ timeout: 20_000 });
  console.log(`\n${formatReport(report)}\n`);
  console.log(`workflow ${result.id} finished in ${Math.round(performance.now() - started)} ms`);
} catch (error) {
  console.error(`\nceleriac demo failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  if (app.driver === 'redis') console.error(`Is Redis running at ${redactedUrl()}? Unset REDIS_URL to run in memory.`);
  process.exitCode = 1;
} finally {
  // Closing lets the process exit by itself. With Redis gone, closing its connections can hang: then exit anyway.
  await within(5_000, 'Closing', Promise.all([app.close(), site.close()])).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function describeDriver(): string {
  return app.driver === 'redis' ? `redis at ${redactedUrl()}` : 'memory (REDIS_URL not set)';
}

/** REDIS_URL without its password, fit to print. */
function redactedUrl(): string {
  const raw = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return raw;
  }
}

function formatReport(report: Report): string {
  const lines = [`Report: ${report.crawled} pages crawled, ${report.succeeded.length} parsed, ${report.failed.length} failed`];
  for (const page of report.succeeded) {
    lines.push(`  ok      ${page.title.padEnd(22)} ${String(page.words).padStart(4)} words ${String(page.links).padStart(3)} links  ${page.url}`);
  }
  for (const page of report.failed) lines.push(`  FAILED  ${page.error.padEnd(22)} ${page.url}`);
  lines.push(`Totals: ${report.totalWords} words, ${report.totalLinks} links`);
  if (report.longest) lines.push(`Longest page: ${report.longest.title} (${report.longest.words} words)`);
  lines.push(`Top words: ${report.topWords.map((w) => `${w.word} (${w.count})`).join(', ')}`);
  return lines.join('\n');
}
