import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventOf } from '../../engine/ports/events.js';
import { emailReporter } from '../../reporters/email-reporter.js';
import { webhookReporter } from '../../reporters/webhook-reporter.js';
import { freePort } from './support/private-redis.js';
import { recordingLogger } from '../support/recording-logger.js';

const failed: EventOf<'task-failed'> = {
  type: 'task-failed',
  at: Date.parse('2026-12-01T10:00:00Z'),
  workflowId: 'wf-42',
  nodeId: 'r.2',
  taskName: 'charge',
  attempt: 3,
  workerId: 'w-1',
  hostname: 'box',
  pid: 77,
  error: { type: 'CardDeclined', message: 'card 4242 declined', stack: 'CardDeclined: card 4242 declined\n    at charge (tasks.ts:10:5)' },
};


interface Mail {
  readonly from: string;
  readonly to: string[];
  readonly data: string;
}

/** A real SMTP server on loopback that keeps what it receives and refuses the first `refuse` messages. */
async function smtpServer(refuse = 0): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  let refused = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
      stream.on('end', () => {
        if (refused < refuse) {
          refused++;
          return callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
        }
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A real HTTP server on loopback answering each POST with the next status of `statuses` (then 200). */
async function httpServer(statuses: number[] = []): Promise<{ url: string; requests: Array<{ headers: IncomingMessage['headers']; body: unknown }>; close(): Promise<void> }> {
  const requests: Array<{ headers: IncomingMessage['headers']; body: unknown }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: JSON.parse(body) as unknown });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/celeriac?token=s3cret`, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('emailReporter against a real SMTP server', () => {
  describe('when a task fails for good', () => {
    it('sends one mail with the task, workflow, node, attempt, error type, message and stack', async () => {
      const smtp = await smtpServer();
      closers.push(smtp.close);
      const reporter = emailReporter({ smtp: `smtp://127.0.0.1:${smtp.port}`, to: 'ops@example.com', from: 'celeriac@example.com' });
      closers.push(() => reporter.close!());
      const { logger, lines } = recordingLogger();
      await reporter.report(failed, logger);
      expect(smtp.mails).toHaveLength(1);
      const [mail] = smtp.mails;
      expect(mail!.to).toEqual(['ops@example.com']);
      expect(mail!.from).toBe('celeriac@example.com');
      expect(mail!.data).toMatch(/^Subject: \[celeriac\] Task charge failed: CardDeclined: card 4242 declined/m);
      expect(mail!.data).toMatch(/^Message-ID: <wf-42%3Ar\.2@celeriac>/im);
      for (const text of ['task:      charge', 'workflow:  wf-42', 'node:      r.2', 'attempt:   3', 'error:     CardDeclined: card 4242 declined', 'at charge (tasks.ts:10:5)']) {
        expect(mail!.data).toContain(text);
      }
      expect(lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    });
  });

  describe('when the server refuses the first tries', () => {
    it('tries again, logs each refusal at warn, and delivers one mail', async () => {
      const smtp = await smtpServer(2);
      closers.push(smtp.close);
      const reporter = emailReporter({ smtp: `smtp://127.0.0.1:${smtp.port}`, to: ['ops@example.com'], attempts: 3, retryDelayMs: 20 });
      closers.push(() => reporter.close!());
      const { logger, lines } = recordingLogger();
      await reporter.report(failed, logger);
      expect(smtp.mails).toHaveLength(1);
      expect(lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
        expect.stringMatching(/^Could not e-mail the failure of charge to ops@example.com \(try 1 of 3\).*451/),
        expect.stringMatching(/\(try 2 of 3\)/),
      ]);
    });
  });

  describe('when no server listens', () => {
    it('gives up after its tries, logs why at error without the password, and resolves', async () => {
      const port = await freePort();
      const reporter = emailReporter({ smtp: `smtp://ops:hunter2@127.0.0.1:${port}`, to: 'ops@example.com', attempts: 2, retryDelayMs: 10 });
      closers.push(() => reporter.close!());
      const { logger, lines } = recordingLogger();
      await expect(reporter.report(failed, logger)).resolves.toBeUndefined();
      const errors = lines.filter((l) => l.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toMatch(/after 2 tries, giving up: .*ECONNREFUSED/);
      expect(JSON.stringify(lines.map((l) => ({ ...l.fields, err: String((l.fields as { err?: unknown }).err) })))).not.toContain('hunter2');
    });
  });

  it('refuses options that cannot work, saying which', () => {
    expect(() => emailReporter({ smtp: 'http://x', to: 'ops@example.com' })).toThrow(/`smtp`/);
    expect(() => emailReporter({ smtp: 'smtp://127.0.0.1:25', to: 'nobody' })).toThrow(/`to`/);
  });
});

describe('webhookReporter against a real HTTP server', () => {
  describe('when a task fails for good', () => {
    it('POSTs the report as JSON with an idempotency key', async () => {
      const http = await httpServer();
      closers.push(http.close);
      const { logger } = recordingLogger();
      await webhookReporter({ url: http.url, headers: { authorization: 'Bearer t' } }).report(failed, logger);
      expect(http.requests).toHaveLength(1);
      const [request] = http.requests;
      expect(request!.headers['content-type']).toBe('application/json');
      expect(request!.headers['idempotency-key']).toBe('wf-42:r.2');
      expect(request!.headers.authorization).toBe('Bearer t');
      expect(request!.body).toEqual({
        id: 'wf-42:r.2',
        type: 'task-failed',
        at: '2026-12-01T10:00:00.000Z',
        taskName: 'charge',
        workflowId: 'wf-42',
        nodeId: 'r.2',
        attempt: 3,
        error: failed.error,
        worker: { id: 'w-1', hostname: 'box', pid: 77 },
      });
    });
  });

  describe('when the server answers 500 then 503', () => {
    it('tries again with the same idempotency key until a 2xx', async () => {
      const http = await httpServer([500, 503]);
      closers.push(http.close);
      const { logger, lines } = recordingLogger();
      await webhookReporter({ url: http.url, retryDelayMs: 10 }).report(failed, logger);
      expect(http.requests.map((r) => r.headers['idempotency-key'])).toEqual(['wf-42:r.2', 'wf-42:r.2', 'wf-42:r.2']);
      expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2);
      expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    });
  });

  describe('when the server keeps failing', () => {
    it('gives up after its tries and logs the URL without its query', async () => {
      const http = await httpServer([500, 500, 500]);
      closers.push(http.close);
      const { logger, lines } = recordingLogger();
      await webhookReporter({ url: http.url, attempts: 3, retryDelayMs: 10 }).report(failed, logger);
      expect(http.requests).toHaveLength(3);
      const [error] = lines.filter((l) => l.level === 'error');
      expect(error!.message).toMatch(/^Could not POST the failure of charge to http:\/\/127\.0\.0\.1:\d+\/hooks\/celeriac after 3 tries, giving up: the server answered 500/);
      expect(JSON.stringify(lines.map((l) => [l.message, l.fields]))).not.toContain('s3cret');
    });
  });
});
