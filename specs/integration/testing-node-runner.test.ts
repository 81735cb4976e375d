import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('celeriac/testing under node:test', () => {
  it('runs a property with node:assert, catches the bug and passes the fix', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', 'specs/integration/fixtures/node-test-checkout.ts'], { cwd: root, encoding: 'utf8', timeout: 100_000 });
    expect(child.stderr).toBe('');
    expect(child.stdout).toMatch(/^# pass 2$/m);
    expect(child.stdout).toMatch(/^# fail 0$/m);
    expect(child.status).toBe(0);
  });
});
