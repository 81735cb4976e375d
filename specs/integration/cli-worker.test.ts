import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'celeriac.js');

describe('`celeriac worker` on the memory driver', () => {
  it('fails at once, saying that a worker needs a broker', async () => {
    const ran = await new Promise<{ code: number; stderr: string; stdout: string }>((resolve) => {
      execFile(process.execPath, [bin, 'worker', '--app', join('examples', 'app.ts')], { cwd: root, env: { ...process.env, REDIS_URL: '' }, timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/a worker needs a broker.*memory driver.*REDIS_URL.*--app/s);
    expect(ran.stdout).not.toContain('ready');
  });
});
