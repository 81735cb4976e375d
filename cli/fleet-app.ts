import { createApp, type App } from '../index.js';
import { loadApp } from './load-app.js';

/** A failure the command explains: printed to stderr as it is, exit 1. */
export class CommandFailure extends Error {}

/** Bad usage of a command (a wrong flag value, a missing argument): printed to stderr, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The app a fleet command talks to: the `--app` module's, or one on `REDIS_URL` (or `REDIS_CLUSTER`) and
 * `CELERIAC_PREFIX`. The memory driver keeps everything inside one process, so there is no fleet to read or
 * steer: that is said, not hidden.
 */
export async function fleetApp(command: string, options: { app?: string }): Promise<App> {
  const app = options.app ? await loadApp(options.app) : createApp();
  if (app.driver === 'memory') {
    await app.close();
    throw new CommandFailure(
      `celeriac ${command}: the memory driver keeps tasks, workers and events inside one process, so there is nothing to ${command} from here. ` +
        `Give --app a module whose app is on Redis, or set REDIS_URL (and CELERIAC_PREFIX if the app uses one).`,
    );
  }
  return app;
}

/** Runs a command body and turns its failures into exit codes: 1 explained, 2 bad usage. */
export async function exitCodeOf(body: () => Promise<number | void>): Promise<number> {
  try {
    return (await body()) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    console.error(error instanceof CommandFailure ? error.message : `celeriac: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}

/** `1h`, `30m`, `45s`, `2d`, or an ISO date: the Date it means, `now` being the reference. */
export function parseSince(value: string, now = Date.now()): Date {
  const relative = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value.trim());
  if (relative) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
    return new Date(now - Number(relative[1]) * unit);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--since: expected a duration such as 1h, 30m, 2d or a date such as 2026-12-01T10:00:00Z, got '${value}'`);
  return date;
}

export function parseLimit(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`--limit: expected a whole number from 1 to 1000, got '${value}'`);
  return limit;
}

/** Rows as aligned columns, for people; `--json` prints the data instead. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function isoTime(ms: number | undefined): string {
  return ms === undefined ? '-' : new Date(ms).toISOString();
}

/** Prints `report` as JSON with `--json`, else the line for people; returns `code`. */
export function report(json: boolean | undefined, data: Record<string, unknown>, line: string, code = 0): number {
  if (json) console.log(JSON.stringify(data, null, 2));
  else (code === 0 ? console.log : console.error)(line);
  return code;
}

/** Runs a steering command: 2 for bad usage, 1 for a failure it explains (with `--json`, as `{ error }`). */
export async function steer(json: boolean | undefined, command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof UsageError || (error as { code?: string }).code === 'VALIDATION' ? 2 : 1;
    const name = (error as { code?: string }).code === 'NOT_FOUND' ? 'NotFound' : ((error as Error).name ?? 'Error');
    return report(json, { error: { name, message } }, `celeriac: ${message}`, code);
  }
}
