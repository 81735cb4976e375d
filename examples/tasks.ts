/**
 * The tasks the examples use: a little arithmetic, and a crawl-and-report pipeline
 * (fetch a page, parse it, aggregate a report) with a failure errback.
 */
import { currentTask, UnrecoverableError, type App } from '../index.js';

/** What `fetchPage` returns. A page that could not be fetched is a value too: `status` 0 or 4xx/5xx, with `error`. */
export type FetchedPage = { url: string; status: number; html: string; error: string | null };

export type WordCount = { word: string; count: number };

/** What `parsePage` returns: the page's numbers, or why there are none. */
export type ParsedPage =
  | { url: string; ok: true; status: number; title: string; words: number; links: number; topWords: WordCount[] }
  | { url: string; ok: false; status: number; error: string };

export type PageSummary = { url: string; title: string; words: number; links: number };

/** What `buildReport` returns: every page crawled is either in `succeeded` or in `failed`, in crawl order. */
export type Report = {
  crawled: number;
  succeeded: PageSummary[];
  failed: Array<{ url: string; status: number; error: string }>;
  totalWords: number;
  totalLinks: number;
  longest: PageSummary | null;
  topWords: WordCount[];
};

/** What an errback receives as its first argument (see API.md, `linkError`). */
export type FailureDescription = {
  nodeId: string | null;
  taskName: string | null;
  type: string;
  errorName: string;
  message: string;
  stack: string | null;
};

export interface RegisterOptions {
  /** Where the tasks write their log lines. @default console.error, so a result printed on stdout stays clean JSON */
  readonly log?: (line: string) => void;
}

/**
 * Registers the examples' tasks on `app` and returns them, with `failures`: what the `recordFailure`
 * errback has recorded in this process.
 * @example
 * const app = createApp({ driver: 'memory' });
 * const { add, mul } = registerTasks(app);
 */
