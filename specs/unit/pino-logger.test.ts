import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPinoLogger } from '../../logging/pino-logger.js';

function logged(format: 'json' | 'pretty', write: (logger: ReturnType<typeof createPinoLogger>) => void, level: 'info' | 'debug' = 'info'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'celeriac-log-')), 'out.log');
  const fd = openSync(file, 'w');
  write(createPinoLogger({ format, level, destination: fd }));
  closeSync(fd);
  return readFileSync(file, 'utf8');
}

describe('the default pino logger', () => {
  it('writes one JSON line per call, at the level asked for', () => {
    const text = logged('json', (logger) => {
      logger.debug({ nodeId: 'r' }, 'hidden at info');
      logger.error({ workflowId: 'wf', err: { type: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at x' } }, 'Task add failed');
    });
    const lines = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, msg: 'Task add failed', workflowId: 'wf', err: { type: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at x' } });
  });

  it('never writes a password, in a message, an error or a field', () => {
    const text = logged('json', (logger) => {
      logger.error({ err: new Error('connect to redis://app:hunter2@10.0.0.1:6379 failed') }, 'Redis at redis://app:hunter2@10.0.0.1:6379 is unreachable');
      logger.warn({ url: 'postgresql://celeriac:hunter2@db/test', password: 'hunter2', connection: { password: 'hunter2' } }, 'with password=hunter2 in it');
    });
    expect(text).not.toContain('hunter2');
    expect(text).toContain('redis://app:***@10.0.0.1:6379');
    expect(text).toContain('postgresql://celeriac:***@db/test');
  });

  it('writes lines for people with format pretty', () => {
    const text = logged('pretty', (logger) => logger.warn({ retryInMs: 200 }, 'Task charge failed, retrying in 200 ms'), 'debug');
    expect(text).toMatch(/WARN.*Task charge failed, retrying in 200 ms/);
    expect(text).not.toMatch(/^\{/);
  });
});
