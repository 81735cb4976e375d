import { hostname } from 'node:os';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { invalid } from '../canvas/errors.js';
import type { Reporter } from '../engine/ports/reporter.js';
import { deliver } from './deliver.js';
import { failureMail, failureReport } from './failure-report.js';

/** nodemailer's SMTP transport options, kept opaque here so that the package's types need no @types/nodemailer. */
export type SmtpOptions = { readonly host?: string; readonly port?: number; readonly secure?: boolean } & Record<string, unknown>;

export interface EmailReporterOptions {
  /**
   * The SMTP server: a URL (`smtp://host:port`, `smtps://user:pass@host`) or nodemailer's SMTP transport
   * options (`{ host, port, secure, auth: { user, pass } }`), passed to nodemailer as they are.
   */
  readonly smtp: string | SmtpOptions;
  /** Who gets the reports. */
  readonly to: string | readonly string[];
  /** @default `celeriac@<hostname>` */
  readonly from?: string;
  /** Tries per report before giving up. @default 3 */
  readonly attempts?: number;
  /** Wait before the second try, doubled before each later one. @default 1000 */
  readonly retryDelayMs?: number;
}

/**
 * Sends an e-mail for each task that fails for good (Celery's task error e-mails): the task name, workflow
 * id, node id, attempt, error type, message and stack. A report that cannot be sent is tried again a few
 * times, logged, then dropped; it never blocks or fails a task. Each report's Message-ID is derived from the
 * workflow and node, so a report sent twice (see docs/reliability.md) is one message to mail systems that dedupe.
 * @example
 * createApp({ redis, reporters: [emailReporter({ smtp: 'smtp://127.0.0.1:2525', to: 'ops@example.com' })] });
 */
export function emailReporter(options: EmailReporterOptions): Reporter {
  const resolved = resolveEmailOptions(options);
  let transport: Transporter<SMTPTransport.SentMessageInfo> | undefined;
  const where = typeof options.smtp === 'string' ? maskUrl(options.smtp) : `${options.smtp.host ?? 'localhost'}:${options.smtp.port ?? 587}`;
  return {
    name: 'email',
    async report(event, logger) {
      transport ??= createTransport(resolved.smtp as string | SMTPTransport.Options);
      const report = failureReport(event);
      const mail = failureMail(report);
      const fields = { reporter: 'email', smtp: where, workflowId: report.workflowId, nodeId: report.nodeId };
      const sent = await deliver(
        `e-mail the failure of ${report.taskName ?? 'a task'} to ${resolved.to.join(', ')}`,
        async () => {
          await transport!.sendMail({ from: resolved.from, to: [...resolved.to], subject: mail.subject, text: mail.text, messageId: `<${encodeURIComponent(report.id)}@celeriac>` });
        },
        resolved,
        logger,
        fields,
      );
      if (sent) logger.debug(fields, `Reported the failure of ${report.taskName ?? 'a task'} by e-mail`);
    },
    async close() {
      transport?.close();
      transport = undefined;
    },
  };
}

interface ResolvedEmailOptions {
  readonly smtp: string | SmtpOptions;
  readonly to: readonly string[];
  readonly from: string;
  readonly attempts: number;
  readonly delayMs: number;
}

function resolveEmailOptions(options: EmailReporterOptions): ResolvedEmailOptions {
  if (typeof options !== 'object' || options === null) invalid('/', 'emailReporter() expects options `{ smtp, to }`');
  const { smtp } = options;
  if (typeof smtp === 'string' ? !/^smtps?:\/\//.test(smtp) : typeof smtp !== 'object' || smtp === null) {
    invalid('/smtp', `Expected \`smtp\` to be a URL such as 'smtp://127.0.0.1:2525' or nodemailer SMTP options, got \`${String(smtp)}\``);
  }
  const to = typeof options.to === 'string' ? [options.to] : options.to;
  if (!Array.isArray(to) || to.length === 0 || to.some((address) => typeof address !== 'string' || !address.includes('@'))) {
    invalid('/to', `Expected \`to\` to be an e-mail address or a non-empty list of them, got \`${JSON.stringify(options.to)}\``);
  }
  return {
    smtp,
    to,
    from: options.from ?? `celeriac@${hostname()}`,
    attempts: whole('attempts', options.attempts, 3),
    delayMs: whole('retryDelayMs', options.retryDelayMs, 1000),
  };
}

export function whole(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < 1) invalid(`/${name}`, `Expected \`${name}\` to be a whole number from 1 and up, got \`${String(value)}\``);
  return chosen;
}

/** `smtp://user:secret@host` → `smtp://user:***@host`: reports' logs never show a password. */
function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}