export function registerTasks(app: App, options: RegisterOptions = {}) {
  const log = options.log ?? console.error;
  const failures: FailureDescription[] = [];

  // Contracts: arguments are checked when a workflow is applied (and again in the worker), results when a task ends.
  const twoNumbers = { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], minItems: 2, maxItems: 2 } as const;
  const add = app.task('add', (x: number, y: number) => x + y, { input: twoNumbers, output: { type: 'number' } });
  const mul = app.task('mul', (x: number, y: number) => x * y, { input: twoNumbers, output: { type: 'number' } });
  const xsum = app.task('xsum', (xs: number[]) => xs.reduce((a, b) => a + b, 0), {
    input: { type: 'array', prefixItems: [{ type: 'array', items: { type: 'number' } }], minItems: 1, maxItems: 1 },
    output: { type: 'number' },
  });

  const fetchPage = app.task(
    'fetchPage',
    async (page: string, base?: string): Promise<FetchedPage> => {
      // A document can name pages relative to a site given as a parameter: fetchPage('/about', site).
      const url = base === undefined ? page : resolveUrl(page, base);
      const { attempt, retries, idempotencyKey, signal } = currentTask();
      log(`fetchPage ${url} attempt ${attempt}/${retries + 1} (key ${idempotencyKey})`);
      // A malformed URL will not get better with retries: fail now, and let the errback record it.
      if (!isHttpUrl(url)) throw new UnrecoverableError(`Not an http(s) URL: ${JSON.stringify(url)}`);
      const lastAttempt = attempt > retries;
      let response: Response;
      try {
        response = await fetch(url, { signal, redirect: 'follow' });
      } catch (error) {
        // Network errors are often transient too; once retries are spent, report the page as failed instead.
        if (!lastAttempt) throw error;
        return { url, status: 0, html: '', error: errorMessage(error) };
      }
      const html = await response.text();
      if (response.status >= 500 && !lastAttempt) {
        // A 5xx is often a hiccup: throwing spends one of the task's retries, after its backoff.
        log(`fetchPage ${url} answered HTTP ${response.status}, will retry`);
        throw new Error(`HTTP ${response.status} from ${url}`);
      }
      // A 404 is an answer, not an accident: return it so the report can say which page is missing.
      return response.ok ? { url, status: response.status, html, error: null } : { url, status: response.status, html: '', error: `HTTP ${response.status}` };
    },
    {
      retries: 2,
      backoff: { type: 'exponential', delay: 100, jitter: 0.2 },
      timeout: 10_000,
      input: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'string' }], minItems: 1, maxItems: 2 },
    },
  );

  const parsePage = app.task('parsePage', (page: FetchedPage): ParsedPage => {
    if (page.error !== null) return { url: page.url, ok: false, status: page.status, error: page.error };
    const words = wordsOf(bodyText(page.html));
    return {
      url: page.url,
      ok: true,
      status: page.status,
      title: decodeEntities(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(page.html)?.[1]?.trim() ?? ''),
      words: words.length,
      links: page.html.match(/<a\s[^>]*href\s*=/gi)?.length ?? 0,
      // The top words only, not every count: results travel through the broker, so keep them small.
      topWords: topWords(words, 10),
    };
  });

  const buildReport = app.task('buildReport', (pages: ParsedPage[]): Report => {
    const ok = pages.flatMap((p) => (p.ok ? [p] : []));
    const succeeded = ok.map(({ url, title, words, links }) => ({ url, title, words, links }));
    const merged = new Map<string, number>();
    for (const { word, count } of ok.flatMap((p) => p.topWords)) merged.set(word, (merged.get(word) ?? 0) + count);
    return {
      crawled: pages.length,
      succeeded,
      failed: pages.flatMap((p) => (p.ok ? [] : [{ url: p.url, status: p.status, error: p.error }])),
      totalWords: ok.reduce((sum, p) => sum + p.words, 0),
      totalLinks: ok.reduce((sum, p) => sum + p.links, 0),
      longest: succeeded.reduce<PageSummary | null>((best, p) => (best === null || p.words > best.words ? p : best), null),
      // Summed from each page's top ten: exact for small sites, an estimate for a word that misses some page's top ten.
      topWords: rank(merged, 5),
    };
  });

  // The errback: a real app would alert or write to a database; here the worker process keeps a list.
  const recordFailure = app.task('recordFailure', (failure: FailureDescription) => {
    failures.push(failure);
    log(`recordFailure: ${failure.taskName ?? 'a task'} failed with ${failure.errorName}: ${failure.message}`);
    return null;
  });

  return { add, mul, xsum, fetchPage, parsePage, buildReport, recordFailure, failures };
}

export type ExampleTasks = ReturnType<typeof registerTasks>;

const stopWords = new Set(
  'a an and are as at be but by for from has have in into is it its of on or so that the their them then there they this to was were will with you your our all after before one two'.split(' '),
);

/** The visible text of the body: scripts, styles and tags removed, entities decoded. */
function bodyText(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return decodeEntities(body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' '));
}

function wordsOf(text: string): string[] {
  // \p{L} so that "rémoulade" is one word, not two.
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function topWords(words: string[], n: number): WordCount[] {
  const counts = new Map<string, number>();
  for (const word of words) if (word.length > 2 && !stopWords.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return rank(counts, n);
}

function rank(counts: Map<string, number>, n: number): WordCount[] {
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, n)
    .map(([word, count]) => ({ word, count }));
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) =>
    code[0] === '#' ? String.fromCodePoint(Number(code[1] === 'x' || code[1] === 'X' ? `0${code.slice(1)}` : code.slice(1))) : (named[code.toLowerCase()] ?? entity),
  );
}

function isHttpUrl(url: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

function errorMessage(error: unknown): string {
  // fetch() wraps the real reason (ECONNREFUSED, ...) in `cause`.
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? error.message + cause : String(error);
}

function resolveUrl(page: string, base: string): string {
  try {
    return new URL(page, base).href;
  } catch {
    return page; // left as given: the http(s) check below fails it with a clear message
  }
}
