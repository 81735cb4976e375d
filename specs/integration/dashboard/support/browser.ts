import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium on PATH (`.ci/run` installs it); never a browser downloaded by Playwright. */
export function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('No chromium on PATH: install it with `apt-get install -y chromium` (.ci/run does)');
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Opens `path` of the dashboard at `baseUrl` in a new page, once the page says it is ready. */
export async function openDashboardPage(browser: Browser, baseUrl: string, path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${baseUrl}${path}`);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/**
 * Gates tasks wait on, so "running" is a state a test chooses: `wait(key, value)` resolves with `value` once
 * `open(key)` was called (at once if it already was); `openAll()` lets every waiting task go.
 */
export function taskGates() {
  const waiting = new Map<string, () => void>();
  const opened = new Set<string>();
  return {
    open(key: string): void {
      opened.add(key);
      waiting.get(key)?.();
    },
    wait<T>(key: string, value: T): T | Promise<T> {
      return opened.has(key) ? value : new Promise<T>((resolve) => waiting.set(key, () => resolve(value)));
    },
    openAll(): void {
      for (const key of waiting.keys()) this.open(key);
    },
  };
}
