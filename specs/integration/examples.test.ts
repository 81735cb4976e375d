/**
 * The examples on real Redis, and `npm run demo` as a user runs it (in memory, then on Redis).
 * Each test has its own key prefix and deletes its keys afterwards.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChordError, createApp, type App } from '../../index.js';
import { main as chainMain } from '../../examples/chain.js';
import { main as chordMain } from '../../examples/chord.js';
import { main as groupMain } from '../../examples/group.js';
import { main as pipelineMain } from '../../examples/pipeline.js';
import { missingPath, sitePages, startSite, type Site } from '../../examples/site.js';
import { registerTasks, type ExampleTasks } from '../../examples/tasks.js';
import { deleteKeys } from '../contract/redis-cleanup.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the examples on the redis driver', () => {
  let prefix: string;
  let app: App;
  let tasks: ExampleTasks;
  let site: Site;

  beforeEach(async () => {
    prefix = `test-${randomUUID()}`;
    app = createApp({ redis: redisUrl, prefix });
    tasks = registerTasks(app, { log: () => {} });
    app.worker({ concurrency: 8 });
    site = await startSite();
  });

  afterEach(async () => {
    await site.close();
    await app.close();
    await deleteKeys(prefix);
  });

  it('chain, group and chord give their results', async () => {
    expect(await chainMain(app, tasks)).toBe(64);
    expect(await groupMain(app, tasks)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(await chordMain(app, tasks)).toBe(385);
  });

  it('the pipeline reports every page in crawl order and names the page that 404s', async () => {
    const report = await pipelineMain(app, site.urls, tasks);
    expect(report.crawled).toBe(sitePages.length + 1);
    expect(report.succeeded.map((page) => page.title)).toEqual(sitePages.map((page) => page.title));
    expect(report.succeeded.map((page) => page.links)).toEqual(sitePages.map((page) => page.links.length));
    expect(report.failed).toEqual([{ url: site.baseUrl + missingPath, status: 404, error: 'HTTP 404' }]);
    expect(tasks.failures).toEqual([]);
  });

  it('a malformed URL fails the pipeline with a ChordError and the errback records it', async () => {
    await expect(pipelineMain(app, [site.urls[0]!, 'not a url'], tasks)).rejects.toBeInstanceOf(ChordError);
    await vi.waitFor(() => expect(tasks.failures).toMatchObject([{ taskName: 'fetchPage', errorName: 'UnrecoverableError' }]), { timeout: 5_000 });
  });
});

describe('npm run demo', () => {
  const prefix = `test-${randomUUID()}`;

  afterEach(async () => {
    await deleteKeys(prefix);
  });

  function runDemo(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('npm', ['run', 'demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      // The demo must exit by itself: a leaked handle would keep it alive past this deadline.
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the demo did not exit within 30 s; output so far:\n${output}`));
      }, 30_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  function expectReport(output: string): void {
    expect(output).toContain(`Report: ${sitePages.length + 1} pages crawled, ${sitePages.length} parsed, 1 failed`);
    for (const page of sitePages) expect(output).toContain(page.title);
    expect(output).toMatch(/FAILED\s+HTTP 404\s+http:\/\/127\.0\.0\.1:\d+\/newsletter\/2019/);
    expect(output).toMatch(/workflow \S+ finished in \d+ ms/);
  }

  it('runs in memory when REDIS_URL is not set, prints the report and exits 0', async () => {
    const { REDIS_URL: _, ...env } = process.env;
    const { code, output } = await runDemo(env);
    expect(output).toContain('driver memory (REDIS_URL not set)');
    expectReport(output);
    expect(code).toBe(0);
  });

  it('runs on Redis when REDIS_URL is set, prints the report and exits 0', async () => {
    const { code, output } = await runDemo({ ...process.env, REDIS_URL: redisUrl, CELERIAC_PREFIX: prefix });
    expect(output).toContain('driver redis at redis://');
    expectReport(output);
    expect(code).toBe(0);
  });
});
