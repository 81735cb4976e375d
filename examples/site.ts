/**
 * A tiny website on 127.0.0.1 for the pipeline example to crawl, so it runs offline on any machine.
 * It serves a few pages rendered from `sitePages`, one stale link that 404s, and one page that fails
 * with 503 on its first request (a server hiccup the fetch task's retries get past).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SitePage = {
  readonly path: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly links: ReadonlyArray<{ readonly href: string; readonly text: string }>;
  /** Answer 503 to the first request for this page, then 200. */
  readonly flaky?: boolean;
};

/** The pages the site serves; `missingPath` is linked from the home page but answers 404. */
export const missingPath = '/newsletter/2019';

export const sitePages: readonly SitePage[] = [
  {
    path: '/',
    title: 'The Celeriac Gazette',
    paragraphs: [
      'Welcome to the gazette of the humble celeriac, the knobbly root that tastes of celery and hazelnut.',
      'Read our recipes, learn about growing celeriac, or browse the archive of old newsletters.',
    ],
    links: [
      { href: '/recipes/soup', text: 'Celeriac soup' },
      { href: '/recipes/remoulade', text: 'Céleri rémoulade' },
      { href: '/growing', text: 'Growing celeriac' },
      { href: missingPath, text: 'Newsletter archive' },
    ],
  },
  {
    path: '/recipes/soup',
    title: 'Celeriac Soup',
    paragraphs: [
      'Peel one large celeriac and cut the celeriac into cubes.',
      'Soften an onion in butter, add the celeriac and a litre of stock, and simmer for twenty minutes.',
      'Blend the soup until smooth, season it well, and finish the soup with a spoon of cream.',
    ],
    links: [{ href: '/', text: 'Home' }],
  },
  {
    path: '/recipes/remoulade',
    title: 'Céleri Rémoulade',
    paragraphs: [
      'Grate raw celeriac into fine matchsticks and dress them at once with lemon juice.',
      'Fold in mustard mayonnaise, parsley and salt. The rémoulade keeps for two days in the fridge.',
    ],
    links: [
      { href: '/', text: 'Home' },
      { href: '/recipes/soup', text: 'Celeriac soup' },
    ],
  },
  {
    path: '/growing',
    title: 'Growing Celeriac',
    paragraphs: [
      'Sow celeriac seeds indoors in early spring; they are slow to germinate and need light.',
      'Plant out after the last frost, water generously all summer, and strip the lower leaves in autumn.',
      'Lift the roots before hard frosts, or cover the rows with straw and dig celeriac all winter.',
    ],
    links: [{ href: '/', text: 'Home' }],
    flaky: true,
  },
];

/** The HTML of one page. Exported so tests can see exactly what the site serves. */
export function renderPage(page: SitePage): string {
  const paragraphs = page.paragraphs.map((p) => `    <p>${escapeHtml(p)}</p>`).join('\n');
  const links = page.links.map((l) => `<a href="${l.href}">${escapeHtml(l.text)}</a>`).join(' | ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>${escapeHtml(page.title)}</title>
    <style>body { font-family: sans-serif; }</style>
  </head>
  <body>
    <h1>${escapeHtml(page.title)}</h1>
${paragraphs}
    <nav>${links}</nav>
  </body>
</html>
`;
}

export interface Site {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** Every page's URL, and the missing one, in `sitePages` order. */
  readonly urls: string[];
  close(): Promise<void>;
}

/**
 * Starts the site on 127.0.0.1 on a free port.
 * @example
 * const site = await startSite();
 * await fetch(site.urls[0]!); // the home page
 * await site.close();
 */
export async function startSite(): Promise<Site> {
  const byPath = new Map(sitePages.map((page) => [page.path, page]));
  const hiccuped = new Set<string>();
  const server = createServer((req, res) => {
    // No keep-alive: a pooled socket would keep a demo process alive after it is done.
    res.setHeader('Connection', 'close');
    const page = byPath.get(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!page) {
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Not found</title><h1>Not found</h1>');
      return;
    }
    if (page.flaky && !hiccuped.has(page.path)) {
      hiccuped.add(page.path);
      res.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '1' }).end('Service Unavailable');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(renderPage(page));
  });
  // Loopback only: the example never listens on a public interface.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    urls: [...sitePages.map((page) => baseUrl + page.path), baseUrl + missingPath],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
