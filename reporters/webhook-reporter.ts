import { invalid } from '../canvas/errors.js';
import type { Reporter } from '../engine/ports/reporter.js';
import { deliver } from './deliver.js';
import { whole } from './email-reporter.js';
import { failureReport } from './failure-report.js';

export interface WebhookReporterOptions {
  /** Where to POST each report (`http://` or `https://`). */
  readonly url: string;
  /** Added to every request, e.g. `{ authorization: 'Bearer ...' }`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Tries per report before giving up. @default 3 */
  readonly attempts?: number;
  /** Wait before the second try, doubled before each later one. @default 1000 */
  readonly retryDelayMs?: number;
  /** How long one request may take. @default 10000 */
  readonly timeoutMs?: number;
}

/**
 * POSTs a JSON report for each task that fails for good: `{ id, type: 'task-failed', at, taskName,
 * workflowId, nodeId, attempt, error: { type, message, stack }, worker: { id, hostname, pid } }`. Any 2xx
 * answer counts as delivered; anything else (or no answer within `timeoutMs`) is tried again a few times,
 * logged, then dropped; it never blocks or fails a task. Every request carries an `Idempotency-Key` header
 * equal to the report's `id` (`<workflow id>:<node id>`), so a receiver can drop a report it already has.
 * @example
 * createApp({ redis, reporters: [webhookReporter({ url: 'https://hooks.example.com/celeriac' })] });
 */
export function webhookReporter(options: WebhookReporterOptions): Reporter {
  if (typeof options !== 'object' || options === null) invalid('/', 'webhookReporter() expects options `{ url }`');
  let target: URL;
  try {
    target = new URL(options.url);
  } catch {
    invalid('/url', `Expected \`url\` to be an http(s) URL, got \`${String(options.url)}\``);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') invalid('/url', `Expected \`url\` to be an http(s) URL, got \`${options.url}\``);
  const policy = { attempts: whole('attempts', options.attempts, 3), delayMs: whole('retryDelayMs', options.retryDelayMs, 1000) };
  const timeoutMs = whole('timeoutMs', options.timeoutMs, 10_000);
  // Only where it goes is logged: a token in the query or the credentials stay out of the logs.
  const shown = `${target.origin}${target.pathname}`;
  return {
    name: 'webhook',
    async report(event, logger) {
      const report = failureReport(event);
      const fields = { reporter: 'webhook', url: shown, workflowId: report.workflowId, nodeId: report.nodeId };
      const sent = await deliver(
        `POST the failure of ${report.taskName ?? 'a task'} to ${shown}`,
        async () => {
          const response = await fetch(target, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': report.id, ...options.headers },
            body: JSON.stringify(report),
            signal: AbortSignal.timeout(timeoutMs),
          });
          await response.arrayBuffer().catch(() => undefined);
          if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`);
        },
        policy,
        logger,
        fields,
      );
      if (sent) logger.debug(fields, `Reported the failure of ${report.taskName ?? 'a task'} to the webhook`);
    },
  };
}
