/**
 * Every example's `main`, run on the memory driver. The pipeline crawls the examples' local site for real
 * (loopback HTTP), so its expectations are computed from the pages the site serves, not copied from a run.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChordError, createApp, type App } from '../../index.js';
import { main as chainMain } from '../../examples/chain.js';
import { main as chordMain } from '../../examples/chord.js';
import { main as groupMain } from '../../examples/group.js';
import { main as pipelineMain } from '../../examples/pipeline.js';
import { missingPath, sitePages, startSite, type Site } from '../../examples/site.js';
import { registerTasks, type ExampleTasks } from '../../examples/tasks.js';

/** Words as the reader sees them on a page: its heading (the title), paragraphs and link texts. */
function expectedWords(page: (typeof sitePages)[number]): string[] {
  const text = [page.title, ...page.paragraphs, ...page.links.map((l) => l.text)].join(' ');
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

describe('the examples on the memory driver', () => {
  let app: App;
  let tasks: ExampleTasks;
  let log: string[];

  beforeEach(() => {
    app = createApp({ driver: 'memory' });
    log = [];
    tasks = registerTasks(app, { log: (line) => log.push(line) });
    app.worker({ concurrency: 8 });
  });

  afterEach(async () => {
    await app.close();
  });

  it('chain computes ((2 + 2) + 4) * 8', async () => {
    expect(await chainMain(app, tasks)).toBe(64);
  });

  it('group doubles 0..9 and keeps member order', async () => {
    expect(await groupMain(app, tasks)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });

  it('chord sums the squares of 1..10', async () => {
    expect(await chordMain(app, tasks)).toBe(385);
  });

  it('main registers the tasks itself when given only the app', async () => {
    const fresh = createApp({ driver: 'memory' });
    fresh.worker();
    try {
      expect(await chainMain(fresh)).toBe(64);
    } finally {
      await fresh.close();
    }
  });

  describe('when the pipeline crawls the local site', () => {
    let site: Site;

    beforeEach(async () => {
      site = await startSite();
    });

    afterEach(async () => {
      await site.close();
    });

    it('reports each page served with its title, word count and link count, in crawl order', async () => {
      const report = await pipelineMain(app, site.urls, tasks);
      expect(report.crawled).toBe(sitePages.length + 1);
      expect(report.succeeded).toEqual(
        sitePages.map((page) => ({ url: site.baseUrl + page.path, title: page.title, words: expectedWords(page).length, links: page.links.length })),
      );
      expect(report.totalWords).toBe(sitePages.reduce((sum, page) => sum + expectedWords(page).length, 0));
      expect(report.totalLinks).toBe(sitePages.reduce((sum, page) => sum + page.links.length, 0));
      const longest = [...sitePages].sort((a, b) => expectedWords(b).length - expectedWords(a).length)[0]!;
      expect(report.longest).toMatchObject({ title: longest.title, words: expectedWords(longest).length });
      const celeriac = sitePages.flatMap(expectedWords).filter((w) => w === 'celeriac').length;
      expect(report.topWords[0]).toEqual({ word: 'celeriac', count: celeriac });
    });

    it('lists the page that 404s under failed, and the workflow still succeeds', async () => {
      const report = await pipelineMain(app, site.urls, tasks);
      expect(report.failed).toEqual([{ url: site.baseUrl + missingPath, status: 404, error: 'HTTP 404' }]);
      expect(tasks.failures).toEqual([]);
    });

    it('retries the page that answered 503, with the same idempotency key on each attempt', async () => {
      const flaky = site.baseUrl + sitePages.find((page) => page.flaky)!.path;
      const report = await pipelineMain(app, site.urls, tasks);
      expect(report.succeeded.map((page) => page.url)).toContain(flaky);
      const attempts = log.filter((line) => line.startsWith(`fetchPage ${flaky} attempt`));
      expect(attempts).toHaveLength(2);
      const keys = attempts.map((line) => /\(key (\S+)\)/.exec(line)?.[1]);
      expect(keys[0]).toBeDefined();
      expect(keys[1]).toBe(keys[0]);
    });

    it('a malformed URL fails the workflow at once with a ChordError, and the errback records it', async () => {
      // A group followed by a step is a chord, so a member failing for good fails it with a ChordError.
      const error = await pipelineMain(app, [site.urls[0]!, 'not a url'], tasks).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChordError);
      expect((error as ChordError).failedMember).toMatchObject({ index: 1, taskName: 'fetchPage' });
      await vi.waitFor(() => expect(tasks.failures).toHaveLength(1));
      expect(tasks.failures[0]).toMatchObject({ taskName: 'fetchPage', errorName: 'UnrecoverableError', message: expect.stringContaining('Not an http(s) URL') });
      // UnrecoverableError does not spend the task's retries.
      expect(log.filter((line) => line.startsWith('fetchPage not a url'))).toHaveLength(1);
    });
  });

  describe('when a server stays down', () => {
    it('spends the retries, then reports the page under failed', async () => {
      const gone = await startSite();
      await gone.close();
      const report = await pipelineMain(app, [gone.urls[0]!], tasks);
      expect(report.succeeded).toEqual([]);
      expect(report.failed).toEqual([{ url: gone.urls[0], status: 0, error: expect.stringContaining('fetch failed') }]);
      expect(log.filter((line) => line.includes('attempt'))).toHaveLength(3);
    });
  });
});
